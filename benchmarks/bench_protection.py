"""Benchmark: protect_all (primary, linked and secondary suppression with the LP audit) at national scale.

Two data sets over all 357 municipalities, every SSB economic region, the country, the country
without Oslo and a few own networks that overlap (Vesterålen's two, and three that cross county
lines): the national example data as built (example data is never hidden, so only the official
population figures are looked at), and the same data made "real-looking": not example data, every
count divided by DIVISOR and rounded, so that small counts, and much hiding, are everywhere; and
real-looking data for Nordland's 41 municipalities only (one county's networks import their own
figures; an indicator is never a mix of example and real figures, so the rest of the country has
none).

Usage: python benchmarks/bench_protection.py [--db PATH] [--years N]   (default: every year)
Prints figures; asserts nothing.
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


def main() -> None:
    from kompetanse.config import DATA_DIR
    from kompetanse.rules.links import read_links
    from kompetanse.store.build import build

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "kompetanse-national.duckdb")
    parser.add_argument("--years", type=int, default=None, help="only the newest N years of example data")
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


if __name__ == "__main__":
    main()
