"""Official population figures (SSB table 07459, 2024 borders) as observations."""

from pathlib import Path

import polars as pl

from kompetanse.i18n import N_

# Stored with the rows in bokmål; a catalogue text, translated where it is shown.
POPULATION_SOURCE = N_("SSB tabell 07459, summert til 2024-inndeling av FHI (csdata)")
POPULATION_FILE = Path("population") / "befolkning_07459_b2024.csv"


def read_population(data_dir: Path) -> pl.DataFrame:
    """kommunenummer, year and the age bands used by the population indicators."""
    frame = pl.read_csv(data_dir / POPULATION_FILE, infer_schema=False)
    bands = ["pop_0", "pop_1_5", "pop_6_15", "pop_16_19", "pop_20_66", "pop_67_79", "pop_80_plus"]
    return frame.filter(pl.col("granularity_geo") == "municip").select(
        kommunenummer=pl.col("location_code").str.slice(-4),
        year=pl.col("calyear").cast(pl.Int32),
        total=pl.col("pop_total").cast(pl.Int64),
        **{band: pl.col(band).cast(pl.Int64) for band in bands},
    )


def population_observations(population: pl.DataFrame) -> pl.DataFrame:
    """The five population indicators in observation shape (official, not example data)."""
    counts = {
        "innbyggere": pl.col("total"),
        "innbyggere_0_5": pl.col("pop_0") + pl.col("pop_1_5"),
    }
    shares = {
        "innbyggere_20_66_andel": pl.col("pop_20_66"),
        "innbyggere_67_pluss_andel": pl.col("pop_67_79") + pl.col("pop_80_plus"),
        "innbyggere_80_pluss_andel": pl.col("pop_80_plus"),
    }
    parts = [
        population.select(
            "kommunenummer",
            "year",
            indicator_id=pl.lit(indicator),
            value=expr.cast(pl.Float64),
            numerator=pl.lit(None, dtype=pl.Float64),
            denominator=pl.lit(None, dtype=pl.Float64),
        )
        for indicator, expr in counts.items()
    ] + [
        population.select(
            "kommunenummer",
            "year",
            indicator_id=pl.lit(indicator),
            value=expr.cast(pl.Float64) / pl.col("total") * 100,
            numerator=expr.cast(pl.Float64),
            denominator=pl.col("total").cast(pl.Float64),
        )
        for indicator, expr in shares.items()
    ]
    return pl.concat(parts).with_columns(source=pl.lit(POPULATION_SOURCE), is_example=pl.lit(False))
