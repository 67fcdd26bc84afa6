"""Charts as PNG and SVG, rendered offline by vl-convert at a fixed width with the source line under them."""

from __future__ import annotations

import copy
import textwrap

import vl_convert

from kompetanse.charts.boundary_file import with_inline_boundaries

EXPORT_WIDTH = 1100


def _fixed_width(spec: dict, width: int) -> dict:
    fixed = copy.deepcopy(spec)
    if fixed.get("width") == "container":
        fixed["width"] = width
    return fixed


def with_source_line(spec: dict, source_line: str, width: int = EXPORT_WIDTH) -> dict:
    """The chart with its source line (definition, source, year) printed under it."""
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
        "vconcat": [chart, footnote],
        "spacing": 16,
    }


def chart_png(spec: dict, source_line: str, width: int = EXPORT_WIDTH, scale: float = 2) -> bytes:
    """A PNG for slides and documents (2x for a sharp projector image)."""
    return vl_convert.vegalite_to_png(with_source_line(spec, source_line, width), scale=scale)


def chart_svg(spec: dict, source_line: str, width: int = EXPORT_WIDTH) -> str:
    return vl_convert.vegalite_to_svg(with_source_line(spec, source_line, width))
