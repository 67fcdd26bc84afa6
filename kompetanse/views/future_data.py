"""The inputs of Framtidig behov, read once per data version: the projection, today's staffing, the need.

Today's staffing is read through `compare_region`, so a figure hidden to protect small numbers stays
hidden here (its municipality's need is unknown, and so is the region's sum).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from kompetanse.i18n import _
from kompetanse.indicators.comparison import compare_region
from kompetanse.indicators.references import official_series
from kompetanse.rules.formatting import official_source_text
from kompetanse.rules.future_assumptions import Assumptions
from kompetanse.rules.future_need import INDICATORS, future_need, population_groups, today_staffing
from kompetanse.sources.fetching import PROJECTION_SERIES
from kompetanse.store.cache import per_version
from kompetanse.store.db import Database

HORIZON_YEARS = (2030, 2035, 2040)
DEFAULT_HORIZON = 2035


@dataclass(frozen=True)
class ProjectionInfo:
    """Which projection years there are, whether they are example data, and their source as text."""

    years: tuple[int, ...]
    is_example: bool
    source: str

    @property
    def start(self) -> int:
        return self.years[0]

    @property
    def later(self) -> tuple[int, ...]:
        """The years a horizon may be: every projection year after the start."""
        return self.years[1:]

    def default_years(self) -> tuple[int, ...]:
        """2030, 2035 and 2040 where the projection reaches them (else its last year)."""
        chosen = tuple(year for year in HORIZON_YEARS if year in self.later)
        return chosen or self.later[-1:]

    def default_horizon(self) -> int:
        return DEFAULT_HORIZON if DEFAULT_HORIZON in self.later else self.later[-1]


def more_by(horizon: int) -> str:
    """The heading of the column 'how many more by the horizon' (the working-age panel reads it too)."""
    return _("Flere innen {year}", year=horizon)


@dataclass(frozen=True)
class Staffing:
    """Today's staffing per municipality (future_need.today_staffing) and where each figure comes from."""

    frame: pl.DataFrame
    years: tuple[tuple[str, int | None], ...]  # indicator name -> its newest year
    sources: tuple[tuple[str, str], ...]  # indicator id -> 'Name (year): Kilde: …', examples said as such
    is_example: bool


@per_version(reveal=False)
def projection_info(database: Database) -> ProjectionInfo | None:
    """The projection's years and source, or None before any projection is stored."""
    rows = database.query("projection_years")
    if rows.height < 2:
        return None
    example = bool(rows["is_example"].any())
    source = rows["source"].drop_nulls().first() or ""
    series = official_series(database).get(PROJECTION_SERIES)
    if not example and series is not None:
        source = official_source_text(series["source"], series["updated"], series["fetched_at"])
    else:
        source = _(source)  # the example projection's source is a catalogue text
    return ProjectionInfo(tuple(rows["year"].to_list()), example, source)


@per_version
def staffing(database: Database, region_id: str) -> Staffing:
    """Today's årsverk in barnehage and omsorg, education and senior shares, as this reader sees them."""
    parts, years, sources, example = [], [], [], False
    for indicator_id, _how in INDICATORS.values():
        comparison = compare_region(database, region_id, indicator_id)
        rows = comparison.municipalities.with_columns(pl.col("is_example").fill_null(False))
        parts.append(
            rows.select(
                "kommunenummer",
                "value",
                "numerator",
                "denominator",
                "is_example",
                indicator_id=pl.lit(indicator_id),
                year=pl.lit(0),  # each indicator's own newest year: today_staffing reads one year
            )
        )
        years.append((comparison.indicator["name"], comparison.year))
        name = comparison.indicator["name"]
        sources.append((indicator_id, f"{name} ({comparison.year or '..'}): {comparison.source_line}"))
        example = example or comparison.has_example
    observations = pl.concat(parts, how="vertical_relaxed")
    return Staffing(today_staffing(observations, 0), tuple(years), tuple(sources), example)


@per_version
def projection(database: Database, region_id: str | None, kommunenummer: str | None = None) -> pl.DataFrame:
    """The projection of a region's municipalities (or one municipality) in the model's age bands."""
    return database.query("projection_bands", region_id=region_id, kommunenummer=kommunenummer)


@per_version
def region_need(database: Database, region_id: str, assumptions: Assumptions) -> pl.DataFrame:
    """future_need for every member of the region (empty when there is no projection)."""
    return future_need(projection(database, region_id), staffing(database, region_id).frame, assumptions)


@per_version
def region_working_age(database: Database, region_id: str) -> pl.DataFrame:
    """kommunenummer, year, alternative, working_age (20-66), is_example for the region's members."""
    groups = population_groups(projection(database, region_id))
    return groups.select("kommunenummer", "year", "alternative", "working_age", "is_example")
