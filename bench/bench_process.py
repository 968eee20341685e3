#!/usr/bin/env python3
"""The whole `cchc check` process, as a reviewer or a CI job waits for it, against two floors:

1. a 2,000-task plan: `cchc check` against a process that only parses the same file with
   PyYAML's C loader (what any tool reading the file must pay), goal ≤ 2.5×; and where the
   command's time goes, stage by stage (the command's own functions, timed in a fresh process);
2. a 20-task plan, cold: `cchc check` against `yamllint` on the same file (a small CLI tool
   people run on every commit), goal ≤ 2×; and which imports its start-up is made of
   (`python -X importtime`).

Each pair runs alternately as fresh subprocesses, so that machine noise hits both alike; times
are medians. Plans are generated with fixed seeds (tests/plangen.py).

    python bench/bench_process.py            # full run, rewrites its section of bench/RESULTS.md
    python bench/bench_process.py --quick    # fewer runs, prints only
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

# Only the standard library above: `--stages` times the command's imports from a cold process.
from bench.results import stamp, write_section  # noqa: E402

BIN = Path(sys.executable).parent          # the venv's scripts: cchc, yamllint
SEED = 20261125
TODAY = "2026-01-01"
LARGE, SMALL = 2000, 20
FLOOR_GOAL, YAMLLINT_GOAL = 2.5, 2.0
FLOOR_CODE = "import sys, yaml; yaml.load(open(sys.argv[1], encoding='utf-8'), Loader=yaml.CSafeLoader)"


def environment(bytecode: Path) -> dict[str, str]:
    """The processes' environment, with compiled bytecode cached as an installed tool has it (pip
    compiles at install), in a folder of the run's own, so that nothing is written to the tree;
    PYTHONDONTWRITEBYTECODE, where set, would make every start compile the whole engine again."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(bytecode)
    return env


ENV: dict[str, str] = dict(os.environ)      # set by main() before any process is started


def write_plan(folder: Path, tasks: int) -> Path:
    import yaml
    from tests.plangen import plan_data
    path = folder / f"ke-hoach-{tasks}.yaml"
    path.write_text(yaml.safe_dump(plan_data(tasks, seed=SEED + tasks), allow_unicode=True), encoding="utf-8")
    return path


def cchc_command(plan: Path, out: Path) -> list[str]:
    return [str(BIN / "cchc"), "check", str(plan), "--format", "json", "--output", str(out),
            "--fail-on", "never", "--today", TODAY]


def wall(command: list[str], ok=(0,)) -> float:
    """Seconds from starting the process to its exit."""
    start = time.perf_counter()
    process = subprocess.run(command, cwd=REPO, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if process.returncode not in ok:
        raise SystemExit(f"{command[0]} failed ({process.returncode}): {process.stderr.decode()[-500:]}")
    return elapsed


def side_by_side(commands: dict[str, tuple[list[str], tuple[int, ...]]], runs: int) -> dict[str, float]:
    """Median wall time of each command, the commands alternating run after run (one warm-up
    round first, not counted: it fills the OS file cache for all alike)."""
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for round_ in range(runs + 1):
        for name, (command, ok) in commands.items():
            elapsed = wall(command, ok)
            if round_:
                samples[name].append(elapsed)
    return {name: statistics.median(values) for name, values in samples.items()}


# --- stages: the command run in this process, its own functions timed where it calls them ---

# (stage, module whose name is patched, name): each is the function the command calls there, so
# the command runs as it is, and only the calls are timed. A stage that is not one function of its
# own is the nearest boundary minus what it contains (see `stage_rows`).
_TIMED = (
    ("rule packs", "engine.cli", "load_ruleset"),
    ("compile", "engine.check", "CompiledRules"),
    ("load", "engine.check", "load_plan"),
    ("parse", "engine.load", "parse"),
    ("model", "engine.load", "validate"),
    ("evaluate", "engine.check", "evaluate"),
    ("facts", "engine.evaluate", "build_facts"),
    ("write", "engine.cli", "write_atomically"),
)


def run_stages(plan: Path, out: Path) -> dict[str, float]:
    """Milliseconds per stage of one `cchc check` in this (fresh) process."""
    import importlib
    timings: dict[str, float] = {}
    start = time.perf_counter()
    import engine.cli                       # everything `cchc` imports before it runs
    timings["start-up (imports)"] = (time.perf_counter() - start) * 1000

    def timed(stage, function):
        def wrapper(*args, **kwargs):
            begin = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                timings[stage] = timings.get(stage, 0.0) + (time.perf_counter() - begin) * 1000
        return wrapper
    for stage, module_name, name in _TIMED:
        module = importlib.import_module(module_name)
        if not hasattr(module, name):
            raise SystemExit(f"{module_name}.{name} is gone: update _TIMED in bench/bench_process.py")
        setattr(module, name, timed(stage, getattr(module, name)))
    sys.argv = ["cchc", *cchc_command(plan, out)[1:]]
    begin = time.perf_counter()
    try:
        engine.cli.main()
    except SystemExit as exit_:
        if exit_.code not in (0, None):
            raise
    timings["command"] = (time.perf_counter() - begin) * 1000
    return timings


def stage_rows(runs: list[dict[str, float]], process_ms: float) -> list[tuple[str, float, str]]:
    """(stage, median ms, what it is) in the order the command runs them."""
    def median(key, minus=()):
        return statistics.median(r[key] - sum(r[m] for m in minus) for r in runs)
    imports = median("start-up (imports)")
    accounted = ("rule packs", "compile", "load", "evaluate", "write")
    rows = [
        ("interpreter start and exit", process_ms - imports - median("command"),
         "the process's wall time (measured alone) minus everything below"),
        ("start-up (imports)", imports, "`import engine.cli`"),
        ("rule packs", median("rule packs"), "`load_ruleset()`: read, parse and validate every pack"),
        ("compile", median("compile"), "`CompiledRules(ruleset)`: register the durable_rules ruleset"),
        ("parse", median("parse"), "`yamlsource.parse`: YAML text → values with their positions"),
        ("model", median("model"), "`load.validate`: pydantic validation into `Plan`"),
        ("read, hash, task ids", median("load", ("parse", "model")),
         "rest of `load_plan`: read, decode, unique task ids, sha256"),
        ("facts", median("facts"), "`build_facts` (called inside `evaluate`)"),
        ("engine", median("evaluate", ("facts",)),
         "rest of `evaluate`: durable_rules matching, findings, waivers, sort"),
        ("render and write (JSON)", median("write"),
         "`write_atomically(path, render_chunks(…))`: the report made and written plan by plan"),
        ("rest of the command", median("command", accounted),
         "click, finding the file, the plan's figures, keeping its findings, the summary, exit code"),
    ]
    return rows


def stages(plan: Path, out: Path, runs: int) -> list[dict[str, float]]:
    """`run_stages` in fresh processes (`--stages`), so that every run starts cold like `cchc`."""
    results = []
    for _ in range(runs):
        process = subprocess.run([sys.executable, __file__, "--stages", str(plan), str(out)], cwd=REPO,
                                 env=ENV, check=True, capture_output=True, text=True)
        results.append(json.loads(process.stdout.strip().splitlines()[-1]))
    return results


# --- import times ---

def import_times(runs: int) -> tuple[list[tuple[str, float, float]], float]:
    """Median self and cumulative import time (ms) of every module `import engine.cli` loads,
    from `python -X importtime` in fresh processes; and the median total."""
    selves: dict[str, list[float]] = {}
    cumulative: dict[str, list[float]] = {}
    totals = []
    for _ in range(runs):
        process = subprocess.run([sys.executable, "-X", "importtime", "-c", "import engine.cli"], cwd=REPO,
                                 env=ENV, check=True, capture_output=True, text=True)
        for line in process.stderr.splitlines():
            if not line.startswith("import time:") or "[us]" in line:
                continue
            own, total, name = line[len("import time:"):].split("|")
            name = name.rstrip()
            selves.setdefault(name.strip(), []).append(int(own) / 1000)
            cumulative.setdefault(name.strip(), []).append(int(total) / 1000)
            if name.strip() == "engine.cli":
                totals.append(int(total) / 1000)
    rows = [(name, statistics.median(selves[name]), statistics.median(cumulative[name])) for name in selves]
    return rows, statistics.median(totals)


def import_table(rows: list[tuple[str, float, float]], top: int) -> list[str]:
    """The heaviest imports by cumulative time, and the heaviest modules by their own time."""
    by_cumulative = sorted(rows, key=lambda r: -r[2])[:top]
    by_self = sorted(rows, key=lambda r: -r[1])[:top]
    lines = ["| by cumulative time: module | cumulative (ms) | self (ms) | | by own time: module | self (ms) |",
             "|---|---:|---:|---|---|---:|"]
    for (name, own, total), (name2, own2, _total2) in zip(by_cumulative, by_self):
        lines.append(f"| `{name}` | {total:.1f} | {own:.1f} | | `{name2}` | {own2:.1f} |")
    return lines


def before_after(before: Path, plans: dict[str, Path], out: Path, runs: int) -> list[str]:
    """The same measures with the engine of another tree (`--before`: a copy of this one as it was
    before a change), alternating with this one's: `import engine.cli`, the 20-task and the
    2,000-task check, each as `python -m engine.cli` from its tree."""
    import_code = "import time; t = time.perf_counter(); import engine.cli; print((time.perf_counter() - t) * 1000)"
    samples: dict[tuple[str, str], list[float]] = {}
    for round_ in range(runs + 1):
        for label, tree in (("before", before), ("after", REPO)):
            process = subprocess.run([sys.executable, "-c", import_code], cwd=tree, env=ENV, check=True,
                                     capture_output=True, text=True)
            if round_:
                samples.setdefault(("imports", label), []).append(float(process.stdout))
            for name, plan in plans.items():
                command = [sys.executable, "-m", "engine.cli", *cchc_command(plan, out)[1:]]
                start = time.perf_counter()
                subprocess.run(command, cwd=tree, env=ENV, check=True, stdout=subprocess.DEVNULL)
                if round_:
                    samples.setdefault((name, label), []).append((time.perf_counter() - start) * 1000)
    lines = ["| measure | before (ms) | after (ms) | change |", "|---|---:|---:|---:|"]
    for name in ("imports", *plans):
        old, new = (statistics.median(samples[(name, label)]) for label in ("before", "after"))
        what = "`import engine.cli`" if name == "imports" else f"`cchc check`, {name}"
        lines.append(f"| {what} | {old:.0f} | {new:.0f} | {(new - old) / old * 100:+.0f}% |")
    return lines


_CACHE_PROBE = """
import json, pickle, sys, time
import engine.cli                       # what the command imports anyway
from engine.rules import load_ruleset
begin = time.perf_counter()
ruleset = load_ruleset()
loaded = time.perf_counter() - begin
data = pickle.dumps(ruleset, protocol=pickle.HIGHEST_PROTOCOL)
begin = time.perf_counter()
pickle.loads(data)
print(json.dumps([loaded * 1000, (time.perf_counter() - begin) * 1000, len(data)]))
"""


def ruleset_cache_gain(runs: int) -> tuple[float, float, int]:
    """What a cache of the loaded rule packs would save at start-up: loading them (with the
    modules it needs) against unpickling the same RuleSet, each in a fresh process."""
    results = [json.loads(subprocess.run([sys.executable, "-c", _CACHE_PROBE], check=True, capture_output=True,
                                         text=True, cwd=REPO, env=ENV).stdout) for _ in range(runs)]
    return (statistics.median(r[0] for r in results), statistics.median(r[1] for r in results), results[0][2])


def gap_lines(rows, imports_total: float, cache: tuple[float, float, int], large: dict[str, float],
              small: dict[str, float]) -> list[str]:
    """The measured candidates for closing the gaps, biggest first."""
    stage = {name: ms for name, ms, _what in rows}
    loaded, unpickled, size = cache
    saved = (loaded - unpickled) / 1000
    small_after = (small["cchc"] - saved) / small["yamllint"]
    large_after = (large["cchc"] - saved) / large["floor"]
    return [
        "### What would close the gaps",
        "",
        f"- **Rule packs, every start: {loaded:.0f} ms** to read, parse and validate every pack "
        f"(after the command's imports); the same loaded RuleSet unpickled takes **{unpickled:.0f} ms** "
        f"({size / 1024:,.0f} KiB). A cache keyed by the packs' content hashes and the tool's version "
        "(kept private to the user, since a pickle runs code when read) would save the difference "
        "on every run, cold or not.",
        f"- **Start-up imports: {imports_total:.0f} ms**, led by pydantic (with `importlib.metadata`), "
        "jinja2, click and PyYAML (table above). Loading jinja2 only when a report is rendered and "
        "building the rule-pack models lazily (pydantic's `defer_build`) would take part of it; the "
        "rest is the libraries themselves.",
        f"- **Parse: {stage.get('parse', 0):.0f} ms** for the large plan. The events already come from "
        "libyaml (PyYAML's C parser); the time is the Python loop that turns them into values and "
        "records where each value is (the file:line:col every finding needs). The floor builds its "
        "values in C and keeps no positions: only a builder in C would come near it.",
        f"- **Engine: {stage.get('engine', 0):.0f} ms**: durable_rules' matching and the findings; "
        "bench/bench_engine.py measures it against plain Python.",
        "",
        f"The cache alone would bring the cold {SMALL}-task check to about {small_after:.1f}× yamllint and "
        f"the {LARGE:,}-task check to about {large_after:.1f}× the floor (these runs' times less the "
        "saving): neither goal is reachable without also cutting the imports and moving the building "
        "of values with their positions out of Python.",
        "",
    ]


def report(large: dict[str, float], small: dict[str, float], rows, imports, import_total,
           runs_large: int, runs_small: int, runs_stages: int, large_bytes: int, small_bytes: int,
           before_lines: list[str], gaps: list[str]) -> str:
    floor_ratio = large["cchc"] / large["floor"]
    lint_ratio = small["cchc"] / small["yamllint"]
    stage_lines = ["| stage | ms | share | what |", "|---|---:|---:|---|"]
    for stage, ms, what in rows:
        stage_lines.append(f"| {stage} | {ms:.0f} | {ms / (large['cchc-alone'] * 1000) * 100:.0f}% | {what} |")
    stage_lines.append(f"| **whole process** | **{large['cchc-alone'] * 1000:.0f}** | 100% | |")
    return "\n".join([
        "## The whole command (`python bench/bench_process.py`)",
        "",
        stamp(),
        "",
        f"`cchc check PLAN --format json --output FILE --fail-on never --today {TODAY}` as a fresh "
        "process, timed from start to exit, against a floor measured alternately in the same run. "
        "Generated plans (tests/plangen.py).",
        "",
        "| plan | `cchc check` (ms) | against | its time (ms) | ratio | goal |",
        "|---|---:|---|---:|---:|---|",
        f"| {LARGE:,} tasks ({large_bytes / 1024:,.0f} KiB), median of {runs_large} | {large['cchc'] * 1000:.0f} "
        f"| parsing only, PyYAML's C loader | {large['floor'] * 1000:.0f} | **{floor_ratio:.2f}×** "
        f"| ≤ {FLOOR_GOAL}×: {'met' if floor_ratio <= FLOOR_GOAL else 'NOT met'} |",
        f"| {SMALL} tasks ({small_bytes / 1024:,.1f} KiB), median of {runs_small} | {small['cchc'] * 1000:.0f} "
        f"| `yamllint FILE` (default config) | {small['yamllint'] * 1000:.0f} | **{lint_ratio:.2f}×** "
        f"| ≤ {YAMLLINT_GOAL}×: {'met' if lint_ratio <= YAMLLINT_GOAL else 'NOT met'} |",
        "",
        f"The floor is `python -c \"{FLOOR_CODE}\" FILE` (the venv's Python); yamllint with its default "
        "configuration (exit 1 for the problems it finds is accepted). Every process runs with its "
        "bytecode cached (`PYTHONPYCACHEPREFIX`, filled by a first round that is not counted), as an "
        "installed tool has it.",
        "",
        f"### Where the {LARGE:,}-task check goes",
        "",
        f"Median of {runs_stages} fresh processes, each running `cchc check` through `engine.cli.main` "
        "with the command's own functions timed where it calls them (nothing re-implemented). \"parse\", "
        "\"model\" and \"facts\" are single functions; \"read, hash, task ids\" and \"engine\" are what is "
        "left of the function that contains them (`load_plan`, `evaluate`): they are not separately "
        f"callable. Share is of the whole process measured alone ({large['cchc-alone'] * 1000:.0f} ms).",
        "",
        *stage_lines,
        "",
        "### What start-up imports",
        "",
        f"`python -X importtime -c \"import engine.cli\"`, median of {runs_stages} fresh processes: "
        f"**{import_total:.0f} ms** in all. Left: the imports with the most cumulative time (a package "
        "includes what it imports); right: the modules whose own top-level code costs most.",
        "",
        *import_table(imports, 15),
        "",
        *gaps,
        *before_lines,
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="runs of each process (≥ 5 for the large plan)")
    parser.add_argument("--quick", action="store_true", help="3 runs, no RESULTS.md")
    parser.add_argument("--before", type=Path, metavar="DIR",
                        help="also time a copy of the tree from before a change, against this one")
    parser.add_argument("--before-note", default="", help="what --before holds, for the results")
    parser.add_argument("--stages", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stages:
        print(json.dumps(run_stages(*args.stages)))
        return
    runs_large = 3 if args.quick else max(5, args.runs)
    runs_small = 3 if args.quick else max(7, args.runs)
    runs_stages = 3 if args.quick else max(5, args.runs)
    with tempfile.TemporaryDirectory(prefix="cchc-bench-process-") as tmp:
        folder = Path(tmp)
        ENV.clear()
        ENV.update(environment(folder / "bytecode"))
        large_plan, small_plan = write_plan(folder, LARGE), write_plan(folder, SMALL)
        out = folder / "report.json"
        large = side_by_side({"cchc": (cchc_command(large_plan, out), (0,)),
                              "floor": ([sys.executable, "-c", FLOOR_CODE, str(large_plan)], (0,))}, runs_large)
        small = side_by_side({"cchc": (cchc_command(small_plan, out), (0,)),
                              "yamllint": ([str(BIN / "yamllint"), str(small_plan)], (0, 1))}, runs_small)
        # The stage table's own reference: the whole process timed alone, just before its stages.
        large["cchc-alone"] = statistics.median(wall(cchc_command(large_plan, out)) for _ in range(runs_stages))
        staged = stages(large_plan, folder / "staged.json", runs_stages)
        same = out.read_bytes() == (folder / "staged.json").read_bytes()
        if not same:
            raise SystemExit("the staged run's report differs from the command's: the timing changed the result")
        rows = stage_rows(staged, large["cchc-alone"] * 1000)
        large_bytes, small_bytes = large_plan.stat().st_size, small_plan.stat().st_size
        imports, import_total = import_times(runs_stages)
        before_lines = []
        if args.before:
            before_lines = [
                "### Before and after",
                "",
                f"{args.before_note} Median of {runs_small} runs, the two trees alternating, each run "
                "as `python -m engine.cli` from its tree.",
                "",
                *before_after(args.before, {f"{SMALL} tasks": small_plan, f"{LARGE:,} tasks": large_plan},
                              folder / "before.json", runs_small),
                "",
            ]
        gaps = gap_lines(rows, import_total, ruleset_cache_gain(runs_stages), large, small)
    text = report(large, small, rows, imports, import_total, runs_large, runs_small, runs_stages,
                  large_bytes, small_bytes, before_lines, gaps)
    print(text)
    if not args.quick:
        write_section("process", text)


if __name__ == "__main__":
    main()
