"""Municipalities of a region side by side for one indicator, with region and national values.

Everything here has already passed the privacy rules (privacy.py): hidden figures are null and
carry a `note` saying why, except an editor's own municipalities (`Database.revealed`), which keep
their figures and are marked `revealed`. What is hidden is worked out once per indicator over the
whole country (`protection`), so every view hides the same cells.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from kompetanse.access.settings import read_settings
from kompetanse.rules.privacy import (
    Protection,
    Rules,
    protect,
    shown,
    threshold,
    with_differences,
    with_hidden_cells,
    with_hidden_total,
)
from kompetanse.store.cache import per_version
from kompetanse.store.db import Database

# The national totals, by group id (privacy.py and published_totals.sql use the same ids).
REFERENCE_LABELS = {"landet": "Landet", "landet_uten_oslo": "Landet uten Oslo"}


@dataclass(frozen=True)
class IndicatorData:
    """One indicator for one region over every year."""

    indicator: dict
    members: pl.DataFrame  # kommunenummer, name: the whole region
    series: pl.DataFrame  # kommunenummer, name, year, value, numerator, denominator, source, is_example,
    #                       note, revealed
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
    #                               is_example, note, revealed, previous_value
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


@per_version(reveal=False)
def catalogue(database: Database) -> pl.DataFrame:
    """The indicator catalogue in display order."""
    return database.query("indicator_catalogue")


def indicator_info(database: Database, indicator_id: str) -> dict:
    """The catalogue row of one indicator."""
    rows = catalogue(database).filter(pl.col("indicator_id") == indicator_id)
    if rows.is_empty():
        raise KeyError(indicator_id)
    return rows.row(0, named=True)


@per_version(reveal=False)
def privacy_rules(database: Database) -> Rules:
    """The thresholds an admin has set in the settings."""
    settings = read_settings(database)
    return Rules(
        min_persons=settings.min_persons,
        min_denominator=settings.min_denominator,
        min_respondents=settings.tifaktor_min_respondents,
    )


def protection(database: Database, indicator: dict) -> Protection:
    """What one indicator hides in every year, over the whole country (privacy.protect)."""
    return _protection(database, indicator["indicator_id"])


@per_version(reveal=False)
def _protection(database: Database, indicator_id: str) -> Protection:
    indicator = indicator_info(database, indicator_id)
    rules = privacy_rules(database)
    if threshold(indicator["suppression"], rules) is None:
        return Protection.nothing()
    exclude_oslo = indicator["reference_area"] == "landet_uten_oslo"
    totals = database.query("published_totals", exclude_oslo=exclude_oslo)
    partitioned = totals.filter(pl.col("partitioned"))["group_id"].unique().to_list()
    return protect(
        database.query("indicator_observations", indicator_id=indicator_id),
        with_differences(totals, partitioned),
        indicator["suppression"],
        rules,
    )


def aggregate(database: Database, indicator: dict, group_id: str) -> pl.DataFrame:
    """A published total every year: a region or network, 'landet' or 'landet_uten_oslo'."""
    every = _aggregates(database, group_id)
    frame = every.filter(pl.col("indicator_id") == indicator["indicator_id"]).drop("indicator_id")
    hidden = protection(database, indicator)
    return with_hidden_total(frame, hidden, group_id, indicator["suppression"], privacy_rules(database))


@per_version(reveal=False)  # the country's totals serve every region and every Kommuneprofil
def _aggregates(database: Database, group_id: str) -> pl.DataFrame:
    """Every indicator's total for one group, every year, in one query."""
    return database.query(
        "indicator_aggregate",
        region_id=None if group_id in REFERENCE_LABELS else group_id,
        indicator_id=None,
        exclude_oslo=group_id == "landet_uten_oslo",
    )


def country_values(database: Database, indicator: dict, year: int) -> pl.DataFrame:
    """Every municipality in the country in one year, as this reader may see it (Sammenlign)."""
    frame = database.query("values_for_year", indicator_id=indicator["indicator_id"], year=year)
    frame = frame.with_columns(year=pl.lit(year, dtype=pl.Int64))
    noted = with_hidden_cells(frame, protection(database, indicator))
    return shown(noted, database.revealed).drop("year")


@per_version
def indicator_data(database: Database, region_id: str, indicator_id: str) -> IndicatorData:
    """Every year of one indicator for a region, its aggregate and the national reference."""
    indicator = indicator_info(database, indicator_id)
    reference = indicator["reference_area"] or "landet"
    series = database.query("indicator_series", region_id=region_id, indicator_id=indicator_id)
    return IndicatorData(
        indicator=indicator,
        members=database.query("region_municipalities", region_id=region_id).select("kommunenummer", "name"),
        series=shown(with_hidden_cells(series, protection(database, indicator)), database.revealed),
        region=aggregate(database, indicator, region_id),
        nation=aggregate(database, indicator, reference),
        nation_label=REFERENCE_LABELS[reference],
    )


def _row_for_year(totals: pl.DataFrame, year: int | None) -> dict | None:
    if year is None:
        return None
    rows = totals.filter(pl.col("year") == year)
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
    municipalities = (
        chosen.join(this_year, on="kommunenummer", how="left")
        .join(previous, on="kommunenummer", how="left")
        .with_columns(pl.col("revealed").fill_null(False))
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


@per_version(reveal=False)
def theme_indicators(database: Database, theme_id: str) -> dict[str, str]:
    """indicator id -> name for a theme, in catalogue order (programme counts are shown apart)."""
    rows = catalogue(database).filter(
        (pl.col("theme_id") == theme_id) & (pl.col("programme").is_null() | (pl.col("programme") == ""))
    )
    return dict(zip(rows["indicator_id"], rows["name"]))
