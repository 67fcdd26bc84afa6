"""Charts as PNG and SVG, rendered offline by vl-convert: for a document (fixed width, the source
line under the chart) or for a slide (the slide's size, projector-sized text, no source line: the
slide has it). With example data, a band says so above the chart."""

from __future__ import annotations

import copy
import textwrap

import vl_convert

from kompetanse.charts.boundary_file import with_inline_boundaries
from kompetanse.charts.slide import slide_spec
from kompetanse.charts.style import EXAMPLE_BAND, EXAMPLE_BAND_COLOUR
from kompetanse.i18n import _

EXPORT_WIDTH = 1100
# Slides are laid out at 96 px per inch, so 1 px of the chart is 0.75 pt on the slide: 24 px = 18 pt.
SLIDE_PX_PER_INCH = 96
SLIDE_FONT_PX = 25


def _fixed_width(spec: dict, width: int) -> dict:
    fixed = copy.deepcopy(spec)
    if fixed.get("width") == "container":
        fixed["width"] = width
    return fixed


def example_band(width: int, font_size: int = 18) -> dict:
    """A full-width band with the example-data warning, as a Vega-Lite view to stack above a chart."""
    height = round(font_size * 1.9)
    return {
        "data": {"values": [{"text": _(EXAMPLE_BAND)}]},
        "layer": [
            {
                "mark": {"type": "rect", "color": EXAMPLE_BAND_COLOUR},
                "encoding": {
                    "x": {"value": 0},
                    "x2": {"value": width},
                    "y": {"value": 0},
                    "y2": {"value": height},
                },
            },
            {
                "mark": {
                    "type": "text",
                    "color": "#FFFFFF",
                    "fontSize": font_size,
                    "fontWeight": "bold",
                    "align": "center",
                    "baseline": "middle",
                },
                "encoding": {
                    "text": {"field": "text"},
                    "x": {"value": width / 2},
                    "y": {"value": height / 2},
                },
            },
        ],
        "width": width,
        "height": height,
    }


def with_source_line(spec: dict, source_line: str, width: int = EXPORT_WIDTH, example: bool = False) -> dict:
    """The chart with its source line (definition, source, year) printed under it, and the band."""
    chart = with_inline_boundaries(_fixed_width(spec, width))  # vl-convert has no web server to ask
    top_level = {key: chart.pop(key) for key in ("$schema", "config", "autosize") if key in chart}
    lines = textwrap.wrap(source_line, width=max(60, width // 7)) or [""]
    footnote = {
        "data": {"values": [{"i": i, "line": line} for i, line in enumerate(lines)]},
        "mark": {"type": "text", "align": "left", "baseline": "top", "fontSize": 13, "color": "#444444"},
        "encoding": {
            "text": {"field": "line", "type": "nominal"},
            "x": {"value": 0},
            "y": {"field": "i", "type": "ordinal", "axis": None},
        },
        "width": width,
        "height": 18 * len(lines),
    }
    return {
        **{k: v for k, v in top_level.items() if k != "autosize"},
        "vconcat": ([example_band(width)] if example else []) + [chart, footnote],
        "spacing": 16,
        # Without this the chart's legend is placed for the whole concatenation: above its title
        # or below the source line.
        "resolve": {"legend": {"color": "independent", "strokeDash": "independent"}},
    }


def chart_png(
    spec: dict, source_line: str, width: int = EXPORT_WIDTH, scale: float = 2, example: bool = False
) -> bytes:
    """A PNG for documents (2x for a sharp projector image)."""
    return vl_convert.vegalite_to_png(with_source_line(spec, source_line, width, example), scale=scale)


def chart_svg(spec: dict, source_line: str, width: int = EXPORT_WIDTH, example: bool = False) -> str:
    return vl_convert.vegalite_to_svg(with_source_line(spec, source_line, width, example))


def for_slide(spec: dict, width_in: float, height_in: float) -> dict:
    """The chart spec as it is drawn on a slide area of width_in x height_in inches."""
    return slide_spec(
        with_inline_boundaries(spec),  # vl-convert has no web server to ask for the map's boundaries
        font_size=SLIDE_FONT_PX,
        width=round(width_in * SLIDE_PX_PER_INCH),
        height=round(height_in * SLIDE_PX_PER_INCH),
    )


def slide_png(spec: dict, width_in: float, height_in: float, scale: float = 2) -> bytes:
    """A PNG that fills a slide area exactly (placed at its own size, so its text stays >= 18 pt)."""
    return vl_convert.vegalite_to_png(for_slide(spec, width_in, height_in), scale=scale)
