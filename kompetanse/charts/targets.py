"""A region's target drawn on a trend: a green dashed line at the target value, named at its start."""

from __future__ import annotations

import altair as alt

from kompetanse.charts.style import FONT_SIZE, TARGET_COLOUR
from kompetanse.i18n import _


def target_layers(label: str, value: float) -> list[alt.Chart]:
    """A horizontal rule at `value` and its label ('Mål 2027: 50,0 %') just above it."""
    data = alt.Chart(alt.Data(values=[{"label": label, "value": value}]))
    rule = data.mark_rule(color=TARGET_COLOUR, strokeDash=[12, 3, 2, 3], strokeWidth=3).encode(
        y=alt.Y("value:Q"), tooltip=[alt.Tooltip("label:N", title=_("Mål"))]
    )
    text = data.mark_text(
        align="left", baseline="bottom", dx=4, dy=-4, fontSize=FONT_SIZE - 1, color=TARGET_COLOUR
    ).encode(y=alt.Y("value:Q"), x=alt.XValue(0), text=alt.Text("label:N"))
    return [rule, text]
