"""Municipalities of a region side by side for one indicator, with region and national values."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from kompetanse.db import Database


@dataclass(frozen=True)
class Comparison:
    """One indicator in one year for every municipality of a region."""

    indicator: dict
    region_id: str
    year: int | None
    municipalities: pl.DataFrame  # kommunenummer, name, value, numerator, denominator, source, is_example
    region: dict | None  # the aggregate row (value, numerator, denominator, n_reporting, ...)
    nation: dict | None

    @property
    def has_example(self) -> bool:
        return bool(self.municipalities["is_example"].fill_null(False).any())

    @property
    def sources(self) -> list[str]:
        return sorted(self.municipalities["source"].drop_nulls().unique().to_list())


def catalogue(database: Database) -> pl.DataFrame:
    """The indicator catalogue in display order."""
    return database.query("indicator_catalogue")


def indicator_info(database: Database, indicator_id: str) -> dict:
    """The catalogue row of one indicator."""
    rows = catalogue(database).filter(pl.col("indicator_id") == indicator_id)
    if rows.is_empty():
        raise KeyError(indicator_id)
    return rows.row(0, named=True)


def _row_for_year(aggregate: pl.DataFrame, year: int | None) -> dict | None:
    if year is None:
        return None
    rows = aggregate.filter(pl.col("year") == year)
    return rows.row(0, named=True) if rows.height else None


def compare_region(
    database: Database, region_id: str, indicator_id: str, year: int | None = None
) -> Comparison:
    """The side-by-side view; `year=None` means the newest year with data in the region."""
    if year is None:
        year = database.query("newest_year", region_id=region_id, indicator_id=indicator_id)["year"][0]
    municipalities = database.query(
        "indicator_by_municipality", region_id=region_id, indicator_id=indicator_id, year=year
    )
    region = database.query("indicator_aggregate", region_id=region_id, indicator_id=indicator_id)
    nation = database.query("indicator_aggregate", region_id=None, indicator_id=indicator_id)
    return Comparison(
        indicator=indicator_info(database, indicator_id),
        region_id=region_id,
        year=year,
        municipalities=municipalities,
        region=_row_for_year(region, year),
        nation=_row_for_year(nation, year),
    )
