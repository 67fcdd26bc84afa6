"""Benchmark: where a page run's CPU goes on a real server, per function, beside a reference, in turns.

Usage: python benchmarks/bench_threads.py [--page Oversikt] [--scale standard|national] [--rounds 8]
       [--runs 20] [--before REV] [--functions module:attr ...] [--workdir DIR]
Each server runs under benchmarks/thread_timer.py, which counts the thread CPU (time.thread_time) of
every script run and of the named functions. This checkout is served beside the reference app (for
Oversikt: benchmarks/reference_app.py, which sends the same messages) and, with --before, beside a git
worktree of that commit. One warm session per server (every page visited twice; the reference's
Oversikt five times), then, once the servers are idle, each round runs the page --runs times on
each server in turn. Prints per server the process CPU per run (/proc: every thread, Streamlit's
sending included), the script thread's, and each named function's with its calls per run. This is
how the savings of issue 14's last evening were found: thread CPU sees a 0.3 ms difference that the
process's 10 ms clock ticks do not. Asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from bench_cpu import REFERENCE, reference_data, warm_session  # noqa: E402
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
from streamlit_client import Record, Session, open_tab  # noqa: E402

TIMER = REPO / "benchmarks" / "thread_timer.py"
DEFAULT_FUNCTIONS = (
    "kompetanse.ui.sidebar:sidebar_filters",
    "kompetanse.ui.login:account_box",
    "kompetanse.ui.language:choose_language",
    "kompetanse.ui.browser:install",
    "streamlit.navigation.page:Page.run",
)


def start(name: str, script: Path, checkout: Path, db: Path, folder: Path, functions: str):
    """(port, server) for `script` under thread_timer.py, which writes its counts to threads-NAME.json."""
    port = free_port()
    server = start_streamlit(
        db,
        port,
        folder / f"threads-{name}.log",
        script=script,
        checkout=checkout,
        launcher=[str(TIMER), str(folder / f"threads-{name}.json")],
        env={"THREAD_TIMED": functions},
    )
    return port, server


async def measure(servers: dict[str, tuple[int, int]], page: str, rounds: int, runs: int) -> dict[str, float]:
    """name -> process CPU seconds over every measured run (servers: name -> (port, pid)); the timers
    count from the first round."""
    sessions, used = {}, dict.fromkeys(servers, 0.0)
    try:
        for name, (port, _pid) in servers.items():
            if name == "reference":
                tab = await open_tab(f"http://127.0.0.1:{port}")
                session = Session(0, tab, Record(), time.monotonic())
                await session.visit("Oversikt", 300, opening=True)
            else:
                session = await warm_session(port, Record(), PAGES)
            for _ in range(5):
                await session.visit(page, 300)
            sessions[name] = session
        pids = [pid for _port, pid in servers.values()]
        for pid in pids:
            await asyncio.to_thread(wait_idle, pid)
        for pid in pids:
            os.kill(pid, signal.SIGUSR2)
        await asyncio.sleep(0.5)
        names = list(servers)
        for number in range(rounds):
            for name in names if number % 2 == 0 else reversed(names):
                pid = servers[name][1]
                before = cpu_seconds(pid)
                for _ in range(runs):
                    await sessions[name].visit(page, 300)
                await asyncio.sleep(0.3)
                used[name] += cpu_seconds(pid) - before
        for pid in pids:
            os.kill(pid, signal.SIGUSR1)
        await asyncio.sleep(1)
    finally:
        for session in sessions.values():
            await session.ws.close()
    return used


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", default="Oversikt", choices=PAGES)
    parser.add_argument("--scale", choices=["standard", "national"], default="standard")
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--before", help="also serve a worktree of this commit")
    parser.add_argument("--functions", nargs="*", default=list(DEFAULT_FUNCTIONS), metavar="MODULE:ATTR")
    parser.add_argument("--workdir", type=Path, help="keep the database and logs here")
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    print(machine_speed())
    with tempfile.TemporaryDirectory(prefix="bench-threads-") as temp:
        folder = args.workdir or Path(temp)
        folder.mkdir(parents=True, exist_ok=True)
        db = folder / f"{args.scale}.duckdb"
        if not db.exists():
            build_database(db, args.scale)
        targets = {"this": (REPO / "app.py", REPO)}
        if args.page == "Oversikt":
            reference_data(db, folder / "reference.pickle")
            os.environ["REFERENCE_DATA"] = str(folder / "reference.pickle")
            targets["reference"] = (REFERENCE, REPO)
        with contextlib.ExitStack() as stack:
            if args.before:
                before = stack.enter_context(worktree(args.before, folder))
                targets["before"] = (before / "app.py", before)
            started = {}
            try:
                for name, (script, checkout) in targets.items():
                    started[name] = start(name, script, checkout, db, folder, ",".join(args.functions))
                servers = {name: (port, server.pid) for name, (port, server) in started.items()}
                used = asyncio.run(measure(servers, args.page, args.rounds, args.runs))
            finally:
                for _port, server in started.values():
                    stop(server)
        for name in started:
            timed = json.loads((folder / f"threads-{name}.json").read_text(encoding="utf-8"))
            runs = timed["run"][1]
            print(
                f"{name}: {used[name] / runs * 1000:.2f} ms of process CPU a run, script thread "
                f"{timed['run'][0] / runs * 1000:.2f} ms ({runs} runs of {args.page})"
            )
            for function, (seconds, count) in sorted(timed.items(), key=lambda item: -item[1][0]):
                if function != "run":
                    print(f"  {seconds / runs * 1000:7.2f} ms a run  {count / runs:5.1f} calls  {function}")
    print(machine_speed())
    return 0


if __name__ == "__main__":
    sys.exit(main())
