"""Display tables with Norwegian number formatting, built from domain results (no Streamlit)."""

from __future__ import annotations

import polars as pl

from kompetanse.comparison import Comparison
from kompetanse.formatting import format_number, format_value

MUNICIPALITY = "Kommune"
VALUE = "Verdi"
NUMERATOR = "Teller"
DENOMINATOR = "Nevner"


def sort_best_first(frame: pl.DataFrame, higher_is_better: bool | None) -> pl.DataFrame:
    """Sort by value with the best first (largest first when neither direction is better)."""
    descending = higher_is_better is not False
    return frame.sort(["value", "name"], descending=[descending, False], nulls_last=True)


def comparison_table(comparison: Comparison, region_row_label: str) -> pl.DataFrame:
    """Municipalities best first, then the region and the country, every cell a display string."""
    indicator = comparison.indicator
    unit = indicator["unit"]
    with_fraction = indicator["aggregation"] == "forhold"
    count_decimals = (
        1 if unit == "årsverk" or (indicator["numerator_label"] or "").startswith("årsverk") else 0
    )

    def row(label: str, value, numerator, denominator) -> dict:
        cells = {MUNICIPALITY: label, VALUE: format_value(value, unit)}
        if with_fraction:
            cells[NUMERATOR] = format_number(numerator, count_decimals)
            cells[DENOMINATOR] = format_number(denominator, count_decimals)
        return cells

    ordered = sort_best_first(comparison.municipalities, indicator["higher_is_better"])
    rows = [
        row(r["name"], r["value"], r["numerator"], r["denominator"]) for r in ordered.iter_rows(named=True)
    ]
    for label, aggregate in (
        (region_row_label, comparison.region),
        ("Hele landet", comparison.nation),
    ):
        if aggregate is None:
            rows.append(row(label, None, None, None))
        else:
            rows.append(row(label, aggregate["value"], aggregate["numerator"], aggregate["denominator"]))
    return pl.DataFrame(rows)
