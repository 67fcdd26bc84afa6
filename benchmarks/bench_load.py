"""Benchmark: N websocket sessions click through every page of a real server while imports run.

Usage: python benchmarks/bench_load.py [--sessions 30] [--seconds 60] [--scale standard|national]
       [--imports 2] [--think 0] [--spread 0.5] [--ramp 0] [--processes 1] [--nginx] [--gc off|on]
       [--soak MINUTES] [--sample 10] [--page-timeout 120] [--no-warmup] [--workdir DIR]
Prints figures; exits with 1 if any page run failed, hung, or showed data that is neither the old
nor the new. Each session is a browser tab as far as the server can tell (streamlit_client.py): it
loads the page, then speaks Streamlit's own websocket protocol. While they click, the command-line
import changes the population figures that Oversikt shows; every Oversikt run must show the figures of
one whole data version (before the imports, after the first..).

--processes N (or --nginx) puts deploy/cluster.py's nginx (Debian's package, loopback only) in front of
N app processes; every session comes from 127.0.0.1, and the access log shows how they spread.
--soak MINUTES clicks that long and prints the servers' memory every --sample seconds.
--think T makes each session wait between pages: T on average, drawn evenly from T x (1 ± --spread)
per click (seeded per session), so sessions that opened the app together do not click in step for
the whole run, as people in a meeting do not; --spread 0 waits exactly T.
--ramp R opens the sessions' links evenly over R seconds instead of all in the same instant.
Before the load, one session per process clicks every page once (the coordinator preparing the
meeting); --no-warmup starts the load on a server nobody has used. The server CPU printed is the load's.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from load_report import (  # noqa: E402
    PAGES,
    ImportRun,
    Load,
    print_data_versions,
    print_latencies,
    print_memory,
    print_problems,
    print_spread,
    print_timeline,
)
from servers import (  # noqa: E402
    cpu_seconds,
    free_port,
    machine_speed,
    memory_mb,
    peak_memory_mb,
    start_cluster,
    start_streamlit,
    stop,
)
from streamlit_client import KeyFigures, Problem, Session, open_tab  # noqa: E402
from websockets.exceptions import WebSocketException  # noqa: E402

from kompetanse.ui.reader import MAX_STALE_S  # noqa: E402

REGION_ID = "18009"  # Vesterålen, the app's default region (regions.DEFAULT_REGION_ID)
POPULATION = "innbyggere"
OLD_AGE_SHARE = "innbyggere_80_pluss_andel"
IMPORT_TIMEOUT_S = 180


def run_cli(*args: str, timeout: float) -> None:
    """`python -m kompetanse ...`, the way an operator runs it; raises if it fails."""
    subprocess.run(
        [sys.executable, "-m", "kompetanse", *args],
        cwd=REPO,
        capture_output=True,
        timeout=timeout,
        check=True,
    )


def build_database(db: Path, scale: str) -> None:
    """Build the database with the command line and print how long it took."""
    start = time.perf_counter()
    run_cli("build", "--db", str(db), "--scale", scale, timeout=300)
    print(f"build --scale {scale}: {time.perf_counter() - start:.1f} s, {db.stat().st_size / 1e6:.0f} MB")


def population_rows(db: Path) -> tuple[int, list[tuple[str, float, float]]]:
    """The newest population year and (kommunenummer, inhabitants, aged 80+) in the region."""
    from kompetanse.indicators.comparison import compare_region
    from kompetanse.store.build import open_current

    database = open_current(db)
    try:
        year = compare_region(database, REGION_ID, POPULATION).year
        frame = database.sql(
            "select o.kommunenummer, p.value as innbyggere, o.numerator as eldre "
            "from observation o join observation p using (kommunenummer, year) "
            "where o.indicator_id = $share and p.indicator_id = $population and o.year = $year "
            "and o.kommunenummer in (select kommunenummer from region_member where region_id = $region) "
            "order by o.kommunenummer",
            share=OLD_AGE_SHARE,
            population=POPULATION,
            year=year,
            region=REGION_ID,
        )
    finally:
        database.close()
    return year, list(frame.iter_rows())


def write_import_files(db: Path, folder: Path, count: int) -> list[Path]:
    """Canonical CSVs; import k adds 100*k inhabitants (10*k aged 80+) to each municipality of the region."""
    year, rows = population_rows(db)
    files = []
    for k in range(1, count + 1):
        lines = ["kommunenummer,år,indikator,verdi,teller,nevner,kilde"]
        for code, inhabitants, old in rows:
            total = int(inhabitants) + 100 * k
            lines.append(f"{code},{year},{POPULATION},{total},,,Lasttest {k}")
            lines.append(f"{code},{year},{OLD_AGE_SHARE},,{int(old) + 10 * k},{total},Lasttest {k}")
        path = folder / f"lasttest-{k}.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        files.append(path)
    return files


def key_figures(db: Path) -> KeyFigures:
    """The metrics Oversikt shows for the region, computed by the app's own code."""
    from kompetanse.rules.regions import members
    from kompetanse.store.build import open_current
    from kompetanse.views.oversikt import key_figures as overview_key_figures

    database = open_current(db)
    try:
        return tuple(overview_key_figures(database, REGION_ID, members(database, REGION_ID).height))
    finally:
        database.close()


def expected_states(db: Path, files: list[Path], folder: Path) -> list[KeyFigures]:
    """Oversikt's key figures before the imports and after each, from the same imports into a scratch copy."""
    scratch = folder / "scratch.duckdb"
    shutil.copyfile(db, scratch)
    states = [key_figures(scratch)]
    for file in files:
        run_cli("import", str(file), "--bekreft", "--db", str(scratch), timeout=IMPORT_TIMEOUT_S)
        states.append(key_figures(scratch))
    if len(set(states)) != len(states):
        raise RuntimeError(f"the imports do not change what Oversikt shows: {states}")
    return states


async def run_session(index: int, base: str, args, load: Load, states: list, origin: float, deadline: float):
    """Open the app, then click through the pages in turn until the deadline; reconnect after a failure."""
    order = PAGES[index % len(PAGES) :] + PAGES[: index % len(PAGES)]  # spread the sessions over the pages
    page = "Oversikt"
    waits = random.Random(f"bench-load:{index}")
    await asyncio.sleep(args.ramp * index / args.sessions)  # --ramp: the openings spread evenly
    while time.monotonic() < deadline:
        try:
            async with await open_tab(base) as ws:
                session = Session(index, ws, load, origin, states)
                await session.visit("Oversikt", args.page_timeout, opening=True)  # the link lands on Oversikt
                for page in itertools.cycle(order):
                    if time.monotonic() >= deadline:
                        return
                    await asyncio.sleep(args.think * waits.uniform(1 - args.spread, 1 + args.spread))
                    await session.visit(page, args.page_timeout)
        except TimeoutError:  # recorded by visit; start over on a new connection
            pass
        except (OSError, WebSocketException) as error:
            detail = f"{type(error).__name__}: {error}"
            load.problems.append(Problem("connection", index, page, time.monotonic() - origin, detail))
            await asyncio.sleep(1)


async def run_import(number: int, file: Path, db: Path, load: Load, origin: float) -> None:
    """One command-line import in a subprocess; a failure is a problem."""
    started = time.monotonic()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "kompetanse",
        "import",
        str(file),
        "--bekreft",
        "--db",
        str(db),
        cwd=REPO,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    try:
        output, _ = await asyncio.wait_for(process.communicate(), IMPORT_TIMEOUT_S)
    except TimeoutError:
        process.kill()
        await process.wait()
        output = f"killed after {IMPORT_TIMEOUT_S} s".encode()
    finished = time.monotonic()
    load.imports.append(ImportRun(number, started - origin, finished - origin, process.returncode))
    if process.returncode != 0:
        load.problems.append(
            Problem("import failed", -1, "", finished - origin, output.decode(errors="replace"))
        )


async def run_imports(files: list[Path], db: Path, seconds: float, load: Load, origin: float) -> None:
    """The imports, spread evenly over the load, one after the other."""
    for number, file in enumerate(files, start=1):
        await asyncio.sleep(max(0.0, origin + seconds * number / (len(files) + 1) - time.monotonic()))
        await run_import(number, file, db, load, origin)


async def sample_memory(pids: list[int], every: float, load: Load, origin: float, deadline: float) -> None:
    """Resident memory of every server process, every `every` seconds until the deadline."""
    while True:
        load.memory.append((time.monotonic() - origin, [memory_mb(pid) for pid in pids]))
        if time.monotonic() + every > deadline:
            return
        await asyncio.sleep(every)


async def warm_up(backends: list[str], timeout: float) -> float:
    """One session per process clicks every page once, as the coordinator does before the meeting:
    the load then meets a server that has been used, not one that has just started (--no-warmup)."""
    started = time.monotonic()
    record = Load()
    for backend in backends:
        async with await open_tab(backend) as ws:
            session = Session(-1, ws, record, started)
            await session.visit("Oversikt", timeout, opening=True)
            for page in PAGES[1:]:
                await session.visit(page, timeout)
    if record.problems:
        raise RuntimeError(f"the warm-up failed: {record.problems[0]}")
    return time.monotonic() - started


async def run_load(args, base: str, pids: list[int], db: Path, files: list[Path], states) -> Load:
    """The sessions and the imports together, bounded by --seconds plus one page timeout."""
    load = Load()
    origin = time.monotonic()
    deadline = origin + args.seconds
    tasks = [
        asyncio.create_task(run_session(i, base, args, load, states, origin, deadline))
        for i in range(args.sessions)
    ]
    tasks.append(asyncio.create_task(run_imports(files, db, args.seconds, load, origin)))
    sampler = asyncio.create_task(sample_memory(pids, args.sample, load, origin, deadline))
    done, pending = await asyncio.wait(tasks, timeout=args.seconds + args.page_timeout + 30)
    for task in pending:
        task.cancel()
        load.problems.append(
            Problem("timeout", -1, "", time.monotonic() - origin, "still running at the end")
        )
    await asyncio.gather(*pending, return_exceptions=True)
    sampler.cancel()
    await asyncio.gather(sampler, return_exceptions=True)
    for task in done:
        if task.exception() is not None:
            error = task.exception()
            load.problems.append(Problem("load generator", -1, "", 0.0, f"{type(error).__name__}: {error}"))
    load.seconds = time.monotonic() - origin
    return load


def check_staleness(load: Load) -> None:
    """An Oversikt run that started more than MAX_STALE_S after an import had finished must show that
    import's data or newer (a new version is served once warm: ui/reader.py); prints how long after an
    import the version before was still shown."""
    finished = sorted(run.finished for run in load.imports if run.returncode == 0)
    lag = 0.0
    for run in load.runs:
        if run.state is None:
            continue
        due = sum(1 for at in finished if at + MAX_STALE_S < run.started)
        if run.state < due:
            detail = f"showed version {run.state} although import {due} had finished {MAX_STALE_S:g} s before"
            load.problems.append(Problem("stale data", run.session, run.page, run.started, detail))
        newer = [at for at in finished[run.state :] if at < run.started]
        if newer:
            lag = max(lag, run.started - newer[0])
    print(
        f"the version before an import was shown up to {lag:.1f} s after it finished "
        f"(allowed: {MAX_STALE_S:g} s)"
    )


def check_idle_server(load: Load, pids: list[int]) -> None:
    """After a timeout: a server that uses no CPU while sessions wait for it is deadlocked, not slow."""
    if not any(problem.kind == "timeout" for problem in load.problems):
        return
    for pid in pids:
        before = cpu_seconds(pid)
        time.sleep(3)
        share = (cpu_seconds(pid) - before) / 3
        verdict = "it looks deadlocked" if share < 0.1 else "it is still working"
        print(
            f"after the timeouts server {pid} uses {share:.0%} of a core: {verdict} "
            f"(PYTHONFAULTHANDLER=1 and kill -ABRT {pid} print its threads)"
        )


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=60.0, help="how long the sessions click")
    parser.add_argument("--scale", choices=["standard", "national"], default="standard")
    parser.add_argument("--imports", type=int, default=2, help="imports spread evenly over the run")
    parser.add_argument("--think", type=float, default=0.0, help="seconds each session waits between pages")
    parser.add_argument(
        "--spread", type=float, default=0.5, help="the think time varies by this share either way"
    )
    parser.add_argument(
        "--ramp", type=float, default=0.0, help="seconds over which the sessions open the link (0: at once)"
    )
    parser.add_argument(
        "--no-warmup", dest="warmup", action="store_false", help="start the load on a server nobody has used"
    )
    parser.add_argument("--processes", type=int, default=1, help="app processes (more than 1: behind nginx)")
    parser.add_argument("--nginx", action="store_true", help="nginx in front even of one process")
    parser.add_argument("--gc", choices=["off", "on"], default="off", help="runner.postScriptGC")
    parser.add_argument("--soak", type=float, help="minutes to click (overrides --seconds)")
    parser.add_argument("--sample", type=float, default=10.0, help="seconds between memory samples")
    parser.add_argument("--page-timeout", type=float, default=120.0, help="seconds before a page run hangs")
    parser.add_argument("--workdir", type=Path, help="keep the database and the server logs here")
    args = parser.parse_args()
    if args.soak:
        args.seconds = args.soak * 60
    return args


def main() -> int:
    args = parse_args()
    print(machine_speed())
    with tempfile.TemporaryDirectory(prefix="bench-load-") as temp:
        folder = args.workdir or Path(temp)
        folder.mkdir(parents=True, exist_ok=True)
        db = folder / "load.duckdb"
        db.unlink(missing_ok=True)
        build_database(db, args.scale)
        files = write_import_files(db, folder, args.imports)
        states = expected_states(db, files, folder)
        rows = len(files[0].read_text().splitlines()) - 1 if files else 0
        imports = f"{len(files)} import{'' if len(files) == 1 else 's'} of {rows} rows"
        print(
            f"{args.sessions} sessions, {args.seconds:.0f} s, {imports}, "
            f"think time {args.think:g} s ± {args.spread:.0%}, "
            f"{'opening at once' if not args.ramp else f'opening over {args.ramp:g} s'}, "
            f"{args.processes} process{'es' if args.processes > 1 else ''}"
            f"{' behind nginx' if args.processes > 1 or args.nginx else ''}, postScriptGC {args.gc}"
        )
        options = (f"--runner.postScriptGC={'true' if args.gc == 'on' else 'false'}",)
        cluster, server = None, None
        if args.processes > 1 or args.nginx:
            cluster = start_cluster(db, args.processes, folder, options)
            base, pids, logs = (
                cluster.url,
                [app.pid for app in cluster.apps],
                list(cluster.workdir.glob("app-*.log")),
            )
        else:
            port = free_port()
            server = start_streamlit(db, port, folder / "server.log", options=options)
            base, pids, logs = f"http://127.0.0.1:{port}", [server.pid], [folder / "server.log"]
        try:
            if args.warmup:
                backends = [f"http://127.0.0.1:{port}" for port in cluster.app_ports] if cluster else [base]
                took = asyncio.run(warm_up(backends, args.page_timeout))
                print(f"warm-up: one session per process clicked every page once ({took:.1f} s)")
            before = sum(cpu_seconds(pid) for pid in pids)
            load = asyncio.run(run_load(args, base, pids, db, files, states))
            check_idle_server(load, pids)
            server_cpu = sum(cpu_seconds(pid) for pid in pids) - before
            server_mb = [peak_memory_mb(pid) for pid in pids]
        finally:
            cluster.stop() if cluster else stop(server)
        check_staleness(load)
        print_latencies(load)
        print_timeline(load)
        print_data_versions(load, states)
        if cluster:
            print_spread(cluster.access_log, args.processes)
        print_memory(load)
        own = resource.getrusage(resource.RUSAGE_SELF)
        print(
            f"server: {server_cpu:.0f} s CPU, peak memory "
            + " + ".join(f"{mb:.0f}" for mb in server_mb)
            + f" MB; load generator: {own.ru_utime + own.ru_stime:.0f} s CPU"
        )
        problems = print_problems(load, "\n".join(log.read_text(errors="replace") for log in logs))
    return 1 if problems else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # main's finally has stopped the servers
        print("stopped", file=sys.stderr)
        sys.exit(130)
