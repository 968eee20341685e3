"""Dates in a plan: an unquoted 2027-06-30 reads exactly as "2027-06-30", as the editors that check
plans against `cchc schema` read it (YAML 1.2). Where the format takes a date it is that date; where
it takes text it is that text; where it takes neither, the message quotes what the file says."""
import copy
import datetime as dt
import json

import jsonschema
import pytest
import yaml
from hypothesis import given, strategies as st

from engine.config import read_config
from engine.errors import InputError
from engine.load import load_plan_bytes, plan_from_data
from engine.schema import plan_schema
from engine.yamlsource import parse
from tests.test_cli import cchc

PLAN = """\
plan:
  id: xa-phu-quoi-2027
  title: {title}
  issuer: UBND xã Phú Quới
  issued: {issued}
  kind: annual
  period: {{from: 2027, to: 2027}}
tasks:
  - id: {task_id}
    domain: procedures
    title: Rà soát, đơn giản hóa thủ tục hành chính
    owner: Văn phòng HĐND và UBND xã
    output: Quyết định công bố danh mục thủ tục
    deadline: {deadline}
waivers:
  - rule: PAR-TASK-DEADLINE-UNPARSED
    task: I.1
    reason: Thời hạn ghi theo văn bản của tỉnh
    approved_by: Chủ tịch UBND xã
    expires: {expires}
"""
WRITTEN = {"title": "Kế hoạch CCHC năm 2027", "issued": "2026-12-10", "task_id": "I.1",
           "deadline": "Quý II năm 2027", "expires": "2027-12-31"}
TODAY = "2026-12-04"


def plan_text(**values) -> str:
    return PLAN.format(**{**WRITTEN, **values})


def quoted(text: str) -> str:
    return f'"{text}"'


def checked(tmp_path, folder: str, text: str, *options: str):
    """`cchc check plan.yaml` in a folder of its own, so that both variants are named alike."""
    (tmp_path / folder).mkdir()
    (tmp_path / folder / "plan.yaml").write_text(text, encoding="utf-8")
    return cchc("check", "plan.yaml", "--today", TODAY, *options, cwd=tmp_path / folder)


def without_file_hash(report: str) -> str:
    """The JSON report, byte for byte, less the plan's sha256: the hash of the file's bytes, quotes
    included."""
    plan_hash = json.loads(report)["plans"][0]["sha256"]
    return report.replace(plan_hash, "")


@pytest.mark.parametrize("field, date", [("deadline", "2027-06-30"), ("issued", "2026-12-10"),
                                         ("expires", "2027-12-31"), ("title", "2027-06-30")])
def test_an_unquoted_date_gives_the_report_of_the_quoted_one(tmp_path, field, date):
    unquoted = checked(tmp_path, "unquoted", plan_text(**{field: date}), "--format", "json")
    with_quotes = checked(tmp_path, "quoted", plan_text(**{field: quoted(date)}), "--format", "json")
    assert unquoted.returncode == with_quotes.returncode == 1, unquoted.stderr
    assert without_file_hash(unquoted.stdout) == without_file_hash(with_quotes.stdout)
    assert checked(tmp_path, "text-unquoted", plan_text(**{field: date})).stdout == \
        checked(tmp_path, "text-quoted", plan_text(**{field: quoted(date)})).stdout


@pytest.mark.parametrize("written, line, expected", [
    ("period: {from: 2027-01-01, to: 2027}", 7, "plan.period.from là '2027-01-01': cần là số nguyên"),
    ("kind: 2027-06-30", 6, "plan.kind là '2027-06-30': không thuộc các giá trị cho phép"),
    ("issued: 2026-12-10 14:30:00", 5, "plan.issued là '2026-12-10 14:30:00': cần là ngày, không kèm giờ"),
    ("issued: 2027-02-30", 5, "plan.issued là '2027-02-30': cần là ngày có thật, dạng YYYY-MM-DD"),
])
def test_a_date_where_none_is_taken_is_quoted_as_written(tmp_path, written, line, expected):
    key = written.split(":")[0] + ":"
    rows = [row[:row.index(key)] + written if row.lstrip().startswith(key) else row
            for row in plan_text().splitlines()]
    result = checked(tmp_path, "plan", "\n".join(rows) + "\n")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith(f"plan.yaml:{line}:") and expected in result.stderr, result.stderr
    assert "datetime" not in result.stderr and len(result.stderr.splitlines()) == 1


def test_a_number_is_not_a_date(tmp_path):
    # pydantic alone reads 2027 as 33 minutes past midnight on 1/1/1970 ("a date with a time").
    result = checked(tmp_path, "plan", plan_text(issued="2027"), "--lang", "en")
    assert result.returncode == 2
    assert "plan.issued is 2027: input should be a date written as year-month-day" in result.stderr
    assert "time" not in result.stderr.split(";")[0]


def test_a_timestamp_at_midnight_is_its_date_and_text_keeps_its_time():
    loaded = load_plan_bytes(plan_text(issued="2026-12-10 00:00:00", deadline="2027-06-30 17:00").encode(),
                             "plan.yaml")
    assert loaded.plan.plan.issued == dt.date(2026, 12, 10)
    assert loaded.plan.tasks[0].deadline == "2027-06-30 17:00"


def test_a_date_is_text_where_the_format_takes_text():
    loaded = load_plan_bytes(plan_text(title="2027-06-30", task_id="2027-06-30").encode(), "plan.yaml")
    assert loaded.plan.plan.title == loaded.plan.tasks[0].id == "2027-06-30"


def test_rule_packs_keep_yaml_dates_and_plans_read_them_as_text():
    text = "from: 2025-07-01\nuntil: 2025-07-01 08:00:00\n"
    assert parse(text, "pack.yaml").data["from"] == dt.date(2025, 7, 1)
    assert parse(text, "plan.yaml", dates_as_text=True).data == {"from": "2025-07-01",
                                                                 "until": "2025-07-01 08:00:00"}


def test_a_plan_given_as_values_reads_its_dates_as_a_file_does():
    data = yaml.safe_load(plan_text(deadline="2027-06-30"))       # a rule's example is read so
    assert isinstance(data["tasks"][0]["deadline"], dt.date)
    loaded = plan_from_data(data, "example")
    assert loaded.plan.tasks[0].deadline == "2027-06-30" and loaded.plan.plan.issued == dt.date(2026, 12, 10)


def test_settings_name_a_folder_that_looks_like_a_date(tmp_path):
    (tmp_path / "2027-06-30").mkdir()
    (tmp_path / ".cchc.yaml").write_text("plans: [2027-06-30]\nbaseline: 2027-06-30\n", encoding="utf-8")
    config = read_config(tmp_path / ".cchc.yaml")
    assert config.plan_folders == ((tmp_path / "2027-06-30").resolve(),)
    assert config.baseline == tmp_path / "2027-06-30"


# --- one property: quoting a date or a timestamp never changes what is read -------------------------

TIMESTAMPS = st.one_of(
    st.dates().map(dt.date.isoformat),
    st.builds(lambda moment, separator, zone: moment.isoformat(sep=separator) + zone,
              st.datetimes().map(lambda m: m.replace(microsecond=0)), st.sampled_from(["T", " ", "t"]),
              st.sampled_from(["", "Z", "+07:00", " -05:30"])))


def _read(text: str):
    """The plan, or the one line of the message, of a plan file's text."""
    try:
        loaded = load_plan_bytes(text.encode("utf-8"), "plan.yaml")
    except InputError as err:
        return err.line("vi")
    return loaded.plan, loaded.source.positions


@given(written=TIMESTAMPS, field=st.sampled_from(sorted(WRITTEN)))
def test_quoted_and_unquoted_read_the_same(written, field):
    assert isinstance(yaml.safe_load(written), dt.date), written      # YAML 1.1 reads it as a date
    unquoted, with_quotes = _read(plan_text(**{field: written})), _read(plan_text(**{field: quoted(written)}))
    assert unquoted == with_quotes
    assert not isinstance(unquoted, str) or "datetime" not in unquoted, unquoted


# --- the schema and the loader agree on where a date may stand ---------------------------------------

EVERY_PART = {
    "plan": {"id": "p", "title": "Kế hoạch", "issued": "2026-12-10", "kind": "annual",
             "period": {"from": 2027, "to": 2027}, "reporting": [{"frequency": "quarterly", "to": "Sở Nội vụ"}],
             "review": [{"kind": "comment", "author": "Sở Tư pháp", "text": "Ghi rõ thời hạn"}]},
    "targets": [{"indicator": "procedures.online-records-share", "value": 85, "year": 2027}],
    "measures": [{"domain": "procedures", "text": "Đơn giản hóa thủ tục"}],
    "tasks": [{"id": "I.1", "title": "Rà soát", "deadline": "Quý II năm 2027"}],
    "waivers": [{"rule": "PAR-BUDGET", "reason": "Đã có dự toán", "expires": "2027-12-31"}],
}
# Where each model of the schema stands in EVERY_PART.
PLACES = {"Plan": (), "PlanHeader": ("plan",), "Period": ("plan", "period"),
          "Reporting": ("plan", "reporting", 0), "Target": ("targets", 0), "Measure": ("measures", 0),
          "Task": ("tasks", 0), "Waiver": ("waivers", 0), "ReviewMark": ("plan", "review", 0)}


@pytest.fixture(scope="module")
def schema(ruleset):
    return plan_schema(ruleset.vocabulary)


def _fields(schema: dict):
    for model, place in PLACES.items():
        properties = (schema if model == "Plan" else schema["$defs"][model])["properties"]
        for key in properties:
            yield place, key


def _with_date_at(place: tuple, key: str) -> dict:
    data = copy.deepcopy(EVERY_PART)
    part = data
    for step in place:
        part = part[step]
    part[key] = dt.date(2027, 6, 30)
    return data


def test_every_model_of_the_schema_has_a_place(schema):
    assert set(PLACES) == {"Plan", *schema["$defs"]}


def test_the_schema_and_the_loader_agree_on_each_field(schema):
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    assert not list(validator.iter_errors(EVERY_PART))
    load_plan_bytes(yaml.safe_dump(EVERY_PART, allow_unicode=True).encode(), "plan.yaml")   # loads as it is
    accepted = []
    for place, key in _fields(schema):
        text = yaml.safe_dump(_with_date_at(place, key), allow_unicode=True)
        assert f"{key}: 2027-06-30\n" in text                       # unquoted, as a user types it
        as_an_editor_reads = json.loads(json.dumps(yaml.safe_load(text), default=dt.date.isoformat))
        schema_accepts = not list(validator.iter_errors(as_an_editor_reads))
        try:
            load_plan_bytes(text.encode("utf-8"), "plan.yaml")
            loader_accepts = True
        except InputError as err:
            loader_accepts = False
            assert "'2027-06-30'" in err.problem.vi and "datetime" not in err.line("vi"), err.line("vi")
        assert schema_accepts == loader_accepts, (place, key)
        accepted += [key] if loader_accepts else []
    assert {"issued", "expires", "deadline", "title", "id"} <= set(accepted)


def test_an_unquoted_deadline_is_the_day_it_names(tmp_path):
    report = json.loads(checked(tmp_path, "plan", plan_text(deadline="2027-06-30"), "--format", "json").stdout)
    rules = {finding["rule_id"] for finding in report["plans"][0]["findings"]}
    assert rules and not {"PAR-TASK-DEADLINE-UNPARSED", "PAR-TASK-DEADLINE-CONCRETE"} & rules, rules
