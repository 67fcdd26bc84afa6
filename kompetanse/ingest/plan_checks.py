"""Checks of validated rows against what the database already holds, made before the preview.

Example rows for an indicator that has official figures are refused (one indicator is never a mix
of the two), and a share given only as values of 1 or less is a question for the user: 0.455 may be
0.455 % or 45.5 %.
"""

from __future__ import annotations

import polars as pl

from kompetanse.i18n import _
from kompetanse.ingest.validation import Problem


def mixed_with_official(rows: pl.DataFrame, official: set[str]) -> Problem | None:
    """The problem with example rows for an indicator that has official figures, or None."""
    mixed = rows.filter(pl.col("is_example") & pl.col("indicator_id").is_in(sorted(official)))
    if mixed.is_empty():
        return None
    indicator = mixed["indicator_id"].sort()[0]
    message = _(
        "Filen har eksempeldata for {indicator}, som har offisielle tall. Eksempeldata og offisielle "
        "tall blandes aldri i én indikator; ta disse radene ut av filen.",
        indicator=indicator,
    )
    return Problem(None, "kilde", message)


def ambiguous_shares(rows: pl.DataFrame, indicators: pl.DataFrame) -> list[str]:
    """Shares (in percent) given as values only, every one of them 1 or less: 0.455 could be 45.5 %."""
    percent = indicators.filter(pl.col("unit") == "prosent")["indicator_id"].implode()
    values = rows.filter(pl.col("indicator_id").is_in(percent) & pl.col("denominator").is_null())
    found = values.group_by("indicator_id").agg(low=(pl.col("value") <= 1).all(), top=pl.col("value").max())
    return sorted(found.filter(pl.col("low") & (pl.col("top") > 0))["indicator_id"].to_list())


def resolve_shares(
    rows: pl.DataFrame, indicators: pl.DataFrame, shares: str | None
) -> tuple[pl.DataFrame, str | None]:
    """The rows with the user's answer applied ('andel': 0.455 meant 45.5 %; 'prosent': as written),
    and the question to ask when the file is unclear and there is no answer yet."""
    unclear = ambiguous_shares(rows, indicators)
    if unclear and shares == "andel":
        fix = pl.col("indicator_id").is_in(unclear) & pl.col("denominator").is_null()
        return rows.with_columns(value=pl.when(fix).then(pl.col("value") * 100).otherwise("value")), None
    if unclear and shares is None:
        names = dict(zip(indicators["indicator_id"], indicators["name"]))
        listed = ", ".join(f"«{names[i]}»" for i in unclear)
        return rows, _(
            "Alle verdiene for {listed} er 1 eller mindre, og cellene er ikke formatert som prosent. "
            "Er 0,455 ment som 0,455 % eller som 45,5 %? Velg før du importerer.",
            listed=listed,
        )
    return rows, None
