"""The Oversikt view: key figures and one headline indicator per theme for a region."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from kompetanse.charts import comparison_chart
from kompetanse.comparison import Comparison, catalogue, compare_region
from kompetanse.db import Database
from kompetanse.formatting import format_value
from kompetanse.regions import members
from kompetanse.tables import MUNICIPALITY, comparison_table, sort_best_first

EXAMPLE_SOURCE_TEXT = "Eksempeldata (generert, ikke offisielle tall)"


@dataclass(frozen=True)
class Section:
    """One theme's headline indicator: chart, table and the line that says what it is."""

    theme_id: str
    heading: str
    indicator_id: str
    year: int | None
    is_example: bool
    chart_spec: dict
    table: pl.DataFrame
    numeric_columns: list[str]
    footnote: str


@dataclass(frozen=True)
class Overview:
    region_name: str
    intro: str
    key_figures: list[tuple[str, str, str]]  # (label, value, help)
    sections: list[Section]


def join_names(names: list[str]) -> str:
    """'Andøy, Bø og Hadsel'."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} og {names[-1]}"


def footnote(comparison: Comparison) -> str:
    """Definition, unit, source and year, and how the region value was computed."""
    indicator = comparison.indicator
    parts = [indicator["definition"], f"Enhet: {indicator['unit']}."]
    if indicator["aggregation"] == "forhold":
        parts.append(f"Teller: {indicator['numerator_label']}. Nevner: {indicator['denominator_label']}.")
    if comparison.has_example:
        parts.append(f"Kilde: {EXAMPLE_SOURCE_TEXT}. Offisielle tall: {indicator['source']}.")
    else:
        parts.append(f"Kilde: {'; '.join(comparison.sources) or indicator['source']}.")
    parts.append(f"År: {comparison.year}." if comparison.year else "Ingen tall for regionen ennå.")
    region = comparison.region
    if region is not None:
        rule = (
            "summen av tellere delt på summen av nevnere"
            if indicator["aggregation"] == "forhold"
            else "summen for kommunene"
        )
        parts.append(
            f"Regionverdien er {rule} ({region['n_reporting']} av {region['n_members']} kommuner har tall)."
        )
    return " ".join(parts)


def aggregate_row_label(region: dict) -> str:
    """'Vesterålen (regionen)' or 'Kystnettverket (nettverket)'."""
    return f"{region['name']} ({'nettverket' if region['kind'] == 'nettverk' else 'regionen'})"


def section(database: Database, region: dict, indicator: dict, theme_name: str) -> Section:
    """The chart, table and footnote for one headline indicator."""
    region_name, region_id = region["name"], region["region_id"]
    comparison = compare_region(database, region_id, indicator["indicator_id"])
    table = comparison_table(comparison, aggregate_row_label(region))
    ordered = sort_best_first(comparison.municipalities, indicator["higher_is_better"])
    region_value = comparison.region["value"] if comparison.region else None
    nation_value = comparison.nation["value"] if comparison.nation else None
    chart = comparison_chart(
        comparison.municipalities,
        title=f"{indicator['name']}, {comparison.year or 'ingen tall ennå'}",
        unit=indicator["unit"],
        order=ordered["name"].to_list(),
        references=[(region_name, region_value), ("Landet", nation_value)],
        example=comparison.has_example,
    )
    return Section(
        theme_id=indicator["theme_id"],
        heading=f"{theme_name}: {indicator['name']}",
        indicator_id=indicator["indicator_id"],
        year=comparison.year,
        is_example=comparison.has_example,
        chart_spec=chart.to_dict(),
        table=table,
        numeric_columns=[c for c in table.columns if c != MUNICIPALITY],
        footnote=footnote(comparison),
    )


def key_figures(database: Database, region_id: str, member_count: int) -> list[tuple[str, str, str]]:
    """Number of municipalities and official population figures for the newest year."""
    figures = [("Kommuner", str(member_count), "Kommuner i regionen eller nettverket.")]
    for indicator_id, label in (
        ("innbyggere", "Innbyggere"),
        ("innbyggere_80_pluss_andel", "80 år og eldre"),
    ):
        comparison = compare_region(database, region_id, indicator_id)
        if comparison.region is None:
            continue
        unit = comparison.indicator["unit"]
        national = format_value(comparison.nation["value"], unit) if comparison.nation else ".."
        figures.append(
            (
                f"{label} 1.1.{comparison.year}",
                format_value(comparison.region["value"], unit),
                f"Hele landet: {national}. Kilde: {comparison.indicator['source']}.",
            )
        )
    return figures


def overview(database: Database, region_id: str) -> Overview:
    """Everything the Oversikt page shows for one region."""
    region = database.query("regions").filter(pl.col("region_id") == region_id).row(0, named=True)
    names = members(database, region_id)["name"].to_list()
    headlines = catalogue(database).filter(pl.col("is_headline"))
    sections = [
        section(database, region, indicator, indicator["theme_name"])
        for indicator in headlines.iter_rows(named=True)
    ]
    intro = (
        f"**{len(names)} kommuner:** {join_names(names)}. Én hovedindikator per tema, "
        "nyeste år med tall, med verdien for regionen og for hele landet."
    )
    return Overview(region["name"], intro, key_figures(database, region_id, len(names)), sections)
