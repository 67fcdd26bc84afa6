"""How much room a line of slide text takes, so a deck can be laid out before PowerPoint draws it.

Slides are set in Arial. Liberation Sans has Arial's metrics (it was made to), and it is what
LibreOffice draws for Arial on Linux, so widths measured with it hold in PowerPoint and in
LibreOffice alike. Without the font file, a deliberately wide estimate keeps text inside its box.
"""

from __future__ import annotations

from functools import cache

from PIL import ImageFont

SLIDE_FONT = "Arial"
_FONT_FILES = {False: "LiberationSans-Regular.ttf", True: "LiberationSans-Bold.ttf"}
_MEASURE_AT = 100  # measure at 100 pt and scale: sub-point rounding would add up over a line
_FALLBACK_EM = {False: 0.56, True: 0.62}  # wider than Arial's average, on purpose
LINE_SPACING = 1.2  # PowerPoint's single spacing for Arial, as a multiple of the font size


@cache
def _font(bold: bool) -> ImageFont.FreeTypeFont | None:
    try:
        return ImageFont.truetype(_FONT_FILES[bold], _MEASURE_AT)
    except OSError:
        return None


def text_width(text: str, size_pt: float, bold: bool = False) -> float:
    """The width of one line of text in points."""
    font = _font(bold)
    if font is None:
        return len(text) * size_pt * _FALLBACK_EM[bold]
    return font.getlength(text) * size_pt / _MEASURE_AT


def wrap(text: str, width_pt: float, size_pt: float, bold: bool = False) -> list[str]:
    """Greedy word wrap into lines no wider than width_pt (a single over-long word keeps its line)."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if line and text_width(candidate, size_pt, bold) > width_pt:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


def fit(
    text: str,
    width_pt: float,
    sizes: tuple[float, ...],
    max_lines: int,
    bold: bool = False,
    smaller: tuple[float, ...] = (),
) -> tuple[float, list[str]]:
    """(size, lines) for text in a box width_pt wide: the fewest lines at one of `sizes` (largest
    first) up to max_lines; else max_lines at one of the `smaller` sizes; else the smallest size,
    wrapped as far as it takes."""
    for count in range(1, max_lines + 1):
        for size in sizes:
            lines = wrap(text, width_pt, size, bold)
            if len(lines) <= count:
                return size, lines
    for size in smaller:
        lines = wrap(text, width_pt, size, bold)
        if len(lines) <= max_lines:
            return size, lines
    smallest = (smaller or sizes)[-1]
    return smallest, wrap(text, width_pt, smallest, bold)
