"""A chart made for a slide: every text at projector size, lines to match, sized to its place.

The builders draw for a page (FONT_SIZE px text); a slide is read from the back of a room. This
raises every font size in the spec to at least `font_size` (scaling the pixel offsets of text with
it, so labels stay clear of each other), thickens lines, and fixes the size. The example-data
subtitle is left out: a slide carries its own band (exports/slides.py, ui/slideshow.py).
"""

from __future__ import annotations

import copy

from kompetanse.charts.style import EXAMPLE_SUBTITLE, FONT_SIZE
from kompetanse.i18n import _

# Config blocks whose font sizes Vega would otherwise take from its own small defaults (10-13 px).
_CONFIG_FONTS = {
    "axis": ("labelFontSize", "titleFontSize"),
    "legend": ("labelFontSize", "titleFontSize"),
    "header": ("labelFontSize", "titleFontSize"),
    "title": ("fontSize", "subtitleFontSize"),
    "text": ("fontSize",),
    "mark": ("fontSize",),
}
_SCALED_WITH_TEXT = ("dx", "dy", "offset", "labelLimit", "titleLimit", "symbolStrokeWidth", "labelPadding")


def slide_spec(spec: dict, *, font_size: int, width: int | str, height: int | str | None = None) -> dict:
    """A copy of `spec` for a slide: text of at least `font_size` px, `width` x `height` in all."""
    factor = font_size / FONT_SIZE
    slide = copy.deepcopy(spec)
    _scale(slide, factor, font_size)
    config = slide.setdefault("config", {})
    for block, keys in _CONFIG_FONTS.items():
        settings = config.setdefault(block, {})
        for key in keys:
            settings[key] = max(font_size, round(settings.get(key, FONT_SIZE) * factor))
    config["title"]["fontSize"] = font_size + 2  # the slide has the big title; this one names the year
    config["legend"]["symbolSize"] = round(100 * factor * factor)
    title = slide.get("title")
    if isinstance(title, dict) and title.get("subtitle") in (EXAMPLE_SUBTITLE, _(EXAMPLE_SUBTITLE)):
        slide["title"] = {key: value for key, value in title.items() if not key.startswith("subtitle")}
    slide["width"] = width
    if height is not None:
        slide["height"] = height
    slide["autosize"] = {"type": "fit" if height is not None else "fit-x", "contains": "padding"}
    return slide


def _scale(node: object, factor: float, font_size: int) -> None:
    """Raise font sizes and the offsets that go with text, everywhere in a spec (in place)."""
    if isinstance(node, list):
        for item in node:
            _scale(item, factor, font_size)
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        if key == "fontSize" and isinstance(value, int | float):
            node[key] = max(font_size, round(value * factor))
        elif key in _SCALED_WITH_TEXT and isinstance(value, int | float):
            node[key] = round(value * factor)
        elif key == "strokeWidth" and isinstance(value, int | float):
            node[key] = round(value * min(factor, 1.6), 1)
        else:
            _scale(value, factor, font_size)
    mark = node.get("mark")
    if isinstance(mark, dict) and mark.get("type") == "text":
        # A text placed at a fixed pixel position (a reference value above the plot) moves with its size.
        for channel in ("x", "y"):
            placed = node.get("encoding", {}).get(channel)
            if isinstance(placed, dict) and isinstance(placed.get("value"), int | float):
                placed["value"] = round(placed["value"] * factor)
