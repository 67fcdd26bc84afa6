"""The processes a benchmark runs: Streamlit servers, nginx in front of them, what /proc says about them."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from deploy.cluster import Cluster  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, process: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    """Wait until `url` answers 200; raise with the log if the process dies or the time runs out."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                stop(process)
                raise RuntimeError(f"{url} did not answer:\n{log.read_text(errors='replace')}") from None
            time.sleep(0.3)


# `python -m streamlit`, but with gc.freeze() some seconds after start-up (bench_cpu.py --gc freeze).
FREEZING_LAUNCHER = (
    "import gc, sys, threading; threading.Timer(float(sys.argv.pop(1)), gc.freeze).start(); "
    "from streamlit.web.cli import main; sys.argv[0] = 'streamlit'; main()"
)


def start_streamlit(
    db: Path,
    port: int,
    log: Path,
    *,
    script: Path | None = None,
    options: tuple[str, ...] = (),
    freeze_after: float | None = None,
    checkout: Path = REPO,
    launcher: list[str] | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.Popen:
    """`streamlit run` on loopback; returns once /_stcore/health answers. `checkout` is the folder it
    runs in (its .streamlit/config.toml applies; another commit's worktree runs that commit's app);
    `script` defaults to its app.py. `launcher` replaces `-m streamlit` (a script that ends in
    Streamlit's CLI, e.g. thread_timer.py); `env` is added to the environment."""
    if launcher is None:
        launcher = (
            ["-m", "streamlit"] if freeze_after is None else ["-c", FREEZING_LAUNCHER, str(freeze_after)]
        )
    start = time.perf_counter()
    with open(log, "wb") as handle:  # a file, not a pipe: a full pipe would stall the server
        process = subprocess.Popen(
            [
                sys.executable,
                *launcher,
                "run",
                str(script or checkout / "app.py"),
                "--server.headless=true",
                f"--server.port={port}",
                "--server.address=127.0.0.1",
                "--browser.gatherUsageStats=false",
                *options,
            ],
            cwd=checkout,  # the project's .streamlit/config.toml applies to the reference app too
            env={**os.environ, "KOMPETANSE_DB": str(db), **(env or {})},
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
    wait_healthy(f"http://127.0.0.1:{port}/_stcore/health", process, log)
    print(f"server ready in {time.perf_counter() - start:.1f} s (port {port}, pid {process.pid})")
    return process


@contextlib.contextmanager
def worktree(revision: str, folder: Path):
    """A git worktree of `revision` at folder/before-checkout for the `with` block (another commit's
    app, served beside this checkout), removed afterwards."""
    checkout = folder / "before-checkout"
    if checkout.exists():
        subprocess.run(["git", "worktree", "remove", "--force", str(checkout)], cwd=REPO, check=False)
    subprocess.run(["git", "worktree", "add", "--detach", str(checkout), revision], cwd=REPO, check=True)
    try:
        yield checkout
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(checkout)], cwd=REPO, check=False)


def start_cluster(db: Path, processes: int, folder: Path, options: tuple[str, ...] = ()) -> Cluster:
    """deploy/cluster.py's nginx and `processes` app servers, all on loopback; started and checked."""
    start = time.perf_counter()
    cluster = Cluster(
        processes=processes,
        listen=f"127.0.0.1:{free_port()}",
        app_ports=[free_port() for _ in range(processes)],
        database=db,
        workdir=folder / "cluster",
        app_options=options,
    )
    cluster.start()
    print(
        f"nginx on {cluster.listen} in front of {processes} processes "
        f"(pids {', '.join(str(app.pid) for app in cluster.apps)}) "
        f"ready in {time.perf_counter() - start:.1f} s"
    )
    return cluster


def machine_speed() -> str:
    """A fixed pure-Python workload's CPU time, best of five: the same machine runs it in 2x the time on
    a bad day (other virtual machines on the host), and every figure printed after it moves with it."""
    best = float("inf")
    for _ in range(5):
        started = time.process_time()
        sum(number * number for number in range(1_000_000))
        best = min(best, time.process_time() - started)
    return f"machine: a fixed Python loop takes {best * 1000:.0f} ms of CPU (smaller is faster)"


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a running process, from /proc."""
    stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")


def wait_idle(pid: int, window: float = 1.0, busy: float = 0.02, timeout: float = 120.0) -> float:
    """Wait until the process uses under `busy` CPU seconds per second over a `window` (the warming of
    the data version at start-up is over); return the seconds waited."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        before = cpu_seconds(pid)
        time.sleep(window)
        if cpu_seconds(pid) - before < busy * window:
            break
    return time.monotonic() - started


def _status_mb(pid: int, field: str) -> float:
    status = Path(f"/proc/{pid}/status").read_text().splitlines()
    return next(int(line.split()[1]) for line in status if line.startswith(f"{field}:")) / 1024


def peak_memory_mb(pid: int) -> float:
    return _status_mb(pid, "VmHWM")


def memory_mb(pid: int) -> float:
    """Resident memory now."""
    return _status_mb(pid, "VmRSS")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:  # a deadlocked server may not finish its shutdown
            process.kill()
            process.wait(10)
