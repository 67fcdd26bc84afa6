"""Sammenlign: any 2-8 municipalities, also across regions, on any indicators, with ranks."""

from __future__ import annotations

import polars as pl

from kompetanse.charts.bars import small_multiples_chart
from kompetanse.charts.style import vega_spec
from kompetanse.indicators.comparison import aggregate, catalogue, country_values
from kompetanse.indicators.panel import Chart, Panel, numeric
from kompetanse.rules.formatting import MISSING, format_value
from kompetanse.rules.privacy import REVEALED_NOTE, SUPPRESSED, display_note
from kompetanse.store.cache import per_version
from kompetanse.store.db import Database

MIN_MUNICIPALITIES = 2
MAX_MUNICIPALITIES = 8
INDICATOR = "Indikator"
NATION = "Landet"
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


def _national_cell(nation: dict | None, indicator: dict) -> str:
    if nation and nation.get("note"):
        return SUPPRESSED
    text = format_value(nation["value"] if nation else None, indicator["unit"])
    return (
        f"{text} (uten Oslo)"
        if indicator["reference_area"] == "landet_uten_oslo" and text != MISSING
        else text
    )


@per_version
def compare_view(
    database: Database, kommuner: tuple[str, ...], indicator_ids: tuple[str, ...], year: int
) -> tuple[Panel, Panel]:
    """The chosen municipalities on the chosen indicators, ranked among themselves and in the country.

    Two panels: the values with their place among the chosen ('43,2 % (2.)', a row per indicator and
    a column per municipality) and a chart per indicator; then the place in the country ('19 av 357').
    """
    indicators = {row["indicator_id"]: row for row in catalogue(database).iter_rows(named=True)}
    position = {kommune: i for i, kommune in enumerate(kommuner)}
    rows, rank_rows, panels, names, example, revealed = [], [], [], [], False, False
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
        title = f"{indicator['name']} ({unit})"
        cells, places = {INDICATOR: title}, {INDICATOR: title}
        country_place = dict(zip(in_country["kommunenummer"], in_country["rank"]))
        for row in chosen.iter_rows(named=True):
            label = SUPPRESSED if row["note"] else format_value(row["value"], unit)
            mark = REVEALED_MARK if row["revealed"] else ""
            revealed = revealed or row["revealed"]
            cells[row["name"]] = label if row["value"] is None else f"{label} ({row['rank']}.){mark}"
            place = country_place.get(row["kommunenummer"])
            places[row["name"]] = MISSING if place is None else f"{place} av {in_country.height}{mark}"
            panels.append(
                {
                    "panel": title,
                    "name": row["name"],
                    "value": row["value"],
                    "label": label,
                    "note": display_note(row["note"], row["revealed"]) or None,
                }
            )
        cells[NATION] = _national_cell(national_value(database, indicator, year), indicator)
        rows.append(cells)
        rank_rows.append(places)
    table = pl.DataFrame(rows)
    chart = small_multiples_chart(
        pl.DataFrame(panels, schema=PANEL_SCHEMA),
        order=names,
        columns=min(3, max(1, len(indicator_ids))),
        example=example,
    )
    footnote = (
        f"År: {year}. Tallet i parentes er plassering blant de valgte kommunene (1. = best; der ingen "
        "retning er bedre, størst først). Plass i landet teller kommunene som har tall. "
        "«..» = mangler tall, «:» = skjult av personvernhensyn. "
        + (f"«*» = {REVEALED_NOTE[0].lower()}{REVEALED_NOTE[1:]} " if revealed else "")
        + ("Tallene er eksempeldata (generert, ikke offisielle tall)." if example else "")
    )
    ranks = pl.DataFrame(rank_rows)
    values = Panel(
        key="sammenlign",
        heading=None,
        footnote=footnote,
        is_example=example,
        charts=(Chart("small_multiples", vega_spec(chart), f"Sammenligning {year}"),),
        table=table,
        numeric_columns=numeric(table, INDICATOR),
        table_name=f"Sammenligning {year}",
    )
    places = Panel(
        key="plass-i-landet",
        heading="Plass i landet",
        footnote=footnote,
        is_example=example,
        table=ranks,
        numeric_columns=numeric(ranks, INDICATOR),
        table_name=f"Plass i landet {year}",
    )
    return values, places
