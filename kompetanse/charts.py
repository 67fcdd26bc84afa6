"""Altair chart builders: pure functions from frames to charts, Norwegian locale, projector-sized."""

from __future__ import annotations

from functools import cache

import altair as alt
import polars as pl

# Okabe-Ito: distinguishable with the common forms of colour blindness.
BAR_COLOUR = "#0072B2"
REGION_COLOUR = "#D55E00"
NATION_COLOUR = "#000000"
REFERENCE_DASHES = [[8, 4], [2, 3]]
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


def configure_chart(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
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
    country, drawn as rules named in the legend; a reference without a value is left out.
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
            tooltip=[
                alt.Tooltip("name:N", title="Kommune"),
                alt.Tooltip("value:Q", title="Verdi", format=fmt),
            ],
        )
    )
    labels = bars.mark_text(align="left", dx=4, fontSize=FONT_SIZE, color="#222222").encode(
        text=alt.Text("value:Q", format=fmt)
    )
    layers: list[alt.Chart] = [bars, labels]
    styled = zip(references, [REGION_COLOUR, NATION_COLOUR], REFERENCE_DASHES)
    drawn = [(label, value, colour, dash) for (label, value), colour, dash in styled if value is not None]
    if drawn:
        domain = [label for label, _, _, _ in drawn]
        colours = [colour for _, _, colour, _ in drawn]
        dashes = [dash for _, _, _, dash in drawn]
        rules = alt.Chart(alt.Data(values=[{"label": label, "value": value} for label, value, _, _ in drawn]))
        layers.append(
            rules.mark_rule(strokeWidth=3).encode(
                x="value:Q",
                color=alt.Color(
                    "label:N",
                    scale=alt.Scale(domain=domain, range=colours),
                    legend=alt.Legend(title=None, orient="top", labelFontSize=FONT_SIZE, symbolStrokeWidth=3),
                ),
                strokeDash=alt.StrokeDash(
                    "label:N", scale=alt.Scale(domain=domain, range=dashes), legend=None
                ),
                tooltip=[
                    alt.Tooltip("label:N", title="Referanse"),
                    alt.Tooltip("value:Q", title="Verdi", format=fmt),
                ],
            )
        )
    subtitle = "Eksempeldata – ikke offisielle tall" if example else ""
    chart = alt.layer(*layers).properties(
        title=alt.TitleParams(title, subtitle=subtitle, subtitleColor="#B35900"),
        height=max(120, 44 * len(order)),
        width="container",
        autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
    )
    return configure_chart(chart)
