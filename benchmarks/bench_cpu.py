"""Benchmark: the server's CPU seconds per page run, one warm websocket session, beside the wall time.

Usage: python benchmarks/bench_cpu.py [--scale standard national] [--runs 20] [--gc off on freeze]
       [--pages Oversikt ...] [--pairs 10] [--workdir DIR]
For each scale and garbage-collection setting, a real `streamlit run app.py` serves one session that
first visits every page twice (warm caches), then runs each page --runs times in a row. CPU is read
from /proc/PID/stat before the first and after the last run (after a pause, so Streamlit's collection
after the script counts too), minus what the idle server uses. Then the reference app
(benchmarks/reference_app.py: what Oversikt draws, from precomputed data) is measured the same way,
and the ratio project/reference is printed; then, with both servers up at once, --pairs rounds of
--runs Oversikt runs on each in turn give the ratio again, per round (the machine's speed drifts by
tens of percent between one server's measurement and the next). Before those rounds one run of each
is compared message by message (ids aside): a reference that draws less than Oversikt would flatter
the ratio, one that draws more would hide overhead, so any difference is printed. Every measurement
starts once the server is idle: a fresh server warms its data version in the background
(views/warm.py), and that start-up work is not a page run's. Prints figures; asserts nothing.
  --gc off:    runner.postScriptGC = false (the project's setting, .streamlit/config.toml)
  --gc on:     Streamlit's default, a full gc.collect(2) after every run
  --gc freeze: the collection on, but gc.freeze() 5 s after start-up, after the first page run
"""

from __future__ import annotations

import argparse
import ast
import asyncio
import difflib
import os
import pickle
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from google.protobuf import text_format
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from bench_load import PAGES, build_database  # noqa: E402
from servers import (  # noqa: E402
    cpu_seconds,
    free_port,
    machine_speed,
    memory_mb,
    start_streamlit,
    stop,
    wait_idle,
)
from streamlit_client import Record, Session, open_tab  # noqa: E402

GC_OPTIONS = {  # --gc: (streamlit options, seconds after start-up to gc.freeze())
    "off": (("--runner.postScriptGC=false",), None),
    "on": (("--runner.postScriptGC=true",), None),
    "freeze": (("--runner.postScriptGC=true",), 5.0),
}
REFERENCE = REPO / "benchmarks" / "reference_app.py"
PAUSE_S = 0.5  # after the last run: Streamlit collects after script_finished is sent


def app_pages() -> list[tuple[str, str, str]]:
    """(title, icon, URL path) of every page app.py lists for everyone (its PAGES), read from its source."""
    tree = ast.parse((REPO / "app.py").read_text(encoding="utf-8"))
    listed = next(
        node.value
        for node in tree.body
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "PAGES"
    )
    return [
        (title.args[0].value, icon.value, Path(path.value).stem)
        for path, title, icon in (page.elts for page in listed.elts)
    ]


def reference_data(db: Path, target: Path) -> None:
    """What the project's Oversikt shows for the default region, in plain Python objects and Arrow tables."""
    from kompetanse.access.users import users
    from kompetanse.indicators.comparison import catalogue
    from kompetanse.rules.regions import DEFAULT_REGION_ID, members, region_choices, region_years
    from kompetanse.store.build import open_current
    from kompetanse.ui.browser import CSS, script
    from kompetanse.ui.panels import EXAMPLE_BADGE, EXAMPLE_HELP, SYMBOLS_HELP
    from kompetanse.views.oversikt import overview

    database = open_current(db)
    try:
        choices = region_choices(database)
        region = choices[DEFAULT_REGION_ID][0]
        years = region_years(database, DEFAULT_REGION_ID)
        view = overview(database, region, years[0], None)
        data = {
            "css": CSS,
            "script": script("nb"),
            "pages": app_pages(),
            "title": f"Oversikt: {view.region_name}",
            "intro": view.intro,
            "key_figures": view.key_figures,
            "regions": [label for _region, label in choices.values()],
            "years": years,
            "since_years": sorted(year for year in years if year < years[0]),
            "kommuner": members(database, DEFAULT_REGION_ID)["name"].to_list(),
            "no_users": users(database).is_empty(),
            "texts": {
                "example": EXAMPLE_BADGE,
                "example_help": EXAMPLE_HELP,
                "symbols": SYMBOLS_HELP,
                "series_xlsx": (
                    "Alle år for kommunene, regionen og landet: verdi, teller, nevner, kilde og eksempeldata."
                ),
                "series_csv": "Samme tall som CSV med semikolon og desimalkomma (åpnes i Excel og Power BI).",
                "no_users": (
                    "Ingen brukere er opprettet ennå. Lag den første med "
                    "`.venv/bin/kompetanse user add NAVN --role admin` "
                    '(eller `make user ARGS="add NAVN --role admin"`).'
                ),
            },
            "panels": [
                {
                    "key": panel.key,
                    "heading": panel.heading,
                    "is_example": panel.is_example,
                    "headline": panel.headline,
                    "spec": panel.charts[0].spec,
                    "table": panel.table.to_arrow(),
                    "numeric": panel.numeric_columns,
                    "footnote": panel.footnote,
                    "series": panel.series is not None,
                }
                for panel in view.panels
            ],
        }
        assert len(catalogue(database)) > 0
    finally:
        database.close()
    target.write_bytes(pickle.dumps(data))


async def warm_session(port: int, record: Record, pages: list[str]) -> Session:
    """A new tab on the server that has opened the app and visited every page twice (views cached)."""
    session = Session(0, await open_tab(f"http://127.0.0.1:{port}"), record, time.monotonic())
    await session.visit("Oversikt", 300, opening=True)
    for _ in range(2):
        for page in pages:
            await session.visit(page, 300)
    return session


async def measure(
    port: int, pid: int, pages: list[str], runs: int, not_before: float
) -> dict[str, tuple[float, float]]:
    """page -> (CPU seconds per run, median wall seconds per run), one warm session, from `not_before`."""
    record = Record()
    session = await warm_session(port, record, pages)
    try:
        await asyncio.sleep(max(1.0, not_before - time.monotonic()))
        await asyncio.to_thread(wait_idle, pid)  # the start-up warming (views/warm.py) is over
        start = cpu_seconds(pid)
        await asyncio.sleep(2)
        idle = (cpu_seconds(pid) - start) / 2
        results = {}
        for page in pages:
            before = cpu_seconds(pid)
            began = time.monotonic()
            walls = []
            for _ in range(runs):
                started = time.monotonic()
                await session.visit(page, 300)
                walls.append(time.monotonic() - started)
            await asyncio.sleep(PAUSE_S)
            used = cpu_seconds(pid) - before - idle * (time.monotonic() - began)
            results[page] = (max(0.0, used) / runs, statistics.median(walls))
    finally:
        await session.ws.close()
    for problem in record.problems:
        print(f"  problem: {problem.kind} on {problem.page}: {problem.detail[:500]}")
    return results


# Fields that name a session, a run or an element rather than what is drawn; they differ between any
# two servers (element ids hash the page's script) and are left out of the comparison.
UNCOMPARED = re.compile(r'\b(id|deferred_file_id|form_id|page_script_hash|main_script_hash): "[^"]*"')


async def drawn(session: Session) -> list[str]:
    """What one Oversikt run sends (elements, blocks, navigation, page config), as text without ids."""
    await session.ws.send(session.request("Oversikt").SerializeToString())
    found = []
    while True:
        message = ForwardMsg.FromString(await session.ws.recv())
        kind = message.WhichOneof("type")
        if kind in ("delta", "navigation", "page_config_changed"):
            found.append(UNCOMPARED.sub(r'\1: ""', text_format.MessageToString(getattr(message, kind))))
        if kind == "script_finished":
            return found


def report_differences(project: list[str], reference: list[str]) -> None:
    """Print whether the reference drew what the project drew; if not, the first differences."""
    pairs = enumerate(zip(project, reference))
    differing = [(number, mine, theirs) for number, (mine, theirs) in pairs if mine != theirs]
    if not differing and len(project) == len(reference):
        print(f"  the reference sends the same {len(project)} messages as Oversikt (ids aside)")
        return
    print(f"  NOT the same: {len(project)} messages against {len(reference)}, {len(differing)} differ")
    for number, mine, theirs in differing[:3]:
        lines = difflib.unified_diff(
            mine.splitlines(), theirs.splitlines(), "project", "reference", n=1, lineterm=""
        )
        print(f"  message {number}:\n    " + "\n    ".join(list(lines)[:12]))


async def block(session: Session, pid: int, runs: int) -> float:
    """CPU seconds per Oversikt run over `runs` runs in a row (and the collection after the last)."""
    before = cpu_seconds(pid)
    for _ in range(runs):
        await session.visit("Oversikt", 300)
    await asyncio.sleep(PAUSE_S)
    return (cpu_seconds(pid) - before) / runs


async def interleave(servers: dict[str, tuple[int, int]], rounds: int, runs: int) -> dict[str, list[float]]:
    """name -> CPU per run in each round: both servers up at once, a block of runs on each in turn (the
    order alternating), so a machine that gets faster or slower during the measurement moves both."""
    record = Record()
    sessions, found = {}, {name: [] for name in servers}
    try:
        for name, (port, _pid) in servers.items():
            sessions[name] = Session(0, await open_tab(f"http://127.0.0.1:{port}"), record, time.monotonic())
            await sessions[name].visit("Oversikt", 300, opening=True)
            for _ in range(3):
                await sessions[name].visit("Oversikt", 300)
        for name, (_port, pid) in servers.items():  # the warming of the data version at start-up
            waited = await asyncio.to_thread(wait_idle, pid)
            print(f"  {name}: idle {waited:.0f} s after its first runs")
        if set(sessions) == {"project", "reference"}:
            report_differences(*[await drawn(sessions[name]) for name in ("project", "reference")])
        names = list(servers)
        for number in range(rounds):
            for name in names if number % 2 == 0 else reversed(names):
                found[name].append(await block(sessions[name], servers[name][1], runs))
    finally:
        for session in sessions.values():
            await session.ws.close()
    for problem in record.problems:
        print(f"  problem: {problem.kind} on {problem.page}: {problem.detail[:500]}")
    return found


def interleaved_ratio(db: Path, folder: Path, variant: str, rounds: int, runs: int) -> list[float]:
    """Oversikt / reference per round, both served at once with one GC setting."""
    options, _freeze = GC_OPTIONS[variant]
    started = {}
    try:
        for name, script in (("project", REPO / "app.py"), ("reference", REFERENCE)):
            port = free_port()
            log = folder / f"server-{variant}-{name}-pair.log"
            started[name] = (port, start_streamlit(db, port, log, script=script, options=options))
        servers = {name: (port, server.pid) for name, (port, server) in started.items()}
        found = asyncio.run(interleave(servers, rounds, runs))
    finally:
        for _port, server in started.values():
            stop(server)
    return [mine / theirs for mine, theirs in zip(found["project"], found["reference"]) if theirs > 0]


def serve_and_measure(
    db: Path, folder: Path, variant: str, pages: list[str], runs: int, script: Path
) -> tuple[dict[str, tuple[float, float]], float]:
    """Start a server for `script` with one GC setting, measure its pages, stop it."""
    options, freeze_after = GC_OPTIONS[variant]
    log = folder / f"server-{variant}-{script.stem}.log"
    port = free_port()
    not_before = time.monotonic() + (freeze_after or 0) + 1  # measured once gc.freeze() has run
    server = start_streamlit(db, port, log, script=script, options=options, freeze_after=freeze_after)
    try:
        results = asyncio.run(measure(port, server.pid, pages, runs, not_before))
        memory = memory_mb(server.pid)
    finally:
        stop(server)
    return results, memory


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scale", nargs="+", choices=["standard", "national"], default=["standard", "national"]
    )
    parser.add_argument("--gc", nargs="+", choices=list(GC_OPTIONS), default=["off"])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--pages", nargs="+", default=PAGES, choices=PAGES, metavar="PAGE")
    parser.add_argument(
        "--pairs", type=int, default=10, help="rounds of the interleaved Oversikt/reference ratio (0: none)"
    )
    parser.add_argument("--workdir", type=Path, help="keep the databases and logs here")
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    print(machine_speed())
    with tempfile.TemporaryDirectory(prefix="bench-cpu-") as temp:
        folder = args.workdir or Path(temp)
        folder.mkdir(parents=True, exist_ok=True)
        print(f"{'scale':<10}{'gc':<8}{'page':<24}{'CPU s/run':>10}{'wall p50':>10}")
        for scale in args.scale:
            db = folder / f"{scale}.duckdb"
            if not db.exists():
                build_database(db, scale)
            data = folder / f"reference-{scale}.pickle"
            reference_data(db, data)
            os.environ["REFERENCE_DATA"] = str(data)  # read by reference_app.py
            for variant in args.gc:
                app = REPO / "app.py"
                results, memory = serve_and_measure(db, folder, variant, args.pages, args.runs, app)
                for page, (cpu, wall) in results.items():
                    print(f"{scale:<10}{variant:<8}{page:<24}{cpu:>10.3f}{wall * 1000:>8.0f} ms")
                reference, _ = serve_and_measure(db, folder, variant, ["Oversikt"], args.runs, REFERENCE)
                cpu, wall = reference["Oversikt"]
                print(f"{scale:<10}{variant:<8}{'reference Oversikt':<24}{cpu:>10.3f}{wall * 1000:>8.0f} ms")
                if "Oversikt" in results and cpu > 0:
                    ratio = results["Oversikt"][0] / cpu
                    print(f"{scale:<10}{variant:<8}{'Oversikt / reference':<24}{ratio:>9.2f}x")
                if args.pairs and "Oversikt" in args.pages:
                    ratios = sorted(interleaved_ratio(db, folder, variant, args.pairs, args.runs))
                    print(
                        f"{scale:<10}{variant:<8}{'  interleaved':<24}{statistics.median(ratios):>9.2f}x"
                        f"  (median of {len(ratios)} rounds of {args.runs} runs each; "
                        f"{ratios[0]:.2f}-{ratios[-1]:.2f})"
                    )
                every = [cpu for cpu, _ in results.values()]
                print(
                    f"{scale:<10}{variant:<8}{'every page':<24}{min(every):>6.3f}-{max(every):.3f} s"
                    f"  (server memory after: {memory:.0f} MB)"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
