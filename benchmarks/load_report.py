"""What bench_load.py prints: latencies per page, data versions, memory series, spread, problems."""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from streamlit_client import KeyFigures, PageRun, Problem, Record

PAGES = [  # titles as in app.py, in the order they are printed
    "Oversikt",
    "Kompetansegap",
    "Lederutvikling",
    "Rekruttering",
    "Framtidig behov",
    "10-FAKTOR",
    "Kompetanseplaner",
    "Sammenlign",
    "Kommuneprofil",
    "Tiltak og resultater",
    "Innspill fra temamøter",
    "Presentasjon",
    "Om dataene",
]


@dataclass
class ImportRun:
    number: int
    started: float
    finished: float
    returncode: int | None


@dataclass
class Load(Record):
    """Everything measured while the sessions ran."""

    imports: list[ImportRun] = field(default_factory=list)
    memory: list[tuple[float, list[float]]] = field(default_factory=list)  # (at, MB per process)
    seconds: float = 0.0


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
    print(latency_row("every click after it", [run.seconds for run in runs if not run.opening]))
    for page in PAGES:
        times = [run.seconds for run in runs if run.page == page and not run.opening]
        if times:
            print(latency_row(page, times))
    after_import = first_profiles_after_imports(load)
    if after_import:
        print(latency_row("Kommuneprofil after imp.", after_import))


def print_timeline(load: Load, every: float = 5.0) -> None:
    """Runs that started in each window of `every` seconds: how many, p50, p95, and what was going on
    (openings, an import), to see where a tail comes from."""
    if not load.runs:
        return
    print(f"timeline (by start, {every:.0f} s windows): from  runs  openings     p50      p95  import")
    end = max(run.started for run in load.runs)
    start = 0.0
    while start <= end:
        window = [run for run in load.runs if start <= run.started < start + every]
        if window:
            ordered = sorted(run.seconds for run in window)
            end_of = start + every
            busy = [imp.number for imp in load.imports if imp.started < end_of and imp.finished > start]
            print(
                f"{start:>44.0f} s{len(window):>6}{sum(run.opening for run in window):>10}"
                f"{statistics.median(ordered) * 1000:>6.0f} ms{percentile(ordered, 0.95) * 1000:>6.0f} ms"
                f"  {' '.join(str(number) for number in busy)}"
            )
        start += every


def first_profiles_after_imports(load: Load) -> list[float]:
    """Each session's first Kommuneprofil run that started after an import had finished."""
    times = []
    for imp in load.imports:
        later = [run for run in load.runs if run.page == "Kommuneprofil" and run.started > imp.finished]
        firsts: dict[int, PageRun] = {}
        for run in sorted(later, key=lambda run: run.started):
            firsts.setdefault(run.session, run)
        times.extend(run.seconds for run in firsts.values())
    return times


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


def print_memory(load: Load) -> None:
    """The memory series, and how much it grew after the first minute."""
    if not load.memory:
        return
    print("memory (MB per process) every sample:")
    for at, sizes in load.memory:
        print(f"  {at:6.0f} s  " + "  ".join(f"{size:6.0f}" for size in sizes) + f"  sum {sum(sizes):6.0f}")
    later = [sum(sizes) for at, sizes in load.memory if at >= 60]
    if len(later) >= 2:
        print(
            f"memory after the first minute: {later[0]:.0f} MB -> {later[-1]:.0f} MB "
            f"(min {min(later):.0f}, max {max(later):.0f}; growth {later[-1] - later[0]:+.0f} MB)"
        )


def print_spread(access_log: Path, backends: int) -> None:
    """How the sessions' websockets spread over the processes, from nginx's access log."""
    if not access_log.exists():
        return
    found = Counter(
        match.group(1)
        for line in access_log.read_text(errors="replace").splitlines()
        if "/_stcore/stream" in line and (match := re.search(r"upstream=(\S+)", line))
    )
    addresses = Counter(line.split()[0] for line in access_log.read_text(errors="replace").splitlines())
    print(
        f"websocket sessions per process ({backends} behind nginx, clients from "
        f"{len(addresses)} address{'es' if len(addresses) != 1 else ''}): "
        + ", ".join(f"{upstream}: {count}" for upstream, count in sorted(found.items()))
    )


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
