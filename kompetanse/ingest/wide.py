"""The wide format of the app's own templates: one row per municipality, columns per indicator.

A count has one column named by its id (`laerlinger_antall`); a share or rate has a numerator and a
denominator column (`heltid_andel:teller`, `heltid_andel:nevner`), so the region's and the
country's totals can be computed from what is imported, and the value itself is derived. A value
column for a share (`heltid_andel`) is read too, for files made by hand.
"""

from __future__ import annotations

import polars as pl

NUMERATOR_SUFFIX = ":teller"
DENOMINATOR_SUFFIX = ":nevner"


def numerator_column(indicator_id: str) -> str:
    return f"{indicator_id}{NUMERATOR_SUFFIX}"


def denominator_column(indicator_id: str) -> str:
    return f"{indicator_id}{DENOMINATOR_SUFFIX}"


def wide_indicators(columns: list[str], indicator_ids: set[str]) -> list[str]:
    """The indicators a wide table has a value, numerator or denominator column for, in file order."""
    found = []
    for name in columns:
        base = name.removesuffix(NUMERATOR_SUFFIX).removesuffix(DENOMINATOR_SUFFIX)
        if base in indicator_ids and base not in found:
            found.append(base)
    return found


def _filled(column: str) -> pl.Expr:
    return pl.col(column).fill_null("").str.strip_chars() != ""


def wide_to_long(cells: pl.DataFrame, columns: list[str], indicator_ids: set[str]) -> pl.DataFrame:
    """Long rows (line, kommunenummer, kommune, år, indikator, verdi, teller, nevner, kilde, and the
    column each of verdi, teller and nevner came from); a cell left empty in every column is no row."""
    text = lambda name: pl.col(name) if name in columns else pl.lit(None, pl.String)
    shared = {
        "line": pl.col("line"),
        "kommunenummer": text("kommunenummer"),
        "kommune": text("kommune"),
        "år": text("år"),
        "kilde": text("kilde"),
    }
    parts = []
    for indicator_id in wide_indicators(columns, indicator_ids):
        value, numerator, denominator = (
            indicator_id,
            numerator_column(indicator_id),
            denominator_column(indicator_id),
        )
        present = [name for name in (value, numerator, denominator) if name in columns]
        part = cells.filter(pl.any_horizontal(_filled(name) for name in present)).select(
            **shared,
            indikator=pl.lit(indicator_id),
            verdi=text(value),
            teller=text(numerator),
            nevner=text(denominator),
            value_column=pl.lit(value),
            numerator_column=pl.lit(numerator),
            denominator_column=pl.lit(denominator),
        )
        parts.append(part)
    if not parts:
        return pl.DataFrame(
            schema={name: pl.Int64 if name == "line" else pl.String for name in (*shared, *LONG_EXTRA)}
        )
    return pl.concat(parts).sort("line", maintain_order=True)


LONG_EXTRA = (
    "indikator",
    "verdi",
    "teller",
    "nevner",
    "value_column",
    "numerator_column",
    "denominator_column",
)
