#!/usr/bin/env python3
"""`cchc serve` under load, on loopback only: 50 reviewers upload a 100-task plan at once.

The server is started as a reviewer starts it (`cchc serve --port 0`, one worker process per core,
at least two), on 127.0.0.1. Each round sends CONCURRENT uploads of the same generated plan
(tests/plangen.py, fixed seed) at the same moment, then fetches each upload's JSON report and
checks it holds the findings `cchc check` gives for that file (same order, same fingerprints).
The load is bounded: ROUNDS rounds of CONCURRENT requests, each with a timeout, and the script
stops the server itself. Throughput is uploads checked per second of a round's wall time;
latency is one upload's (request sent → page received). Medians over the rounds.

    python bench/bench_serve.py            # rewrites its section of bench/RESULTS.md
    python bench/bench_serve.py --quick    # two rounds, prints only
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx2 as httpx
import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.results import stamp, write_section  # noqa: E402
from tests.plangen import plan_data  # noqa: E402

TASKS, CONCURRENT, SEED, TODAY = 100, 50, 20261204, "2026-01-01"
TIMEOUT = 120.0


def plan_bytes() -> bytes:
    return yaml.safe_dump(plan_data(TASKS, SEED), allow_unicode=True, sort_keys=False).encode("utf-8")


def expected_findings(data: bytes) -> list[tuple[str, str]]:
    """(rule id, fingerprint) of every finding, as `cchc check` reports the same file."""
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "plan.yaml").write_bytes(data)
        result = subprocess.run([sys.executable, "-m", "engine.cli", "check", "plan.yaml", "--format", "json",
                                 "--today", TODAY, "--fail-on", "never", "--no-progress"], cwd=folder,
                                capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    return [(f["rule_id"], f["fingerprint"]) for f in json.loads(result.stdout)["plans"][0]["findings"]]


async def one_upload(client: httpx.AsyncClient, data: bytes, expected) -> float:
    started = time.perf_counter()
    response = await client.post("/check", files={"plan": ("plan.yaml", data, "application/yaml")})
    latency = time.perf_counter() - started
    assert response.status_code == 200, response.status_code
    token = re.search(r'href="/report/([^/"]+)/json"', response.text).group(1)
    report = (await client.get(f"/report/{token}/json")).json()
    got = [(f["rule_id"], f["fingerprint"]) for f in report["plans"][0]["findings"]]
    assert got == expected, "the server's findings differ from cchc check's"
    return latency


async def one_round(base: str, data: bytes, expected) -> tuple[float, list[float]]:
    limits = httpx.Limits(max_connections=CONCURRENT)
    async with httpx.AsyncClient(base_url=base, timeout=TIMEOUT, limits=limits) as client:
        started = time.perf_counter()
        latencies = await asyncio.gather(*(one_upload(client, data, expected) for _ in range(CONCURRENT)))
        return time.perf_counter() - started, list(latencies)


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    rounds = 2 if args.quick else 5
    data = plan_bytes()
    expected = expected_findings(data)
    server = subprocess.Popen([sys.executable, "-m", "engine.cli", "serve", "--port", "0", "--today", TODAY],
                              cwd=REPO, stderr=subprocess.PIPE, text=True,
                              env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        base = re.search(r"http://127\.0\.0\.1:\d+", server.stderr.readline()).group(0)
        asyncio.run(one_round(base, data, expected))                  # warm-up: the workers' first checks
        results = [asyncio.run(one_round(base, data, expected)) for _ in range(rounds)]
    finally:
        server.terminate()
        server.wait(timeout=30)
    throughput = statistics.median(CONCURRENT / wall for wall, _ in results)
    p95s = [p95(latencies) for _, latencies in results]
    medians = [statistics.median(latencies) for _, latencies in results]
    workers = max(2, os.cpu_count() or 1)
    text = "\n".join([
        "## Reviewer's page under load (`python bench/bench_serve.py`)",
        "",
        stamp(),
        "",
        f"`cchc serve` on 127.0.0.1 with {workers} worker processes (one per core, at least two); each round "
        f"sends {CONCURRENT} concurrent uploads of one generated {TASKS}-task plan ({len(data):,} bytes, "
        f"{len(expected)} findings) and checks every upload's JSON report against `cchc check` on the same "
        f"file (same findings, order and fingerprints). Median of {rounds} rounds after one warm-up round.",
        "",
        "| uploads per round | succeeded, correct | throughput (uploads/s) | median latency (ms) | p95 latency (ms) |",
        "|---:|---:|---:|---:|---:|",
        f"| {CONCURRENT} | {CONCURRENT} × {rounds} | {throughput:.1f} | {statistics.median(medians) * 1000:,.0f} "
        f"| {statistics.median(p95s) * 1000:,.0f} |",
        "",
        "Every upload of every round succeeded with the command line's findings (the script stops at the first "
        "that does not). A round's uploads queue for the workers: the p95 latency is about the time to check "
        f"{CONCURRENT} plans on {workers} workers, not one plan's.",
    ])
    print(text)
    if not args.quick:
        write_section("serve", text)


if __name__ == "__main__":
    main()
