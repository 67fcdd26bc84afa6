"""Bundled projection inputs: the single-year population 2026 and SSB 14288 county projections."""

from pathlib import Path

import polars as pl

from kompetanse.i18n import N_

POPULATION_BY_AGE_FILE = Path("population") / "befolkning_ettarig_b2024_2026.csv"
COUNTY_PROJECTION_FILE = Path("projections") / "framskriving_14288_fylke_2024.csv"
POPULATION_BY_AGE_SOURCE = N_("SSB tabell 07459, summert til 2024-inndeling av FHI (csdata)")
COUNTY_PROJECTION_SOURCE = N_(
    "SSB tabell 14288 (regionale befolkningsframskrivinger 2024), hentet 23.01.2025"
)
OPEN_AGE = 100  # the last age is "100 years and older"
ALTERNATIVES = ("MMMM", "LLML", "HHMH")  # SSB's main, low and high national growth
# Catalogue texts: translated where shown (`_(ALTERNATIVE_NAMES[alternative])`).
ALTERNATIVE_NAMES = {
    "MMMM": N_("Hovedalternativet (MMMM)"),
    "LLML": N_("Lav nasjonal vekst (LLML)"),
    "HHMH": N_("Høy nasjonal vekst (HHMH)"),
}
PROJECTION_SCHEMA = {
    "kommunenummer": pl.String,
    "year": pl.Int32,
    "age": pl.Int32,
    "alternative": pl.String,
    "persons": pl.Float64,
    "source": pl.String,
    "is_example": pl.Boolean,
}


def read_population_by_age(data_dir: Path) -> pl.DataFrame:
    """kommunenummer, year, age (0..100, 100 = 100+), female, male: the population 1 January 2026."""
    frame = pl.read_csv(data_dir / POPULATION_BY_AGE_FILE, infer_schema=False)
    return frame.select(
        "kommunenummer",
        year=pl.col("year").cast(pl.Int32),
        age=pl.col("age").cast(pl.Int32),
        female=pl.col("female").cast(pl.Int64),
        male=pl.col("male").cast(pl.Int64),
    )


def read_county_projections(data_dir: Path) -> pl.DataFrame:
    """SSB 14288: fylkesnummer, fylkesnavn, year, alternative, alternative_name, persons (all ages)."""
    frame = pl.read_csv(data_dir / COUNTY_PROJECTION_FILE, infer_schema=False)
    return frame.select(
        "fylkesnummer",
        "fylkesnavn",
        year=pl.col("aar").cast(pl.Int32),
        alternative=pl.col("alternativ"),
        alternative_name=pl.col("alternativ_navn"),
        persons=pl.col("folkemengde_1jan").cast(pl.Float64),
        source=pl.lit(COUNTY_PROJECTION_SOURCE),
        is_example=pl.lit(False),
    ).sort("fylkesnummer", "alternative", "year")
