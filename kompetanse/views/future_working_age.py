"""Framtidig behov: the working-age population (20-66) beside the need, so one sees who could fill it."""

from __future__ import annotations

import polars as pl

from kompetanse.charts.describe import band_description
from kompetanse.charts.future import band_chart
from kompetanse.charts.style import vega_spec
from kompetanse.indicators.panel import Chart, Panel, numeric
from kompetanse.indicators.view import aggregate_row_label
from kompetanse.rules.formatting import format_number, format_signed, format_value
from kompetanse.rules.future_assumptions import Assumptions, assumptions_text
from kompetanse.rules.future_need import band
from kompetanse.rules.regions import members
from kompetanse.store.db import Database
from kompetanse.views.future_data import projection_info, region_working_age


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

    def row(label: str, value_at) -> dict:
        change, share = _change(value_at(info.start), value_at(horizon))
        cells = {"Kommune": label, f"20–66 år {info.start}": format_number(value_at(info.start))}
        cells |= {str(year): format_number(value_at(year)) for year in years}
        cells[f"Endring til {horizon}"] = format_signed(change, 0)
        cells[f"Endring til {horizon} (%)"] = format_value(share, "prosent")
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
    chart_title = f"{aggregate_row_label(region)}: innbyggere 20–66 år"
    chart = band_chart(
        trend,
        title=chart_title,
        unit="innbyggere",
        example=example,
        horizon=horizon,
    )
    change, share = _change(region_at(info.start), region_at(horizon))
    growth = [
        panel.table.row(-1, named=True).get(f"Flere innen {horizon}")
        for panel in sector_panels
        if panel.table is not None
    ]
    headline = (
        f"I {region['name']} blir det {format_number(abs(change))} {'færre' if change < 0 else 'flere'} "
        f"innbyggere i alderen 20–66 år fra {info.start} til {horizon} ({format_signed(share, 1)} %), "
        f"mens barnehagene trenger {growth[0]} og omsorgstjenestene {growth[1]} flere årsverk."
        if change is not None and len(growth) == 2
        else None
    )
    return Panel(
        key="behov-arbeidsalder",
        heading="Befolkningen i arbeidsalder (20–66 år)",
        headline=headline,
        footnote=(
            f"Innbyggere 20–66 år 1. januar: de som kan fylle stillingene. Regionen er summen av kommunene. "
            f"{assumptions_text(assumptions, info.start, info.is_example)} Befolkning: {info.source}."
        ),
        is_example=example,
        charts=(
            Chart(
                "trend",
                vega_spec(chart, band_description(chart_title, trend)),
                "Befolkningen 20–66 år over tid",
            ),
        ),
        table=table,
        numeric_columns=numeric(table, "Kommune"),
        table_name="Framtidig behov arbeidsalder",
    )
