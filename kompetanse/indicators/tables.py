"""Display tables with Norwegian number formatting, built from domain results (no Streamlit)."""

from __future__ import annotations

import polars as pl

from kompetanse.i18n import N_, _
from kompetanse.indicators.comparison import Comparison, IndicatorData
from kompetanse.indicators.references import status_note
from kompetanse.rules.formatting import MISSING, decimals_for, format_number, format_signed, format_value
from kompetanse.rules.privacy import SUPPRESSED, display_note

MUNICIPALITY = "Kommune"
VALUE = "Verdi"
DIFFERENCE = "Mot regionen"
NUMERATOR = N_("Teller")  # translated where a table is built
DENOMINATOR = N_("Nevner")
NOTE = "Merknad"


def change_column(year: int | None) -> str:
    return _("Endring fra {year}", year=year - 1) if year else _("Endring")


def since_column(year: int) -> str:
    return _("Endring siden {year}", year=year)


def values_in_year(data: IndicatorData, year: int) -> dict[str, dict | None]:
    """Each municipality's, the region's ('region') and the country's ('nation') figures in one year."""
    figures = {
        row["kommunenummer"]: row for row in data.series.filter(pl.col("year") == year).iter_rows(named=True)
    }
    for key, totals in (("region", data.region), ("nation", data.nation)):
        rows = totals.filter(pl.col("year") == year)
        figures[key] = rows.row(0, named=True) if rows.height else None
    return figures


def sort_best_first(frame: pl.DataFrame, higher_is_better: bool | None) -> pl.DataFrame:
    """Sort by value with the best first (largest first when neither direction is better)."""
    descending = higher_is_better is not False
    return frame.sort(["value", "name"], descending=[descending, False], nulls_last=True)


def _difference(value: float | None, other: float | None, decimals: int) -> str:
    if value is None or other is None:
        return MISSING
    return format_signed(value - other, decimals)


def _published(total: dict | None) -> str:
    """The note on a total the publisher made itself (SSB's Landet, a KOSTRA group)."""
    return (
        _("Tallet slik {publisher} publiserer det.", publisher=total["published_by"])
        if total and total.get("published_by")
        else ""
    )


def comparison_table(
    comparison: Comparison,
    region_row_label: str,
    since: int | None = None,
    since_figures: dict[str, dict | None] | None = None,
    groups: list[dict] = (),
) -> pl.DataFrame:
    """Municipalities best first, then the region, the country and (for rates) the municipalities' KOSTRA
    groups as SSB gives them, every cell a display string.

    With `since` (a year before the one shown) and `since_figures` (values_in_year), a column
    'Endring siden 2018' follows the change from the year before.

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
    # The year before is the change column already; earlier years get their own column.
    with_since = since is not None and since_figures is not None and since < (comparison.year or 0) - 1

    def since_cell(figures: dict, key: str) -> dict:
        if not with_since:
            return {}
        then = since_figures.get(key) or {}
        hidden = figures.get("note") is not None or then.get("note") is not None
        text = SUPPRESSED if hidden else _difference(figures.get("value"), then.get("value"), decimals)
        return {since_column(since): text}

    def row(
        label: str,
        figures: dict | None,
        previous: float | None,
        difference: str,
        key: str = "",
        remark: str = "",
    ) -> dict:
        figures = figures or {}
        hidden = figures.get("note") is not None
        cells = {
            MUNICIPALITY: label,
            VALUE: SUPPRESSED if hidden else format_value(figures.get("value"), unit),
            change: SUPPRESSED if hidden else _difference(figures.get("value"), previous, decimals),
            **since_cell(figures, key),
            DIFFERENCE: SUPPRESSED if hidden else difference,
        }
        if with_fraction:
            cells[_(NUMERATOR)] = (
                SUPPRESSED if hidden else format_number(figures.get("numerator"), count_decimals)
            )
            cells[_(DENOMINATOR)] = (
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
            r["kommunenummer"],
        )
        for r in ordered.iter_rows(named=True)
    ]
    previous_of = lambda aggregate: aggregate["value"] if aggregate else None
    region, nation = comparison.region, comparison.nation
    rows.append(
        row(
            region_row_label,
            region,
            previous_of(comparison.region_previous),
            "",
            "region",
            _published(region),
        )
    )
    rows.append(
        row(
            comparison.nation_label,
            nation,
            previous_of(comparison.nation_previous),
            "",
            "nation",
            _published(nation),
        )
    )
    for group in groups if with_fraction else ():
        remark = _("SSBs tall for KOSTRA-gruppen til {members}.", members=group["members"])
        rows.append(
            row(group["group_name"], group, group.get("previous_value"), "", group["group_id"], remark)
        )
    return pl.DataFrame(rows)
