"""Charts for Framtidig behov: today against the need in chosen years, and a trend with SSB's band."""

from __future__ import annotations

import altair as alt
import polars as pl

from kompetanse.charts.focus import bar_opacity
from kompetanse.charts.style import (
    BAR_COLOUR,
    FONT_SIZE,
    MARKER_COLOUR,
    REGION_COLOUR,
    SERIES_COLOURS,
    axis_title,
    full_width_layers,
    records,
    value_axis,
)
from kompetanse.i18n import _

TODAY_COLOUR = "#999999"  # today's staffing: grey, so the projected years stand out
BAND_COLOUR = "#88CCEE"


def horizon_bars(
    frame: pl.DataFrame,
    *,
    title: str,
    unit: str,
    order: list[str],
    periods: list[str],
    example: bool,
    focus: str | None = None,
) -> alt.LayerChart:
    """Per municipality, side by side: today (grey) and the need in each chosen year (blues).

    `frame` has columns name, period (one of `periods`, today first), value and label; a missing
    value gets no bar, only its label.
    """
    colours = [TODAY_COLOUR, *[SERIES_COLOURS[(i * 3) % len(SERIES_COLOURS)] for i in range(len(periods))]]
    data = alt.Data(values=records(frame, ["name", "period", "value", "label"]))
    base = alt.Chart(data).encode(
        y=alt.Y("name:N", sort=order, title=None),
        yOffset=alt.YOffset("period:N", sort=periods),
        tooltip=[
            alt.Tooltip("name:N", title=_("Kommune")),
            alt.Tooltip("period:N", title=_("År")),
            alt.Tooltip("label:N", title=axis_title(unit)),
        ],
    )
    bars = base.mark_bar(height={"band": 0.9}).encode(
        x=alt.X("value:Q", title=axis_title(unit), axis=value_axis(unit)),
        color=alt.Color(
            "period:N",
            sort=periods,
            scale=alt.Scale(domain=periods, range=colours[: len(periods)]),
            legend=alt.Legend(title=None, orient="top"),
        ),
        opacity=bar_opacity(focus),
    )
    labels = base.mark_text(align="left", dx=3, fontSize=FONT_SIZE - 3, color="#222222").encode(
        x=alt.X("value:Q"), text=alt.Text("label:N")
    )
    height = max(140, (14 * len(periods) + 12) * len(order))
    return full_width_layers([bars, labels], title, example, height)


def band_chart(
    frame: pl.DataFrame,
    *,
    title: str,
    unit: str,
    example: bool,
    horizon: int | None = None,
    today: tuple[str, float] | None = None,
) -> alt.LayerChart:
    """The chosen alternative as a line over the years inside a band from SSB's low to high alternative.

    `frame` has columns year, main, lower, upper and label (the main value as text); `horizon` is
    drawn as a grey rule, `today` = (label, value) as a dashed line (today's staffing).
    """
    data = alt.Data(values=records(frame, ["year", "main", "lower", "upper", "label"]))
    x = alt.X("year:Q", title=None, axis=alt.Axis(format="d", tickMinStep=1), scale=alt.Scale(zero=False))
    band = (
        alt.Chart(data)
        .mark_area(color=BAND_COLOUR, opacity=0.45)
        .encode(
            x=x,
            y=alt.Y("lower:Q", title=axis_title(unit), scale=alt.Scale(zero=False), axis=value_axis(unit)),
            y2=alt.Y2("upper:Q"),
            tooltip=[
                alt.Tooltip("year:Q", title=_("År"), format="d"),
                alt.Tooltip("lower:Q", title=_("Lav"), format=",.1f"),
                alt.Tooltip("upper:Q", title=_("Høy"), format=",.1f"),
            ],
        )
    )
    line = (
        alt.Chart(data)
        .mark_line(point=True, color=BAR_COLOUR, strokeWidth=3)
        .encode(
            x=x,
            y=alt.Y("main:Q"),
            tooltip=[
                alt.Tooltip("year:Q", title=_("År"), format="d"),
                alt.Tooltip("label:N", title=_("Behov")),
            ],
        )
    )
    layers: list[alt.Chart] = [band, line]
    if today is not None:
        rule = alt.Chart(alt.Data(values=[{"label": today[0], "value": today[1]}]))
        layers.append(
            rule.mark_rule(color=REGION_COLOUR, strokeDash=[8, 4], strokeWidth=2).encode(
                y=alt.Y("value:Q"),
                tooltip=[alt.Tooltip("label:N", title=_("I dag")), alt.Tooltip("value:Q", format=",.1f")],
            )
        )
        layers.append(
            rule.mark_text(align="left", dx=4, dy=-8, fontSize=FONT_SIZE - 2, color=REGION_COLOUR).encode(
                x=alt.XValue(0), y=alt.Y("value:Q"), text=alt.Text("label:N")
            )
        )
    if horizon is not None:
        marker = alt.Chart(alt.Data(values=[{"year": horizon, "label": _("Horisont {year}", year=horizon)}]))
        layers.append(
            marker.mark_rule(color=MARKER_COLOUR, strokeDash=[4, 4], strokeWidth=2).encode(x=alt.X("year:Q"))
        )
        layers.append(
            marker.mark_text(align="left", dx=4, dy=-6, fontSize=FONT_SIZE - 2, color=MARKER_COLOUR).encode(
                x=alt.X("year:Q"), y=alt.YValue(0), text=alt.Text("label:N")
            )
        )
    return full_width_layers(layers, title, example, 340)
