"""Benchmark: server-side search time at national scale (357 municipalities, 85 regions, 46 indicators).

Usage: python benchmarks/bench_search.py [--db PATH]   (default: the national database of bench_pages.py)
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

QUERIES = [
    "oksnes",
    "lodingen",
    "bo i vesteralen",
    "sarpsbrog",
    "tromso",
    "fagbrev",
    "sykefravær",
    "heltid",
    "temamøter",
    "vesteralen",
    "lærlinger per 1000",
    "kristiansund",
]


def main() -> None:
    from kompetanse.store.build import build, open_current
    from kompetanse.views.search import build_index, search

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "kompetanse-national.duckdb")
    args = parser.parse_args()
    if not args.db.exists():
        build(args.db, scale="national")
    database = open_current(args.db)
    start = time.perf_counter()
    index = build_index(database)
    elapsed = (time.perf_counter() - start) * 1000
    print(f"index: {len(index)} entries in {elapsed:.0f} ms (built once per database version)")
    times = []
    for query in QUERIES * 5:
        start = time.perf_counter()
        search(index, query)
        times.append((time.perf_counter() - start) * 1000)
    print(
        f"search: p50 {statistics.median(times):.1f} ms, max {max(times):.1f} ms over {len(times)} queries "
        "(target: under 50 ms)"
    )


if __name__ == "__main__":
    main()
