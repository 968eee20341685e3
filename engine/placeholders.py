"""{field} placeholders in rule messages, filled from a fact."""
from __future__ import annotations

import datetime as dt
import string
from functools import lru_cache


@lru_cache(maxsize=1024)
def _template_parts(template: str) -> tuple[tuple[str, str | None], ...]:
    return tuple((literal, name) for literal, name, _spec, _conv in string.Formatter().parse(template))


def template_fields(template: str) -> list[str]:
    return [name for _literal, name in _template_parts(template) if name]


def as_text(value: object) -> str:
    """How a value reads in a message: 85.0 is "85", a date is "01/03/2025" (as Vietnamese
    documents write dates, in both languages)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.date):
        return shown_date(value)
    return str(value)


def shown_date(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def render_template(template: str, fact: dict) -> str:
    """Fill {field} placeholders from a fact; an absent field renders as ""."""
    return "".join(literal + (as_text(fact.get(name, "")) if name else "") for literal, name in _template_parts(template))
