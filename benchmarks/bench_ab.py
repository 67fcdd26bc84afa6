"""Benchmark: two commits' servers, CPU per page run side by side, measured in turns.

Usage: python benchmarks/bench_ab.py [--before REV] [--scale standard|national] [--rounds 4] [--runs 5]
       [--workdir DIR]
The machine's speed moves by tens of percent within minutes (see `machine_speed`), so two commits
measured one after the other say more about the machine than about the code. Here a git worktree of
`--before` (default HEAD~1) and this checkout each serve the same database (a copy each) at once; one
warm websocket session per server visits every page twice, and once both servers are idle, each
round runs every page `--runs` times on one server and then on the other (the order alternating).
Prints per page the median CPU seconds per run of each and the median ratio of the rounds.
Asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from bench_cpu import warm_session  # noqa: E402
from bench_load import PAGES, build_database  # noqa: E402
from servers import (  # noqa: E402
    cpu_seconds,
    free_port,
    machine_speed,
    start_streamlit,
    stop,
    wait_idle,
    worktree,
)
from streamlit_client import Record  # noqa: E402


async def measure(servers: dict[str, tuple[int, int]], rounds: int, runs: int) -> dict[str, dict[str, list]]:
    """name -> page -> CPU seconds per run in each round."""
    record, sessions = Record(), {}
    found = {name: {page: [] for page in PAGES} for name in servers}
    try:
        for name, (port, _pid) in servers.items():
            sessions[name] = await warm_session(port, record, PAGES)
        for _port, pid in servers.values():  # the start-up warming is not a page run's
            await asyncio.to_thread(wait_idle, pid)
        names = list(servers)
        for number in range(rounds):
            for name in names if number % 2 == 0 else reversed(names):
                pid = servers[name][1]
                for page in PAGES:
                    before = cpu_seconds(pid)
                    for _ in range(runs):
                        await sessions[name].visit(page, 300)
                    await asyncio.sleep(0.3)  # Streamlit's work after script_finished counts too
                    found[name][page].append((cpu_seconds(pid) - before) / runs)
    finally:
        for session in sessions.values():
            await session.ws.close()
    for problem in record.problems:
        print(f"  problem: {problem.kind} on {problem.page}: {problem.detail[:500]}")
    return found


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default="HEAD~1", help="the commit to compare this checkout with")
    parser.add_argument("--scale", choices=["standard", "national"], default="standard")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workdir", type=Path, help="keep the database and logs here")
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    print(machine_speed())
    with tempfile.TemporaryDirectory(prefix="bench-ab-") as temp:
        folder = args.workdir or Path(temp)
        folder.mkdir(parents=True, exist_ok=True)
        db = folder / f"{args.scale}.duckdb"
        if not db.exists():
            build_database(db, args.scale)
        started = {}
        with worktree(args.before, folder) as before:
            try:
                for name, checkout in (("before", before), ("this", REPO)):
                    copy = folder / f"{name}.duckdb"
                    shutil.copyfile(db, copy)
                    port = free_port()
                    log = folder / f"{name}.log"
                    started[name] = (port, start_streamlit(copy, port, log, checkout=checkout))
                servers = {name: (port, process.pid) for name, (port, process) in started.items()}
                found = asyncio.run(measure(servers, args.rounds, args.runs))
            finally:
                for _port, process in started.values():
                    stop(process)
        print(f"{'page':<24}{args.before:>12}{'this':>10}  this/before (median of {args.rounds} rounds)")
        for page in PAGES:
            pairs = zip(found["before"][page], found["this"][page])
            ratios = [mine / theirs for theirs, mine in pairs if theirs]
            print(
                f"{page:<24}{statistics.median(found['before'][page]):>12.4f}"
                f"{statistics.median(found['this'][page]):>10.4f}  {statistics.median(ratios):.2f}"
            )
    print(machine_speed())
    return 0


if __name__ == "__main__":
    sys.exit(main())
