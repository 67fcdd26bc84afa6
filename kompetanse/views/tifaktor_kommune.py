"""10-FAKTOR in Kommuneprofil: a municipality's ten factors from one country-wide table per data version.

The profile shows the municipality's results in its SSB economic region's newest round beside the
region and the country, with the change since the round before: the same cells as the region's
side-by-side view (views/tifaktor.factor_profile), but worked out for every municipality at once in
`country_factors`. The first profile of a municipality after an import then reads its ten rows
instead of working out its region's ten indicators (0,2 s per region). Hiding is the stored
country-wide protection, as everywhere: the cells as this reader may see them (`shown_cells`) and the
region's and the country's totals hidden as `aggregate` hides them.
"""

from __future__ import annotations

import polars as pl

from kompetanse.i18n import _
from kompetanse.indicators.comparison import catalogue, economic_region_totals, national_totals
from kompetanse.indicators.panel import Panel, numeric
from kompetanse.rules.formatting import MISSING
from kompetanse.rules.privacy import display_note
from kompetanse.rules.regions import municipalities
from kompetanse.rules.tifaktor import rounds
from kompetanse.store.cache import per_version
from kompetanse.store.db import Database
from kompetanse.views.kommuneprofil import shown_cells
from kompetanse.views.tifaktor import FACTOR, NOTE, change_label, factors, footnote, value_label

# One row per municipality and factor (`country_factors`).
FACTOR_SCHEMA = {
    "kommunenummer": pl.String,
    "indicator_id": pl.String,
    "label": pl.String,  # the factor's name, starred where the strategy names it
    "position": pl.Int64,  # the factor's place in the catalogue
    "year": pl.Int64,  # the economic region's newest round (null: the region has none)
    "previous": pl.Int64,  # the round before it
    "value": pl.Float64,
    "note": pl.String,
    "revealed": pl.Boolean,
    "is_example": pl.Boolean,
    "previous_value": pl.Float64,
    "previous_note": pl.String,
    "change": pl.Float64,  # null where either round is hidden or missing
    "region_value": pl.Float64,
    "region_note": pl.String,
    "region_example": pl.Boolean,
    "nation_value": pl.Float64,
    "nation_note": pl.String,
    "nation_example": pl.Boolean,
}


def _region_rounds(cells: pl.DataFrame, regional: pl.DataFrame) -> pl.DataFrame:
    """Each economic region's round shown and the one before, over every factor (rules.tifaktor.rounds)."""
    years = pl.concat([cells.select("region_id", "year"), regional.select("region_id", "year")]).unique()
    found = [
        (region_id, *rounds(part["year"].to_list(), None))
        for (region_id,), part in years.group_by("region_id")
    ]
    schema = {"region_id": pl.String, "year": pl.Int64, "previous": pl.Int64}
    return pl.DataFrame(found, schema=schema, orient="row")


@per_version
def country_factors(database: Database) -> pl.DataFrame:
    """Every municipality's ten factors (FACTOR_SCHEMA) as this reader may see them, once per version."""
    found = factors(database).with_row_index("position")
    indicators = catalogue(database).filter(pl.col("indicator_id").is_in(found["indicator_id"].implode()))
    places = municipalities(database).select("kommunenummer", region_id="economic_region_id")
    if indicators.is_empty():
        return pl.DataFrame(schema=FACTOR_SCHEMA)
    cells = (
        shown_cells(database, indicators)
        .join(places, on="kommunenummer")
        .select(
            "kommunenummer", "indicator_id", "region_id", "year", "value", "note", "revealed", "is_example"
        )
    )
    regional = economic_region_totals(database, indicators).select(
        "indicator_id",
        region_id="group_id",
        year=pl.col("year").cast(pl.Int64),
        region_value="value",
        region_note="note",
        region_example="has_example",
    )
    national = national_totals(database, indicators).select(
        "indicator_id",
        year=pl.col("year").cast(pl.Int64),
        nation_value="value",
        nation_note="note",
        nation_example="has_example",
    )
    earlier = cells.select(
        "kommunenummer", "indicator_id", previous="year", previous_value="value", previous_note="note"
    )
    grid = places.join(_region_rounds(cells, regional), on="region_id", how="left").join(
        found.select("indicator_id", "label", pl.col("position").cast(pl.Int64)), how="cross"
    )
    rows = (
        grid.join(cells.drop("region_id"), on=["kommunenummer", "indicator_id", "year"], how="left")
        .join(earlier, on=["kommunenummer", "indicator_id", "previous"], how="left")
        .join(regional, on=["indicator_id", "region_id", "year"], how="left")
        .join(national, on=["indicator_id", "year"], how="left")
        .with_columns(
            pl.col("revealed", "is_example", "region_example", "nation_example").fill_null(False),
            change=pl.when(pl.col("note").is_null() & pl.col("previous_note").is_null()).then(
                pl.col("value") - pl.col("previous_value")
            ),
        )
    )
    return rows.select([pl.col(column).cast(dtype) for column, dtype in FACTOR_SCHEMA.items()])


@per_version
def factor_rows(database: Database) -> dict[str, pl.DataFrame]:
    """`country_factors` split by municipality, in catalogue order: a profile is one dictionary lookup."""
    table = country_factors(database).sort("kommunenummer", "position")
    return {key[0]: rows for key, rows in table.partition_by("kommunenummer", as_dict=True).items()}


@per_version  # a Kommuneprofil rerun draws the same panel object (its table's Arrow copy is kept)
def municipality_factors(database: Database, kommunenummer: str) -> Panel | None:
    """Kommuneprofil: the municipality's ten factors in its region's newest round beside the region and
    the country, with the change since the round before (None when it has no result in that round)."""
    own = factor_rows(database).get(kommunenummer)
    if own is None or own["year"][0] is None:
        return None
    if own.filter(pl.col("value").is_not_null() | pl.col("note").is_not_null()).is_empty():
        return None
    year, previous = own["year"][0], own["previous"][0]
    change = _("Endring fra {year}", year=previous) if previous else _("Endring")
    table = pl.DataFrame(
        [
            {
                _(FACTOR): row["label"],
                _("Kommunen"): value_label(row["value"], row["note"]),
                _("Regionen"): value_label(row["region_value"], row["region_note"]),
                _("Landet"): value_label(row["nation_value"], row["nation_note"]),
                change: change_label(row["change"], row["note"], row["previous_note"])
                if previous
                else MISSING,
                _(NOTE): display_note({"note": row["note"], "revealed": row["revealed"]}),
            }
            for row in own.iter_rows(named=True)
        ]
    )
    flags = own.select(pl.any_horizontal("is_example", "region_example", "nation_example").any())
    example = bool(flags.item())
    return Panel(
        key=f"tifaktor-{kommunenummer}",
        heading=f"10-FAKTOR {year}",
        footnote=footnote(year, previous, example, database),
        is_example=example,
        table=table,
        numeric_columns=numeric(table, _(FACTOR), _(NOTE)),
        table_name=f"10-FAKTOR {kommunenummer} {year}",
    )
