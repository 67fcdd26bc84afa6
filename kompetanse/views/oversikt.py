"""The Oversikt view: key figures and one headline indicator per theme for a region."""

from __future__ import annotations

from dataclasses import dataclass, replace

import polars as pl

from kompetanse.i18n import _
from kompetanse.indicators.comparison import catalogue, compare_region
from kompetanse.indicators.panel import Panel
from kompetanse.indicators.view import indicator_view
from kompetanse.rules.formatting import format_value
from kompetanse.rules.regions import members
from kompetanse.store.cache import per_version
from kompetanse.store.db import Database


@dataclass(frozen=True)
class Overview:
    region_name: str
    intro: str
    key_figures: list[tuple[str, str, str]]  # (label, value, help)
    panels: list[Panel]  # one headline indicator per theme


def join_names(names: list[str]) -> str:
    """'Andøy, Bø og Hadsel'."""
    return (
        names[0] if len(names) == 1 else _("{first} og {last}", first=", ".join(names[:-1]), last=names[-1])
    )


def key_figures(database: Database, region_id: str, member_count: int) -> list[tuple[str, str, str]]:
    """Number of municipalities and official population figures for the newest year."""
    figures = [(_("Kommuner"), str(member_count), _("Kommuner i regionen eller nettverket."))]
    for indicator_id, label in (
        ("innbyggere", _("Innbyggere")),
        ("innbyggere_80_pluss_andel", _("80 år og eldre")),
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
                _("Hele landet: {value}.", value=national) + f" {comparison.source_line}",
            )
        )
    return figures


def headline_panel(
    database: Database,
    region: dict,
    indicator: dict,
    year: int | None,
    kommuner: tuple[str, ...] | None,
    focus: str | None = None,
    since: int | None = None,
) -> Panel:
    """A theme's headline indicator: its bars beside its table."""
    detail = indicator_view(
        database,
        region,
        indicator["indicator_id"],
        year,
        kommuner,
        with_map=False,
        with_trend=False,
        focus=focus,
        since=since,
    )
    heading = f"{_(indicator['theme_name'])}: {_(indicator['name'])}"
    return replace(
        detail,
        key=indicator["theme_id"],
        heading=heading,
        charts=detail.charts[:1],
        layout="beside",
        table_name=heading,
    )


@per_version
def overview(
    database: Database,
    region: dict,
    year: int | None = None,
    kommuner: tuple[str, ...] | None = None,
    focus: str | None = None,
    since: int | None = None,
) -> Overview:
    """Everything the Oversikt page shows for one region."""
    names = members(database, region["region_id"])["name"].to_list()
    headlines = catalogue(database).filter(pl.col("is_headline"))
    panels = [
        headline_panel(database, region, indicator, year, kommuner, focus, since)
        for indicator in headlines.iter_rows(named=True)
    ]
    intro = _(
        "**{count} kommuner:** {names}. Én hovedindikator per tema, med verdien for regionen og for "
        "hele landet.",
        count=len(names),
        names=join_names(names),
    )
    return Overview(region["name"], intro, key_figures(database, region["region_id"], len(names)), panels)
