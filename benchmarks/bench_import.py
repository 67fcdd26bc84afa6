"""Benchmark: import a one-million-row file (time and peak memory) on a fresh database.

Usage: python benchmarks/bench_import.py [--rows N] [--workdir DIR]
Prints figures; asserts nothing. The database gets the registry (357 municipalities) and
benchmark-only indicators (`bench_01` ...) so that a million distinct rows exist; the file is
written the way Norwegian Excel writes it (semicolons, decimal commas, Windows-1252).
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

ADD_INDICATOR = """
insert or ignore into indicator (indicator_id, name, theme_id, unit, higher_is_better, aggregation,
    scale, numerator_label, denominator_label, definition, source, is_headline, sort_order, suppression,
    reference_area)
values ($id, $name, 'rekruttering', 'prosent', true, 'forhold', 100, 'teller', 'nevner',
    'Indikator bare for måling av importtid.', 'Måling', false, 1000, null, 'landet')
"""


def prepare(workdir: Path, rows: int) -> tuple[Path, Path]:
    from kompetanse.store.build import build
    from kompetanse.store.writing import write_transaction

    db = workdir / "import-bench.duckdb"
    db.unlink(missing_ok=True)
    build(db, scale="none")
    years = list(range(1994, 2027))
    per_indicator = 357 * len(years)
    indicators = [f"bench_{i:02d}" for i in range(1, rows // per_indicator + 2)]
    with write_transaction(db, by="benchmark", action="bygg") as con:
        for indicator in indicators:
            con.execute(ADD_INDICATOR, {"id": indicator, "name": f"Måleindikator {indicator}"})
        codes = [
            row[0] for row in con.execute("select kommunenummer from municipality order by 1").fetchall()
        ]
    file = workdir / "million.csv"
    with open(file, "w", encoding="cp1252", newline="") as handle:
        handle.write("Måletall;;;;;;\r\nkommunenummer;år;indikator;verdi;teller;nevner;kilde\r\n")
        written = 0
        for indicator in indicators:
            for year in years:
                for i, code in enumerate(codes):
                    if written == rows:
                        break
                    numerator, denominator = (i * 7 + year) % 90 + 5, 100
                    handle.write(f"{code};{year};{indicator};;{numerator};{denominator};Måling Øksnes\r\n")
                    written += 1
    return db, file


def run_import(db: Path, file: Path) -> None:
    from kompetanse.access.roles import command_line_user
    from kompetanse.ingest.imports import apply_import, plan_import
    from kompetanse.store.build import open_current

    OPERATOR = command_line_user("benchmark")
    start = time.perf_counter()
    database = open_current(db)
    plan = plan_import(file.read_bytes(), file.name, database, OPERATOR)
    planned = time.perf_counter()
    summary = apply_import(database, plan, user=OPERATOR, confirmed=True)  # generated: large changes
    database.close()
    done = time.perf_counter()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"read + validate + preview: {planned - start:.1f} s")
    print(f"write (one transaction):   {done - planned:.1f} s")
    print(
        f"total:                     {done - start:.1f} s for {summary.rows_new:,} new rows".replace(",", " ")
    )
    print(f"peak memory (RSS):         {peak_mb:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()))
    parser.add_argument("--child", nargs=2, metavar=("DB", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_import(Path(args.child[0]), Path(args.child[1]))
        return
    db, file = prepare(args.workdir, args.rows)
    print(f"file: {file.stat().st_size / 1e6:.0f} MB, {args.rows:,} rows".replace(",", " "))
    # A separate process, so peak memory is the import's own and not the file generation's.
    subprocess.run([sys.executable, __file__, "--child", str(db), str(file)], check=True)


if __name__ == "__main__":
    main()
