"""Bar charts: municipalities side by side, need against cover, leader programmes, small multiples."""

from __future__ import annotations

import altair as alt
import polars as pl

from kompetanse.charts.focus import bar_colour, bar_opacity, label_weight
from kompetanse.charts.style import (
    BAR_COLOUR,
    FONT_SIZE,
    REFERENCE_STYLES,
    REGION_COLOUR,
    SERIES_COLOURS,
    axis_title,
    configure_chart,
    full_width,
    full_width_layers,
    records,
    title_params,
    value_axis,
    value_format,
)
from kompetanse.i18n import _
from kompetanse.rules.formatting import format_value


def _reference_rules(references: list[tuple[str, float | None]], fmt: str, unit: str) -> list[alt.Chart]:
    """Vertical rules for the region, the country and a target, named in one legend, each with its
    value written above the plot (the higher value to the right of its rule, the lower to the left,
    so two close rules do not write over each other; a third goes on a second row)."""
    drawn = [
        (label, value, style)
        for (label, value), style in zip(references, REFERENCE_STYLES)
        if value is not None
    ]
    if not drawn:
        return []
    domain = [label for label, _, _ in drawn]
    scale = alt.Scale(domain=domain, range=[colour for _, _, (colour, _) in drawn])
    rows = 1 if len(drawn) <= 2 else 2  # the values written above the plot, under the legend
    legend = alt.Legend(title=None, orient="top", symbolStrokeWidth=3, offset=rows * (FONT_SIZE + 6) + 6)
    colour = alt.Color("label:N", scale=scale, legend=legend)
    rules = alt.Chart(alt.Data(values=[{"label": label, "value": value} for label, value, _ in drawn]))
    layers = [
        rules.mark_rule(strokeWidth=3).encode(
            x=alt.X("value:Q"),
            color=colour,
            strokeDash=alt.StrokeDash(
                "label:N",
                scale=alt.Scale(domain=domain, range=[dash for _, _, (_, dash) in drawn]),
                legend=None,
            ),
            tooltip=[
                alt.Tooltip("label:N", title=_("Referanse")),
                alt.Tooltip("value:Q", title=_("Verdi"), format=fmt),
            ],
        )
    ]
    lower = min(drawn[:2], key=lambda item: item[1])[0] if len(drawn) >= 2 else None
    placed = [(label, value, "right" if label == lower else "left", 0) for label, value, _ in drawn[:2]]
    placed += [(label, value, "left", 1) for label, value, _ in drawn[2:]]
    for label, value, align, row in placed:
        layers.append(
            alt.Chart(alt.Data(values=[{"label": label, "text": format_value(value, unit), "value": value}]))
            .mark_text(
                align=align,
                baseline="bottom",
                dx=5 if align == "left" else -5,
                fontSize=FONT_SIZE,
                fontWeight="bold",
            )
            .encode(
                x=alt.X("value:Q"),
                y=alt.YValue(-4 - row * (FONT_SIZE + 6)),
                text=alt.Text("text:N"),
                color=alt.Color("label:N", scale=scale, legend=None),
            )
        )
    return layers


def _focus_colour(focus: str | None) -> dict:
    """The colour encoding that greys out all but the focus; none without a focus (the mark's colour)."""
    return {"color": bar_colour(focus)} if focus else {}


def _category_axis(focus: str | None) -> alt.Axis | None:
    """The axis of municipality names, the focus in bold."""
    return alt.Axis(labelFontWeight=label_weight(focus)) if focus else alt.Undefined


def comparison_chart(
    frame: pl.DataFrame,
    *,
    title: str,
    unit: str,
    order: list[str],
    references: list[tuple[str, float | None]],
    example: bool,
    focus: str | None = None,
) -> alt.LayerChart:
    """Horizontal bars per municipality in `order`, with a rule per reference value; the municipality
    named `focus` in colour and the others grey.

    `frame` has columns name, value, label and note; `references` is [(label, value)] for the
    region, the country and optionally a target or recommendation, drawn as rules named in the
    legend; a reference without a value is left out. A hidden or missing value gets no bar, only
    its symbol, and the reason in the tooltip.
    """
    fmt = value_format(unit)
    data = alt.Data(values=records(frame, ["name", "value", "label", "note"]))
    y = alt.Y("name:N", sort=order, title=None, axis=_category_axis(focus))
    tooltip = [
        alt.Tooltip("name:N", title=_("Kommune")),
        alt.Tooltip("label:N", title=_("Verdi")),
        alt.Tooltip("note:N", title=_("Merknad")),
    ]
    largest = _largest(frame, references)
    # Room to the right of the longest bar for its label (a label outside the plot would be cut off).
    scale = alt.Scale(domain=[0, largest * 1.14], nice=True) if largest and largest > 0 else alt.Scale()
    bars = (
        alt.Chart(data)
        .mark_bar(color=BAR_COLOUR, height={"band": 0.7})
        .encode(
            x=alt.X("value:Q", title=axis_title(unit), axis=value_axis(unit, largest), scale=scale),
            y=y,
            tooltip=tooltip,
            **_focus_colour(focus),
        )
    )
    labels = bars.mark_text(align="left", dx=4, fontSize=FONT_SIZE, color="#222222").encode(
        text=alt.Text("label:N"), **({"color": alt.ColorValue("#222222")} if focus else {})
    )
    without_value = (
        alt.Chart(data)
        .transform_filter("datum.value == null")
        .mark_text(align="left", dx=4, fontSize=FONT_SIZE, color="#555555")
        .encode(x=alt.XDatum(0), y=y, text=alt.Text("label:N"), tooltip=tooltip)
    )
    layers = [bars, labels, without_value, *_reference_rules(references, fmt, unit)]
    return full_width_layers(layers, title, example, max(120, 44 * len(order)))


def _largest(frame: pl.DataFrame, references: list[tuple[str, float | None]]) -> float | None:
    values = [
        value for value in frame["value"].to_list() + [value for _, value in references] if value is not None
    ]
    return max(values) if values else None


def gap_chart(
    frame: pl.DataFrame, *, title: str, unit: str, example: bool, focus: str | None = None
) -> alt.Chart:
    """Stacked bars per municipality: what is covered (blue) and what is missing (vermillion).

    `frame` has columns name, covered and missing, already in display order.
    """
    order = frame["name"].to_list()
    have, missing = _("Har"), _("Mangler")
    long = frame.unpivot(index="name", on=["covered", "missing"], variable_name="part", value_name="value")
    long = long.with_columns(
        part=pl.col("part").replace({"covered": have, "missing": missing}),
        order=pl.col("part").replace({"covered": "0", "missing": "1"}).cast(pl.Int32),
    )
    chart = (
        alt.Chart(alt.Data(values=records(long, ["name", "part", "value", "order"])))
        .mark_bar(height={"band": 0.7})
        .encode(
            x=alt.X("value:Q", title=axis_title(unit), stack="zero", axis=value_axis(unit)),
            y=alt.Y("name:N", sort=order, title=None, axis=_category_axis(focus)),
            color=alt.Color(
                "part:N",
                scale=alt.Scale(domain=[have, missing], range=[BAR_COLOUR, REGION_COLOUR]),
                legend=alt.Legend(title=None, orient="top"),
            ),
            opacity=bar_opacity(focus),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("name:N", title=_("Kommune")),
                alt.Tooltip("part:N", title=_("Del")),
                alt.Tooltip("value:Q", title=axis_title(unit), format=",.1f"),
            ],
        )
    )
    return configure_chart(full_width(chart, title, example, max(120, 44 * len(order))))


def programme_chart(
    frame: pl.DataFrame, *, title: str, order: list[str], example: bool, focus: str | None = None
) -> alt.LayerChart:
    """Per municipality and programme: enrolled (light bar) with completed (dark bar) inside it.

    `frame` has columns name, programme, enrolled and completed (null when hidden or missing).
    """
    data = alt.Data(values=records(frame, ["name", "programme", "enrolled", "completed"]))
    programmes = sorted(set(frame["programme"].to_list()))
    base = alt.Chart(data).encode(
        y=alt.Y("name:N", sort=order, title=None, axis=_category_axis(focus)),
        yOffset=alt.YOffset("programme:N", sort=programmes),
        tooltip=[
            alt.Tooltip("name:N", title=_("Kommune")),
            alt.Tooltip("programme:N", title=_("Program")),
            alt.Tooltip("enrolled:Q", title=_("Deltakere"), format=",.0f"),
            alt.Tooltip("completed:Q", title=_("Fullført"), format=",.0f"),
        ],
    )
    colours = SERIES_COLOURS[: len(programmes)]
    colour = alt.Color(
        "programme:N",
        scale=alt.Scale(domain=programmes, range=colours),
        legend=alt.Legend(title=_("Lys: deltakere. Mørk: fullført."), orient="top", titleLimit=400),
    )
    # The light bar's outline in the full colour: the fill alone is below WCAG's 3:1 (1.4.11).
    enrolled = base.mark_bar(fillOpacity=0.35, strokeWidth=1.5, height={"band": 0.9}).encode(
        x=alt.X("enrolled:Q", title=_("Ledere"), axis=alt.Axis(format=",.0f", tickMinStep=1)),
        color=colour,
        stroke=alt.Stroke("programme:N", scale=alt.Scale(domain=programmes, range=colours), legend=None),
    )
    completed = base.mark_bar(height={"band": 0.5}).encode(
        x=alt.X("completed:Q"), color=colour, opacity=bar_opacity(focus)
    )
    return full_width_layers([enrolled, completed], title, example, max(140, 56 * len(order)))


def small_multiples_chart(
    frame: pl.DataFrame, *, order: list[str], columns: int, example: bool, focus: str | None = None
) -> alt.FacetChart:
    """One small bar chart per indicator (each with its own scale) for the chosen municipalities.

    `frame` has columns panel (the indicator's name and unit), name, value, label and note.
    """
    tooltip = [
        alt.Tooltip("name:N", title=_("Kommune")),
        alt.Tooltip("label:N", title=_("Verdi")),
        alt.Tooltip("note:N", title=_("Merknad")),
    ]
    base = alt.Chart().encode(
        y=alt.Y("name:N", sort=order, title=None, axis=_category_axis(focus)), tooltip=tooltip
    )
    bars = base.mark_bar(color=BAR_COLOUR).encode(
        x=alt.X("value:Q", title=None, axis=alt.Axis(format=",.1~f")), **_focus_colour(focus)
    )
    labels = base.mark_text(align="left", dx=3, fontSize=FONT_SIZE - 2).encode(
        x=alt.X("value:Q"), text=alt.Text("label:N")
    )
    chart = (
        alt.layer(
            bars, labels, data=alt.Data(values=records(frame, ["panel", "name", "value", "label", "note"]))
        )
        .properties(width=300, height=max(90, 30 * len(order)))
        .facet(
            facet=alt.Facet("panel:N", title=None, sort=None, header=alt.Header(labelFontSize=FONT_SIZE)),
            columns=columns,
        )
        .resolve_scale(x="independent")
        .properties(title=title_params(_("Valgte kommuner side om side"), example))
    )
    return configure_chart(chart)


def category_chart(totals: pl.DataFrame, *, title: str) -> alt.Chart:
    """Bars of how often each category came up (`totals`: category, n), most common first."""
    chart = (
        alt.Chart(alt.Data(values=totals.to_dicts()))
        .mark_bar(color=BAR_COLOUR)
        .encode(
            x=alt.X("n:Q", title=_("Innspill"), axis=alt.Axis(format=",.0f", tickMinStep=1)),
            y=alt.Y("category:N", sort=totals["category"].to_list(), title=None),
            tooltip=[alt.Tooltip("category:N", title=_("Kategori")), alt.Tooltip("n:Q", title=_("Innspill"))],
        )
    )
    return configure_chart(full_width(chart, title, False, max(120, 36 * totals.height)))
