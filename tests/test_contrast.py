"""Contrast and colour (issue 17, item 2): WCAG 2.1's ratios for the colours our charts and CSS use,
and lines that differ by more than colour.

axe-core checks the contrast of HTML text, but not of what Vega draws in an SVG, so the chart
colours are checked here. The ratio is WCAG's own formula (relative luminance, 1.4.3); it is six
lines, and the small PyPI packages for it are unmaintained, so it is written out.
"""

from __future__ import annotations

import pytest

from kompetanse.charts import focus, heat, maps, style
from kompetanse.ui import browser
from kompetanse.views.kompetanseplaner import STATUS_COLOURS

WHITE = "#FFFFFF"
TEXT = 4.5  # WCAG 1.4.3, text below 18.66 px bold (the chart labels are 13-19 px)
GRAPHICS = 3.0  # WCAG 1.4.11, lines, bars and outlines that carry meaning


def luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of '#RRGGBB'."""
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def ratio(one: str, other: str) -> float:
    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_the_contrast_formula_gives_wcags_own_examples():
    # Worked out by hand from the definition: black on white is 21:1, a colour on itself 1:1, and
    # #767676 is the familiar lightest grey that passes 4.5:1 on white.
    assert ratio("#000000", WHITE) == pytest.approx(21.0)
    assert ratio("#0072B2", "#0072B2") == pytest.approx(1.0)
    assert ratio("#767676", WHITE) == pytest.approx(4.54, abs=0.01)
    assert ratio("#777777", WHITE) < 4.5


# Every colour a chart writes text in (names at line ends, reference values, targets, map names,
# the example subtitle, the markers' labels) or draws a line or bar in.
TEXT_COLOURS = {
    **{f"series {i}": colour for i, colour in enumerate(style.SERIES_COLOURS)},
    **{f"reference {i}": colour for i, (colour, _) in enumerate(style.REFERENCE_STYLES)},
    "bars": style.BAR_COLOUR,
    "measure markers": style.MARKER_COLOUR,
    "others in focus mode": focus.FADED_COLOUR,
    "focus": focus.FOCUS_COLOUR,
    "map names": maps.NAME_COLOUR,
    "example subtitle": style.EXAMPLE_BAND_COLOUR,
    "captions (footnotes)": browser.CAPTION_COLOUR,
    "axis and legend labels": style.LABEL_COLOUR,
}


@pytest.mark.parametrize("name, colour", TEXT_COLOURS.items(), ids=list(TEXT_COLOURS))
def test_every_chart_colour_meets_4_5_to_1_against_white_as_text_and_so_3_to_1_as_a_line(name, colour):
    assert ratio(colour, WHITE) >= TEXT, f"{name} {colour}: {ratio(colour, WHITE):.2f}:1"


def test_the_example_band_is_white_on_dark_orange_at_4_5_to_1():
    assert ratio(WHITE, style.EXAMPLE_BAND_COLOUR) >= TEXT


def test_reference_lines_differ_by_dash_as_well_as_colour():
    dashes = [tuple(dash) for _, dash in style.REFERENCE_STYLES]
    colours = [colour for colour, _ in style.REFERENCE_STYLES]
    assert len(set(dashes)) == len(dashes) and len(set(colours)) == len(colours)
    assert all(dash for dash in dashes)  # none is solid: the bars' municipalities are solid


def test_the_programme_charts_light_bar_has_an_outline_in_the_full_colour():
    import polars as pl

    from kompetanse.charts.bars import programme_chart

    frame = pl.DataFrame(
        {"name": ["Bø"], "programme": ["Rett Kurs!"], "enrolled": [12.0], "completed": [6.0]}
    )
    spec = programme_chart(frame, title="Lederprogrammer", order=["Bø"], example=False).to_dict()
    light = spec["layer"][0]
    assert light["mark"]["fillOpacity"] == 0.35 and light["mark"]["strokeWidth"] >= 1
    assert light["encoding"]["stroke"]["scale"]["range"] == light["encoding"]["color"]["scale"]["range"]
    assert all(ratio(colour, WHITE) >= GRAPHICS for colour in light["encoding"]["stroke"]["scale"]["range"])


@pytest.mark.parametrize("status, colour", list(STATUS_COLOURS.items()))
def test_the_text_in_every_plan_status_cell_meets_4_5_to_1_on_its_colour(status, colour):
    # Each cell of Kompetanseplaner's grid says its status in words, so colour is not the only
    # carrier; the words must then be readable on the colour.
    assert ratio(heat.CELL_TEXT, colour) >= TEXT, status
