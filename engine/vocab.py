"""Pack vocabularies: domains, documents, phrase lists and deadline kinds.

What the words are is data in the packs; this module only folds them and
answers lookups ("which domain is this heading?", "is this owner generic?").
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from engine.deadlines import Deadline, parse_deadline
from engine.mentions import MentionMatcher, Name
from engine.placeholders import as_text
from engine.text import agency_key, fold, fold_words


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Domain(_Strict):
    id: str
    code: str = Field(pattern=r"^[A-Z0-9]+$")
    vi: str
    en: str
    reform: bool                      # one of the six reform domains of NQ 76
    headings: list[str] = []          # headings and synonyms seen in plans


class Document(_Strict):
    number: str
    date: dt.date | None = None
    vi: str
    en: str
    names: list[str] = []             # the document's name, enough to recognise it without its number


class PhraseList(_Strict):
    """Phrases compared as agency names are (`agency_key`): case, tone placement,
    punctuation and the abbreviations UBND, HĐND, VP do not matter."""
    match: Literal["exact", "prefix", "contains"] = "exact"
    items: list[str] = Field(min_length=1)


class Lead(_Strict):
    """The agency that leads a domain in a province, and when (docs/domain.md §7)."""
    domain: str
    agency: str
    start: dt.date | None = Field(default=None, alias="from")
    end: dt.date | None = Field(default=None, alias="until")
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Years(_Strict):
    start: int = Field(alias="from")
    end: int = Field(alias="to")
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Floor(_Strict):
    """A national figure for one year or horizon (docs/domain.md §4). A `phase`
    ("giai đoạn 2026 - 2027: 100% …") is reached by its last year: only a
    target for that year is compared with it."""
    year: int | None = None
    years: Years | None = None
    phase: Years | None = None
    value: float
    comparator: Literal[">=", "<="]          # a floor, or a ceiling (ranks)
    tag: Literal["Q", "S", "E", "U"]
    document: str | None = None               # the document that sets the figure
    source: str | None = None
    echo: str | None = None                   # for [E]: the provincial document that echoes it
    baseline: int | None = None
    note: str | None = None

    def first_year(self) -> int | None:
        if self.phase:
            return self.phase.end
        return self.years.start if self.years else self.year

    def last_year(self) -> int | None:
        if self.phase:
            return self.phase.end
        return self.years.end if self.years else self.year


class Indicator(_Strict):
    id: str
    domain: str
    vi: str
    en: str
    unit: Literal["percent", "count", "rank"]
    national_only: bool = False
    match: list[str] = []
    floors: list[Floor] = []


class MentionItem(_Strict):
    """A name to find in a plan's text, with what the pack knows about it."""
    name: str
    variants: list[str] = []
    code: str | None = None                  # the rule id's part; else the name in ASCII
    new: str | None = None                   # what it is called now
    effective: dt.date | None = None         # from when `name` is wrong
    error_from: dt.date | None = None        # from when it is an error; before, from `effective`, a warning
    severity: Literal["error", "warning"] = "error"
    unless_followed_by: list[str] = []       # another body of the same name ("Ban Dân tộc" of the HĐND)
    kind: str | None = None
    tag: Literal["P", "Q", "S", "E", "U", "inference"]
    successor_tag: Literal["Q", "S", "E", "U", "inference"] | None = None
    source: str | None = None
    note: str | None = None


MENTION_FIELDS = ("plan.title", "issuer", "legal_basis", "task.title", "owner", "coordinators", "output",
                  "measure", "target")


class MentionList(_Strict):
    """Names a pack looks for in the plan's text, and in which fields; with
    `after`, a name counts only right after one of those words ("tỉnh Bến Tre",
    never the ward "phường Bến Tre")."""
    fields: list[Literal[MENTION_FIELDS]] = list(MENTION_FIELDS)
    after: list[str] = []
    items: list[MentionItem] = Field(min_length=1)


class VocabularySpec(_Strict):
    """The `vocabulary:` block of one pack file."""
    mentions: dict[str, MentionList] = {}
    domains: list[Domain] = []
    leads: list[Lead] = []
    indicators: list[Indicator] = []
    documents: dict[str, Document] = {}
    phrases: dict[str, PhraseList] = {}
    deadline_kinds: dict[str, list[str]] = {}

    @field_validator("deadline_kinds")
    @classmethod
    def _kind_names(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for kind in value:
            if kind in ("date", "unparsed") or not re.fullmatch(r"[a-z][a-z-]*", kind):
                raise ValueError(f"'{kind}' cannot name a deadline kind")
        return value


def ascii_code(text: str) -> str:
    """ "Sở Thông tin và Truyền thông" → "SO-THONG-TIN-VA-TRUYEN-THONG" (for rule ids)."""
    stripped = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(c for c in stripped if not unicodedata.combining(c))
    return re.sub(r"[^A-Z0-9]+", "-", stripped.upper()).strip("-")


# docs/domain.md §1: a floor is as strong as its evidence.
FLOOR_SEVERITY = {"Q": "error", "S": "warning", "E": "warning", "U": "info"}

_NUMBERING = re.compile(r"^(?:[ivxlcdm]+|\d+(?:\.\d+)*)[.)]?\s+")


def heading_key(heading: str) -> str:
    """A domain heading as compared: folded, no numbering, no "Về", no trailing ":"."""
    key = fold_words(_NUMBERING.sub("", fold(heading)))
    return key[3:] if key.startswith("về ") else key


class Vocabulary:
    """All packs' vocabularies merged; later packs add to earlier ones."""

    def __init__(self, specs: list[VocabularySpec]):
        self.domains: dict[str, Domain] = {}
        self.documents: dict[str, Document] = {}
        self.phrases: dict[str, tuple[str, tuple[str, ...]]] = {}
        self.deadline_kinds: dict[str, list[str]] = {}
        self.leads: list[Lead] = []
        self.indicators: dict[str, Indicator] = {}
        self.mentions: dict[str, MentionList] = {}
        for spec in specs:
            self.mentions.update(spec.mentions)
            self.leads.extend(spec.leads)
            self.indicators.update((indicator.id, indicator) for indicator in spec.indicators)
            for domain in spec.domains:
                self.domains[domain.id] = domain
            self.documents.update(spec.documents)
            for name, phrases in spec.phrases.items():
                old = self.phrases.get(name, (phrases.match, ()))[1]
                self.phrases[name] = (phrases.match, old + tuple(agency_key(p) for p in phrases.items))
            for kind, items in spec.deadline_kinds.items():
                self.deadline_kinds.setdefault(kind, []).extend(fold(p) for p in items)
        self._phrase_cache: dict[tuple[str, str], bool] = {}
        self._matchers: dict[str, MentionMatcher] = {}
        self._mention_cache: dict[tuple[str, str], list[str]] = {}
        self._deadline_cache: dict[tuple[str, int], Deadline] = {}
        self._headings = {}
        for domain in self.domains.values():
            for text in [domain.id, domain.vi, *domain.headings]:
                self._headings[heading_key(text)] = domain.id

    def domain_of(self, heading: str | None) -> str | None:
        """The domain id for an id or a heading; None when it is not recognised."""
        if heading is None:
            return None
        if heading in self.domains:
            return heading
        return self._headings.get(heading_key(heading))

    def names_in(self, list_name: str, text: str) -> list[str]:
        """The items of a mention list that `text` names (engine/mentions.py says where a name counts)."""
        key = (list_name, text)
        if key not in self._mention_cache:
            if list_name not in self._matchers:
                mentions = self.mentions[list_name]
                names = {fold(variant): Name(item.name, tuple(fold(w) for w in item.unless_followed_by))
                         for item in mentions.items for variant in (item.name, *item.variants)}
                self._matchers[list_name] = MentionMatcher(names, mentions.after)
            self._mention_cache[key] = self._matchers[list_name].names_in(text)
        return self._mention_cache[key]

    def mention_item(self, list_name: str, name: str) -> MentionItem:
        return next(item for item in self.mentions[list_name].items if item.name == name)

    def mention_items(self, list_name: str) -> list[dict]:
        """The items of a mention list, as the items a rule is instantiated over; an
        item that is an error only from a later date has a warning before it."""
        items = []
        for item in self.mentions[list_name].items:
            error_from = item.error_from or item.effective
            transition = bool(item.severity == "error" and error_from and item.effective
                              and error_from > item.effective)
            items.append(dict(item.model_dump(), code=item.code or ascii_code(item.name), list=list_name,
                              error_from=error_from, transition=transition,
                              warn_until=error_from - dt.timedelta(days=1) if transition else None))
        return items

    def floor_items(self) -> list[dict]:
        """Every national floor of every indicator that binds provinces, as the
        items a rule is instantiated over (docs/domain.md §1 and §4)."""
        items = []
        for indicator in self.indicators.values():
            if indicator.national_only:
                continue
            for floor in indicator.floors:
                if floor.tag != "U":       # a recollection nobody has read is no floor to hold a plan to
                    items.append(self._floor_item(indicator, floor))
        return items

    def _floor_item(self, indicator: Indicator, floor: Floor) -> dict:
        document = self.documents.get(floor.document) if floor.document else None
        echo = self.documents.get(floor.echo) if floor.echo else None
        first, last = floor.first_year() or 1990, floor.last_year() or 2100
        horizon = str(first) if first == last else ("" if (first, last) == (1990, 2100) else f"{first}-{last}")
        if floor.phase:
            horizon = f"{floor.phase.start}-{floor.phase.end}"
        horizon_vi = horizon_en = horizon or None
        if floor.phase:
            horizon_vi = f"giai đoạn {floor.phase.start} - {floor.phase.end}, đạt vào năm {floor.phase.end}"
            horizon_en = f"phase {floor.phase.start}-{floor.phase.end}, reached by {floor.phase.end}"
        reference_vi = document.vi if document else "Số liệu chưa gắn với văn bản (cần kiểm chứng)"
        reference_en = document.en if document else "Figure not tied to a document (to verify)"
        if echo:
            reference_vi = f"{echo.vi}; {reference_vi} (mức sàn theo kế hoạch tỉnh nhắc lại)"
            reference_en = f"{echo.en}; {reference_en} (floor per provincial echo)"
        if floor.tag == "S":
            reference_vi += " (số liệu theo tin, bản tóm tắt; chưa đối chiếu nguyên văn)"
            reference_en += " (figure from news or a summary; not checked against the text)"
        if floor.tag == "U":
            reference_vi += " — thực tiễn tốt (cần kiểm chứng)"
            reference_en += " — good practice (to verify)"
        return {
            "code": ascii_code(f"{indicator.id}-{horizon or 'ANY'}"),
            "indicator": indicator.id, "indicator_vi": indicator.vi, "indicator_en": indicator.en,
            "unit": indicator.unit, "kind": "floor" if floor.comparator == ">=" else "ceiling",
            "comparator": floor.comparator, "value": floor.value, "year_from": first, "year_to": last,
            "value_shown": as_text(floor.value) + ("%" if indicator.unit == "percent" else ""),
            "horizon": horizon_vi or "mọi năm", "horizon_en": horizon_en or "any year", "baseline_year": floor.baseline or 0, "baseline": floor.baseline,
            "tag": floor.tag, "severity": FLOOR_SEVERITY[floor.tag],
            "in_force": document.date if document else None,
            "document_number": document.number if document else "—",
            "reference_vi": reference_vi, "reference_en": reference_en,
            "note": floor.note or "",
        }

    def leads_of(self, domain: str, on: dt.date) -> list[str]:
        """The agencies that may lead `domain` on the date `on`, as the packs say."""
        return [lead.agency for lead in self.leads
                if lead.domain == domain and (lead.start is None or lead.start <= on)
                and (lead.end is None or on <= lead.end)]

    def deadline(self, text: str, plan_year: int) -> Deadline:
        """`text` parsed with this vocabulary's deadline kinds (memoised: plans repeat phrases)."""
        key = (text, plan_year)
        if key not in self._deadline_cache:
            self._deadline_cache[key] = parse_deadline(text, plan_year, self.deadline_kinds)
        return self._deadline_cache[key]

    def in_phrases(self, vocabulary: str, text: str | None) -> bool:
        if text is None:
            return False
        key = (vocabulary, text)
        if key not in self._phrase_cache:
            self._phrase_cache[key] = self._in_phrases(vocabulary, text)
        return self._phrase_cache[key]

    def _in_phrases(self, vocabulary: str, text: str) -> bool:
        match, items = self.phrases[vocabulary]
        key = agency_key(text)
        if match == "exact":
            return key in items
        if match == "prefix":
            return any(key == p or key.startswith(p + " ") for p in items)
        return any(p in key for p in items)
