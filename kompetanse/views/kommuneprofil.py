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

from kompetanse.indicators.comparison import aggregate, catalogue, economic_region_aggregates, protection
from kompetanse.rules.formatting import MISSING, format_value
from kompetanse.rules.privacy import SUPPRESSED, display_note, shown, with_hidden_cells
from kompetanse.rules.regions import municipalities
from kompetanse.store.cache import per_version
from kompetanse.store.db import Database

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
    "note": pl.String,  # why it is hidden (null when shown)
    "revealed": pl.Boolean,  # an editor's own hidden figure, shown to them
    "is_example": pl.Boolean,
    "region_value": pl.Float64,  # the SSB economic region's total that year
    "region_note": pl.String,
    "nation_value": pl.Float64,  # the country's (or the country without Oslo's) total that year
    "nation_note": pl.String,
    "place": pl.Int64,  # rank among the region's municipalities with a figure that year, 1 is best
    "ranked": pl.Int64,  # how many were ranked
    "trend": pl.List(pl.Float64),  # every year's value, oldest first (the sparkline)
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


def _indicator_rows(
    database: Database, indicator: dict, position: int, cells: pl.DataFrame, places: pl.DataFrame
) -> pl.DataFrame:
    """One indicator's profile rows for every municipality that has a figure for it."""
    seen = shown(with_hidden_cells(cells, protection(database, indicator)), database.revealed)
    seen = seen.join(places, on="kommunenummer")
    latest = (
        seen.sort("kommunenummer", "year")
        .group_by("kommunenummer", maintain_order=True)
        .agg(pl.col("year", "value", "note", "revealed", "is_example", "region_id").last(), trend="value")
    )
    descending = indicator["higher_is_better"] is not False  # as indicators.tables.sort_best_first
    ranks = (
        seen.filter(pl.col("value").is_not_null())
        .sort(["region_id", "year", "value", "name"], descending=[False, False, descending, False])
        .select(
            "kommunenummer",
            "year",
            place=pl.int_range(1, pl.len() + 1).over("region_id", "year"),
            ranked=pl.len().over("region_id", "year"),
        )
    )
    regional = economic_region_aggregates(database, indicator).select(
        region_id="group_id", year="year", region_value="value", region_note="note"
    )
    national = aggregate(database, indicator, indicator["reference_area"] or "landet").select(
        "year", nation_value="value", nation_note="note"
    )
    rows = (
        latest.join(ranks, on=["kommunenummer", "year"], how="left")
        .join(regional, on=["region_id", "year"], how="left")
        .join(national, on="year", how="left")
        .with_columns(
            position=pl.lit(position),
            theme_name=pl.lit(indicator["theme_name"]),
            indicator_name=pl.lit(indicator["name"]),
            unit=pl.lit(indicator["unit"]),
            is_rate=pl.lit(indicator["aggregation"] == "forhold"),
            revealed=pl.col("revealed").fill_null(False),
        )
    )
    return rows.select([pl.col(column).cast(dtype) for column, dtype in PROFILE_SCHEMA.items()])


@per_version
def profile_table(database: Database) -> pl.DataFrame:
    """Every municipality's profile at once (PROFILE_SCHEMA), as this reader may see it."""
    indicators = catalogue(database).filter(pl.col("programme").is_null() | (pl.col("programme") == ""))
    observations = database.query("profile_observations")
    by_indicator = observations.partition_by("indicator_id", as_dict=True, include_key=False)
    places = municipalities(database).select("kommunenummer", "name", region_id="economic_region_id")
    parts = [
        _indicator_rows(database, indicator, position, by_indicator[(indicator["indicator_id"],)], places)
        for position, indicator in enumerate(indicators.iter_rows(named=True))
        if (indicator["indicator_id"],) in by_indicator
    ]
    return pl.concat(parts) if parts else pl.DataFrame(schema=PROFILE_SCHEMA)


@per_version
def profile_rows(database: Database) -> dict[str, pl.DataFrame]:
    """`profile_table` split by municipality, in catalogue order: a profile is one dictionary lookup."""
    table = profile_table(database).sort("kommunenummer", "position")
    return {key[0]: rows for key, rows in table.partition_by("kommunenummer", as_dict=True).items()}


def _cell(value: float | None, note: str | None, unit: str) -> str:
    return SUPPRESSED if note else format_value(value, unit)


def display_table(rows: pl.DataFrame) -> pl.DataFrame:
    """One municipality's profile rows as the page shows them."""
    records = [
        {
            "Tema": row["theme_name"],
            "Indikator": row["indicator_name"],
            "År": str(row["year"]),
            "Verdi": _cell(row["value"], row["note"], row["unit"]),
            "Regionen": _cell(row["region_value"], row["region_note"], row["unit"]) if row["is_rate"] else "",
            "Landet": _cell(row["nation_value"], row["nation_note"], row["unit"]) if row["is_rate"] else "",
            "Plass i regionen": f"{row['place']} av {row['ranked']}" if row["place"] else MISSING,
            "Utvikling": row["trend"],
            "Merknad": display_note(row["note"], row["revealed"])
            or ("Eksempeldata" if row["is_example"] else ""),
        }
        for row in rows.iter_rows(named=True)
    ]
    return pl.DataFrame(
        records,
        schema={
            "Tema": pl.String,
            "Indikator": pl.String,
            "År": pl.String,
            "Verdi": pl.String,
            "Regionen": pl.String,
            "Landet": pl.String,
            "Plass i regionen": pl.String,
            "Utvikling": pl.List(pl.Float64),
            "Merknad": pl.String,
        },
    )


@per_version
def municipality_profile(database: Database, kommunenummer: str) -> Profile:
    """Every indicator for the newest year the municipality has, with region, country and place."""
    municipality = (
        municipalities(database).filter(pl.col("kommunenummer") == kommunenummer).row(0, named=True)
    )
    rows = profile_rows(database).get(kommunenummer, pl.DataFrame(schema=PROFILE_SCHEMA))
    regions = database.query("municipality_regions", kommunenummer=kommunenummer)
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
            f"{r['name']} ({'nettverk' if r['kind'] == 'nettverk' else 'SSB-region'})"
            for r in regions.iter_rows(named=True)
        ],
        table=display_table(rows),
        is_example=bool(rows["is_example"].any()),
        projects=database.query("municipality_projects", kommunenummer=kommunenummer),
    )
