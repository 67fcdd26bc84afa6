"""Benchmark: N websocket sessions click through every page of a real server while imports run.

Usage: python benchmarks/bench_load.py [--sessions 30] [--seconds 60] [--scale standard|national]
       [--imports 2] [--think 0] [--page-timeout 120] [--workdir DIR]
Prints figures; exits with 1 if any page run failed, hung, or showed data that is neither the old
nor the new. Each session speaks Streamlit's own websocket protocol, as a browser tab does: a
`rerun_script` BackMsg names the page (a click on a page link), and the server streams ForwardMsgs
until `script_finished`. So no browser is needed, and 30 sessions fit on a 2-core machine. While
they click, the command-line import changes the population figures that Oversikt shows; every
Oversikt run must show the figures of one whole data version (before the imports, after the first..).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from websockets.asyncio.client import ClientConnection, connect  # noqa: E402
from websockets.exceptions import WebSocketException  # noqa: E402

PAGES = [  # titles as in app.py; Importer data and Administrasjon are for editors and admins
    "Oversikt",
    "Kompetansegap",
    "Lederutvikling",
    "Rekruttering",
    "Sammenlign",
    "Kommuneprofil",
    "Tiltak og resultater",
    "Innspill fra temamøter",
    "Presentasjon",
    "Om dataene",
]
REGION_ID = "18009"  # Vesterålen, the app's default region (regions.DEFAULT_REGION_ID)
POPULATION = "innbyggere"
OLD_AGE_SHARE = "innbyggere_80_pluss_andel"
ERROR_ALERT = 1  # Alert.Format.ERROR, what st.error sends
IMPORT_TIMEOUT_S = 180

KeyFigures = tuple[tuple[str, str, str], ...]  # Oversikt's metrics: (label, value, help)


@dataclass
class PageRun:
    session: int
    page: str
    started: float  # seconds since the load started
    seconds: float
    opening: bool = False  # the session's first run: opening the app's link
    state: int | None = None  # Oversikt: which data version it showed (0 = before the imports)


@dataclass
class Problem:
    kind: str
    session: int
    page: str
    at: float
    detail: str


@dataclass
class ImportRun:
    number: int
    started: float
    finished: float
    returncode: int | None


@dataclass
class Seen:
    """What one page run has sent so far."""

    messages: int = 0
    page: str = ""  # the page the server says it runs
    last_element: str = ""
    metrics: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass
class Load:
    """Everything measured while the sessions ran."""

    runs: list[PageRun] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    imports: list[ImportRun] = field(default_factory=list)
    bytes_received: int = 0
    seconds: float = 0.0


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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(db: Path, port: int, log: Path) -> subprocess.Popen:
    """`streamlit run app.py` on the database; returns once /_stcore/health answers."""
    start = time.perf_counter()
    with open(log, "wb") as handle:  # a file, not a pipe: a full pipe would stall the server
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "app.py",
                "--server.headless=true",
                f"--server.port={port}",
                "--server.address=127.0.0.1",
                "--browser.gatherUsageStats=false",
            ],
            cwd=REPO,
            env={**os.environ, "KOMPETANSE_DB": str(db)},
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                stop_server(process)
                raise RuntimeError(f"the server did not start:\n{log.read_text()}") from None
            time.sleep(0.3)
    print(f"server ready in {time.perf_counter() - start:.1f} s (port {port}, pid {process.pid})")
    return process


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a running process, from /proc."""
    stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")


def peak_memory_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text().splitlines()
    return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024


def stop_server(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:  # a deadlocked server may not finish its shutdown
            process.kill()
            process.wait(10)


class Session:
    """One browser tab, as far as the server can tell: a websocket and the tab's URL state."""

    def __init__(self, index: int, ws: ClientConnection, load: Load, states: list[KeyFigures], origin: float):
        self.index, self.ws, self.load, self.states, self.origin = index, ws, load, states, origin
        self.query_string = ""  # the URL's query string, as the server last set it
        self.page_hashes: dict[str, str] = {}  # page title -> page_script_hash, from `navigation`

    def problem(self, kind: str, page: str, detail: str) -> None:
        self.load.problems.append(Problem(kind, self.index, page, time.monotonic() - self.origin, detail))

    def request(self, page: str) -> BackMsg:
        """What the browser sends on opening the app's URL (no page known yet) or clicking a page link."""
        back = BackMsg()
        back.rerun_script.query_string = self.query_string
        if page in self.page_hashes:
            back.rerun_script.page_script_hash = self.page_hashes[page]
        else:
            back.rerun_script.page_name = ""  # the URL "/": the default page, Oversikt
        return back

    async def visit(self, page: str, timeout: float, opening: bool = False) -> None:
        """Run one page to the end, recording its time, what went wrong and which data it showed."""
        started = time.monotonic()
        await self.ws.send(self.request(page).SerializeToString())
        seen = Seen()
        try:
            async with asyncio.timeout(timeout):
                await self.read_run(page, seen)
        except TimeoutError:
            self.problem(
                "timeout",
                page,
                f"no script_finished after {timeout:.0f} s; {seen.messages} "
                f"messages came, the last element was {seen.last_element!r}",
            )
            raise
        if seen.page != page:
            self.problem("wrong page", page, f"the server ran {seen.page!r}")
        run = PageRun(self.index, page, started - self.origin, time.monotonic() - started, opening)
        if page == "Oversikt":
            run.state = self.data_state(tuple(seen.metrics))
        self.load.runs.append(run)

    async def read_run(self, page: str, seen: Seen) -> None:
        """Read ForwardMsgs until the run has finished (after any st.rerun)."""
        while True:
            raw = await self.ws.recv()
            self.load.bytes_received += len(raw)
            seen.messages += 1
            msg = ForwardMsg.FromString(raw)
            kind = msg.WhichOneof("type")
            if kind == "new_session":  # a run starts (again, after st.rerun): only its elements count
                seen.metrics = []
            elif kind == "navigation":
                self.page_hashes = {p.page_name: p.page_script_hash for p in msg.navigation.app_pages}
                titles = {p.page_script_hash: p.page_name for p in msg.navigation.app_pages}
                seen.page = titles.get(msg.navigation.page_script_hash, "")
            elif kind == "page_info_changed":
                self.query_string = msg.page_info_changed.query_string
            elif kind == "page_not_found":
                self.problem("page not found", page, msg.page_not_found.page_name)
            elif kind == "session_event" and msg.session_event.HasField("script_compilation_exception"):
                self.problem("compile error", page, str(msg.session_event.script_compilation_exception))
            elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                self.inspect(msg.delta.new_element, page, seen)
            elif kind == "script_finished":
                if msg.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY:
                    return
                if msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    status = ForwardMsg.ScriptFinishedStatus.Name(msg.script_finished)
                    self.problem("script finished badly", page, status)
                    return

    def inspect(self, element, page: str, seen: Seen) -> None:
        """Note exceptions, st.error alerts and Oversikt's metrics."""
        which = element.WhichOneof("type")
        seen.last_element = which
        if which == "exception":
            ex = element.exception
            self.problem("exception", page, f"{ex.type}: {ex.message}\n" + "\n".join(ex.stack_trace))
        elif which == "alert" and element.alert.format == ERROR_ALERT:
            self.problem("st.error", page, element.alert.body)
        elif which == "metric":
            seen.metrics.append((element.metric.label, element.metric.body, element.metric.help))

    def data_state(self, metrics: KeyFigures) -> int | None:
        """Which data version Oversikt showed; a mix or anything else is a problem."""
        if metrics in self.states:
            return self.states.index(metrics)
        self.problem("neither old nor new data", "Oversikt", repr(metrics))
        return None


async def run_session(index: int, url: str, args, load: Load, states: list, origin: float, deadline: float):
    """Open the app, then click through the pages in turn until the deadline; reconnect after a failure."""
    order = PAGES[index % len(PAGES) :] + PAGES[: index % len(PAGES)]  # spread the sessions over the pages
    page = "Oversikt"
    while time.monotonic() < deadline:
        try:
            # Browsers send no websocket pings; the page timeout catches a server that hangs.
            async with connect(url, subprotocols=["streamlit"], max_size=None, ping_interval=None) as ws:
                session = Session(index, ws, load, states, origin)
                await session.visit("Oversikt", args.page_timeout, opening=True)  # the link lands on Oversikt
                for page in itertools.cycle(order):
                    if time.monotonic() >= deadline:
                        return
                    await asyncio.sleep(args.think)
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


async def run_load(args, port: int, db: Path, files: list[Path], states: list[KeyFigures]) -> Load:
    """The sessions and the imports together, bounded by --seconds plus one page timeout."""
    load = Load()
    origin = time.monotonic()
    deadline = origin + args.seconds
    url = f"ws://127.0.0.1:{port}/_stcore/stream"
    tasks = [
        asyncio.create_task(run_session(i, url, args, load, states, origin, deadline))
        for i in range(args.sessions)
    ]
    tasks.append(asyncio.create_task(run_imports(files, db, args.seconds, load, origin)))
    done, pending = await asyncio.wait(tasks, timeout=args.seconds + args.page_timeout + 30)
    for task in pending:
        task.cancel()
        load.problems.append(
            Problem("timeout", -1, "", time.monotonic() - origin, "still running at the end")
        )
    await asyncio.gather(*pending, return_exceptions=True)
    for task in done:
        if task.exception() is not None:
            error = task.exception()
            load.problems.append(Problem("load generator", -1, "", 0.0, f"{type(error).__name__}: {error}"))
    load.seconds = time.monotonic() - origin
    return load


def check_staleness(load: Load) -> None:
    """An Oversikt run that started after an import had finished must show that import's data or newer."""
    finished = sorted(run.finished for run in load.imports if run.returncode == 0)
    for run in load.runs:
        due = sum(1 for at in finished if at < run.started)
        if run.state is not None and run.state < due:
            detail = f"showed version {run.state} although import {due} had finished"
            load.problems.append(Problem("stale data", run.session, run.page, run.started, detail))


def check_idle_server(load: Load, pid: int) -> None:
    """After a timeout: a server that uses no CPU while sessions wait for it is deadlocked, not slow."""
    if not any(problem.kind == "timeout" for problem in load.problems):
        return
    before = cpu_seconds(pid)
    time.sleep(3)
    share = (cpu_seconds(pid) - before) / 3
    verdict = "it looks deadlocked" if share < 0.1 else "it is still working"
    print(
        f"after the timeouts the server uses {share:.0%} of a core: {verdict} "
        f"(PYTHONFAULTHANDLER=1 and kill -ABRT {pid} print its threads)"
    )


def percentile(ordered: list[float], share: float) -> float:
    return ordered[max(0, round(share * len(ordered)) - 1)]


def latency_row(name: str, times: list[float]) -> str:
    ordered = sorted(times)
    return (
        f"{name:<24}{len(times):>6}{statistics.median(ordered) * 1000:>9.0f} ms"
        f"{percentile(ordered, 0.95) * 1000:>9.0f} ms{ordered[-1] * 1000:>9.0f} ms"
    )


def print_latencies(load: Load) -> None:
    """Runs per second and the time from click to script_finished, overall and per page."""
    runs = load.runs
    print(
        f"page runs: {len(runs)} in {load.seconds:.1f} s = {len(runs) / load.seconds:.1f} runs/s, "
        f"{load.bytes_received / 1e6:.0f} MB received"
    )
    if not runs:
        return
    print(f"{'page':<24}{'runs':>6}{'p50':>12}{'p95':>12}{'max':>12}")
    print(latency_row("all page runs", [run.seconds for run in runs]))
    print(latency_row("opening the app", [run.seconds for run in runs if run.opening]))
    for page in PAGES:
        times = [run.seconds for run in runs if run.page == page and not run.opening]
        if times:
            print(latency_row(page, times))


def overlaps_import(run: PageRun, imports: list[ImportRun]) -> bool:
    """Whether the run was under way while an import wrote and swapped the file."""
    return any(run.started < imp.finished and run.started + run.seconds > imp.started for imp in imports)


def print_data_versions(load: Load, states: list[KeyFigures]) -> None:
    """The imports, and which data version the Oversikt runs showed."""
    for run in load.imports:
        print(
            f"import {run.number}: started at {run.started:.1f} s, "
            f"took {run.finished - run.started:.1f} s, exit {run.returncode}"
        )
    names = ["before the imports"] + [f"after import {k}" for k in range(1, len(states))]
    counts = [sum(1 for run in load.runs if run.state == k) for k in range(len(states))]
    print("Oversikt showed: " + ", ".join(f"{name}: {count}" for name, count in zip(names, counts)))
    during = sum(1 for run in load.runs if run.page == "Oversikt" and overlaps_import(run, load.imports))
    print(f"  Oversikt runs that overlapped an import: {during}")
    for name, state in zip(names, states):
        print(f"  {name}: " + "; ".join(f"{label} = {value}" for label, value, _ in state[1:]))


def print_problems(load: Load, server_log: str) -> int:
    """Errors by kind, the first two of each in full; returns how many there were."""
    if "Traceback" in server_log:
        detail = server_log[server_log.index("Traceback") :][:3000]
        load.problems.append(Problem("server log traceback", -1, "", 0.0, detail))
    if not load.problems:
        print("errors: 0")
        return 0
    kinds: dict[str, list[Problem]] = {}
    for problem in load.problems:
        kinds.setdefault(problem.kind, []).append(problem)
    print(f"errors: {len(load.problems)} (" + ", ".join(f"{k}: {len(v)}" for k, v in kinds.items()) + ")")
    for kind, problems in kinds.items():
        for problem in problems[:2]:
            print(f"--- {kind}, session {problem.session}, {problem.page or '-'}, at {problem.at:.1f} s:")
            print(problem.detail[:3000])
    return len(load.problems)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=60.0, help="how long the sessions click")
    parser.add_argument("--scale", choices=["standard", "national"], default="standard")
    parser.add_argument("--imports", type=int, default=2, help="imports spread evenly over the run")
    parser.add_argument("--think", type=float, default=0.0, help="seconds each session waits between pages")
    parser.add_argument("--page-timeout", type=float, default=120.0, help="seconds before a page run hangs")
    parser.add_argument("--workdir", type=Path, help="keep the database and the server log here")
    return parser.parse_args()


def main() -> int:
    args = parse_args()
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
        print(f"{args.sessions} sessions, {args.seconds:.0f} s, {imports}, think time {args.think:g} s")
        log, port = folder / "server.log", free_port()
        server = start_server(db, port, log)
        try:
            load = asyncio.run(run_load(args, port, db, files, states))
            check_idle_server(load, server.pid)
            server_cpu, server_mb = cpu_seconds(server.pid), peak_memory_mb(server.pid)
        finally:
            stop_server(server)
        check_staleness(load)
        print_latencies(load)
        print_data_versions(load, states)
        own = resource.getrusage(resource.RUSAGE_SELF)
        print(
            f"server: {server_cpu:.0f} s CPU, peak memory {server_mb:.0f} MB; "
            f"load generator: {own.ru_utime + own.ru_stime:.0f} s CPU"
        )
        problems = print_problems(load, log.read_text(errors="replace"))
    return 1 if problems else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # main's finally has stopped the server
        print("stopped", file=sys.stderr)
        sys.exit(130)
