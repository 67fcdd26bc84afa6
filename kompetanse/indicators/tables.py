"""Display tables with Norwegian number formatting, built from domain results (no Streamlit)."""

from __future__ import annotations

import polars as pl

from kompetanse.indicators.comparison import Comparison
from kompetanse.indicators.references import status_note
from kompetanse.rules.formatting import MISSING, decimals_for, format_number, format_signed, format_value
from kompetanse.rules.privacy import SUPPRESSED, display_note

MUNICIPALITY = "Kommune"
VALUE = "Verdi"
DIFFERENCE = "Mot regionen"
NUMERATOR = "Teller"
DENOMINATOR = "Nevner"
NOTE = "Merknad"


def change_column(year: int | None) -> str:
    return f"Endring fra {year - 1}" if year else "Endring"


def sort_best_first(frame: pl.DataFrame, higher_is_better: bool | None) -> pl.DataFrame:
    """Sort by value with the best first (largest first when neither direction is better)."""
    descending = higher_is_better is not False
    return frame.sort(["value", "name"], descending=[descending, False], nulls_last=True)


def _difference(value: float | None, other: float | None, decimals: int) -> str:
    if value is None or other is None:
        return MISSING
    return format_signed(value - other, decimals)


def comparison_table(comparison: Comparison, region_row_label: str, groups: list[dict] = ()) -> pl.DataFrame:
    """Municipalities best first, then the region, the country and (for rates) the municipalities' KOSTRA
    groups as SSB gives them, every cell a display string.

    A hidden figure shows SSB's ':' and its reason in the note column; a missing one shows '..' (with
    the source's reason, when it gave a symbol); an editor's own hidden figure is shown and the note
    column says so. A total the publisher made itself says so in the note column.
    """
    indicator = comparison.indicator
    unit = indicator["unit"]
    decimals = decimals_for(unit)
    with_fraction = indicator["aggregation"] == "forhold"
    count_decimals = 1 if (indicator["numerator_label"] or "").startswith("årsverk") else 0
    # A municipality against the region's total says nothing for counts; only rates compare.
    region_value = comparison.region["value"] if comparison.region and with_fraction else None
    change = change_column(comparison.year)

    def row(
        label: str, figures: dict | None, previous: float | None, difference: str, remark: str = ""
    ) -> dict:
        figures = figures or {}
        hidden = figures.get("note") is not None
        cells = {
            MUNICIPALITY: label,
            VALUE: SUPPRESSED if hidden else format_value(figures.get("value"), unit),
            change: SUPPRESSED if hidden else _difference(figures.get("value"), previous, decimals),
            DIFFERENCE: SUPPRESSED if hidden else difference,
        }
        if with_fraction:
            cells[NUMERATOR] = (
                SUPPRESSED if hidden else format_number(figures.get("numerator"), count_decimals)
            )
            cells[DENOMINATOR] = (
                SUPPRESSED if hidden else format_number(figures.get("denominator"), count_decimals)
            )
        cells[NOTE] = display_note(figures) or status_note(figures.get("status")) or remark
        return cells

    ordered = sort_best_first(comparison.municipalities, indicator["higher_is_better"])
    rows = [
        row(
            r["name"],
            r,
            r["previous_value"],
            _difference(r["value"], region_value, decimals) if with_fraction else "",
        )
        for r in ordered.iter_rows(named=True)
    ]
    previous_of = lambda aggregate: aggregate["value"] if aggregate else None
    published = lambda total: f"Tallet slik {total['published_by']} publiserer det." if total else ""
    region, nation = comparison.region, comparison.nation
    rows.append(
        row(region_row_label, region, previous_of(comparison.region_previous), "",
            published(region if region and region.get("published_by") else None))
    )  # fmt: skip
    rows.append(
        row(comparison.nation_label, nation, previous_of(comparison.nation_previous), "",
            published(nation if nation and nation.get("published_by") else None))
    )  # fmt: skip
    for group in groups if with_fraction else ():
        remark = f"SSBs tall for KOSTRA-gruppen til {group['members']}."
        rows.append(row(group["group_name"], group, group.get("previous_value"), "", remark))
    return pl.DataFrame(rows)
