"""Municipalities of a region side by side for one indicator, with region and national values.

Everything here has already passed the privacy rules (privacy.py): hidden figures are null and
carry the public `note`, except an editor's own municipalities (`Database.revealed`), which keep
their figures and are marked `revealed`; `detail` (why) is there only for those and, for admins
(`Database.details`), for every hidden figure. What is hidden is worked out once per database
version over the whole country and every linked indicator (store/hiding.py), so every view hides
the same cells.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from kompetanse.access.settings import read_settings
from kompetanse.i18n import N_, _, translated
from kompetanse.indicators.references import (
    GROUP_SCHEMA,
    TOTAL_SCHEMA,
    group_totals,
    hidden_by_source,
    published_total,
    source_with_dates,
)
from kompetanse.rules.formatting import source_text
from kompetanse.rules.privacy import (
    Protection,
    Rules,
    shown,
    with_hidden_cells,
    with_hidden_total,
    with_hidden_totals,
)
from kompetanse.store.cache import per_version
from kompetanse.store.db import Database
from kompetanse.store.hiding import stored_protection

# The national totals, by group id (privacy.py and protection_groups.sql use the same ids).
REFERENCE_LABELS = {"landet": N_("Landet"), "landet_uten_oslo": N_("Landet uten Oslo")}
# The catalogue's texts a reader sees, translated from the bokmål in data/catalogue (i18n/extract.py).
# `unit` stays the key the formatting rules read ('prosent', 'antall'); `unit_text` is the unit as
# shown, in the run's language.
TRANSLATED_COLUMNS = (
    "name",
    "theme_name",
    "definition",
    "numerator_label",
    "denominator_label",
    "source",
    "recommendation_label",
    "unit_text",
)


@dataclass(frozen=True)
class IndicatorData:
    """One indicator for one region over every year."""

    indicator: dict
    members: pl.DataFrame  # kommunenummer, name: the whole region
    series: pl.DataFrame  # kommunenummer, name, year, value, numerator, denominator, source, is_example,
    #                       status, note, revealed
    region: pl.DataFrame  # year, value, numerator, denominator, n_reporting, n_members, has_example, note,
    #                       published_by (the publisher, when the total is theirs: a KOSTRA group)
    nation: pl.DataFrame  # the same for the reference area (SSB's own where it publishes one)
    nation_label: str
    # SSB's KOSTRA-group totals: group_id, group_name, kommuner, members and a total's columns, every year
    groups: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=GROUP_SCHEMA))
    source_dates: tuple[tuple[str, str], ...] = ()  # source -> the source with its update and fetch dates

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
    groups: tuple[dict, ...] = ()  # SSB's value this year for the KOSTRA groups of the chosen municipalities
    source_dates: tuple[tuple[str, str], ...] = ()

    @property
    def has_example(self) -> bool:
        return bool(self.municipalities["is_example"].fill_null(False).any())

    @property
    def sources(self) -> list[str]:
        return sorted(self.municipalities["source"].drop_nulls().unique().to_list())

    @property
    def sources_text(self) -> str:
        """The sources of the shown figures, official ones with their table's update and fetch dates."""
        dates = dict(self.source_dates)
        shown = self.sources or list(dates)  # a year without figures: the indicator's sources
        return "; ".join(dates.get(source, source) for source in shown)

    @property
    def source_line(self) -> str:
        """'Kilde: …': example data said as such, official figures with their table and dates."""
        if self.has_example:
            return source_text(True, self.indicator["source"])
        return source_text(False, self.sources_text or self.indicator["source"])


@per_version(reveal=False)
def catalogue(database: Database) -> pl.DataFrame:
    """The indicator catalogue in display order, its texts in the language of the run."""
    frame = database.query("indicator_catalogue").with_columns(unit_text=pl.col("unit"))
    return translated(frame, *TRANSLATED_COLUMNS)


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
    """What one indicator hides in every year, over the whole country, linked indicators included."""
    return _protections(database).get(indicator["indicator_id"]) or Protection.nothing()


@per_version(reveal=False)
def _protections(database: Database) -> dict[str, Protection]:
    """The protection of this version, worked out and stored by the write that made it (store/hiding.py)."""
    return stored_protection(database)


def aggregate(database: Database, indicator: dict, group_id: str) -> pl.DataFrame:
    """A published total every year: a region or network, 'landet' or 'landet_uten_oslo'.

    Where the publisher has its own total for the group (SSB's Landet, Landet uten Oslo or KOSTRA
    group, Udir's national figure), that is the total, as published (`published_by` names it).
    """
    own = published_total(database, indicator["indicator_id"], group_id)
    if own is not None:
        return own
    every = _aggregates(database, group_id)
    frame = every.filter(pl.col("indicator_id") == indicator["indicator_id"]).drop("indicator_id")
    hidden = protection(database, indicator)
    rules = privacy_rules(database)
    total = with_hidden_total(frame, hidden, group_id, indicator["suppression"], rules, database.details)
    return total.with_columns(published_by=pl.lit(None, dtype=pl.String)).cast(
        {key: TOTAL_SCHEMA[key] for key in ("n_reporting", "n_members")}
    )


@per_version(reveal=False)  # the country's totals serve every region and every Kommuneprofil
def _aggregates(database: Database, group_id: str) -> pl.DataFrame:
    """Every indicator's total for one group, every year, in one query."""
    return database.query(
        "indicator_aggregate",
        region_id=None if group_id in REFERENCE_LABELS else group_id,
        indicator_id=None,
        exclude_oslo=group_id == "landet_uten_oslo",
        economic_regions=False,
    ).drop("group_id")


def _protected(database: Database, indicators: pl.DataFrame, every: pl.DataFrame) -> pl.DataFrame:
    """Totals of many indicators at once (indicator_id, group_id, year, ...), hidden as `aggregate` hides."""
    hidden = pl.concat(
        [
            protection(database, row).totals.with_columns(indicator_id=pl.lit(row["indicator_id"]))
            for row in indicators.iter_rows(named=True)
        ],
        how="vertical_relaxed",
    )
    key = ("indicator_id", "group_id", "year")
    parts = [
        with_hidden_totals(
            every.filter(pl.col("indicator_id").is_in(group["indicator_id"].implode())),
            Protection(cells=Protection.nothing().cells, totals=hidden),
            rule,
            privacy_rules(database),
            by=key,
        )
        for (rule,), group in indicators.group_by("suppression")
    ]
    return pl.concat(parts, how="vertical_relaxed")


def economic_region_totals(database: Database, indicators: pl.DataFrame) -> pl.DataFrame:
    """These indicators' published totals for every SSB economic region (group_id), every year."""
    return _protected(database, indicators, _economic_region_aggregates(database))


def national_totals(database: Database, indicators: pl.DataFrame) -> pl.DataFrame:
    """These indicators' national totals every year; group_id names the reference ('landet', ...)."""
    reference = pl.col("reference_area").fill_null("landet")
    every = pl.concat(
        [
            _aggregates(database, group_id)
            .filter(
                pl.col("indicator_id").is_in(
                    indicators.filter(reference == group_id)["indicator_id"].implode()
                )
            )
            .with_columns(group_id=pl.lit(group_id))
            for group_id in REFERENCE_LABELS
        ],
        how="vertical_relaxed",
    )
    computed = _protected(database, indicators, every)
    # Where the publisher has its own national total (SSB's Landet), that is the total, as in `aggregate`.
    published = [
        total.with_columns(indicator_id=pl.lit(row["indicator_id"]), group_id=pl.lit(group_id))
        for row in indicators.iter_rows(named=True)
        for group_id in [row["reference_area"] or "landet"]
        if (total := published_total(database, row["indicator_id"], group_id)) is not None
    ]
    if not published:
        return computed
    own = pl.concat(published, how="diagonal_relaxed")
    replaced = pl.col("indicator_id").is_in(own["indicator_id"].unique().implode())
    return pl.concat([computed.filter(~replaced), own], how="diagonal_relaxed")


@per_version(reveal=False)
def _economic_region_aggregates(database: Database) -> pl.DataFrame:
    """Every indicator's total for every SSB economic region, every year, in one query."""
    return database.query(
        "indicator_aggregate", region_id=None, indicator_id=None, exclude_oslo=False, economic_regions=True
    )


def country_values(database: Database, indicator: dict, year: int) -> pl.DataFrame:
    """Every municipality in the country in one year, as this reader may see it (Sammenlign)."""
    frame = database.query("values_for_year", indicator_id=indicator["indicator_id"], year=year)
    frame = frame.with_columns(year=pl.lit(year, dtype=pl.Int64))
    noted = with_hidden_cells(frame, protection(database, indicator))
    return shown(noted, database.revealed, database.details).drop("year")


@per_version
def indicator_data(database: Database, region_id: str, indicator_id: str) -> IndicatorData:
    """Every year of one indicator for a region, its aggregate and the national reference."""
    indicator = indicator_info(database, indicator_id)
    reference = indicator["reference_area"] or "landet"
    series = database.query("indicator_series", region_id=region_id, indicator_id=indicator_id)
    members = database.query("region_municipalities", region_id=region_id).select("kommunenummer", "name")
    protected = shown(
        with_hidden_cells(series, protection(database, indicator)), database.revealed, database.details
    )
    sources = series["source"].unique().drop_nulls().sort().to_list()
    return IndicatorData(
        indicator=indicator,
        members=members,
        # SSB's own ':' is shown as hidden too (after `shown`: an editor cannot reveal what SSB hides)
        series=protected.with_columns(note=pl.coalesce("note", hidden_by_source())),
        region=aggregate(database, indicator, region_id),
        nation=aggregate(database, indicator, reference),
        nation_label=_(REFERENCE_LABELS[reference]),
        groups=group_totals(database, indicator_id, members),
        source_dates=tuple((source, source_with_dates(database, indicator_id, source)) for source in sources),
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
    previous_groups = data.groups.filter(pl.col("year") == (year or 0) - 1)
    groups = data.groups.filter(pl.col("year") == (year or 0)).join(
        previous_groups.select("group_id", previous_value="value"), on="group_id", how="left"
    )
    if kommuner:  # only the groups of the chosen municipalities
        groups = groups.filter(pl.col("kommuner").list.eval(pl.element().is_in(list(kommuner))).list.any())
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
        groups=tuple(groups.iter_rows(named=True)),
        source_dates=data.source_dates,
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
def theme_indicators(database: Database, theme_id: str, with_programmes: bool = False) -> dict[str, str]:
    """indicator id -> name for a theme, in catalogue order (programme counts are shown apart, unless
    `with_programmes`)."""
    rows = catalogue(database).filter(pl.col("theme_id") == theme_id)
    if not with_programmes:
        rows = rows.filter(pl.col("programme").is_null() | (pl.col("programme") == ""))
    return dict(zip(rows["indicator_id"], rows["name"]))
