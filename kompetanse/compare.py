"""Sammenlign: any 2-8 municipalities, also across regions, on any indicators, with ranks."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from kompetanse.charts import small_multiples_chart
from kompetanse.comparison import REFERENCE_LABELS, catalogue
from kompetanse.db import Database
from kompetanse.formatting import format_value
from kompetanse.privacy import SUPPRESSED, suppress, suppress_row

MIN_MUNICIPALITIES = 2
MAX_MUNICIPALITIES = 8
INDICATOR = "Indikator"
NATION = "Landet"


@dataclass(frozen=True)
class CompareView:
    table: pl.DataFrame
    numeric_columns: list[str]
    chart_spec: dict
    is_example: bool
    footnote: str


def rank_best_first(values: pl.DataFrame, higher_is_better: bool | None) -> pl.DataFrame:
    """Add `rank` (1 = best; ties share a rank) among the rows that have a value."""
    descending = higher_is_better is not False
    return values.with_columns(rank=pl.col("value").rank(method="min", descending=descending).cast(pl.Int32))


def national_value(database: Database, indicator: dict, year: int) -> dict | None:
    """The country's value (or 'landet uten Oslo' where that is the usual reference)."""
    frame = database.query(
        "indicator_aggregate",
        region_id=None,
        indicator_id=indicator["indicator_id"],
        exclude_oslo=indicator["reference_area"] == "landet_uten_oslo",
    ).filter(pl.col("year") == year)
    return suppress_row(frame.row(0, named=True), indicator["suppression"]) if frame.height else None


def compare_view(
    database: Database, kommuner: tuple[str, ...], indicator_ids: tuple[str, ...], year: int
) -> CompareView:
    """Rows per indicator, a column per municipality: '43,2 % (2.)', with rank among the chosen."""
    indicators = {row["indicator_id"]: row for row in catalogue(database).iter_rows(named=True)}
    rows, panels, example, national_ranks = [], [], False, []
    names: list[str] = []
    for indicator_id in indicator_ids:
        indicator = indicators[indicator_id]
        everyone = suppress(
            database.query("values_for_year", indicator_id=indicator_id, year=year), indicator["suppression"]
        )
        nation_rank = rank_best_first(
            everyone.filter(pl.col("value").is_not_null()), indicator["higher_is_better"]
        )
        chosen = everyone.filter(pl.col("kommunenummer").is_in(list(kommuner)))
        chosen = chosen.join(
            rank_best_first(
                chosen.filter(pl.col("value").is_not_null()), indicator["higher_is_better"]
            ).select("kommunenummer", "rank"),
            on="kommunenummer",
            how="left",
        ).sort(pl.col("kommunenummer").replace_strict({k: i for i, k in enumerate(kommuner)}, default=99))
        names = chosen["name"].to_list()
        example = example or bool(chosen["is_example"].fill_null(False).any())
        unit = indicator["unit"]
        cells = {INDICATOR: f"{indicator['name']} ({indicator['unit']})"}
        for row in chosen.iter_rows(named=True):
            if row["note"]:
                cells[row["name"]] = SUPPRESSED
            elif row["value"] is None:
                cells[row["name"]] = ".."
            else:
                cells[row["name"]] = f"{format_value(row['value'], unit)} ({row['rank']}.)"
        nation = national_value(database, indicator, year)
        cells[NATION] = (
            SUPPRESSED
            if nation and nation.get("note")
            else format_value(nation["value"] if nation else None, unit)
        )
        rows.append(cells)
        for row in chosen.iter_rows(named=True):
            label = SUPPRESSED if row["note"] else format_value(row["value"], unit)
            panels.append(
                {
                    "panel": cells[INDICATOR],
                    "name": row["name"],
                    "value": row["value"],
                    "label": label,
                    "note": row["note"],
                }
            )
        counted = nation_rank.height
        for row in nation_rank.filter(pl.col("kommunenummer").is_in(list(kommuner))).iter_rows(named=True):
            national_ranks.append(f"{row['name']} {row['rank']} av {counted} på {indicator['name'].lower()}")
    table = pl.DataFrame(rows)
    chart = small_multiples_chart(
        pl.DataFrame(
            panels,
            schema={
                "panel": pl.String,
                "name": pl.String,
                "value": pl.Float64,
                "label": pl.String,
                "note": pl.String,
            },
        ),
        order=names,
        columns=min(3, max(1, len(indicator_ids))),
        example=example,
    )
    references = sorted(
        {REFERENCE_LABELS[indicators[i]["reference_area"] or "landet"] for i in indicator_ids}
    )
    footnote = (
        f"År: {year}. Tallet i parentes er plassering blant de valgte kommunene "
        f"(1. = best; der ingen retning er bedre, størst først). "
        f"Kolonnen {NATION} viser {' / '.join(references).lower()}. "
        f"«..» = mangler tall, «:» = skjult av personvernhensyn. "
        f"{'Tallene er eksempeldata (generert, ikke offisielle tall). ' if example else ''}"
        f"Plass i landet: {'; '.join(national_ranks[:16]) or 'ingen tall'}."
    )
    return CompareView(
        table, [c for c in table.columns if c != INDICATOR], chart.to_dict(), example, footnote
    )
