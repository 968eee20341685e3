"""`cchc schema`: the JSON Schema editors use, made from the loader's own models. Every example plan
is valid against it, ids are offered but other text accepted where the format accepts it, and every
field says what it is in Vietnamese and English."""
import datetime as dt
import json

import jsonschema
import pytest
import yaml

from engine.schema import plan_schema
from tests.conftest import PLANS
from tests.test_cli import cchc

EXAMPLES = sorted(PLANS.glob("*.yaml")) + sorted((PLANS / "examples").glob("*.yaml"))


@pytest.fixture(scope="module")
def validator(ruleset):
    schema = plan_schema(ruleset.vocabulary)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def as_an_editor_reads(path) -> dict:
    """YAML as yaml-language-server sees it: dates are text."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return json.loads(json.dumps(data, default=lambda v: v.isoformat() if isinstance(v, dt.date) else str(v)))


@pytest.mark.parametrize("path", [p for p in EXAMPLES if "roster" not in p.name], ids=lambda p: p.name)
def test_every_example_plan_is_valid(validator, path):
    assert list(validator.iter_errors(as_an_editor_reads(path))) == []


def test_ids_are_offered_and_headings_accepted(validator):
    plan = as_an_editor_reads(PLANS / "vinh-long-2022.yaml")
    domain = validator.schema["$defs"]["Task"]["properties"]["domain"]
    assert "procedures" in domain["anyOf"][0]["enum"]
    plan["tasks"][0]["domain"] = "3. Cải cách thủ tục hành chính"
    plan["targets"][0]["indicator"] = "chi-tieu-rieng-cua-tinh"
    plan["tasks"][1]["id"] = 7
    plan["plan"]["sections"].append("Kinh phí thực hiện")
    sections = validator.schema["$defs"]["PlanHeader"]["properties"]["sections"]["items"]
    assert sections["anyOf"][0]["enum"] == ["purpose", "targets", "tasks", "organisation", "budget", "reporting"]
    assert list(validator.iter_errors(plan)) == []


def test_what_the_loader_refuses_the_schema_refuses(validator):
    plan = as_an_editor_reads(PLANS / "vinh-long-2022.yaml")
    plan["plan"]["isued"] = "2021-12-16"
    plan["plan"]["kind"] = "weekly"
    plan["tasks"][0]["deadline"] = ["Quý IV"]
    errors = sorted(error.json_path for error in validator.iter_errors(plan))
    assert errors == ["$.plan", "$.plan.kind", "$.tasks[0].deadline"]


def _properties(schema: dict):
    for definition in [schema, *schema["$defs"].values()]:
        yield from definition.get("properties", {}).items()


def test_every_field_is_described_in_vietnamese_then_english(ruleset):
    for name, field in _properties(plan_schema(ruleset.vocabulary)):
        vietnamese, _, english = field.get("description", "").partition(" / ")
        assert vietnamese and english, name


def test_the_command_prints_it_the_same_every_time(tmp_path):
    printed = cchc("schema")
    assert printed.returncode == 0 and json.loads(printed.stdout)["$schema"].endswith("2020-12/schema")
    assert cchc("schema", "--output", str(tmp_path / "plan.schema.json")).returncode == 0
    assert (tmp_path / "plan.schema.json").read_text(encoding="utf-8") == printed.stdout == cchc("schema").stdout
