#!/usr/bin/env python3
"""Accuracy and time of importing drafts, against the plan a person typed from each.

Drafts: seed 001 as text (the seeds beside the checkout, if present) against plans/vinh-long-2022.yaml,
and the hand-written fixture tests/drafts/ke-hoach-cchc-2027.fodt made into .docx, .doc and .pdf by
LibreOffice (and its .md), against tests/drafts/ke-hoach-cchc-2027.yaml. Accuracy: tasks found /
tasks in the draft, and fields equal / fields (engine/importers/accuracy.py says how they are
counted). Time: `read_draft` from the file to plan data, median of several runs; for .doc it
includes LibreOffice's conversion, which is what a reviewer waits for.

    python bench/bench_import.py            # full run, rewrites its section of bench/RESULTS.md
    python bench/bench_import.py --quick    # a smoke run, prints only
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.results import stamp, write_section  # noqa: E402
from engine.drafts import read_draft  # noqa: E402
from engine.importers.accuracy import compare  # noqa: E402
from engine.rules import load_ruleset  # noqa: E402
from tests.office_fixture import REFERENCE, make_drafts, soffice  # noqa: E402

SEED_001 = REPO.parent / "shared" / "seeds" / "001_a1c0651c1edd467c.txt"
GOALS = {"text": 0.98, "Word": 0.98, "PDF": 0.95}


def cases(workdir: Path) -> list[tuple[str, str, Path, Path]]:
    """(label, kind, draft, reference) for every draft that can be made here."""
    found = []
    if SEED_001.is_file():
        found.append(("seed 001 (.txt, Word's flattened table)", "text", SEED_001, REPO / "plans" / "vinh-long-2022.yaml"))
    else:
        print(f"seed 001 not found at {SEED_001}: skipped", file=sys.stderr)
    if soffice():
        drafts = make_drafts(workdir)
        for fmt, kind in (("docx", "Word"), ("doc", "Word"), ("pdf", "PDF"), ("md", "text")):
            found.append((f"fixture (.{fmt})", kind, drafts[fmt], REFERENCE))
    else:
        print("LibreOffice not found: the fixture's .docx, .doc and .pdf are skipped", file=sys.stderr)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="two runs, no RESULTS.md")
    args = parser.parse_args()
    runs = 2 if args.quick else args.runs
    vocabulary = load_ruleset().vocabulary
    rows = ["| draft | tasks found | fields equal | accuracy | goal | import time (ms) |",
            "|---|---:|---:|---:|---:|---:|"]
    differences = []
    with tempfile.TemporaryDirectory(prefix="cchc-bench-import-") as tmp:
        for label, kind, draft, reference in cases(Path(tmp)):
            timings = []
            for _ in range(runs):
                start = time.perf_counter()
                imported = read_draft(draft, vocabulary).imported
                timings.append((time.perf_counter() - start) * 1000)
            accuracy = compare(imported.data, yaml.safe_load(reference.read_text(encoding="utf-8")))
            met = accuracy.task_rate == 1 and accuracy.field_rate >= GOALS[kind]
            rows.append(f"| {label} | {accuracy.tasks_found}/{accuracy.tasks_expected} "
                        f"| {accuracy.fields_equal}/{accuracy.fields} | {accuracy.field_rate:.1%} "
                        f"| 100% tasks, ≥ {GOALS[kind]:.0%} fields: {'met' if met else 'NOT met'} "
                        f"| {statistics.median(timings):,.0f} |")
            differences += [f"- {label}: {difference}" for difference in accuracy.differences]
    text = "\n".join([
        "## Draft import (`python bench/bench_import.py`)",
        "",
        stamp(),
        "",
        f"Accuracy against the plan typed from each draft; import time is the median of {runs} runs of "
        "reading the file into plan data (for .doc, LibreOffice's conversion included).",
        "",
        *rows,
        "",
        "Fields that differ from the reference:" if differences else "No field differs from the reference.",
        "",
        *differences,
        "",
    ])
    print(text)
    if not args.quick:
        write_section("import", text)


if __name__ == "__main__":
    main()
