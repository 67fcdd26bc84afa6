"""Benchmark: build the national-scale database, then time the first render and reruns of every page.

Usage: python benchmarks/bench_pages.py [--db PATH] [--reruns N] [--skip-build]
Prints figures; asserts nothing. Server-side only (Streamlit AppTest), no browser.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

PAGES = {  # page title -> file, as in app.py
    "Oversikt": "pages/oversikt.py",
    "Kompetansegap": "pages/kompetansegap.py",
    "Lederutvikling": "pages/lederutvikling.py",
    "Rekruttering": "pages/rekruttering.py",
    "Sammenlign": "pages/sammenlign.py",
    "Framtidig behov": "pages/framtidig_behov.py",
}
TARGET_MS = 150


def time_build(db: Path) -> float:
    from kompetanse.store.build import build

    db.unlink(missing_ok=True)
    start = time.perf_counter()
    counts = build(db, scale="national")
    elapsed = time.perf_counter() - start
    print(
        f"build --scale national: {elapsed:.1f} s, {counts['observation']:,} observations, "
        f"{db.stat().st_size / 1e6:.0f} MB".replace(",", " ")
    )
    return elapsed


def time_page(page_file: str, reruns: int) -> tuple[float, list[float]]:
    import streamlit as st
    import streamlit.logger
    from apptest_harness import use_navigation_in_apptest
    from streamlit.testing.v1 import AppTest

    use_navigation_in_apptest()
    streamlit.logger.set_log_level("error")  # AppTest warns about bare mode on every run

    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    start = time.perf_counter()
    at.run()
    if page_file != PAGES["Oversikt"]:
        at.switch_page(page_file).run()
    first = time.perf_counter() - start
    if at.exception:
        raise RuntimeError(at.exception)
    times = []
    for _ in range(reruns):
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
        if at.exception:
            raise RuntimeError(at.exception)
    return first, times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "kompetanse-national.duckdb")
    parser.add_argument("--reruns", type=int, default=30)
    parser.add_argument("--skip-build", action="store_true", help="reuse an existing national database")
    args = parser.parse_args()
    if not args.skip_build or not args.db.exists():
        time_build(args.db)
    os.environ["KOMPETANSE_DB"] = str(args.db)
    print(f"{'page':<16}{'first render':>14}{'rerun p50':>12}{'rerun p95':>12}{'rerun max':>12}")
    for title, page_file in PAGES.items():
        first, times = time_page(page_file, args.reruns)
        ordered = sorted(times)
        p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
        verdict = "ok" if p95 * 1000 < TARGET_MS else f"over {TARGET_MS} ms"
        print(
            f"{title:<16}{first * 1000:>11.0f} ms{statistics.median(times) * 1000:>9.0f} ms"
            f"{p95 * 1000:>9.0f} ms{max(times) * 1000:>9.0f} ms  {verdict}"
        )


if __name__ == "__main__":
    main()
