"""Text alternatives for charts (WCAG 1.1.1): a short Norwegian sentence built from the chart's data.

A screen reader reads the sentence instead of the drawing ("Hadsel høyest med 53,3 %, Lødingen
lavest med 46,1 %"), and the table beside the chart has every number. The sentence uses the same
display labels as the table (rules/formatting.py), so a hidden figure is never named: it is counted
as hidden (':') or missing ('..').
"""

from __future__ import annotations

import polars as pl

from kompetanse.i18n import N_, _
from kompetanse.rules.formatting import MISSING, count_noun, format_number, format_value
from kompetanse.rules.privacy import SUPPRESSED

HIGHEST = (N_("{name} høyest med {label}"), N_("{name} lavest med {label}"))
MOST = (N_("{name} flest med {label}"), N_("{name} færrest med {label}"))
UNKNOWN = N_("{n} tall mangler («..»)")
GAP = (N_("{name} mangler mest med {label}"), N_("{name} mangler minst med {label}"))
FIGURES = N_("tall")  # the noun counted, singular and plural alike
NO_FIGURES = N_("{n} uten tall («:» eller «..»)")


def _names(rows: list[dict]) -> str:
    names = [row["name"] for row in rows]
    return (
        names[0] if len(names) == 1 else _("{first} og {last}", first=", ".join(names[:-1]), last=names[-1])
    )


def extremes(frame: pl.DataFrame, phrases: tuple[str, str] = HIGHEST, missing: str = UNKNOWN) -> str:
    """'Hadsel høyest med 53,3 %, Lødingen lavest med 46,1 %.' from columns name, value and label;
    ties are named together, and hidden or missing figures are counted, never named with a value."""
    shown = frame.filter(pl.col("value").is_not_null() & ~pl.col("label").is_in([SUPPRESSED, MISSING]))
    parts = []
    if shown.height == 1:
        row = shown.row(0, named=True)
        parts.append(_("Bare {name} har tall: {label}", name=row["name"], label=row["label"]))
    elif shown.height >= 2:
        rows = shown.select("name", "value", "label").to_dicts()
        top = max(row["value"] for row in rows)
        bottom = min(row["value"] for row in rows)
        highest = [row for row in rows if row["value"] == top]
        lowest = [row for row in rows if row["value"] == bottom]
        if top == bottom:
            parts.append(_("Alle {count} har {label}", count=shown.height, label=highest[0]["label"]))
        else:
            parts.append(_(phrases[0], name=_names(highest), label=highest[0]["label"]))
            parts.append(_(phrases[1], name=_names(lowest), label=lowest[0]["label"]))
    else:
        parts.append(_("Ingen tall å vise"))
    hidden = frame.filter(pl.col("label") == SUPPRESSED).height
    unknown = frame.height - shown.height - hidden
    if hidden:
        parts.append(
            # "tall" on its own: Babel's extractor does not see a _() nested in another's arguments
            _("{count} skjult av personvernhensyn («:»)", count=count_noun(hidden, _(FIGURES), _(FIGURES)))
        )
    if unknown:
        parts.append(_(missing, n=format_number(unknown)))
    return ", ".join(parts) + "."


def labelled(frame: pl.DataFrame, value: str, unit: str) -> pl.DataFrame:
    """name, value and label from a frame of plain numbers (no hidden cells)."""
    values = frame[value].to_list()
    return pl.DataFrame(
        {
            "name": frame["name"].to_list(),
            "value": values,
            "label": [MISSING if number is None else format_value(number, unit) for number in values],
        },
        schema={"name": pl.String, "value": pl.Float64, "label": pl.String},
    )


def bar_description(kind: str, title: str, frame: pl.DataFrame, phrases: tuple[str, str] = HIGHEST) -> str:
    """'Søylediagram: Heltidsandel, 2024. Hadsel høyest med 53,3 %, ...' (`frame`: name, value, label)."""
    return _("{kind}: {title}. {extremes}", kind=kind, title=title, extremes=extremes(frame, phrases))


def trend_description(
    title: str, frame: pl.DataFrame, region_series: str | None, totals: tuple[str, ...] = ()
) -> str:
    """The region's line from its first to its last year, then the last year's highest and lowest
    municipality (`totals`: other lines that are no municipality, such as the country).

    `frame` has columns year, series, value and label (one row per series and year).
    """
    parts = [_("Linjediagram: {title}.", title=title)]
    years = frame.filter(pl.col("value").is_not_null())["year"]
    if years.is_empty():
        return " ".join([parts[0], _("Ingen tall å vise.")])
    first, last = years.min(), years.max()
    if region_series is not None:
        line = frame.filter(
            (pl.col("series") == region_series)
            & pl.col("value").is_not_null()
            & ~pl.col("label").is_in([SUPPRESSED, MISSING])
        ).sort("year")
        if line.height >= 2:
            start, end = line.row(0, named=True), line.row(-1, named=True)
            parts.append(
                _(
                    "{series} fra {start} i {first} til {end} i {last}.",
                    series=region_series,
                    start=start["label"],
                    first=start["year"],
                    end=end["label"],
                    last=end["year"],
                )
            )
    not_municipal = [region_series, *totals] if region_series else list(totals)
    latest = frame.filter((pl.col("year") == last) & ~pl.col("series").is_in(not_municipal))
    parts.append(_("I {year}: {extremes}", year=last, extremes=extremes(latest.rename({"series": "name"}))))
    if first != last:
        parts.insert(1, _("År {first}–{last}.", first=first, last=last))
    return " ".join(parts)


def gap_description(title: str, frame: pl.DataFrame, unit: str) -> str:
    """Who misses most and least (`frame`: name, missing), in the unit: '... mangler mest med 3,2 årsverk'."""
    rows = labelled(frame, "missing", unit)
    rows = rows.with_columns(
        label=pl.when(pl.col("value").is_null()).then(pl.lit(MISSING)).otherwise(pl.col("label") + f" {unit}")
    )
    return bar_description(_("Stablet søylediagram"), title, rows, GAP)


def programme_description(title: str, frame: pl.DataFrame) -> str:
    """Per programme, who has most and fewest participants (`frame`: name, programme, enrolled; a
    figure that is hidden or missing is null there, so it is counted as neither named nor known)."""
    parts = [_("Søylediagram: {title}.", title=title)]
    for programme in sorted(set(frame["programme"].to_list())):
        rows = labelled(frame.filter(pl.col("programme") == programme), "enrolled", "antall")
        phrase = extremes(rows, MOST, missing=NO_FIGURES)
        parts.append(_("{programme}, deltakere: {phrase}", programme=programme, phrase=phrase))
    return " ".join(parts)


def panels_description(title: str, frame: pl.DataFrame) -> str:
    """Small multiples: for each panel (indicator), who is highest and lowest (`frame`: panel, name,
    value, label)."""
    parts = [_("Søylediagrammer: {title}.", title=title)]
    for panel in dict.fromkeys(frame["panel"].to_list()):
        parts.append(
            _("{panel}: {extremes}", panel=panel, extremes=extremes(frame.filter(pl.col("panel") == panel)))
        )
    return " ".join(parts)


def category_description(title: str, totals: pl.DataFrame) -> str:
    """'Rekruttering flest med 12, ...' from `totals` (category, n)."""
    rows = labelled(totals.rename({"category": "name"}), "n", "antall")
    return bar_description(_("Søylediagram"), title, rows, MOST)


def band_description(title: str, frame: pl.DataFrame) -> str:
    """A projection's main line from its first to its last year (`frame`: year, main, label; the band
    of the other alternatives is in the table)."""
    line = frame.filter(pl.col("main").is_not_null()).sort("year")
    if line.is_empty():
        return _("Linjediagram: {title}. Ingen tall å vise.", title=title)
    start, end = line.row(0, named=True), line.row(-1, named=True)
    return _(
        "Linjediagram: {title}. Hovedalternativet fra {start} i {first} til {end} i {last}.",
        title=title,
        start=start["label"],
        first=start["year"],
        end=end["label"],
        last=end["year"],
    )
