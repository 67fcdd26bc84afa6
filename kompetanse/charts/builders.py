"""Altair chart builders: pure functions from frames to charts, Norwegian locale, projector-sized.

Frames handed to these builders carry display labels made by formatting.py (`label`: '43,2 %',
'..' for missing, ':' for hidden) and the reason a figure is hidden (`note`), so charts, tables
and exports say the same thing.
"""

from __future__ import annotations

from functools import cache

import altair as alt
import polars as pl

# Okabe-Ito: distinguishable with the common forms of colour blindness.
BAR_COLOUR = "#0072B2"
REGION_COLOUR = "#D55E00"
NATION_COLOUR = "#000000"
TARGET_COLOUR = "#009E73"
REFERENCE_STYLES = [(REGION_COLOUR, [8, 4]), (NATION_COLOUR, [2, 3]), (TARGET_COLOUR, [12, 3, 2, 3])]
# Paul Tol's "muted" scheme: ten colours that stay apart for colour-blind viewers.
SERIES_COLOURS = [
    "#332288",
    "#88CCEE",
    "#44AA99",
    "#117733",
    "#999933",
    "#DDCC77",
    "#CC6677",
    "#882255",
    "#AA4499",
    "#6699CC",
]
MARKER_COLOUR = "#666666"
EXAMPLE_SUBTITLE = "Eksempeldata – ikke offisielle tall"
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
    """Norwegian locale and type large enough for a projector."""
    return (
        chart.configure(locale=norwegian_locale(), font="sans-serif")
        .configure_axis(labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE, labelLimit=260)
        .configure_legend(labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE, labelLimit=260)
        .configure_title(fontSize=FONT_SIZE + 4, subtitleFontSize=FONT_SIZE, anchor="start")
        .configure_view(stroke=None)
    )


def _title(title: str, example: bool) -> alt.TitleParams:
    return alt.TitleParams(title, subtitle=EXAMPLE_SUBTITLE if example else "", subtitleColor="#B35900")


def _full_width(chart, title: str, example: bool, height: int):
    """Title (with the example-data subtitle), container width and a fixed height."""
    return chart.properties(
        title=_title(title, example),
        height=height,
        width="container",
        autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
    )


def _records(frame: pl.DataFrame, columns: list[str]) -> list[dict]:
    return frame.select(columns).to_dicts()


def _reference_rules(references: list[tuple[str, float | None]], fmt: str) -> list[alt.Chart]:
    """Vertical rules for the region, the country and a target, named in one legend."""
    drawn = [
        (label, value, style)
        for (label, value), style in zip(references, REFERENCE_STYLES)
        if value is not None
    ]
    if not drawn:
        return []
    domain = [label for label, _, _ in drawn]
    rules = alt.Chart(alt.Data(values=[{"label": label, "value": value} for label, value, _ in drawn]))
    return [
        rules.mark_rule(strokeWidth=3).encode(
            x="value:Q",
            color=alt.Color(
                "label:N",
                scale=alt.Scale(domain=domain, range=[colour for _, _, (colour, _) in drawn]),
                legend=alt.Legend(title=None, orient="top", symbolStrokeWidth=3),
            ),
            strokeDash=alt.StrokeDash(
                "label:N",
                scale=alt.Scale(domain=domain, range=[dash for _, _, (_, dash) in drawn]),
                legend=None,
            ),
            tooltip=[
                alt.Tooltip("label:N", title="Referanse"),
                alt.Tooltip("value:Q", title="Verdi", format=fmt),
            ],
        )
    ]


def comparison_chart(
    frame: pl.DataFrame,
    *,
    title: str,
    unit: str,
    order: list[str],
    references: list[tuple[str, float | None]],
    example: bool,
) -> alt.LayerChart:
    """Horizontal bars per municipality in `order`, with a rule per reference value.

    `frame` has columns name, value, label and note; `references` is [(label, value)] for the
    region, the country and optionally a target or recommendation, drawn as rules named in the
    legend; a reference without a value is left out. A hidden or missing value gets no bar, only
    its symbol, and the reason in the tooltip.
    """
    fmt = value_format(unit)
    data = alt.Data(values=_records(frame, ["name", "value", "label", "note"]))
    y = alt.Y("name:N", sort=order, title=None)
    tooltip = [
        alt.Tooltip("name:N", title="Kommune"),
        alt.Tooltip("label:N", title="Verdi"),
        alt.Tooltip("note:N", title="Merknad"),
    ]
    bars = (
        alt.Chart(data)
        .mark_bar(color=BAR_COLOUR, height={"band": 0.7})
        .encode(x=alt.X("value:Q", title=axis_title(unit)), y=y, tooltip=tooltip)
    )
    labels = bars.mark_text(align="left", dx=4, fontSize=FONT_SIZE, color="#222222").encode(text="label:N")
    without_value = (
        alt.Chart(data)
        .transform_filter("datum.value == null")
        .mark_text(align="left", dx=4, fontSize=FONT_SIZE, color="#555555")
        .encode(x=alt.datum(0), y=y, text="label:N", tooltip=tooltip)
    )
    chart = alt.layer(bars, labels, without_value, *_reference_rules(references, fmt))
    return configure_chart(_full_width(chart, title, example, max(120, 44 * len(order))))


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
    data = alt.Data(values=_records(frame, ["year", "series", "value", "label", "note"]))
    base = alt.Chart(data).encode(
        x=alt.X("year:Q", title=None, axis=alt.Axis(format="d", tickMinStep=1), scale=alt.Scale(zero=False)),
        y=alt.Y("value:Q", title=axis_title(unit), scale=alt.Scale(zero=False)),
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
    is_region = f"datum.series == {_js_string(region_series or '')}"
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
    return configure_chart(_full_width(alt.layer(*layers), title, example, 360))


def gap_chart(frame: pl.DataFrame, *, title: str, unit: str, example: bool) -> alt.Chart:
    """Stacked bars per municipality: what is covered (blue) and what is missing (vermillion).

    `frame` has columns name, covered and missing, already in display order.
    """
    order = frame["name"].to_list()
    long = frame.unpivot(index="name", on=["covered", "missing"], variable_name="part", value_name="value")
    long = long.with_columns(
        part=pl.col("part").replace({"covered": "Har", "missing": "Mangler"}),
        order=pl.col("part").replace({"covered": "0", "missing": "1"}).cast(pl.Int32),
    )
    chart = (
        alt.Chart(alt.Data(values=_records(long, ["name", "part", "value", "order"])))
        .mark_bar(height={"band": 0.7})
        .encode(
            x=alt.X("value:Q", title=axis_title(unit), stack="zero"),
            y=alt.Y("name:N", sort=order, title=None),
            color=alt.Color(
                "part:N",
                scale=alt.Scale(domain=["Har", "Mangler"], range=[BAR_COLOUR, REGION_COLOUR]),
                legend=alt.Legend(title=None, orient="top"),
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("name:N", title="Kommune"),
                alt.Tooltip("part:N", title="Del"),
                alt.Tooltip("value:Q", title=axis_title(unit), format=",.1f"),
            ],
        )
    )
    return configure_chart(_full_width(chart, title, example, max(120, 44 * len(order))))


def programme_chart(frame: pl.DataFrame, *, title: str, order: list[str], example: bool) -> alt.LayerChart:
    """Per municipality and programme: enrolled (light bar) with completed (dark bar) inside it.

    `frame` has columns name, programme, enrolled and completed (null when hidden or missing).
    """
    data = alt.Data(values=_records(frame, ["name", "programme", "enrolled", "completed"]))
    programmes = sorted(set(frame["programme"].to_list()))
    base = alt.Chart(data).encode(
        y=alt.Y("name:N", sort=order, title=None),
        yOffset=alt.YOffset("programme:N", sort=programmes),
        tooltip=[
            alt.Tooltip("name:N", title="Kommune"),
            alt.Tooltip("programme:N", title="Program"),
            alt.Tooltip("enrolled:Q", title="Deltakere", format=",.0f"),
            alt.Tooltip("completed:Q", title="Fullført", format=",.0f"),
        ],
    )
    colours = SERIES_COLOURS[: len(programmes)]
    colour = alt.Color(
        "programme:N",
        scale=alt.Scale(domain=programmes, range=colours),
        legend=alt.Legend(title="Lys: deltakere. Mørk: fullført.", orient="top", titleLimit=400),
    )
    enrolled = base.mark_bar(opacity=0.35, height={"band": 0.9}).encode(
        x=alt.X("enrolled:Q", title="Ledere", axis=alt.Axis(format=",.0f", tickMinStep=1)), color=colour
    )
    completed = base.mark_bar(height={"band": 0.5}).encode(x="completed:Q", color=colour)
    return configure_chart(
        _full_width(alt.layer(enrolled, completed), title, example, max(140, 56 * len(order)))
    )


def small_multiples_chart(
    frame: pl.DataFrame, *, order: list[str], columns: int, example: bool
) -> alt.FacetChart:
    """One small bar chart per indicator (each with its own scale) for the chosen municipalities.

    `frame` has columns panel (the indicator's name and unit), name, value, label and note.
    """
    tooltip = [
        alt.Tooltip("name:N", title="Kommune"),
        alt.Tooltip("label:N", title="Verdi"),
        alt.Tooltip("note:N", title="Merknad"),
    ]
    base = alt.Chart().encode(y=alt.Y("name:N", sort=order, title=None), tooltip=tooltip)
    bars = base.mark_bar(color=BAR_COLOUR).encode(
        x=alt.X("value:Q", title=None, axis=alt.Axis(format=",.1~f"))
    )
    labels = base.mark_text(align="left", dx=3, fontSize=FONT_SIZE - 2).encode(x="value:Q", text="label:N")
    chart = (
        alt.layer(
            bars, labels, data=alt.Data(values=_records(frame, ["panel", "name", "value", "label", "note"]))
        )
        .properties(width=300, height=max(90, 30 * len(order)))
        .facet(
            facet=alt.Facet("panel:N", title=None, sort=None, header=alt.Header(labelFontSize=FONT_SIZE)),
            columns=columns,
        )
        .resolve_scale(x="independent")
        .properties(title=_title("Valgte kommuner side om side", example))
    )
    return configure_chart(chart)


def _js_string(text: str) -> str:
    """A safe JavaScript string literal for a Vega expression."""
    import json

    return json.dumps(text, ensure_ascii=False)
