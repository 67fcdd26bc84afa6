"""Rules for observation rows that hold everywhere: derived values and the example-data label."""

import polars as pl

OBSERVATION_COLUMNS = {
    "kommunenummer": pl.String,
    "year": pl.Int32,
    "indicator_id": pl.String,
    "value": pl.Float64,
    "numerator": pl.Float64,
    "denominator": pl.Float64,
    "source": pl.String,
    "is_example": pl.Boolean,
}


def derive_values(observations: pl.DataFrame, indicators: pl.DataFrame) -> pl.DataFrame:
    """Fill `value` from numerator/denominator for ratio indicators (12/20 -> 60 for a share).

    A value that was given is kept; a missing one is derived where the catalogue says how.
    """
    scales = indicators.select("indicator_id", "scale")
    derived = pl.col("numerator") / pl.col("denominator") * pl.col("scale")
    can_derive = (
        pl.col("scale").is_not_null()
        & pl.col("numerator").is_not_null()
        & pl.col("denominator").is_not_null()
        & (pl.col("denominator") > 0)
    )
    return (
        observations.join(scales, on="indicator_id", how="left")
        .with_columns(
            value=pl.when(pl.col("value").is_null() & can_derive).then(derived).otherwise(pl.col("value"))
        )
        .drop("scale")
    )


def conform(frame: pl.DataFrame) -> pl.DataFrame:
    """Select and cast the observation columns in their canonical order."""
    return frame.select(pl.col(name).cast(dtype) for name, dtype in OBSERVATION_COLUMNS.items())
