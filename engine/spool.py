"""The plans of a run, kept as a sequence whose findings live in a temporary file.

An audit of a thousand plans makes about 170,000 findings (bench/RESULTS.md, "audit"): kept in
memory until the report is written, they cost more than the workers that made them. Each plan's
findings are pickled to a temporary file as soon as the plan is checked; what stays in memory is
the plan's header (path, id, hash, figures) and its summary. Reports iterate the plans one at a
time, so a streamed format (JSON) holds one plan's findings at once.
"""
from __future__ import annotations

import dataclasses
import pickle
import tempfile
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from engine.summary import plan_summary

if TYPE_CHECKING:
    from engine.report import PlanResult        # which keeps its plans here


@dataclasses.dataclass(frozen=True)
class PackedResult:
    """A plan's result ready for the spool: its findings already pickled. Worker processes hand
    back this, so that the command's own process only copies the bytes to the file (unpickling
    and pickling again every finding of every plan would make it the slowest process of an
    audit, and hold the results it has not reached yet)."""
    header: PlanResult        # the result without its findings
    findings: bytes
    summary: dict             # plan_summary of the full result
    open: dict[str, int]      # findings not waived, by severity (what --fail-on looks at)

    @property
    def path(self) -> str:
        return self.header.path


def pack(result: PlanResult) -> PackedResult:
    open_counts: dict[str, int] = {}
    for finding in result.findings:
        if not finding.waived:
            open_counts[finding.severity] = open_counts.get(finding.severity, 0) + 1
    return PackedResult(dataclasses.replace(result, findings=[]),
                        pickle.dumps(result.findings, protocol=pickle.HIGHEST_PROTOCOL),
                        plan_summary(result), open_counts)


@dataclasses.dataclass(frozen=True)
class _Entry:
    header: PlanResult
    offset: int
    size: int
    summary: dict
    open: dict[str, int]


class PlanResults:
    """A sequence of PlanResult; indexing or iterating reads each plan's findings back."""

    def __init__(self, results: Iterable[PlanResult] = ()):
        self._file = None
        self._entries: list[_Entry] = []
        for result in results:
            self.append(result)

    def append(self, result: PlanResult | PackedResult) -> None:
        packed = result if isinstance(result, PackedResult) else pack(result)
        if self._file is None:
            self._file = tempfile.TemporaryFile(prefix="cchc-results-")
        offset = self._file.seek(0, 2)
        self._file.write(packed.findings)
        self._entries.append(_Entry(packed.header, offset, len(packed.findings), packed.summary, packed.open))

    def __len__(self) -> int:
        return len(self._entries)

    def __bool__(self) -> bool:
        return bool(self._entries)

    def __getitem__(self, index: int) -> PlanResult:
        entry = self._entries[index]
        self._file.seek(entry.offset)
        return dataclasses.replace(entry.header, findings=pickle.loads(self._file.read(entry.size)))

    def __iter__(self) -> Iterator[PlanResult]:
        return (self[index] for index in range(len(self._entries)))

    def headers(self) -> list[PlanResult]:
        """Each plan without its findings (`findings` is empty): path, id, hash, notices, figures."""
        return [entry.header for entry in self._entries]

    def summaries(self) -> list[dict]:
        return [entry.summary for entry in self._entries]

    def open_counts(self) -> list[dict[str, int]]:
        return [entry.open for entry in self._entries]
