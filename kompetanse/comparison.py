"""Municipalities of a region side by side for one indicator, with region and national values.

Everything here has already passed the privacy rules (privacy.py): hidden figures are null and
carry a `note` saying why.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from kompetanse.db import Database
from kompetanse.privacy import suppress

REFERENCE_LABELS = {"landet": "Landet", "landet_uten_oslo": "Landet uten Oslo"}


@dataclass(frozen=True)
class IndicatorData:
    """One indicator for one region over every year."""

    indicator: dict
    members: pl.DataFrame  # kommunenummer, name: the whole region
    series: pl.DataFrame  # kommunenummer, name, year, value, numerator, denominator, source, is_example, note
    region: pl.DataFrame  # year, value, numerator, denominator, n_reporting, n_members, has_example, note
    nation: pl.DataFrame  # the same for the reference area
    nation_label: str

    @property
    def years(self) -> list[int]:
        return sorted(set(self.series["year"].to_list()))


@dataclass(frozen=True)
class Comparison:
    """One indicator in one year for the chosen municipalities of a region."""

    indicator: dict
    region_id: str
    year: int | None
    municipalities: pl.DataFrame  # kommunenummer, name, value, numerator, denominator, source,
    #                               is_example, note, previous_value
    region: dict | None  # the aggregate row (value, numerator, denominator, n_reporting, note, ...)
    nation: dict | None
    nation_label: str = "Landet"
    region_previous: dict | None = None
    nation_previous: dict | None = None

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


def indicator_data(database: Database, region_id: str, indicator_id: str) -> IndicatorData:
    """Every year of one indicator for a region, its aggregate and the national reference."""
    indicator = indicator_info(database, indicator_id)
    rule = indicator["suppression"]
    reference = indicator["reference_area"] or "landet"
    aggregate = lambda region, exclude_oslo: suppress(  # noqa: E731
        database.query(
            "indicator_aggregate", region_id=region, indicator_id=indicator_id, exclude_oslo=exclude_oslo
        ),
        rule,
        "has_example",
    )
    return IndicatorData(
        indicator=indicator,
        members=database.query("region_municipalities", region_id=region_id).select("kommunenummer", "name"),
        series=suppress(
            database.query("indicator_series", region_id=region_id, indicator_id=indicator_id), rule
        ),
        region=aggregate(region_id, False),
        nation=aggregate(None, reference == "landet_uten_oslo"),
        nation_label=REFERENCE_LABELS[reference],
    )


def _row_for_year(aggregate: pl.DataFrame, year: int | None) -> dict | None:
    if year is None:
        return None
    rows = aggregate.filter(pl.col("year") == year)
    return rows.row(0, named=True) if rows.height else None


def for_year(
    data: IndicatorData, region_id: str, year: int | None, kommuner: tuple[str, ...] | None = None
) -> Comparison:
    """The side-by-side view for one year; `year=None` means the newest year with data."""
    if year is None:
        year = max(data.years, default=None)
    chosen = data.members
    if kommuner:
        chosen = chosen.filter(pl.col("kommunenummer").is_in(list(kommuner)))
    this_year = data.series.filter(pl.col("year") == (year or 0)).drop("name", "year")
    previous = data.series.filter(pl.col("year") == (year or 0) - 1).select(
        "kommunenummer", previous_value=pl.col("value")
    )
    municipalities = chosen.join(this_year, on="kommunenummer", how="left").join(
        previous, on="kommunenummer", how="left"
    )
    return Comparison(
        indicator=data.indicator,
        region_id=region_id,
        year=year,
        municipalities=municipalities,
        region=_row_for_year(data.region, year),
        nation=_row_for_year(data.nation, year),
        nation_label=data.nation_label,
        region_previous=_row_for_year(data.region, (year or 0) - 1),
        nation_previous=_row_for_year(data.nation, (year or 0) - 1),
    )


def compare_region(
    database: Database,
    region_id: str,
    indicator_id: str,
    year: int | None = None,
    kommuner: tuple[str, ...] | None = None,
) -> Comparison:
    """The side-by-side view of one indicator (see `for_year`)."""
    return for_year(indicator_data(database, region_id, indicator_id), region_id, year, kommuner)


def theme_indicators(database: Database, theme_id: str) -> dict[str, str]:
    """indicator id -> name for a theme, in catalogue order (programme counts are shown apart)."""
    rows = catalogue(database).filter(
        (pl.col("theme_id") == theme_id) & (pl.col("programme").is_null() | (pl.col("programme") == ""))
    )
    return dict(zip(rows["indicator_id"], rows["name"]))
