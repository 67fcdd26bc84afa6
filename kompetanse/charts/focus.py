"""One municipality in focus ("Min kommune", ?fremhev=1870): drawn in colour, the others in grey.

The helpers return Vega-Lite encodings and layers the bar and trend builders add; without a focus
they change nothing. Names at the ends of trend lines replace a legend of similar colours.
"""

from __future__ import annotations

import altair as alt

from kompetanse.charts.style import BAR_COLOUR, FONT_SIZE, NATION_COLOUR, SERIES_COLOURS, js_string

FOCUS_COLOUR = BAR_COLOUR
FADED_COLOUR = "#767676"  # the others, grey but still 4.5:1 against white: their names are written in it
FADED_OPACITY = 0.35
END_LABEL_ROOM = 190  # pixels right of a trend for the names at the line ends


def is_focus(field: str, focus: str | None) -> str:
    """A Vega expression: this datum is the municipality in focus."""
    return f"datum.{field} == {js_string(focus or '')}"


def bar_colour(focus: str | None, field: str = "name") -> alt.ColorValue:
    """The focus in colour and every other bar in grey; one colour for all without a focus."""
    if not focus:
        return alt.ColorValue(BAR_COLOUR)
    return alt.ColorValue(FADED_COLOUR, condition={"test": is_focus(field, focus), "value": FOCUS_COLOUR})


def bar_opacity(focus: str | None, field: str = "name"):
    """For bars whose colours carry meaning (covered/missing, programmes): the others faded."""
    if not focus:
        return alt.OpacityValue(1)
    return alt.OpacityValue(FADED_OPACITY, condition={"test": is_focus(field, focus), "value": 1})


def label_weight(focus: str | None) -> dict | None:
    """The focus's name in bold on a category axis (axis labels see their text as datum.value)."""
    if not focus:
        return None
    return alt.expr(f"datum.value == {js_string(focus)} ? 'bold' : 'normal'")


def series_colours(municipalities: list[str], region_series: str | None, focus: str | None) -> list[str]:
    """The trend's colour range: the focus blue, the others grey, the region black; without a focus
    the muted palette."""
    if focus:
        colours = [FOCUS_COLOUR if name == focus else FADED_COLOUR for name in municipalities]
    else:
        colours = [SERIES_COLOURS[i % len(SERIES_COLOURS)] for i in range(len(municipalities))]
    return colours + ([NATION_COLOUR] if region_series else [])


def stroke_width(region_series: str | None, focus: str | None):
    """The region heaviest, the focus next, the others thin."""
    region = f"datum.series == {js_string(region_series or '')}"
    if not focus:
        return alt.StrokeWidthValue(2, condition={"test": region, "value": 4.5})
    return alt.StrokeWidthValue(
        1.5, condition=[{"test": region, "value": 4.5}, {"test": is_focus("series", focus), "value": 3.5}]
    )


def end_labels(data: alt.Data, colour: alt.Color, focus: str | None) -> alt.Chart:
    """Each series' name at its last point with a value, in the line's colour."""
    weight = alt.expr(f"{is_focus('series', focus)} ? 'bold' : 'normal'") if focus else "normal"
    return (
        alt.Chart(data)
        .transform_filter("datum.value != null")
        .transform_joinaggregate(last_year="max(year)", groupby=["series"])
        .transform_filter("datum.year == datum.last_year")
        .mark_text(align="left", dx=7, fontSize=FONT_SIZE - 1, fontWeight=weight)
        .encode(x=alt.X("year:Q"), y=alt.Y("value:Q"), text=alt.Text("series:N"), color=colour)
    )
