"""Kommuneprofil: one municipality on one page: every indicator beside its region and the country."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from kompetanse.indicators.comparison import catalogue, for_year, indicator_data
from kompetanse.indicators.references import group_of, status_note
from kompetanse.indicators.tables import sort_best_first
from kompetanse.rules.formatting import MISSING, format_value
from kompetanse.rules.privacy import SUPPRESSED, display_note
from kompetanse.store.cache import per_version
from kompetanse.store.db import Database

MEMBERSHIP_KINDS = {"nettverk": "nettverk", "okonomisk_region": "SSB-region", "kostragruppe": "KOSTRA-gruppe"}


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


def _cell(figures: dict | None, unit: str) -> str:
    if figures is None:
        return MISSING
    return SUPPRESSED if figures.get("note") else format_value(figures.get("value"), unit)


@per_version
def municipality_profile(database: Database, kommunenummer: str) -> Profile:
    """Every indicator for the newest year the municipality has, with region, country and place."""
    municipality = (
        database.query("municipalities").filter(pl.col("kommunenummer") == kommunenummer).row(0, named=True)
    )
    region = {"region_id": municipality["economic_region_id"], "name": municipality["economic_region_name"]}
    group = group_of(database, kommunenummer)
    rows, example = [], False
    indicators = catalogue(database).filter(pl.col("programme").is_null() | (pl.col("programme") == ""))
    for indicator in indicators.iter_rows(named=True):
        data = indicator_data(database, region["region_id"], indicator["indicator_id"])
        own = data.series.filter(pl.col("kommunenummer") == kommunenummer).sort("year")
        if own.is_empty():
            continue
        comparison = for_year(data, region["region_id"], own["year"].max())
        this = comparison.municipalities.filter(pl.col("kommunenummer") == kommunenummer).row(0, named=True)
        ranked = sort_best_first(
            comparison.municipalities.filter(pl.col("value").is_not_null()), indicator["higher_is_better"]
        )
        names = ranked["name"].to_list()
        place = f"{names.index(this['name']) + 1} av {len(names)}" if this["name"] in names else MISSING
        example = example or bool(this["is_example"])
        unit = indicator["unit"]
        rate = indicator["aggregation"] == "forhold"
        row = {
            "Tema": indicator["theme_name"],
            "Indikator": indicator["name"],
            "År": str(comparison.year),
            "Verdi": _cell(this, unit),
            "Regionen": _cell(comparison.region, unit) if rate else "",
            "Landet": _cell(comparison.nation, unit) if rate else "",
        }
        if group is not None:  # SSB's value for the municipality's KOSTRA group, where SSB gives one
            own_group = [g for g in comparison.groups if g["group_id"] == group["group_id"]]
            row["KOSTRA-gruppen"] = _cell(own_group[0], unit) if rate and own_group else ""
        row |= {
            "Plass i regionen": place,
            "Utvikling": own["value"].to_list(),
            "Merknad": display_note(this)
            or status_note(this["status"])
            or ("Eksempeldata" if this["is_example"] else ""),
            "Kilde": "Eksempeldata" if this["is_example"] else comparison.sources_text,
        }
        rows.append(row)
    regions = database.query("municipality_regions", kommunenummer=kommunenummer)
    return Profile(
        kommunenummer=kommunenummer,
        name=municipality["name"],
        official_name=municipality["official_name"],
        county=municipality["county_name"],
        region=region,
        memberships=[f"{r['name']} ({MEMBERSHIP_KINDS[r['kind']]})" for r in regions.iter_rows(named=True)],
        kostra_group=group["group_name"] if group else None,
        table=pl.DataFrame(rows, schema_overrides={"Utvikling": pl.List(pl.Float64)}),
        is_example=example,
        projects=database.query("municipality_projects", kommunenummer=kommunenummer),
    )
