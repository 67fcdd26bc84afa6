"""Benchmark: Kommuneprofil, the first view of a municipality after an import, on a real server.

Usage: python benchmarks/bench_profile.py [--scale national|standard] [--wait 10] [--workdir DIR]
A server (the project's settings) is warmed with one session; then a command-line import swaps in a new
data version, and a new tab opens Kommuneprofil for a municipality nobody has viewed yet: once at once
after the import (racing the background warming) and once after --wait seconds (warming done). Prints
the wall time and the server's CPU for each; before issue 14 it cost 1.2-1.8 s cold. Asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from bench_load import build_database, write_import_files  # noqa: E402
from servers import cpu_seconds, free_port, machine_speed, start_streamlit, stop  # noqa: E402
from streamlit_client import Record, Session, open_tab  # noqa: E402

UNSEEN = ["1804", "5001", "0301", "4601"]  # Bodø, Trondheim, Oslo, Bergen: nobody has opened them yet


async def first_view(base: str, pid: int, kommune: str) -> tuple[float, float, list]:
    """A new tab: Oversikt, then Kommuneprofil for `kommune`; (wall s, server CPU s) of the profile run."""
    record = Record()
    ws = await open_tab(base)
    async with ws:
        session = Session(0, ws, record, time.monotonic())
        await session.visit("Oversikt", 300, opening=True)
        session.query_string = f"kommune={kommune}"
        before, started = cpu_seconds(pid), time.monotonic()
        await session.visit("Kommuneprofil", 300)
        wall = time.monotonic() - started
        await asyncio.sleep(0.3)
        return wall, cpu_seconds(pid) - before, record.problems


def run_import(file: Path, db: Path) -> float:
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "kompetanse", "import", str(file), "--db", str(db)],
        cwd=REPO,
        check=True,
        capture_output=True,
        timeout=300,
    )
    return time.monotonic() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=["standard", "national"], default="national")
    parser.add_argument("--wait", type=float, default=10.0, help="seconds between the import and the view")
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()
    print(machine_speed())
    with tempfile.TemporaryDirectory(prefix="bench-profile-") as temp:
        folder = args.workdir or Path(temp)
        folder.mkdir(parents=True, exist_ok=True)
        db = folder / "profile.duckdb"
        db.unlink(missing_ok=True)
        build_database(db, args.scale)
        files = write_import_files(db, folder, 2)
        port = free_port()
        server = start_streamlit(db, port, folder / "server.log")
        base = f"http://127.0.0.1:{port}"
        problems = []
        try:
            wall, cpu, found = asyncio.run(first_view(base, server.pid, "1868"))
            problems += found
            print(f"Kommuneprofil, first view after start (cold, warming too): {wall:.2f} s, CPU {cpu:.2f} s")
            time.sleep(args.wait)
            for number, (file, pause) in enumerate(zip(files, (0.0, args.wait)), start=1):
                took = run_import(file, db)
                time.sleep(pause)
                wall, cpu, found = asyncio.run(first_view(base, server.pid, UNSEEN[number]))
                problems += found
                when = "at once" if pause == 0 else f"{pause:.0f} s"
                print(
                    f"import {number} ({took:.1f} s), then Kommuneprofil of an unseen municipality {when} "
                    f"after it: {wall * 1000:.0f} ms, server CPU {cpu * 1000:.0f} ms"
                )
        finally:
            stop(server)
        log = (folder / "server.log").read_text(errors="replace")
        if "Traceback" in log:
            problems.append(log[log.index("Traceback") :][:2000])
        for problem in problems:
            print(f"problem: {problem}")
        print(f"errors: {len(problems)}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
