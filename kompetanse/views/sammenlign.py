"""Sammenlign: any 2-8 municipalities, also across regions, on any indicators, with ranks."""

from __future__ import annotations

import polars as pl

from kompetanse.charts.bars import small_multiples_chart
from kompetanse.charts.describe import panels_description, trend_description
from kompetanse.charts.style import vega_spec
from kompetanse.charts.trends import trend_chart
from kompetanse.exports.series import series_table
from kompetanse.i18n import N_, _
from kompetanse.indicators.comparison import (
    REFERENCE_LABELS,
    aggregate,
    catalogue,
    country_values,
    protection,
)
from kompetanse.indicators.panel import Chart, Panel, numeric
from kompetanse.indicators.references import hidden_by_source, kostra_groups, published_total, sources_text
from kompetanse.indicators.view import aggregate_row_label, is_rate, with_labels
from kompetanse.rules.formatting import MISSING, format_value, source_text
from kompetanse.rules.privacy import REVEALED_NOTE, SUPPRESSED, display_note, shown, with_hidden_cells
from kompetanse.rules.regions import municipalities
from kompetanse.store.cache import per_version
from kompetanse.store.db import Database

MIN_MUNICIPALITIES = 2
MAX_MUNICIPALITIES = 8
INDICATOR = N_("Indikator")  # column names, translated where the tables are made
NATION = N_("Landet")
REVEALED_MARK = " *"  # after a figure an editor sees unhidden; the footnote says why
PANEL_SCHEMA = {
    "panel": pl.String,
    "name": pl.String,
    "value": pl.Float64,
    "label": pl.String,
    "note": pl.String,
}


def rank_best_first(values: pl.DataFrame, higher_is_better: bool | None) -> pl.DataFrame:
    """Add `rank` (1 = best; ties share a rank) among the rows that have a value."""
    descending = higher_is_better is not False
    ranked = values.filter(pl.col("value").is_not_null())
    return ranked.with_columns(rank=pl.col("value").rank(method="min", descending=descending).cast(pl.Int32))


def national_value(database: Database, indicator: dict, year: int) -> dict | None:
    """The country's value (or 'landet uten Oslo' where that is the usual reference)."""
    frame = aggregate(database, indicator, indicator["reference_area"] or "landet")
    frame = frame.filter(pl.col("year") == year)
    return frame.row(0, named=True) if frame.height else None


def group_values(database: Database, indicator: dict, groups: pl.DataFrame, year: int) -> dict[str, str]:
    """KOSTRA group name -> SSB's value for it in `year` (rates only: a group's sum is no yardstick)."""
    if indicator["aggregation"] != "forhold":
        return {}
    values = {}
    for group_id, name in groups.select("group_id", "group_name").unique(maintain_order=True).iter_rows():
        total = published_total(database, indicator["indicator_id"], group_id)
        row = total.filter(pl.col("year") == year) if total is not None else None
        if row is not None and row.height:
            hidden = row["note"][0] is not None
            values[name] = SUPPRESSED if hidden else format_value(row["value"][0], indicator["unit"])
    return values


def _members(database: Database, groups: pl.DataFrame) -> str:
    """'KOSTRA-gruppe 2: Hadsel, Bø; KOSTRA-gruppe 13: Oslo'."""
    names = dict(municipalities(database).select("kommunenummer", "name").iter_rows())
    by_group: dict[str, list[str]] = {}
    for kommune, group in groups.select("kommunenummer", "group_name").iter_rows():
        by_group.setdefault(group, []).append(names.get(kommune, kommune))
    return "; ".join(f"{group}: {', '.join(members)}" for group, members in by_group.items())


def _region_cell(database: Database, indicator: dict, region: dict, year: int) -> str:
    """The region's (or network's) own value in that year."""
    totals = aggregate(database, indicator, region["region_id"]).filter(pl.col("year") == year)
    row = totals.row(0, named=True) if totals.height else None
    if row and row.get("note"):
        return SUPPRESSED
    return format_value(row["value"] if row else None, indicator["unit"])


def _national_cell(nation: dict | None, indicator: dict) -> str:
    if nation and nation.get("note"):
        return SUPPRESSED
    text = format_value(nation["value"] if nation else None, indicator["unit"])
    return (
        _("{value} (uten Oslo)", value=text)
        if indicator["reference_area"] == "landet_uten_oslo" and text != MISSING
        else text
    )


@per_version
def compare_view(
    database: Database,
    kommuner: tuple[str, ...],
    indicator_ids: tuple[str, ...],
    year: int,
    region: dict | None = None,
    focus: str | None = None,
) -> tuple[Panel, Panel]:
    """The chosen municipalities on the chosen indicators, ranked among themselves and in the country.

    Two panels: the values with their place among the chosen ('43,2 % (2.)', a row per indicator and
    a column per municipality, then the region's and the country's value) and a chart per indicator;
    then the place in the country ('19 av 357').
    """
    indicators = {row["indicator_id"]: row for row in catalogue(database).iter_rows(named=True)}
    position = {kommune: i for i, kommune in enumerate(kommuner)}
    rows, rank_rows, panels, names, example, revealed = [], [], [], [], False, False
    groups = (
        kostra_groups(database)
        .filter(pl.col("kommunenummer").is_in(list(kommuner)))
        .sort(pl.col("kommunenummer").replace_strict(position, default=len(position)))
    )
    group_cells = {
        indicator_id: group_values(database, indicators[indicator_id], groups, year)
        for indicator_id in indicator_ids
    }
    shown_groups = [name for cells in group_cells.values() for name, text in cells.items() if text != MISSING]
    kilder = []
    for indicator_id in indicator_ids:
        indicator = indicators[indicator_id]
        unit = indicator["unit"]
        everyone = country_values(database, indicator, year)
        in_country = rank_best_first(everyone, indicator["higher_is_better"])
        chosen = everyone.filter(pl.col("kommunenummer").is_in(list(kommuner)))
        chosen = chosen.join(
            rank_best_first(chosen, indicator["higher_is_better"]).select("kommunenummer", "rank"),
            on="kommunenummer",
            how="left",
        ).sort(pl.col("kommunenummer").replace_strict(position, default=len(position)))
        names = chosen["name"].to_list()
        example = example or bool(chosen["is_example"].fill_null(False).any())
        title = f"{indicator['name']} ({indicator['unit_text']})"
        cells, places = {_(INDICATOR): title}, {_(INDICATOR): title}
        country_place = dict(zip(in_country["kommunenummer"], in_country["rank"]))
        for row in chosen.iter_rows(named=True):
            label = SUPPRESSED if row["note"] else format_value(row["value"], unit)
            mark = REVEALED_MARK if row["revealed"] else ""
            revealed = revealed or row["revealed"]
            cells[row["name"]] = label if row["value"] is None else f"{label} ({row['rank']}.){mark}"
            place = country_place.get(row["kommunenummer"])
            places[row["name"]] = (
                MISSING
                if place is None
                else _("{place} av {count}", place=place, count=in_country.height) + mark
            )
            panels.append(
                {
                    "panel": title,
                    "name": row["name"],
                    "value": row["value"],
                    "label": label,
                    "note": display_note(row) or None,
                }
            )
        if region is not None:
            cells[aggregate_row_label(region)] = _region_cell(database, indicator, region, year)
        cells[_(NATION)] = _national_cell(national_value(database, indicator, year), indicator)
        for name in dict.fromkeys(groups["group_name"].to_list()) if shown_groups else ():
            cells[name] = group_cells[indicator_id].get(name, MISSING)
        sources = chosen["source"].drop_nulls().unique().sort().to_list()
        if not chosen["is_example"].fill_null(False).any() and sources:
            kilder.append(f"{indicator['name']}: {sources_text(database, indicator_id, sources)}")
        rows.append(cells)
        rank_rows.append(places)
    table = pl.DataFrame(rows)
    chart_frame = pl.DataFrame(panels, schema=PANEL_SCHEMA)
    chart = small_multiples_chart(
        chart_frame,
        order=names,
        columns=min(3, max(1, len(indicator_ids))),
        example=example,
        focus=_focus_name(database, focus, kommuner),
    )
    revealed_note = _(REVEALED_NOTE)
    footnote = (
        _(
            "År: {year}. Tallet i parentes er plassering blant de valgte kommunene (1. = best; der ingen "
            "retning er bedre, størst først). Plass i landet teller kommunene som har tall. "
            "«..» = mangler tall, «:» = skjult av personvernhensyn.",
            year=year,
        )
        + " "
        + (f"«*» = {revealed_note[0].lower()}{revealed_note[1:]} " if revealed else "")
        + (_("Tallene er eksempeldata (generert, ikke offisielle tall).") + " " if example else "")
        + (_("Kilde: {sources}.", sources="; ".join(kilder)) + " " if kilder else "")
        + (
            _("KOSTRA-gruppene er SSBs egne tall ({members}).", members=_members(database, groups))
            if shown_groups
            else ""
        )
    ).strip()
    ranks = pl.DataFrame(rank_rows)
    values = Panel(
        key="sammenlign",
        heading=None,
        footnote=footnote,
        is_example=example,
        charts=(
            Chart(
                "small_multiples",
                vega_spec(
                    chart,
                    panels_description(_("valgte kommuner side om side, {year}", year=year), chart_frame),
                ),
                _("Sammenligning {year}", year=year),
            ),
        ),
        table=table,
        numeric_columns=numeric(table, _(INDICATOR)),
        table_name=_("Sammenligning {year}", year=year),
    )
    places = Panel(
        key="plass-i-landet",
        heading=_("Plass i landet"),
        footnote=footnote,
        is_example=example,
        table=ranks,
        numeric_columns=numeric(ranks, _(INDICATOR)),
        table_name=_("Plass i landet {year}", year=year),
    )
    return values, places


def _focus_name(database: Database, focus: str | None, kommuner: tuple[str, ...]) -> str | None:
    """The name of the municipality in focus, if it is among the chosen."""
    if focus not in kommuner:
        return None
    found = municipalities(database).filter(pl.col("kommunenummer") == focus)
    return found["name"][0] if found.height else None


def series_of(database: Database, indicator: dict, kommuner: tuple[str, ...]) -> pl.DataFrame:
    """Every year of the chosen municipalities, as this reader may see them (privacy.py)."""
    frame = database.query(
        "municipalities_series", kommuner=list(kommuner), indicator_id=indicator["indicator_id"]
    )
    protected = shown(
        with_hidden_cells(frame, protection(database, indicator)), database.revealed, database.details
    )
    # SSB's own ':' is shown as hidden too (after `shown`: an editor cannot reveal what SSB hides)
    return protected.with_columns(note=pl.coalesce("note", hidden_by_source()))


@per_version
def trend_view(
    database: Database,
    kommuner: tuple[str, ...],
    indicator_ids: tuple[str, ...],
    region: dict,
    focus: str | None = None,
) -> Panel:
    """A trend per indicator: the chosen municipalities over the years, with the region and the country
    for shares and rates (a region's total is no yardstick for one municipality's count)."""
    indicators = {row["indicator_id"]: row for row in catalogue(database).iter_rows(named=True)}
    charts, example, sources, series_parts = [], False, [], []
    everyone = municipalities(database)
    name_of = dict(zip(everyone["kommunenummer"], everyone["name"]))
    for indicator_id in indicator_ids:
        indicator = indicators[indicator_id]
        series = series_of(database, indicator, kommuner)
        names = [name_of[code] for code in kommuner if code in name_of]
        parts = [
            series.select(
                "year", series="name", value="value", note="note", revealed="revealed", detail="detail"
            )
        ]
        region_label, totals = None, []
        if is_rate(indicator):
            region_label = aggregate_row_label(region)
            reference = indicator["reference_area"] or "landet"
            totals = [
                (region_label, aggregate(database, indicator, region["region_id"])),
                (_(REFERENCE_LABELS[reference]), aggregate(database, indicator, reference)),
            ]
        for label, total in totals:
            parts.append(
                total.select(
                    "year",
                    series=pl.lit(label),
                    value="value",
                    note="note",
                    revealed=pl.lit(False),
                    detail="detail",
                )
            )
            names.append(label)
        frame = with_labels(pl.concat(parts, how="vertical_relaxed"), indicator["unit"])
        series_parts.append(series_table(indicator, series, totals))
        is_example = bool(series["is_example"].fill_null(False).any())
        example = example or is_example
        found = series["source"].drop_nulls().unique().sort().to_list()
        official = sources_text(database, indicator_id, found) if found else indicator["source"]
        sources.append(source_text(is_example, indicator["source"] if is_example else official))
        chart_title = _("{name}: utvikling", name=indicator["name"])
        chart = trend_chart(
            frame,
            title=chart_title,
            unit=indicator["unit"],
            series_order=names,
            region_series=region_label,
            markers=[],
            example=is_example,
            focus=_focus_name(database, focus, kommuner),
        )
        description = trend_description(
            chart_title, frame, region_label, tuple(label for label, _total in totals[1:])
        )
        file_name = _("{name} utvikling", name=indicator["name"])
        charts.append(Chart("trend", vega_spec(chart, description), file_name))
    footnote = (
        _(
            "Utviklingen for de valgte kommunene; for andeler og rater også regionen (tykk svart linje) "
            "og landet. «:» = skjult av personvernhensyn."
        )
        + " "
        + " ".join(dict.fromkeys(sources))
    )
    return Panel(
        key="sammenlign-utvikling",
        heading=_("Utvikling"),
        footnote=footnote,
        is_example=example,
        charts=tuple(charts),
        table_name=_("Sammenligning"),
        series=pl.concat(series_parts) if series_parts else None,
    )
