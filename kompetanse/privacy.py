"""Small numbers hidden the way SSB does: ':' and a reason instead of a figure that could point to a person.

The catalogue says which rule an indicator follows (`indicator.suppression`):
  'antall' - a count of persons: hidden below MIN_PERSONS;
  'andel'  - a share of persons: hidden when the denominator is below MIN_DENOMINATOR;
  'teller' - a rate whose numerator counts persons (apprentices per 1000): hidden below MIN_PERSONS.
Example data is exempt (it describes nobody) and says so. Hidden rows lose their value, numerator
and denominator here, so no chart, table or export further down can show them by mistake.
"""

from __future__ import annotations

import polars as pl

SUPPRESSED = ":"
MIN_PERSONS = 5
MIN_DENOMINATOR = 10


def reason_expr(rule: str | None, is_example: pl.Expr) -> pl.Expr:
    """A polars expression: the Norwegian reason a row is hidden, or null."""
    persons = f"Skjult av personvernhensyn: færre enn {MIN_PERSONS} personer."
    small_denominator = f"Skjult av personvernhensyn: færre enn {MIN_DENOMINATOR} personer i grunnlaget."
    if rule == "antall":
        hidden, reason = pl.col("value") < MIN_PERSONS, persons
    elif rule == "andel":
        hidden, reason = pl.col("denominator") < MIN_DENOMINATOR, small_denominator
    elif rule == "teller":
        hidden, reason = pl.col("numerator") < MIN_PERSONS, persons
    else:
        return pl.lit(None, dtype=pl.String)
    return pl.when(hidden.fill_null(False) & ~is_example.fill_null(False)).then(pl.lit(reason))


def suppress(frame: pl.DataFrame, rule: str | None, example_column: str = "is_example") -> pl.DataFrame:
    """Add `note` (the reason, or null) and blank the figures of hidden rows."""
    noted = frame.with_columns(note=reason_expr(rule, pl.col(example_column)))
    hidden = pl.col("note").is_not_null()
    blanked = {
        column: pl.when(hidden).then(None).otherwise(pl.col(column))
        for column in ("value", "numerator", "denominator")
        if column in frame.columns
    }
    return noted.with_columns(**blanked)


def suppress_row(row: dict | None, rule: str | None, example_key: str = "has_example") -> dict | None:
    """The same rule for one aggregate row (a region or the country)."""
    if row is None:
        return None
    frame = pl.DataFrame([row], infer_schema_length=None)
    return suppress(frame, rule, example_key).row(0, named=True)
