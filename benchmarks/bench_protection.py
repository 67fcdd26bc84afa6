"""Benchmark: protect_all (primary, linked and secondary suppression with the LP audit) at national scale.

Two data sets over all 357 municipalities, every SSB economic region, the country, the country
without Oslo and a few own networks that overlap (Vesterålen's two, and three that cross county
lines): the national example data as built (example data is never hidden, so only the official
population figures are looked at), and the same data made "real-looking": not example data, every
count divided by DIVISOR and rounded, so that small counts, and much hiding, are everywhere; and
real-looking data for Nordland's 41 municipalities only (one county's networks import their own
figures; an indicator is never a mix of example and real figures, so the rest of the country has
none).

Then where it runs in the app: inside the write transaction (store/hiding.py). On a copy of the
national database, the real-looking figures are written in one write (every year worked out), then
one indicator is changed in one year (only that family and year is worked out again), then a write
that changes no figure (only the check).

Usage: python benchmarks/bench_protection.py [--db PATH] [--years N] [--no-writes]
Prints figures; asserts nothing. Timings are disturbed by other work on a shared machine.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import polars as pl

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

DIVISOR = 5
NETWORKS = {  # own networks; A and B overlap without one holding the other (issue 13, finding 2)
    "nettverk_a": ["1867", "1866", "1868"],
    "nettverk_b": ["1866", "1868", "1870"],
    "nettverk_kyst": ["1866", "1865", "1860", "1813", "1515"],
    "nettverk_indre": ["3401", "3403", "3405", "3421", "5001"],
    "nettverk_nord": ["5501", "5503", "1806", "1870", "1871"],
}


def read(db: Path) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Observations, the catalogue and every published group, straight from the built file."""
    with duckdb.connect(str(db), read_only=True) as con:
        observations = con.sql(
            "select kommunenummer, year, indicator_id, value, numerator, denominator, is_example "
            "from observation"
        ).pl()
        indicators = con.sql("select indicator_id, aggregation, suppression, scale from indicator").pl()
        regions = con.sql(
            "select region_member.region_id as group_id, region_member.kommunenummer from region_member "
            "inner join region on region.region_id = region_member.region_id "
            "where region.kind = 'okonomisk_region'"
        ).pl()
        kommuner = con.sql("select kommunenummer from municipality").pl()["kommunenummer"].to_list()
    networks = [(group, kommune) for group, members in NETWORKS.items() for kommune in members]
    national = [("landet", k) for k in kommuner] + [("landet_uten_oslo", k) for k in kommuner if k != "0301"]
    extra = pl.DataFrame(networks + national, schema=["group_id", "kommunenummer"], orient="row")
    return observations, indicators, pl.concat([regions, extra])


def real_looking(observations: pl.DataFrame, indicators: pl.DataFrame) -> pl.DataFrame:
    """The example rows as if they were imported figures, with every count made small."""
    small = lambda column: (pl.col(column) / DIVISOR).round(0)
    rows = observations.filter(pl.col("is_example")).join(
        indicators.select("indicator_id", "aggregation", "scale"), on="indicator_id"
    )
    ratio = pl.col("aggregation") == "forhold"
    return (
        rows.with_columns(
            numerator=small("numerator"), denominator=small("denominator"), is_example=pl.lit(False)
        )
        .with_columns(
            value=pl.when(ratio & (pl.col("denominator") > 0))
            .then(pl.col("numerator") / pl.col("denominator") * pl.col("scale"))
            .when(ratio)
            .then(None)
            .otherwise(small("value"))
        )
        .select(observations.columns)
    )


def run(label: str, observations: pl.DataFrame, links: pl.DataFrame, groups: pl.DataFrame) -> None:
    from kompetanse.rules.privacy import Rules
    from kompetanse.rules.protection import protect_all

    start = time.perf_counter()
    protection = protect_all(observations, links, groups, Rules())
    elapsed = time.perf_counter() - start
    hidden = sum(p.cells.height for p in protection.values())
    totals = sum(p.totals.height for p in protection.values())
    print(
        f"{label}: {observations.height} observations, {observations['year'].n_unique()} years -> "
        f"{hidden} hidden cells ({hidden / max(observations.height, 1):.1%}), {totals} hidden totals, "
        f"in {elapsed:.2f} s"
    )


def time_writes(db: Path, looking: pl.DataFrame) -> None:
    """The protection as the app runs it: in the write transaction, for what changed."""
    import shutil

    from kompetanse.store import hiding
    from kompetanse.store.writing import write_transaction

    copy = Path(tempfile.mkdtemp()) / "skriving.duckdb"
    shutil.copyfile(db, copy)
    rows = looking.with_columns(source=pl.lit("Benchmark"), origin=pl.lit("import"), import_id=pl.lit(None))
    newest = rows["year"].max()

    def timed(label: str, body) -> None:
        start = time.perf_counter()
        with write_transaction(copy, by="benchmark", action="benchmark") as writer:
            body(writer)
            inner = time.perf_counter()
            worked_out = hiding.refresh(writer)
            inner = time.perf_counter() - inner
        whole = time.perf_counter() - start
        print(f"{label}: {worked_out} family-years worked out in {inner:.2f} s (whole write {whole:.2f} s)")

    def replace_example(writer) -> None:
        writer.execute("delete from observation where is_example")
        writer.insert("observation", rows.filter(pl.col("value").is_not_null()))

    def change_one(writer) -> None:
        writer.execute(
            "update observation set value = value + 1 where indicator_id = 'laerlinger_antall' and year = $y",
            {"y": int(newest)},
        )

    timed("write of the real-looking national data (every year)", replace_example)
    timed(f"import of one indicator in one year ({newest})", change_one)
    timed("write that changes no figure", lambda writer: None)


def main() -> None:
    from kompetanse.config import DATA_DIR
    from kompetanse.rules.links import read_links
    from kompetanse.store.build import build

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "kompetanse-national.duckdb")
    parser.add_argument("--years", type=int, default=None, help="only the newest N years of example data")
    parser.add_argument("--no-writes", action="store_true", help="skip the timing inside write transactions")
    args = parser.parse_args()
    if not args.db.exists():
        build(args.db, scale="national")
    observations, indicators, groups = read(args.db)
    if args.years:
        newest = observations.filter(pl.col("is_example"))["year"].max()
        observations = observations.filter(pl.col("year") > newest - args.years)
    links = read_links(DATA_DIR, indicators)
    print(f"{groups['group_id'].n_unique()} published totals, {links['indicator_id'].n_unique()} indicators")
    run("national example data", observations, links, groups)
    official = observations.filter(~pl.col("is_example"))
    looking = real_looking(observations, indicators)
    run("real-looking data", pl.concat([official, looking]), links, groups)
    nordland = looking.filter(pl.col("kommunenummer").str.starts_with("18"))
    run("real-looking Nordland only (41 municipalities)", pl.concat([official, nordland]), links, groups)
    if not args.no_writes:
        time_writes(args.db, looking)


if __name__ == "__main__":
    main()
