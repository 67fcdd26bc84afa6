"""The meeting pack: one click (or `python -m kompetanse pack`) gives a PowerPoint deck for a region."""

from __future__ import annotations

from datetime import date

import polars as pl

from kompetanse.comparison import Comparison, catalogue, compare_region
from kompetanse.db import Database
from kompetanse.exports import Slide, chart_png, deck_pptx
from kompetanse.formatting import format_value
from kompetanse.gaps import GAPS, gap_view
from kompetanse.indicator_view import indicator_view
from kompetanse.leadership import programme_view


def takeaway(comparison: Comparison, region_name: str) -> str:
    """One line a coordinator can say out loud: the region against the country, highest and lowest."""
    unit = comparison.indicator["unit"]
    shown = comparison.municipalities.filter(pl.col("value").is_not_null())
    parts = []
    if comparison.region and comparison.region["value"] is not None:
        nation = comparison.nation["value"] if comparison.nation else None
        parts.append(
            f"{region_name}: {format_value(comparison.region['value'], unit)} "
            f"({comparison.nation_label}: {format_value(nation, unit)})."
        )
    if shown.height >= 2:
        ordered = shown.sort("value", descending=True)
        top, bottom = ordered.row(0, named=True), ordered.row(-1, named=True)
        parts.append(
            f"Høyest: {top['name']} ({format_value(top['value'], unit)}), "
            f"lavest: {bottom['name']} ({format_value(bottom['value'], unit)})."
        )
    return " ".join(parts) or "Ingen tall å vise for dette året."


def pack_slides(database: Database, region: dict, year: int | None) -> list[Slide]:
    """One or two slides per theme: the gap, each headline indicator, leader programmes, a trend."""
    slides = []
    for spec in GAPS:
        gap = gap_view(database, region, year, None, spec)
        slides.append(Slide(gap.title, gap.headline, gap.footnote, chart_png(gap.chart_spec, gap.footnote)))
    for indicator in catalogue(database).filter(pl.col("is_headline")).iter_rows(named=True):
        view = indicator_view(database, region, indicator["indicator_id"], year, with_map=False)
        comparison = compare_region(database, region["region_id"], indicator["indicator_id"], view.year)
        slides.append(
            Slide(
                f"{indicator['theme_name']}: {indicator['name']}",
                takeaway(comparison, region["name"]),
                view.footnote,
                chart_png(view.bar_spec, view.footnote),
            )
        )
        if indicator["theme_id"] == "lederutvikling":
            programmes = programme_view(database, region, year, None)
            slides.append(
                Slide(
                    "Lederutvikling: lederprogrammer",
                    "Deltakere og fullført per program og kommune.",
                    programmes.footnote,
                    chart_png(programmes.chart_spec, programmes.footnote),
                )
            )
        if indicator["theme_id"] == "rekruttering":
            slides.append(
                Slide(
                    f"Rekruttering: {indicator['name'].lower()} over tid",
                    "Utviklingen per kommune, og for regionen som helhet (tykk svart linje).",
                    view.footnote,
                    chart_png(view.trend_spec, view.footnote),
                )
            )
    return slides


def meeting_pack(database: Database, region: dict, year: int | None, today: date | None = None) -> bytes:
    """The whole deck as .pptx bytes."""
    slides = pack_slides(database, region, year)
    example = any("Eksempeldata" in slide.footnote for slide in slides)
    subtitle = (
        f"Møtepakke {(today or date.today()):%d.%m.%Y}. Kilder: SSB, KS og nettverkets egen innsamling; "
        "se fotnoten på hver side."
        + (" Sider merket Eksempeldata viser genererte tall, ikke offisielle." if example else "")
    )
    return deck_pptx(f"Kompetanse og rekruttering: {region['name']}", subtitle, slides)
