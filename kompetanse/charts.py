"""Altair chart builders: pure functions from frames to charts, Norwegian locale, projector-sized."""

from __future__ import annotations

from functools import cache

import altair as alt
import polars as pl

# Okabe-Ito: distinguishable with the common forms of colour blindness.
BAR_COLOUR = "#0072B2"
REGION_COLOUR = "#D55E00"
NATION_COLOUR = "#000000"
FONT_SIZE = 15
NUMBER_LOCALE = {"decimal": ",", "thousands": "\u00a0", "grouping": [3], "currency": ["", "\u00a0kr"]}


@cache
def norwegian_locale() -> dict:
    """Vega-Lite locale object: Norwegian numbers and month names."""
    import vl_convert

    return {"number": NUMBER_LOCALE, "time": vl_convert.get_time_format_locale("nb-NO")}


def value_format(unit: str) -> str:
    """d3-format for a unit: integers for counts, one decimal otherwise."""
    return ",.0f" if unit == "antall" else ",.1f"


def axis_title(unit: str) -> str:
    return {"prosent": "Prosent", "antall": "Antall"}.get(unit, unit[:1].upper() + unit[1:])


def _configure(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    return (
        chart.configure(locale=norwegian_locale(), font="sans-serif")
        .configure_axis(labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE, labelLimit=260)
        .configure_title(fontSize=FONT_SIZE + 4, subtitleFontSize=FONT_SIZE, anchor="start")
        .configure_view(stroke=None)
    )


def comparison_chart(
    frame: pl.DataFrame,
    *,
    title: str,
    unit: str,
    order: list[str],
    references: list[tuple[str, float | None]],
    example: bool,
) -> alt.LayerChart:
    """Horizontal bars per municipality in `order`, with a labelled rule per reference value.

    `frame` has columns name and value; `references` is [(label, value)], e.g. the region and the
    country; a reference without a value is left out.
    """
    fmt = value_format(unit)
    values = [{"name": n, "value": v} for n, v in frame.select("name", "value").iter_rows()]
    y = alt.Y("name:N", sort=order, title=None)
    x = alt.X("value:Q", title=axis_title(unit))
    bars = (
        alt.Chart(alt.Data(values=values))
        .mark_bar(color=BAR_COLOUR, height={"band": 0.7})
        .encode(
            x=x,
            y=y,
            tooltip=[alt.Tooltip("name:N", title="Kommune"), alt.Tooltip("value:Q", title="Verdi", format=fmt)],
        )
    )
    labels = bars.mark_text(align="left", dx=4, fontSize=FONT_SIZE, color="#222222").encode(
        text=alt.Text("value:Q", format=fmt)
    )
    layers: list[alt.Chart] = [bars, labels]
    styles = [(REGION_COLOUR, [8, 4]), (NATION_COLOUR, [2, 3])]
    for (label, value), (colour, dash) in zip(references, styles):
        if value is None:
            continue
        reference = alt.Chart(alt.Data(values=[{"label": label, "value": value}]))
        layers.append(
            reference.mark_rule(color=colour, strokeDash=dash, strokeWidth=2.5).encode(
                x="value:Q",
                tooltip=[alt.Tooltip("label:N", title="Referanse"), alt.Tooltip("value:Q", title="Verdi", format=fmt)],
            )
        )
        layers.append(
            reference.mark_text(color=colour, align="left", dx=4, dy=-8, fontSize=FONT_SIZE - 2, fontWeight="bold")
            .encode(x="value:Q", y=alt.value(0), text="label:N")
        )
    subtitle = "Eksempeldata – ikke offisielle tall" if example else ""
    chart = alt.layer(*layers).properties(
        title=alt.TitleParams(title, subtitle=subtitle, subtitleColor="#B35900"),
        height=max(120, 44 * len(order)),
        width="container",
    )
    return _configure(chart)
