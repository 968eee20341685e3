"""The two kinds of failure the command line tells apart (exit 2 and exit 3), and the
bilingual text their messages are written in."""
from __future__ import annotations

from dataclasses import dataclass

from engine.location import Location

LANGUAGES = ("vi", "en")


@dataclass(frozen=True, slots=True)
class Say:
    """A message in both languages the tool speaks: Vietnamese first, as users read it, and
    English. Which one is shown is decided where it is shown (`--lang`), not where it is raised."""
    vi: str
    en: str

    def __call__(self, lang: str) -> str:
        return self.en if lang == "en" else self.vi

    def __add__(self, other: "Say") -> "Say":
        return Say(self.vi + other.vi, self.en + other.en)


class InputError(Exception):
    """A user's file cannot be used: one line naming where, what, and what to do."""

    def __init__(self, path: str, where: Location | None, problem: Say, fix: Say):
        self.path = path
        self.where = where
        self.problem = problem
        self.fix = fix
        super().__init__(self.line("en"))

    def line(self, lang: str = "vi") -> str:
        place = self.path
        if self.where is not None and self.where.is_draft_place():
            place += f": {self.where.describe(lang)}"
        elif self.where is not None and self.where.line is not None:
            place += f":{self.where.line}:{self.where.column or 1}"
        return f"{place}: {self.problem(lang)}; {self.fix(lang)}"

    def said(self) -> Say:
        """The whole line in both languages, for a finding that quotes it in its report's language."""
        return Say(self.line("vi"), self.line("en"))

    def __reduce__(self):
        # Raised in a worker process, it crosses back to the parent by pickling.
        return (InputError, (self.path, self.where, self.problem, self.fix))


class RuleActionError(Exception):
    """A rule's action raised: an internal error, never silently dropped."""

    def __init__(self, failures: list[tuple[str, BaseException]]):
        self.failures = failures
        rule_id, error = failures[0]
        more = f" (and {len(failures) - 1} more)" if len(failures) > 1 else ""
        super().__init__(f"rule {rule_id} failed: {type(error).__name__}: {error}{more}")

    def __reduce__(self):
        # Raised in a worker process, it crosses back to the parent by pickling.
        return (RuleActionError, (self.failures,))
