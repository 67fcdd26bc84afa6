"""Heat tables: rows by columns of coloured cells with their value written in, for many figures side by side
(the ten 10-FAKTOR factors for every municipality, competence plan coverage per municipality and area),
and plain count bars."""

from __future__ import annotations

import json

import altair as alt
import polars as pl

from kompetanse.charts.style import (
    BAR_COLOUR,
    FONT_SIZE,
    configure_chart,
    full_width,
    full_width_layers,
    records,
)
from kompetanse.i18n import _

MISSING_COLOUR = "#DDDDDD"
CELL_HEIGHT = 40


def _row_axis(rows_order: list[str], highlighted: list[str]) -> alt.Y:
    """Row labels on the left; the highlighted ones in bold."""
    weight = alt.expr(
        f"indexof({json.dumps(highlighted, ensure_ascii=False)}, datum.value) >= 0 ? 'bold' : 'normal'"
    )
    return alt.Y(
        "row:N",
        sort=rows_order,
        title=None,
        axis=alt.Axis(labelFontWeight=weight, labelLimit=360, ticks=False, domain=False),
    )


def _column_axis(columns_order: list[str]) -> alt.X:
    return alt.X(
        "column:N",
        sort=columns_order,
        title=None,
        axis=alt.Axis(orient="top", labelAngle=0, labelLimit=160, ticks=False, domain=False),
    )


def _height(rows: int) -> int:
    return CELL_HEIGHT * max(rows, 1)


def score_heat_chart(
    frame: pl.DataFrame,
    *,
    title: str,
    rows_order: list[str],
    columns_order: list[str],
    highlighted: list[str],
    domain: tuple[float, float],
    scheme: str,
    legend_title: str,
    example: bool,
    white_text: str,
) -> alt.LayerChart:
    """A cell per (row, column) coloured by `value` on `domain`, with `label` written in it.

    `frame` has row, column, value (null when hidden or missing: a grey cell), label (':' or '..'
    then) and note (the tooltip says why). `white_text` is a Vega expression for the dark cells whose
    label is written in white ('datum.value >= 4.5').
    """
    data = alt.Data(values=records(frame, ["row", "column", "value", "label", "note"]))
    tooltip = [
        alt.Tooltip("row:N", title=_("Faktor")),
        alt.Tooltip("column:N", title=_("Hvor")),
        alt.Tooltip("label:N", title=_("Verdi")),
        alt.Tooltip("note:N", title=_("Merknad")),
    ]
    base = alt.Chart(data).encode(x=_column_axis(columns_order), y=_row_axis(rows_order, highlighted))
    background = base.mark_rect(color=MISSING_COLOUR, stroke="white", strokeWidth=2).encode(tooltip=tooltip)
    cells = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color(
            "value:Q",
            scale=alt.Scale(domain=list(domain), scheme=scheme, clamp=True),
            legend=alt.Legend(
                title=legend_title, orient="bottom", direction="horizontal", gradientLength=260
            ),
        ),
        tooltip=tooltip,
    )
    text = base.mark_text(fontSize=FONT_SIZE, fontWeight="bold").encode(
        text=alt.Text("label:N"),
        color=alt.ColorValue(
            "#222222", condition={"test": f"datum.value != null && {white_text}", "value": "white"}
        ),
        tooltip=tooltip,
    )
    return full_width_layers([background, cells, text], title, example, _height(len(rows_order)))


CELL_TEXT = "#000000"  # at least 5.4:1 on every status colour (#222222 gave 4.1:1 on #D55E00)


def status_grid_chart(
    frame: pl.DataFrame,
    *,
    title: str,
    rows_order: list[str],
    columns_order: list[str],
    statuses: dict[str, str],
    example: bool,
) -> alt.LayerChart:
    """A cell per (row, column) coloured by its `status` (label -> colour in `statuses`), with `label`.

    `frame` has row, column, status, label and detail (the tooltip).
    """
    data = alt.Data(values=records(frame, ["row", "column", "status", "label", "detail"]))
    tooltip = [
        alt.Tooltip("row:N", title=_("Kommune")),
        alt.Tooltip("column:N", title=_("Tjenesteområde")),
        alt.Tooltip("status:N", title=_("Status")),
        alt.Tooltip("detail:N", title=_("Planer")),
    ]
    base = alt.Chart(data).encode(x=_column_axis(columns_order), y=_row_axis(rows_order, []))
    cells = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color(
            "status:N",
            scale=alt.Scale(domain=list(statuses), range=list(statuses.values())),
            legend=alt.Legend(title=None, orient="bottom", direction="horizontal"),
        ),
        tooltip=tooltip,
    )
    text = base.mark_text(fontSize=FONT_SIZE - 2, color=CELL_TEXT).encode(
        text=alt.Text("label:N"), tooltip=tooltip
    )
    return full_width_layers([cells, text], title, example, _height(len(rows_order)))


def count_bars_chart(totals: pl.DataFrame, *, title: str, count_title: str, example: bool) -> alt.Chart:
    """Bars of how often each `label` comes up (`totals`: label, n), in the order given."""
    chart = (
        alt.Chart(alt.Data(values=records(totals, ["label", "n"])))
        .mark_bar(color=BAR_COLOUR)
        .encode(
            x=alt.X("n:Q", title=count_title, axis=alt.Axis(format=",.0f", tickMinStep=1)),
            y=alt.Y("label:N", sort=totals["label"].to_list(), title=None),
            tooltip=[alt.Tooltip("label:N", title=_("Kompetanse")), alt.Tooltip("n:Q", title=count_title)],
        )
    )
    return configure_chart(full_width(chart, title, example, max(120, 34 * totals.height)))


def message_chart(text: str, *, title: str) -> alt.Chart:
    """A chart that only says something (a slide with nothing to show yet still has a picture)."""
    chart = (
        alt.Chart(alt.Data(values=[{"text": text}]))
        .mark_text(fontSize=FONT_SIZE + 4, color="#444444")
        .encode(text=alt.Text("text:N"))
    )
    return configure_chart(full_width(chart, title, False, _height(3)))
