"""Kommuneprofil: one municipality on one page: every indicator beside its region and the country.

Everything a profile shows is computed once per data version (and per set of revealed
municipalities) for the whole country, in `profile_table`: one row per municipality and indicator.
A profile then only picks its municipality's rows (`profile_rows`) and formats them, so the first
view of any municipality after an import costs milliseconds, not a second. Any further column of
the profile (another reference value) belongs in `_indicator_rows`, the one place the rows are made.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from kompetanse.i18n import N_, _
from kompetanse.indicators.comparison import catalogue, economic_region_totals, national_totals, protection
from kompetanse.indicators.references import (
    group_of,
    hidden_by_source,
    kostra_group_totals,
    kostra_groups,
    source_with_dates,
    status_note,
)
from kompetanse.rules.formatting import MISSING, format_value
from kompetanse.rules.future_assumptions import Assumptions
from kompetanse.rules.future_need import INDICATORS as STAFFING_INDICATORS
from kompetanse.rules.future_need import future_need, today_staffing
from kompetanse.rules.privacy import SUPPRESSED, display_note, shown
from kompetanse.rules.regions import municipalities
from kompetanse.store.cache import per_version
from kompetanse.store.db import Database
from kompetanse.views.framtidig_behov import municipality_lines
from kompetanse.views.future_data import projection, projection_info

MEMBERSHIP_KINDS = {  # catalogue texts, translated where shown
    "nettverk": N_("nettverk"),
    "okonomisk_region": N_("SSB-region"),
    "kostragruppe": N_("KOSTRA-gruppe"),
}

# The columns of `profile_table`, one row per municipality and indicator (its newest year).
PROFILE_SCHEMA = {
    "kommunenummer": pl.String,
    "position": pl.Int64,  # the indicator's place in the catalogue
    "theme_name": pl.String,
    "indicator_name": pl.String,
    "unit": pl.String,
    "is_rate": pl.Boolean,  # a share or rate: compared with the region and the country
    "year": pl.Int64,  # the newest year the municipality has a figure for
    "value": pl.Float64,  # null when missing or hidden
    "note": pl.String,  # why it is hidden (null when shown); SSB's ':' too
    "detail": pl.String,  # which rule hid it, for those who may see that (Database.details)
    "status": pl.String,  # the publisher's symbol ('..', ':') where there is no figure
    "source": pl.String,  # 'Eksempeldata', or the source with its table's update and fetch dates
    "revealed": pl.Boolean,  # an editor's own hidden figure, shown to them
    "is_example": pl.Boolean,
    "region_value": pl.Float64,  # the SSB economic region's total that year
    "region_note": pl.String,
    "nation_value": pl.Float64,  # the country's (or the country without Oslo's) total that year
    "nation_note": pl.String,
    "group_value": pl.Float64,  # SSB's own value for the municipality's KOSTRA group that year
    "group_note": pl.String,
    "place": pl.Int64,  # rank among the region's municipalities with a figure that year, 1 is best
    "ranked": pl.Int64,  # how many were ranked
    "trend": pl.List(pl.Float64),  # every year's value, oldest first (the sparkline)
}


# The profile table's columns, named in bokmål here and translated by `display_table`.
COLUMNS = {
    N_("Tema"): pl.String,
    N_("Indikator"): pl.String,
    N_("År"): pl.String,
    N_("Verdi"): pl.String,
    N_("Regionen"): pl.String,
    N_("Landet"): pl.String,
    N_("KOSTRA-gruppen"): pl.String,
    N_("Plass i regionen"): pl.String,
    N_("Utvikling"): pl.List(pl.Float64),
    N_("Merknad"): pl.String,
    N_("Kilde"): pl.String,
}


@dataclass(frozen=True)
class Profile:
    kommunenummer: str
    name: str
    official_name: str
    county: str
    region: dict  # the SSB economic region
    memberships: list[str]  # every region and network it belongs to
    table: pl.DataFrame  # display strings, plus 'Utvikling' (a list of floats for a sparkline)
    is_example: bool
    projects: pl.DataFrame
    kostra_group: str | None = None  # 'KOSTRA-gruppe 2' (SSB KLASS 112), once an update has fetched them
    future: tuple[str, ...] = ()  # Framtidig behov by the default horizon, one line per sector
    future_example: bool = False


def shown_cells(database: Database, indicators: pl.DataFrame) -> pl.DataFrame:
    """Every municipality's figures for these indicators, every year, as this reader may see them."""
    observations = database.query("profile_observations", indicator_ids=indicators["indicator_id"].to_list())
    hidden = pl.concat(
        [
            protection(database, indicator).cells.with_columns(indicator_id=pl.lit(indicator["indicator_id"]))
            for indicator in indicators.iter_rows(named=True)
        ],
        how="diagonal_relaxed",
    ).select("indicator_id", "kommunenummer", pl.col("year").cast(pl.Int64), "note", "detail")
    # with_hidden_cells for every indicator at once: the same join, with the indicator in the key.
    noted = observations.with_columns(pl.col("year").cast(pl.Int64)).join(
        hidden, on=["indicator_id", "kommunenummer", "year"], how="left"
    )
    protected = shown(noted, database.revealed, database.details)
    # SSB's own ':' is shown as hidden too (after `shown`: an editor cannot reveal what SSB hides)
    return protected.with_columns(note=pl.coalesce("note", hidden_by_source()))


@per_version
def profile_table(database: Database) -> pl.DataFrame:
    """Every municipality's profile at once (PROFILE_SCHEMA), as this reader may see it.

    The one place the profile's rows are made: a further column (another reference value) is one
    more join here. Vectorised over every indicator: a handful of frame operations, not hundreds.
    """
    indicators = (
        catalogue(database)
        .filter(pl.col("programme").is_null() | (pl.col("programme") == ""))
        .with_row_index("position")
    )
    if indicators.is_empty():
        return pl.DataFrame(schema=PROFILE_SCHEMA)
    places = municipalities(database).select("kommunenummer", "name", region_id="economic_region_id")
    seen = shown_cells(database, indicators).join(places, on="kommunenummer")
    latest = (
        seen.sort("indicator_id", "kommunenummer", "year")
        .group_by("indicator_id", "kommunenummer", maintain_order=True)
        .agg(
            pl.col(
                "year", "value", "note", "detail", "revealed", "is_example", "status", "source", "region_id"
            ).last(),
            trend="value",
        )
    )
    # Best first, as indicators.tables.sort_best_first: largest first unless lower is better; ties by name.
    lower_is_better = indicators.select(
        "indicator_id", lower=pl.col("higher_is_better").eq(False).fill_null(False)
    )
    ranks = (
        seen.filter(pl.col("value").is_not_null())
        .join(lower_is_better, on="indicator_id")
        .with_columns(order=pl.when(pl.col("lower")).then(pl.col("value")).otherwise(-pl.col("value")))
        .sort("indicator_id", "region_id", "year", "order", "name")
        .select(
            "indicator_id",
            "kommunenummer",
            "year",
            place=pl.int_range(1, pl.len() + 1).over("indicator_id", "region_id", "year"),
            ranked=pl.len().over("indicator_id", "region_id", "year"),
        )
    )
    regional = economic_region_totals(database, indicators).select(
        "indicator_id", "year", region_id="group_id", region_value="value", region_note="note"
    )
    national = national_totals(database, indicators).select(
        "indicator_id", "year", nation_value="value", nation_note="note"
    )
    grouped = kostra_groups(database).select("kommunenummer", "group_id")
    group_values = kostra_group_totals(database).select(
        "group_id", "indicator_id", pl.col("year").cast(pl.Int64), group_value="value", group_note="note"
    )
    described = indicators.select(
        "indicator_id",
        pl.col("position").cast(pl.Int64),
        "theme_name",
        indicator_name="name",
        unit="unit",
        is_rate=pl.col("aggregation") == "forhold",
    )
    rows = (
        latest.join(ranks, on=["indicator_id", "kommunenummer", "year"], how="left")
        .join(regional, on=["indicator_id", "region_id", "year"], how="left")
        .join(national, on=["indicator_id", "year"], how="left")
        .join(grouped, on="kommunenummer", how="left")
        .join(group_values, on=["group_id", "indicator_id", "year"], how="left")
        .join(described, on="indicator_id")
        .with_columns(pl.col("revealed").fill_null(False), source=_source_texts(database, latest))
    )
    return rows.select([pl.col(column).cast(dtype) for column, dtype in PROFILE_SCHEMA.items()])


def _source_texts(database: Database, latest: pl.DataFrame) -> pl.Expr:
    """'Eksempeldata', or each row's source with its table's update and fetch dates (a few pairs)."""
    pairs = latest.filter(~pl.col("is_example")).select("indicator_id", "source").unique().drop_nulls()
    texts = {(i, s): source_with_dates(database, i, s) for i, s in pairs.iter_rows()}
    looked_up = pl.concat_str("indicator_id", pl.lit("\x1f"), "source").replace_strict(
        {f"{i}\x1f{s}": text for (i, s), text in texts.items()}, default=pl.col("source")
    )
    return pl.when(pl.col("is_example")).then(pl.lit(_("Eksempeldata"))).otherwise(looked_up)


@per_version
def profile_rows(database: Database) -> dict[str, pl.DataFrame]:
    """`profile_table` split by municipality, in catalogue order: a profile is one dictionary lookup."""
    table = profile_table(database).sort("kommunenummer", "position")
    return {key[0]: rows for key, rows in table.partition_by("kommunenummer", as_dict=True).items()}


def _cell(value: float | None, note: str | None, unit: str) -> str:
    return SUPPRESSED if note else format_value(value, unit)


def display_table(rows: pl.DataFrame, with_group: bool = False) -> pl.DataFrame:
    """One municipality's profile rows as the page shows them (`with_group`: a KOSTRA-gruppen column).

    The columns are named in the run's language (`COLUMNS`, translated as `_(name)`)."""
    records = [
        {
            "Tema": row["theme_name"],
            "Indikator": row["indicator_name"],
            N_("År"): str(row["year"]),
            "Verdi": _cell(row["value"], row["note"], row["unit"]),
            "Regionen": _cell(row["region_value"], row["region_note"], row["unit"]) if row["is_rate"] else "",
            "Landet": _cell(row["nation_value"], row["nation_note"], row["unit"]) if row["is_rate"] else "",
            # SSB's value for the municipality's KOSTRA group, where SSB gives one
            "KOSTRA-gruppen": _cell(row["group_value"], row["group_note"], row["unit"])
            if row["is_rate"] and (row["group_value"] is not None or row["group_note"])
            else "",
            "Plass i regionen": _("{place} av {count}", place=row["place"], count=row["ranked"])
            if row["place"]
            else MISSING,
            "Utvikling": row["trend"],
            "Merknad": display_note(row)
            or status_note(row["status"])
            or (_("Eksempeldata") if row["is_example"] else ""),
            "Kilde": row["source"],
        }
        for row in rows.iter_rows(named=True)
    ]
    table = pl.DataFrame(records, schema=COLUMNS)
    table = table if with_group else table.drop("KOSTRA-gruppen")
    return table.rename({name: _(name) for name in table.columns})


@per_version
def country_need(database: Database) -> pl.DataFrame:
    """Framtidig behov for every municipality with the default assumptions, once per data version, from
    each one's newest staffing figures as this reader may see them: a profile then reads its own rows
    (its economic region's need took 0,2-0,4 s per region, on every first profile there)."""
    if projection_info(database) is None:
        return pl.DataFrame()
    wanted = [indicator for indicator, _how in STAFFING_INDICATORS.values()]
    indicators = catalogue(database).filter(pl.col("indicator_id").is_in(wanted))
    cells = shown_cells(database, indicators)
    newest = (
        cells.sort("indicator_id", "kommunenummer", "year")
        .group_by("indicator_id", "kommunenummer", maintain_order=True)
        .last()
        .with_columns(year=pl.lit(0), is_example=pl.col("is_example").fill_null(False))
    )
    return future_need(projection(database, None), today_staffing(newest, 0), Assumptions())


@per_version
def municipality_profile(database: Database, kommunenummer: str) -> Profile:
    """Every indicator for the newest year the municipality has, with region, country and place."""
    municipality = (
        municipalities(database).filter(pl.col("kommunenummer") == kommunenummer).row(0, named=True)
    )
    rows = profile_rows(database).get(kommunenummer, pl.DataFrame(schema=PROFILE_SCHEMA))
    regions = database.query("municipality_regions", kommunenummer=kommunenummer)
    group = group_of(database, kommunenummer)
    kinds = {kind: _(text) for kind, text in MEMBERSHIP_KINDS.items()}
    future, future_example = municipality_lines(database, kommunenummer, country_need(database))
    return Profile(
        kommunenummer=kommunenummer,
        name=municipality["name"],
        official_name=municipality["official_name"],
        county=municipality["county_name"],
        region={
            "region_id": municipality["economic_region_id"],
            "name": municipality["economic_region_name"],
        },
        memberships=[
            _("{name} ({kind})", name=r["name"], kind=kinds[r["kind"]]) for r in regions.iter_rows(named=True)
        ],
        kostra_group=group["group_name"] if group else None,
        table=display_table(rows, with_group=group is not None),
        is_example=bool(rows["is_example"].any()),
        projects=database.query("municipality_projects", kommunenummer=kommunenummer),
        future=future,
        future_example=future_example,
    )
