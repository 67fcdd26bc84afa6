"""The canonical row frames every source adapter returns, and the result of one fetch."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from kompetanse.sources.http import FetchRecord

VALUES = {"value": pl.Float64, "numerator": pl.Float64, "denominator": pl.Float64, "source": pl.String}
# One row per municipality (today's kommunenummer), year and indicator; status is SSB's symbol or null.
MUNICIPAL_SCHEMA = {
    "kommunenummer": pl.String,
    "year": pl.Int32,
    "indicator_id": pl.String,
    **VALUES,
    "status": pl.String,
}
# One row per reference group ('landet', 'landet_uten_oslo', 'kostragruppe-EKGnn'), year and indicator:
# the publisher's own figure, never recomputed from municipalities.
REFERENCE_SCHEMA = {
    "group_id": pl.String,
    "year": pl.Int32,
    "indicator_id": pl.String,
    **VALUES,
    "status": pl.String,
}


@dataclass(frozen=True)
class SourceResult:
    """What one adapter fetched: rows for municipalities and references, and every response it got."""

    source: str  # "SSB tabell 12562"
    table: str
    updated: str | None  # the table's own `updated` (KOSTRA: March provisional, June revised)
    indicators: tuple[str, ...]
    municipal: pl.DataFrame
    reference: pl.DataFrame
    records: tuple[FetchRecord, ...]


def empty(schema: dict) -> pl.DataFrame:
    """A frame with no rows and the given columns."""
    return pl.DataFrame(schema=schema)


def ratio_values(frame: pl.DataFrame, scale: float = 100.0) -> pl.DataFrame:
    """Set `value` to numerator / denominator × scale where both are known and the denominator is not 0."""
    known = (
        pl.col("numerator").is_not_null() & pl.col("denominator").is_not_null() & (pl.col("denominator") != 0)
    )
    return frame.with_columns(
        value=pl.when(known)
        .then(pl.col("numerator") / pl.col("denominator") * scale)
        .when(pl.col("numerator").is_not_null() | pl.col("denominator").is_not_null())
        .then(None)
        .otherwise(pl.col("value"))
    )
