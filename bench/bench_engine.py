#!/usr/bin/env python3
"""Time one plan's evaluation in the engine (durable_rules) and in the
plain-Python interpreter of the same conditions, in the same run.

Both start from the same loaded plan (`LoadedPlan`) and both build the facts
and the findings; the difference between them is the matching. Plans of
20/100/500/2,000 tasks are generated (tests/plangen.py), each size timed
round-robin so that machine noise hits both evaluators alike; the median of
several runs is reported. Memory: RSS before and after 10,000 evaluations.

    python bench/bench_engine.py                 # full run, rewrites bench/RESULTS.md
    python bench/bench_engine.py --quick         # a smoke run, prints only
"""
from __future__ import annotations

import argparse
import datetime as dt
import gc
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from engine.evaluate import CompiledRules, _Registered, durable_definition, evaluate, evaluate_plain  # noqa: E402
from engine.facts import build_facts  # noqa: E402
from engine.rules import load_ruleset  # noqa: E402
from bench.results import stamp, write_section  # noqa: E402
from tests.plangen import generated_plan  # noqa: E402

TODAY = dt.date(2026, 11, 25)
SIZES = (20, 100, 500, 2000)
SEED = 20261125


def rss_mb() -> float:
    """Resident set size from /proc (Linux)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def timed(function) -> float:
    start = time.perf_counter()
    function()
    return (time.perf_counter() - start) * 1000


def time_sizes(ruleset, compiled, runs: int) -> dict[int, dict[str, float]]:
    results = {}
    for size in SIZES:
        loaded = generated_plan(size, SEED + size)
        assert evaluate(loaded, compiled, TODAY) == evaluate_plain(loaded, ruleset, TODAY)
        repetitions = max(3, 2000 // size)
        facts = build_facts(loaded, ruleset.vocabulary, ruleset.flags, TODAY)
        samples = {name: [] for name in ("engine", "plain", "facts", "engine_match", "plain_match")}
        measures = {
            "engine": lambda: evaluate(loaded, compiled, TODAY),
            "plain": lambda: evaluate_plain(loaded, ruleset, TODAY),
            "facts": lambda: build_facts(loaded, ruleset.vocabulary, ruleset.flags, TODAY),
            "engine_match": lambda: compiled.run(facts, lambda rule, fact: None),
            "plain_match": lambda: [(rule, fact) for rule, test in ruleset.python_conditions
                                    for fact in facts if fact["kind"] == rule.given and test(fact)],
        }
        for _ in range(runs):
            gc.collect()
            for name, measure in measures.items():
                samples[name].append(min(timed(measure) for _ in range(repetitions)))
        results[size] = {name: statistics.median(values) for name, values in samples.items()}
        results[size]["findings"] = len(evaluate(loaded, compiled, TODAY))
    return results


def compile_ms(runs: int) -> tuple[float, float, int]:
    """Loading and validating every pack, and registering their durable_rules
    ruleset (under a fresh name each time: the engine keeps every ruleset)."""
    load, register = [], []
    for run in range(runs):
        start = time.perf_counter()
        ruleset = load_ruleset()
        loaded = time.perf_counter()
        _Registered(f"bench-compile-{run}", durable_definition(ruleset.rules))
        load.append((loaded - start) * 1000)
        register.append((time.perf_counter() - loaded) * 1000)
    return statistics.median(load), statistics.median(register), len(ruleset.rules)


def memory(compiled, evaluations: int) -> tuple[float, float]:
    loaded = generated_plan(20, SEED)
    for _ in range(500):      # warm caches and allocator pools first
        evaluate(loaded, compiled, TODAY)
    gc.collect()
    before = rss_mb()
    for _ in range(evaluations):
        evaluate(loaded, compiled, TODAY)
    gc.collect()
    return before, rss_mb()


def report(results, before, after, evaluations, runs, compiling) -> str:
    lines = [
        "| tasks | findings | build facts (ms) | engine (ms) | plain Python (ms) | engine / plain "
        "| matching only: engine (ms) | plain (ms) | ratio |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size, r in results.items():
        lines.append(f"| {size:,} | {r['findings']:,} | {r['facts']:.2f} | {r['engine']:.2f} | {r['plain']:.2f} "
                     f"| {r['engine'] / r['plain']:.2f}× | {r['engine_match']:.2f} | {r['plain_match']:.2f} "
                     f"| {r['engine_match'] / r['plain_match']:.1f}× |")
    growth = results[2000]["engine"] / results[500]["engine"]
    ratio = results[2000]["engine"] / results[2000]["plain"]
    load_ms, register_ms, n_rules = compiling
    goals = [
        f"- compiling all packs ({n_rules} rules): load and validate {load_ms:.0f} ms, register in durable_rules "
        f"**{register_ms:.1f} ms** (goal ≤ 50 ms): {'met' if register_ms <= 50 else 'NOT met'}",
        f"- engine / plain Python at 2,000 tasks: **{ratio:.2f}×** (goal ≤ 6×): {'met' if ratio <= 6 else 'NOT met'}",
        f"- engine time 500 → 2,000 tasks: **×{growth:.2f}** (goal ≤ ×4.5, linear): {'met' if growth <= 4.5 else 'NOT met'}",
        f"- RSS over {evaluations:,} evaluations of a 20-task plan: {before:.1f} MB → {after:.1f} MB, "
        f"**{after - before:+.1f} MB** (goal ≤ 10 MB): {'met' if after - before <= 10 else 'NOT met'}",
    ]
    return "\n".join([
        "## Engine (`python bench/bench_engine.py`)",
        "",
        stamp(),
        "",
        f"One plan's evaluation, from the loaded plan to sorted findings, median of {runs} runs "
        "(each run the best of several repetitions); engine and plain Python alternate in the same "
        "process, so the ratio is measured under the same load. Generated plans (tests/plangen.py), "
        "all rule packs. \"build facts\" is the part both evaluators share, and both then make the same "
        "findings (message, reference, location, fingerprint). \"Matching only\" times the part that "
        "differs, over the same facts: durable_rules (JSON, assert, our action loop, delete) against the "
        "conditions compiled to Python closures.",
        "",
        *lines,
        "",
        "### Goals",
        "",
        *goals,
        "",
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--evaluations", type=int, default=10_000)
    parser.add_argument("--quick", action="store_true", help="few runs, no RESULTS.md")
    args = parser.parse_args()
    runs, evaluations = (2, 1000) if args.quick else (args.runs, args.evaluations)
    ruleset = load_ruleset()
    compiled = CompiledRules(ruleset)
    results = time_sizes(ruleset, compiled, runs)
    before, after = memory(compiled, evaluations)
    compiling = compile_ms(runs)
    text = report(results, before, after, evaluations, runs, compiling)
    print(text)
    if not args.quick:
        write_section("engine", text)


if __name__ == "__main__":
    main()
