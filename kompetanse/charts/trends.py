"""Trend charts: a line per municipality over the years, the region heavier, measures as markers."""

from __future__ import annotations

import altair as alt
import polars as pl

from kompetanse.charts.focus import END_LABEL_ROOM, end_labels, is_focus, series_colours, stroke_width
from kompetanse.charts.style import (
    FONT_SIZE,
    MARKER_COLOUR,
    axis_title,
    full_width_layers,
    records,
    value_axis,
)
from kompetanse.charts.targets import target_layers
from kompetanse.i18n import _


def trend_chart(
    frame: pl.DataFrame,
    *,
    title: str,
    unit: str,
    series_order: list[str],
    region_series: str | None,
    markers: list[dict],
    example: bool,
    focus: str | None = None,
    target: tuple[str, float] | None = None,
) -> alt.LayerChart:
    """One line per municipality and (for rates) a heavier black line for the region, over the years,
    each named at its end.

    `frame` has columns year, series, value, label, note; `markers` are project measures as
    {"year", "label"}: a grey vertical rule per year so one sees whether a measure moved the numbers.
    `focus` names the municipality drawn in colour (the others grey, drawn beneath it); `target` is
    the region's (label, value), drawn as a green line.
    """
    municipalities = [name for name in series_order if name != region_series]
    colours = series_colours(municipalities, region_series, focus)
    domain = municipalities + ([region_series] if region_series else [])
    data = alt.Data(values=records(frame, ["year", "series", "value", "label", "note"]))
    base = alt.Chart(data).encode(
        x=alt.X("year:Q", title=None, axis=alt.Axis(format="d", tickMinStep=1), scale=alt.Scale(zero=False)),
        y=alt.Y("value:Q", title=axis_title(unit), scale=alt.Scale(zero=False), axis=value_axis(unit)),
        # No legend: each line is named at its end (charts/focus.py).
        color=alt.Color("series:N", scale=alt.Scale(domain=domain, range=colours), legend=None),
        tooltip=[
            alt.Tooltip("series:N", title=_("Kommune")),
            alt.Tooltip("year:Q", title=_("År"), format="d"),
            alt.Tooltip("label:N", title=_("Verdi")),
            alt.Tooltip("note:N", title=_("Merknad")),
        ],
    )
    lines = base.mark_line(point=True).encode(strokeWidth=stroke_width(region_series, focus))
    layers: list[alt.Chart] = [lines]
    if focus:  # drawn again on top of the grey lines
        layers.append(lines.transform_filter(is_focus("series", focus)))
    if markers:
        marker_data = alt.Chart(alt.Data(values=markers))
        layers.append(
            marker_data.mark_rule(color=MARKER_COLOUR, strokeDash=[4, 4], strokeWidth=2).encode(
                x=alt.X("year:Q"),
                tooltip=[alt.Tooltip("year:Q", title=_("Tiltak fra"), format="d"), alt.Tooltip("label:N")],
            )
        )
        layers.append(
            marker_data.mark_text(
                align="left", dx=4, dy=-6, fontSize=FONT_SIZE - 2, color=MARKER_COLOUR
            ).encode(x=alt.X("year:Q"), y=alt.YValue(0), text=alt.Text("label:N"))
        )
    layers.append(end_labels(data, base.encoding.color, focus))
    if target is not None:
        layers += target_layers(*target)
    return full_width_layers(layers, title, example, 360, padding={"right": END_LABEL_ROOM})
