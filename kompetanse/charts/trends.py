"""Trend charts: a line per municipality over the years, the region heavier, measures as markers."""

from __future__ import annotations

import altair as alt
import polars as pl

from kompetanse.charts.style import (
    FONT_SIZE,
    MARKER_COLOUR,
    NATION_COLOUR,
    SERIES_COLOURS,
    axis_title,
    configure_chart,
    full_width,
    js_string,
    records,
    value_axis,
)


def trend_chart(
    frame: pl.DataFrame,
    *,
    title: str,
    unit: str,
    series_order: list[str],
    region_series: str | None,
    markers: list[dict],
    example: bool,
) -> alt.LayerChart:
    """One line per municipality and (for rates) a heavier black line for the region, over the years.

    `frame` has columns year, series, value, label, note; `markers` are project measures as
    {"year", "label"}: a grey vertical rule per year so one sees whether a measure moved the numbers.
    """
    municipalities = [name for name in series_order if name != region_series]
    colours = [SERIES_COLOURS[i % len(SERIES_COLOURS)] for i in range(len(municipalities))]
    domain = municipalities + ([region_series] if region_series else [])
    colours += [NATION_COLOUR] if region_series else []
    data = alt.Data(values=records(frame, ["year", "series", "value", "label", "note"]))
    base = alt.Chart(data).encode(
        x=alt.X("year:Q", title=None, axis=alt.Axis(format="d", tickMinStep=1), scale=alt.Scale(zero=False)),
        y=alt.Y("value:Q", title=axis_title(unit), scale=alt.Scale(zero=False), axis=value_axis(unit)),
        color=alt.Color(
            "series:N",
            scale=alt.Scale(domain=domain, range=colours),
            legend=alt.Legend(title=None, orient="bottom", columns=4),
        ),
        tooltip=[
            alt.Tooltip("series:N", title="Kommune"),
            alt.Tooltip("year:Q", title="År", format="d"),
            alt.Tooltip("label:N", title="Verdi"),
            alt.Tooltip("note:N", title="Merknad"),
        ],
    )
    is_region = f"datum.series == {js_string(region_series or '')}"
    lines = base.mark_line(point=True).encode(
        strokeWidth=alt.condition(is_region, alt.value(4.5), alt.value(2)),
    )
    layers: list[alt.Chart] = [lines]
    if markers:
        marker_data = alt.Chart(alt.Data(values=markers))
        layers.append(
            marker_data.mark_rule(color=MARKER_COLOUR, strokeDash=[4, 4], strokeWidth=2).encode(
                x="year:Q", tooltip=[alt.Tooltip("year:Q", title="Tiltak fra", format="d"), "label:N"]
            )
        )
        layers.append(
            marker_data.mark_text(
                align="left", dx=4, dy=-6, fontSize=FONT_SIZE - 2, color=MARKER_COLOUR
            ).encode(x="year:Q", y=alt.value(0), text="label:N")
        )
    return configure_chart(full_width(alt.layer(*layers), title, example, 360))
