"""Seeded example projections per municipality, age and alternative, aged on from the real population.

Until SSB's municipal projections (tables 13600/14746) are fetched, the Framtidig behov page runs on these.
They are a small cohort-component model, so they behave like a projection, but every rate is made up
(plausible for Norway, not estimated) and the rows are flagged `is_example` with an "Eksempeldata" source:

- Start: the population 1 January of the newest bundled year (SSB 07459 via FHI), by sex and single year
  of age 0..100 (100 = 100 years and older).
- Survival: a Gompertz-Makeham death rate by age and sex (life expectancy at birth 81.6 years for men and
  84.6 for women in the start year), falling by a yearly improvement that depends on the alternative.
- Births: women 20-44 times a yearly birth rate of TFR / 25 (so a woman has TFR children over those 25
  years), times a drawn municipal fertility factor; 51.2 % boys.
- Net migration: a yearly rate of the residents of each age (young adults move most), the sum of national
  net immigration (by alternative) and a drawn municipal net internal migration that favours larger
  municipalities and is balanced to zero over the country in the start year.
- Alternatives, as SSB names them by fertility, life expectancy, internal migration and immigration:
  MMMM (main), LLML (low national growth), HHMH (high national growth). The national rates were set
  by hand so that the country's total in 2050 lands within 1 % of SSB's 14288 total for each alternative
  (6.11, 5.37 and 6.83 million); counties differ from SSB's by up to about 12 %, municipalities more.

The municipal traits are drawn from random generators seeded by (seed, kommunenummer), so the same seed
always gives the same numbers.
"""

import math
import random

import numpy as np
import polars as pl

from kompetanse.i18n import N_
from kompetanse.sources.projections import ALTERNATIVES, OPEN_AGE, PROJECTION_SCHEMA

DEFAULT_SEED = 2024
LAST_YEAR = 2050
# A catalogue text (Framtidig behov shows it translated); it starts with
# kompetanse.sources.catalogue.EXAMPLE_SOURCE_PREFIX ("Eksempeldata").
EXAMPLE_PROJECTION_SOURCE = N_(
    "Eksempeldata (framskrevet av kompetanse fra befolkningen 1. januar, ikke SSBs framskriving)"
)
AGES = np.arange(OPEN_AGE + 1)
BOYS_SHARE = 0.512
FERTILE_AGES = (20, 44)


class Alternative:
    """The national rates of one alternative (made up, roughly in line with SSB's 2024 assumptions)."""

    def __init__(self, tfr: float, mortality_improvement: float, immigration: float):
        self.tfr = tfr  # children per woman
        self.mortality_improvement = mortality_improvement  # yearly fall in death rates
        self.immigration = immigration  # net immigration per resident per year


RATES = {
    "MMMM": Alternative(tfr=1.50, mortality_improvement=0.010, immigration=0.0040),
    "LLML": Alternative(tfr=1.25, mortality_improvement=0.005, immigration=0.0010),
    "HHMH": Alternative(tfr=1.80, mortality_improvement=0.015, immigration=0.0062),
}


def death_rates(female: bool) -> np.ndarray:
    """Yearly probability of dying by age in the start year (Gompertz-Makeham, capped)."""
    level = 2.6e-6 if female else 3.8e-6  # gives a life expectancy at birth of 84.6 and 81.6 years
    hazard = 1.0e-4 + level * np.exp(0.12 * AGES)
    rates = 1.0 - np.exp(-hazard)
    rates[0] = 0.0020  # infant deaths, where Gompertz is too low
    return np.minimum(rates, 0.6)


def migration_profile(population: np.ndarray) -> np.ndarray:
    """Relative moving rate by age (young adults most), scaled so the national average is 1."""
    profile = np.select(
        [AGES < 18, AGES < 35, AGES < 55, AGES < 67],
        [0.7, 2.2, 0.7, 0.3],
        default=0.1,
    )
    return profile * population.sum() / (population * profile).sum()


class Municipality:
    """The drawn, year-independent traits of one municipality."""

    def __init__(self, kommunenummer: str, inhabitants: float, seed: int):
        rng = random.Random(f"kompetanse-framskriving:{seed}:{kommunenummer}")
        self.fertility = rng.uniform(0.85, 1.15)
        size = math.log10(max(inhabitants, 10.0)) - 4  # -2 for a few hundred inhabitants, +1.8 for Oslo
        self.internal_migration = rng.uniform(-0.005, 0.003) + 0.0012 * size


def _start(population: pl.DataFrame) -> tuple[int, list[str], np.ndarray]:
    """The newest year, the municipalities and an array [municipality, sex (0 women, 1 men), age]."""
    year = int(population["year"].max())
    rows = population.filter(pl.col("year") == year).with_columns(pl.col("age").clip(upper_bound=OPEN_AGE))
    rows = rows.group_by("kommunenummer", "age").agg(pl.col("female").sum(), pl.col("male").sum())
    municipalities = sorted(rows["kommunenummer"].unique().to_list())
    index = {kommune: i for i, kommune in enumerate(municipalities)}
    counts = np.zeros((len(municipalities), 2, OPEN_AGE + 1))
    where = np.array([index[k] for k in rows["kommunenummer"]])
    ages = rows["age"].to_numpy()
    counts[where, 0, ages] = rows["female"].to_numpy()
    counts[where, 1, ages] = rows["male"].to_numpy()
    return year, municipalities, counts


def _age_one_year(
    counts: np.ndarray, deaths: np.ndarray, birth_rates: np.ndarray, migration: np.ndarray
) -> np.ndarray:
    """Population 1 January next year from this year's: survive and age, add births, add net migrants."""
    survivors = counts * (1.0 - deaths)
    after = np.zeros_like(counts)
    after[:, :, 1:] = survivors[:, :, :-1]
    after[:, :, OPEN_AGE] += survivors[:, :, OPEN_AGE]
    low, high = FERTILE_AGES
    births = counts[:, 0, low : high + 1].sum(axis=1) * birth_rates
    after[:, 0, 0] = births * (1 - BOYS_SHARE) * (1 - deaths[0, 0] / 2)
    after[:, 1, 0] = births * BOYS_SHARE * (1 - deaths[1, 0] / 2)
    return np.maximum(after * (1.0 + migration), 0.0)


def example_projections(
    population: pl.DataFrame,
    seed: int = DEFAULT_SEED,
    last_year: int = LAST_YEAR,
    alternatives: tuple[str, ...] = ALTERNATIVES,
) -> pl.DataFrame:
    """The projection frame (PROJECTION_SCHEMA) from the newest population year to last_year."""
    start_year, municipalities, start = _start(population)
    traits = [Municipality(k, start[i].sum(), seed) for i, k in enumerate(municipalities)]
    inhabitants = start.sum(axis=(1, 2))
    internal = np.array([t.internal_migration for t in traits])
    # Internal moves are zero-sum: balance the drawn rates over the country's inhabitants.
    internal -= (internal * inhabitants).sum() / inhabitants.sum()
    fertility = np.array([t.fertility for t in traits])
    profile = migration_profile(start.sum(axis=(0, 1)))
    base_deaths = np.stack([death_rates(female=True), death_rates(female=False)])
    years = list(range(start_year, last_year + 1))
    names = pl.Series(municipalities, dtype=pl.String)
    cells = np.arange(len(municipalities) * len(AGES))
    parts = []
    for alternative in alternatives:
        rates = RATES[alternative]
        birth_rates = fertility * rates.tfr / (FERTILE_AGES[1] - FERTILE_AGES[0] + 1)
        migration = (internal + rates.immigration)[:, None, None] * profile[None, None, :]
        counts, frames = start, [start.sum(axis=1)]
        for step in range(1, len(years)):
            deaths = base_deaths * (1.0 - rates.mortality_improvement) ** (step - 1)
            counts = _age_one_year(counts, deaths, birth_rates, migration)
            frames.append(counts.sum(axis=1))
        persons = np.stack(frames)  # [year, municipality, age]
        parts.append(
            pl.DataFrame(
                {
                    "kommunenummer": names.gather(np.tile(cells, len(years)) // len(AGES)),
                    "year": np.repeat(np.array(years, dtype=np.int32), len(cells)),
                    "age": np.tile(AGES.astype(np.int32), len(years) * len(municipalities)),
                    "alternative": alternative,
                    "persons": np.round(persons.ravel(), 1),
                }
            )
        )
    # Rows come in the order alternative, year, kommunenummer, age; sorting 2.7 million rows costs more.
    return (
        pl.concat(parts)
        .with_columns(source=pl.lit(EXAMPLE_PROJECTION_SOURCE), is_example=pl.lit(True))
        .cast(PROJECTION_SCHEMA)
        .select(list(PROJECTION_SCHEMA))
    )
