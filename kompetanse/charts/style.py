"""What every chart shares: colour-blind-safe palettes, the Norwegian locale, projector-sized type.

Frames handed to the builders carry display labels made by rules/formatting.py (`label`: '43,2 %',
'..' for missing, ':' for hidden) and the reason a figure is hidden (`note`), so charts, tables
and exports say the same thing.
"""

from __future__ import annotations

import json
from functools import cache

import altair as alt
import polars as pl
import vl_convert

from kompetanse.i18n import N_, _

# Altair's DEBUG_MODE (on by default) validates every schema object as it is built, on top of the
# validation of the whole spec in to_dict() that Streamlit and the tests still run: off, building a
# page's charts costs 31 % less CPU (measured on the server, README Benchmarks).
alt.utils.schemapi.disable_debug_mode()

# Okabe-Ito's hues, darkened where needed so that every line and every value written in its colour
# meets WCAG's 4.5:1 against white (1.4.3 for the text, 1.4.11's 3:1 for the lines; tests/test_contrast.py).
# The lines also differ by dash (REFERENCE_STYLES), so colour is never the only carrier.
BAR_COLOUR = "#0072B2"  # 5.2:1
REGION_COLOUR = "#C05000"  # Okabe-Ito's vermillion #D55E00 (3.9:1), darkened: 4.8:1
NATION_COLOUR = "#000000"
TARGET_COLOUR = "#007A5E"  # bluish green #009E73 (3.4:1), darkened: 5.3:1
RECOMMENDATION_COLOUR = "#936800"  # a yardstick from the catalogue, e.g. KS' 2 per 1000; orange #E69F00
# (2.3:1), darkened: 5.0:1
GROUP_COLOUR = "#B0508A"  # the municipality's KOSTRA group (SSB's value); purple #CC79A7 (3.1:1): 4.8:1
# By position (a reference without a value is not drawn): region, country, the region's own target,
# a recommendation, the KOSTRA group.
REFERENCE_STYLES = [
    (REGION_COLOUR, [8, 4]),
    (NATION_COLOUR, [2, 3]),
    (TARGET_COLOUR, [12, 3, 2, 3]),
    (RECOMMENDATION_COLOUR, [6, 2]),
    (GROUP_COLOUR, [4, 2, 1, 2]),
]
# Paul Tol's "muted" scheme with its five light colours darkened to at least 4.5:1 against white, since
# the names at the line ends are written in the line's colour. The names, not the colours, tell the
# lines apart.
SERIES_COLOURS = [
    "#332288",
    "#1A6A8C",  # #88CCEE (1.8:1)
    "#2B7A6E",  # #44AA99 (2.8:1)
    "#117733",
    "#6E6E1F",  # #999933 (3.0:1)
    "#8A6D00",  # #DDCC77 (1.6:1)
    "#B03A50",  # #CC6677 (3.7:1)
    "#882255",
    "#AA4499",
    "#3D6BA3",  # #6699CC (3.0:1)
]
MARKER_COLOUR = "#666666"
# Axis and legend labels and titles: Streamlit's chart theme draws them #808495 (3.8:1), below the 4.5:1
# text needs; this grey is 6.5:1 and matches the captions (ui/browser.py).
LABEL_COLOUR = "#5C5D66"
EXAMPLE_SUBTITLE = N_("Eksempeldata – ikke offisielle tall")
# The band on every slide, chart image and spreadsheet with example data: white on dark orange (4.9:1).
EXAMPLE_BAND = N_("EKSEMPELDATA – IKKE OFFISIELLE TALL")  # translated where it is shown
EXAMPLE_BAND_COLOUR = "#B35900"
FONT_SIZE = 15
NUMBER_LOCALE = {"decimal": ",", "thousands": "\u00a0", "grouping": [3], "currency": ["", "\u00a0kr"]}


@cache
def norwegian_locale() -> dict:
    """Vega-Lite locale object: Norwegian numbers and month names."""
    return {"number": NUMBER_LOCALE, "time": vl_convert.get_time_format_locale("nb-NO")}


def value_format(unit: str) -> str:
    """d3-format for a unit: integers for counts, one decimal otherwise."""
    return ",.0f" if unit == "antall" else ",.1f"


def axis_title(unit: str) -> str:
    text = _(unit)
    return text[:1].upper() + text[1:]


def value_axis(unit: str, largest: float | None = None, **options) -> alt.Axis:
    """The value axis at round steps: every 10 for percentages (when the values go past 20), and
    about five ticks otherwise (Vega picks 1, 2 or 5 times a power of ten)."""
    if unit == "prosent" and (largest is None or largest > 20):
        return alt.Axis(tickMinStep=10, tickCount=10, **options)
    return alt.Axis(tickCount=5, **options)


def _config() -> dict:
    """Norwegian locale and type large enough for a projector."""
    return dict(
        locale=norwegian_locale(),
        font="sans-serif",
        axis=alt.AxisConfig(
            labelFontSize=FONT_SIZE,
            titleFontSize=FONT_SIZE,
            labelLimit=260,
            labelColor=LABEL_COLOUR,
            titleColor=LABEL_COLOUR,
        ),
        legend=alt.LegendConfig(
            labelFontSize=FONT_SIZE,
            titleFontSize=FONT_SIZE,
            labelLimit=260,
            labelColor=LABEL_COLOUR,
            titleColor=LABEL_COLOUR,
        ),
        header=alt.HeaderConfig(labelColor=LABEL_COLOUR, titleColor=LABEL_COLOUR),
        title=alt.TitleConfig(fontSize=FONT_SIZE + 4, subtitleFontSize=FONT_SIZE, anchor="start"),
        view=alt.ViewConfig(stroke=None),
    )


def configure_chart(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """The chart with our config, set in one call: each `configure_*` call copies the chart with its
    data."""
    return chart.configure(**_config())


def title_params(title: str, example: bool) -> alt.TitleParams:
    return alt.TitleParams(
        title, subtitle=_(EXAMPLE_SUBTITLE) if example else "", subtitleColor=EXAMPLE_BAND_COLOUR
    )


def _width_properties(title: str, example: bool, height: int) -> dict:
    return {
        "title": title_params(title, example),
        "height": height,
        "width": "container",
        "autosize": alt.AutoSizeParams(type="fit-x", contains="padding"),
    }


def full_width(chart, title: str, example: bool, height: int):
    """Title (with the example-data subtitle), container width and a fixed height."""
    return chart.properties(**_width_properties(title, example, height))


def full_width_layers(layers: list, title: str, example: bool, height: int, **properties) -> alt.LayerChart:
    """`configure_chart(full_width(alt.layer(*layers), ...))` made in one step: a LayerChart copies
    every layer each time it is made, and `.properties()` and `.configure()` make it anew (three times
    the work for the same spec)."""
    return alt.LayerChart(
        layer=list(layers),
        config=alt.Config(**_config()),
        **_width_properties(title, example, height),
        **properties,
    )


def records(frame: pl.DataFrame, columns: list[str]) -> list[dict]:
    """Rows for a chart's inline data. A missing note is left out rather than null: Vega's tooltip
    prints a null as the English word "null" and skips a field that is not there."""
    rows = frame.select(columns).to_dicts()
    if "note" in columns:
        rows = [
            {key: value for key, value in row.items() if key != "note" or value is not None} for row in rows
        ]
    return rows


def js_string(text: str) -> str:
    """A safe JavaScript string literal for a Vega expression."""
    return json.dumps(text, ensure_ascii=False)


def vega_spec(chart: alt.TopLevelMixin, description: str) -> dict:
    """The chart as a Vega-Lite dict with its text alternative, without Altair's JSON-schema validation.

    Validation is a third of the cost of building a view; the builders' output is validated in
    tests/test_charts.py, and a spec is only ever built from a builder.

    `description` (charts/describe.py) is what a screen reader reads: Vega writes it as the
    aria-label of the chart's element (role graphics-document). The marks themselves are kept out of
    the accessibility tree (`aria: false`), and so is the title, which the description starts with:
    one by one the marks would be read as bare field: value pairs,
    and a layer with no rows (a reference line not drawn) is an unnamed graphics-symbol, which axe
    reports (svg-img-alt). The table beside every chart carries the numbers.
    """
    spec = chart.to_dict(validate=False)
    spec["description"] = description
    config = spec.setdefault("config", {})
    config["aria"] = False
    config["mark"] = {**config.get("mark", {}), "aria": False}
    # The title too, else read as "Title text '...' Subtitle text '...'" (config.title.aria is ignored).
    title = spec.get("title")
    if title is not None:
        spec["title"] = {**(title if isinstance(title, dict) else {"text": title}), "aria": False}
    return spec
