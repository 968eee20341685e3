"""`cchc import` and `cchc check DRAFT`: a text draft read into the plan format,
its findings pointing at the draft's lines."""
import json
import shutil
from pathlib import Path

import pytest

from engine.drafts import read_draft
from engine.load import load_plan
from tests.conftest import PLANS
from tests.test_cli import cchc

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed documents (shared/seeds) are not beside the checkout")
TODAY = "2026-11-25"


@pytest.fixture
def vinh_long_txt(tmp_path):
    path = tmp_path / "vinh-long-2022.txt"
    shutil.copy(SEEDS / "001_a1c0651c1edd467c.txt", path)
    return path


def keyed(report):
    return sorted((f["rule_id"], f["task_id"] or "", f["domain"] or "", f["message"])
                  for plan in report["plans"] for f in plan["findings"])


def test_checking_the_draft_gives_the_findings_of_the_hand_made_plan(vinh_long_txt):
    draft = json.loads(cchc("check", str(vinh_long_txt), "--format", "json", "--today", TODAY).stdout)
    reference = json.loads(cchc("check", str(PLANS / "vinh-long-2022.yaml"), "--format", "json", "--today", TODAY).stdout)
    assert keyed(draft) == keyed(reference)
    lines = vinh_long_txt.read_text(encoding="utf-8").splitlines()
    for finding in draft["plans"][0]["findings"]:
        if finding["rule_id"] in ("PAR-TASK-LEAD-NAMED", "PAR-TASK-DEADLINE-CONCRETE"):
            quoted = finding["message"].split('"')[1]                    # the owner or the deadline
            assert lines[finding["line"] - 1].strip() == quoted           # the draft's own line


def test_import_writes_a_plan_that_loads_to_the_same_model(vinh_long_txt, tmp_path, ruleset):
    out = tmp_path / "plan.yaml"
    assert cchc("import", str(vinh_long_txt), "--output", str(out)).returncode == 0
    first = out.read_bytes()
    imported = read_draft(vinh_long_txt, ruleset.vocabulary).imported
    from engine.load import plan_from_data
    assert load_plan(out).plan == plan_from_data(imported.data, "x").plan
    again = cchc("import", str(vinh_long_txt), "--output", str(out))
    assert again.returncode == 2 and "--force" in again.stderr and out.read_bytes() == first
    assert cchc("import", str(vinh_long_txt), "--output", str(out), "--force").returncode == 0
    assert out.read_bytes() == first                                   # deterministic
    assert b"# " in first                                              # inferred values carry a comment


def test_a_report_is_refused(tmp_path):
    report = tmp_path / "bao-cao.txt"
    shutil.copy(SEEDS / "004_e7c71fa726a007df.txt", report)
    refused = cchc("check", str(report))
    assert refused.returncode == 2 and "397/BC-UBND" in refused.stderr and "Traceback" not in refused.stderr


TASK_FIELDS = ["id", "domain", "section", "title", "owner", "coordinators", "output", "deadline"]
SEED_PLANS = [("001_a1c0651c1edd467c", "vinh-long-2022"), ("002_ae251372cc61af8d", "lang-son-2026-2030"),
              ("000_d3dc8dad390e5198", "vinh-long-2026-2030"), ("003_01d3ffd689d21d1c", "vinh-phuc-2021-2025")]


def test_seed_001_tasks_field_by_field(ruleset):
    import yaml
    reference = yaml.safe_load((PLANS / "vinh-long-2022.yaml").read_text(encoding="utf-8"))
    imported = read_draft(SEEDS / "001_a1c0651c1edd467c.txt", ruleset.vocabulary).imported
    assert len(imported.data["tasks"]) == len(reference["tasks"]) == 35
    for got, want in zip(imported.data["tasks"], reference["tasks"]):
        assert {f: got.get(f) for f in TASK_FIELDS} == {f: want.get(f) for f in TASK_FIELDS}
    for key in ("title", "issuer", "number", "issued", "kind", "period", "legal_basis", "sections"):
        assert imported.data["plan"][key] == reference["plan"][key], key


@pytest.mark.parametrize("seed, plan_id", SEED_PLANS)
def test_seed_metadata_and_targets(ruleset, seed, plan_id):
    import yaml
    reference = yaml.safe_load((PLANS / f"{plan_id}.yaml").read_text(encoding="utf-8"))
    imported = read_draft(SEEDS / f"{seed}.txt", ruleset.vocabulary).imported
    for key in ("number", "issued", "kind", "period"):
        assert imported.data["plan"].get(key) == reference["plan"].get(key), key
    def targets(data):
        return [(t["value"], t.get("comparator", ">="), t.get("year"), t.get("baseline")) for t in data.get("targets", [])]
    assert targets(imported.data) == targets(reference)
    indicators = [(got.get("indicator"), want.get("indicator"))
                  for got, want in zip(imported.data.get("targets", []), reference.get("targets", []))]
    differing = [pair for pair in indicators if pair[0] != pair[1]]
    # Seed 001's task-cell targets were mapped by reading the sentence (docs/domain.md §4, "S001 puts
    # targets inside task cells"); III.8, VII.7 and VII.8 now have catalogue phrases of their own.
    # III.6 names the online-payment phrase but means the share of people paying online, which
    # only a reader can tell: it stays visible here.
    expected = [("procedures.online-payment-share", "procedures.online-payment-transactions-share")] \
        if plan_id == "vinh-long-2022" else []
    assert differing == expected
