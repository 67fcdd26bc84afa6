"""Framtidig behov: the working-age population (20-66) beside the need, so one sees who could fill it."""

from __future__ import annotations

import polars as pl

from kompetanse.charts.describe import band_description
from kompetanse.charts.future import band_chart
from kompetanse.charts.style import vega_spec
from kompetanse.i18n import N_, _
from kompetanse.indicators.panel import Chart, Panel, numeric
from kompetanse.indicators.view import aggregate_row_label
from kompetanse.rules.formatting import format_number, format_signed, format_value
from kompetanse.rules.future_assumptions import Assumptions, assumptions_text
from kompetanse.rules.future_need import band
from kompetanse.rules.regions import members
from kompetanse.store.db import Database
from kompetanse.views.future_data import more_by, projection_info, region_working_age


def _change(start: float | None, end: float | None) -> tuple[float | None, float | None]:
    """The change and the change in percent (None where unknown or from nothing)."""
    if start is None or end is None:
        return None, None
    return end - start, ((end - start) / start * 100 if start else None)


def working_age_panel(
    database: Database,
    region: dict,
    kommuner: tuple[str, ...] | None,
    assumptions: Assumptions,
    years: tuple[int, ...],
    horizon: int,
    sector_panels: list[Panel],
) -> Panel:
    """Inhabitants 20-66 years per municipality in the chosen years, the region's band over time."""
    info = projection_info(database)
    every = region_working_age(database, region["region_id"])
    frame = every.filter(pl.col("alternative") == assumptions.alternative)
    names = dict(members(database, region["region_id"]).select("kommunenummer", "name").iter_rows())
    wanted = (info.start, *years, horizon)
    values = {
        (k, y): v
        for k, y, v in frame.filter(pl.col("year").is_in(wanted))
        .select("kommunenummer", "year", "working_age")
        .iter_rows()
    }
    present = set(frame["kommunenummer"])
    shown = [k for k in names if k in present and (not kommuner or k in kommuner)]

    municipality = _("Kommune")

    def row(label: str, value_at) -> dict:
        change, share = _change(value_at(info.start), value_at(horizon))
        cells = {
            municipality: label,
            _("20–66 år {year}", year=info.start): format_number(value_at(info.start)),
        }
        cells |= {str(year): format_number(value_at(year)) for year in years}
        cells[_("Endring til {year}", year=horizon)] = format_signed(change, 0)
        cells[_("Endring til {year} (%)", year=horizon)] = format_value(share, "prosent")
        return cells

    def region_at(year: int) -> float | None:
        rows = frame.filter(pl.col("year") == year)["working_age"]
        return rows.sum() if rows.len() and rows.null_count() == 0 else None

    rows = [row(names[k], lambda year, k=k: values.get((k, year))) for k in shown]
    rows.append(row(aggregate_row_label(region), region_at))
    table = pl.DataFrame(rows)
    totals = every.group_by("year", "alternative").agg(pl.col("working_age").sum())
    wide = band(totals, "working_age", assumptions.alternative)
    trend = wide.with_columns(label=pl.Series([format_number(v) for v in wide["main"]], dtype=pl.String))
    example = info.is_example
    chart_title = _("{region}: innbyggere 20–66 år", region=aggregate_row_label(region))
    chart = band_chart(
        trend,
        title=chart_title,
        unit="innbyggere",
        example=example,
        horizon=horizon,
    )
    change, share = _change(region_at(info.start), region_at(horizon))
    growth = [
        panel.table.row(-1, named=True).get(more_by(horizon))
        for panel in sector_panels
        if panel.table is not None
    ]
    headline = None
    if change is not None and len(growth) == 2:
        values = {
            "region": region["name"],
            "change": format_number(abs(change)),
            "start": info.start,
            "horizon": horizon,
            "share": format_signed(share, 1),
            "kindergartens": growth[0],
            "care": growth[1],
        }
        text = (
            N_(
                "I {region} blir det {change} færre innbyggere i alderen 20–66 år fra {start} til {horizon} "
                "({share} %), mens barnehagene trenger {kindergartens} og omsorgstjenestene {care} flere "
                "årsverk."
            )
            if change < 0
            else N_(
                "I {region} blir det {change} flere innbyggere i alderen 20–66 år fra {start} til {horizon} "
                "({share} %), mens barnehagene trenger {kindergartens} og omsorgstjenestene {care} flere "
                "årsverk."
            )
        )
        headline = _(text, **values)
    return Panel(
        key="behov-arbeidsalder",
        heading=_("Befolkningen i arbeidsalder (20–66 år)"),
        headline=headline,
        footnote=_(
            "Innbyggere 20–66 år 1. januar: de som kan fylle stillingene. Regionen er summen av kommunene. "
            "{assumptions} Befolkning: {population}.",
            assumptions=assumptions_text(assumptions, info.start, info.is_example),
            population=info.source,
        ),
        is_example=example,
        charts=(
            Chart(
                "trend",
                vega_spec(chart, band_description(chart_title, trend)),
                _("Befolkningen 20–66 år over tid"),
            ),
        ),
        table=table,
        numeric_columns=numeric(table, municipality),
        table_name=_("Framtidig behov arbeidsalder"),
    )
