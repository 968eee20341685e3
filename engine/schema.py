"""The JSON Schema of the plan format, made from the models the loader validates with, for editors
(yaml-language-server) and for `cchc schema`.

Where the format takes an id from the packs' vocabulary but also accepts other text — a domain
may be written as its Vietnamese heading, an indicator the catalogue does not hold is a finding,
not a load error — the schema offers the ids as `anyOf: [enum, string]`: an editor completes them
and still accepts the rest.
"""
from __future__ import annotations

import json

from engine.model import SECTION_IDS, Plan
from engine.vocab import Vocabulary

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def plan_schema(vocabulary: Vocabulary) -> dict:
    schema = Plan.model_json_schema(by_alias=True, mode="validation")
    definitions = schema["$defs"]
    domains = sorted(vocabulary.domains)
    for model in ("Task", "Measure", "Target"):
        _offer_ids(definitions[model]["properties"]["domain"], domains)
    _offer_ids(definitions["Target"]["properties"]["indicator"], sorted(vocabulary.indicators))
    _offer_ids(definitions["PlanHeader"]["properties"]["sections"]["items"], list(SECTION_IDS))
    _offer_ids(definitions["Task"]["properties"]["section"], list(SECTION_IDS))
    # YAML reads an unquoted 1 as a number; the loader takes it as the task "1".
    for model, key in (("Task", "id"), ("Waiver", "task")):
        field = definitions[model]["properties"][key]
        field["anyOf"] = [{"type": "string"}, {"type": "integer"}] + (
            [{"type": "null"}] if "anyOf" in field else [])
        field.pop("type", None)
        field.pop("minLength", None)
    return {"$schema": SCHEMA_DIALECT, **schema, "title": "Kế hoạch CCHC (cchc-check) / CCHC plan (cchc-check)",
            "description": "Định dạng kế hoạch mà cchc-check đọc / The plan format cchc-check reads"}


def _offer_ids(field: dict, ids: list[str]) -> None:
    """Text that may be one of `ids`: offered for completion, other text still valid."""
    nullable = any(option.get("type") == "null" for option in field.get("anyOf", []))
    field.pop("type", None)
    field["anyOf"] = [{"enum": ids}, {"type": "string"}] + ([{"type": "null"}] if nullable else [])


def schema_text(vocabulary: Vocabulary) -> str:
    return json.dumps(plan_schema(vocabulary), ensure_ascii=False, indent=2) + "\n"
