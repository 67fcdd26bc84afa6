"""Views for meetings: the Presentasjon page steps through them, and the same views make the PowerPoint deck.

A view id names what to show: 'gap:<needed indicator>' (need versus cover), 'bar:<indicator>'
(municipalities side by side), 'trend:<indicator>' (over the years), 'programmes' (leader
programmes), 'tifaktor' (the ten 10-FAKTOR factors side by side), 'planer' (competence plan
coverage) or 'behov:<sector>' (Framtidig behov for barnehage or omsorg, with the assumptions and
horizon the Framtidig behov page has chosen). `python -m kompetanse pack` and the one-click meeting
pack on Oversikt take a saved presentation by name (views/saved_presentations.py), or DEFAULT_VIEWS,
leaving out 'tifaktor' and 'planer' for a region that has no results or plans yet.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import polars as pl

from kompetanse.exports.slides import Slide, deck_pptx
from kompetanse.i18n import N_, _
from kompetanse.indicators.comparison import Comparison, catalogue, compare_region, indicator_info
from kompetanse.indicators.panel import Panel
from kompetanse.indicators.view import indicator_view
from kompetanse.rules.formatting import format_day, format_value
from kompetanse.rules.future_assumptions import Assumptions
from kompetanse.store.cache import per_version
from kompetanse.store.db import Database
from kompetanse.views.framtidig_behov import SECTORS, future_view
from kompetanse.views.future_data import projection_info
from kompetanse.views.kompetansegap import GAPS, gap_view
from kompetanse.views.kompetanseplaner import plan_years, plans_slide
from kompetanse.views.lederutvikling import programme_view
from kompetanse.views.targets import target_progress
from kompetanse.views.tifaktor import factor_profile, tifaktor_slide

DEFAULT_VIEWS = (
    "gap:barnehagelaerer_behov",
    "bar:barnehagelaerer_andel",
    "bar:lederopplaering_andel",
    "programmes",
    "bar:laerlinger_per_1000_innbyggere",
    "trend:laerlinger_per_1000_innbyggere",
    "behov:omsorg",
    "tifaktor",
    "planer",
)
# Issue 18: the strategy's own instruments, each one slide (planer: the plans' own years, newest first).
EXTRA_VIEWS = {
    "tifaktor": N_("10-FAKTOR: de ti faktorene side om side"),
    "planer": N_("Kompetanseplaner: dekning side om side"),
}
PROGRAMMES_TITLE = N_("Lederutvikling: lederprogrammer")


def takeaway(comparison: Comparison, region_name: str) -> str:
    """One line a coordinator can say out loud: the region against the country, highest and lowest."""
    unit = comparison.indicator["unit"]
    shown = comparison.municipalities.filter(pl.col("value").is_not_null())
    parts = []
    if comparison.region and comparison.region["value"] is not None:
        nation = comparison.nation["value"] if comparison.nation else None
        parts.append(
            _(
                "{region}: {value} ({reference}: {reference_value}).",
                region=region_name,
                value=format_value(comparison.region["value"], unit),
                reference=comparison.nation_label,
                reference_value=format_value(nation, unit),
            )
        )
    if shown.height >= 2:
        ordered = shown.sort("value", descending=True)
        top, bottom = ordered.row(0, named=True), ordered.row(-1, named=True)
        parts.append(
            _(
                "Høyest: {top} ({top_value}), lavest: {bottom} ({bottom_value}).",
                top=top["name"],
                top_value=format_value(top["value"], unit),
                bottom=bottom["name"],
                bottom_value=format_value(bottom["value"], unit),
            )
        )
    return " ".join(parts) or _("Ingen tall å vise for dette året.")


@per_version(reveal=False)
def available_views(database: Database) -> dict[str, str]:
    """view id -> label, for the picker: the gap, every indicator side by side and over time, programmes."""
    views = {f"gap:{spec[1]}": _(spec[0]) for spec in GAPS}
    rows = catalogue(database).filter(pl.col("programme").is_null() | (pl.col("programme") == ""))
    for row in rows.iter_rows(named=True):
        views[f"bar:{row['indicator_id']}"] = f"{row['theme_name']}: {row['name']}"
        views[f"trend:{row['indicator_id']}"] = _(
            "{theme}: {name} over tid", theme=row["theme_name"], name=row["name"].lower()
        )
    views["programmes"] = _(PROGRAMMES_TITLE)
    views |= {view_id: _(label) for view_id, label in EXTRA_VIEWS.items()}
    if projection_info(database) is not None:
        for sector, (heading, *_rest) in SECTORS.items():
            views[f"behov:{sector}"] = _("Framtidig behov – {heading}", heading=_(heading))
    return views


def _slide(panel: Panel, view_id: str, title: str, takeaway_text: str, kind: str | None = None) -> Panel:
    """A panel as a slide: its title, the one-line takeaway and one chart (the first, or of `kind`)."""
    chart = next((c for c in panel.charts if kind is None or c.kind == kind), None)
    return replace(
        panel, key=view_id, heading=title, headline=takeaway_text, charts=(chart,) if chart else ()
    )


def future_slide(
    database: Database, region: dict, view_id: str, assumptions: Assumptions, horizon: int | None
) -> Panel:
    """Framtidig behov for one sector as a slide: the headline ("Vesterålen trenger 38 flere …") and bars."""
    info = projection_info(database)
    horizon = horizon if horizon in info.later else info.default_horizon()
    view = future_view(database, region, None, assumptions, info.default_years(), horizon)
    panel = view.panel(f"behov-{view_id.partition(':')[2]}")
    title = _("Framtidig behov – {heading}", heading=panel.heading)
    return _slide(panel, view_id, title, panel.headline, "bar")


def build_view(
    database: Database,
    region: dict,
    year: int | None,
    view_id: str,
    assumptions: Assumptions | None = None,
    horizon: int | None = None,
) -> Panel:
    """One view, ready to show on screen or put on a slide."""
    kind, _colon, indicator_id = view_id.partition(":")
    if kind == "tifaktor":
        return tifaktor_slide(database, region, year)
    if kind == "planer":
        return plans_slide(database, region, None, date.today())
    if kind == "behov":
        return future_slide(database, region, view_id, assumptions or Assumptions(), horizon)
    if kind == "gap":
        spec = next(spec for spec in GAPS if spec[1] == indicator_id)
        gap = gap_view(database, region, year, None, spec)
        return _slide(gap, view_id, gap.heading, gap.headline)
    if kind == "programmes":
        programmes = programme_view(database, region, year, None)
        return _slide(
            programmes,
            view_id,
            _(PROGRAMMES_TITLE),
            _("Deltakere og fullført per program og kommune."),
        )
    detail = indicator_view(database, region, indicator_id, year, with_map=False)
    indicator = indicator_info(database, indicator_id)
    if kind == "trend":
        return _slide(
            detail,
            view_id,
            _("{theme}: {name} over tid", theme=indicator["theme_name"], name=indicator["name"].lower()),
            _("Utviklingen per kommune, og for regionen som helhet der det gir mening (tykk svart linje)."),
            "trend",
        )
    comparison = compare_region(database, region["region_id"], indicator_id, year)
    # The region's own target, as Oversikt shows it: the way left is said on the slide too.
    progress = [p.text for p in target_progress(database, region, year) if p.indicator_id == indicator_id]
    return _slide(
        detail,
        view_id,
        f"{indicator['theme_name']}: {indicator['name']}",
        " ".join([takeaway(comparison, region["name"]), *progress]),
        "bar",
    )


@per_version(reveal=False)  # a meeting shows what everyone sees, even when an editor presents
def build_views(
    database: Database,
    region: dict,
    year: int | None,
    view_ids: tuple[str, ...],
    assumptions: Assumptions | None = None,
    horizon: int | None = None,
) -> list[Panel]:
    """The chosen views in order (unknown ids are left out); `assumptions` and `horizon` are Framtidig
    behov's (the defaults when None)."""
    known = available_views(database)
    return [
        build_view(database, region, year, view_id, assumptions, horizon)
        for view_id in view_ids
        if view_id in known
    ]


def title_text(region: dict, views: list[Panel], today: date | None = None) -> tuple[str, str]:
    """(title, subtitle) for the title slide: region, date, sources, and the example-data warning."""
    example = any(view.is_example for view in views)
    subtitle = _(
        "{day}. Kilder: SSB, KS og nettverkets egen innsamling; se fotnoten på hver side.",
        day=format_day(today or date.today()),
    )
    if example:
        subtitle += " " + _("Sider med båndet «Eksempeldata» viser genererte tall, ikke offisielle.")
    return _("Kompetanse og rekruttering: {region}", region=region["name"]), subtitle


def deck(region: dict, views: list[Panel], takeaways: dict[str, str] | None = None) -> bytes:
    """The views as a deck; `takeaways` (view id -> text) replaces the suggested one-liners."""
    title, subtitle = title_text(region, views)
    slides = [
        Slide(
            view.heading or "",
            (takeaways or {}).get(view.key) or view.headline or "",
            view.footnote,
            view.chart_spec,
            view.is_example,
        )
        for view in views
    ]
    return deck_pptx(title, subtitle, slides)


def has_content(database: Database, region: dict, year: int | None, view_id: str) -> bool:
    """False for 'tifaktor' and 'planer' while the region has no results or plans, and for 'behov:' without
    a projection (every other view has content)."""
    if view_id == "tifaktor":
        return factor_profile(database, region, year).year is not None
    if view_id == "planer":
        return bool(plan_years(database, region["region_id"]))
    if view_id.startswith("behov:"):
        return projection_info(database) is not None
    return True


def meeting_pack(database: Database, region: dict, year: int | None) -> bytes:
    """The whole region in one deck (all themes, one or two slides each)."""
    view_ids = tuple(view for view in DEFAULT_VIEWS if has_content(database, region, year, view))
    return deck(region, build_views(database, region, year, view_ids))
