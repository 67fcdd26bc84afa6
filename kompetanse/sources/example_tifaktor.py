"""Deterministic example data for 10-FAKTOR and competence plans, which have no public source.

10-FAKTOR results belong to each municipality (KS gives them to the municipality, not to the public),
and competence plans are the municipalities' own documents, so the bundle can only show how the
views work. Like kompetanse/sources/example_data.py, every number is drawn from random generators
seeded by (seed, kommunenummer, ...), flagged `is_example` and labelled "Eksempeldata":

- the ten factors for every municipality in the survey rounds (every second year from 2019), with a
  number of respondents from the real population; the levels are made up, not KS' national figures;
- for the six Vesterålen municipalities, results for three service areas in each round;
- for the same six, a handful of competence plan records for 2025 (service areas, a unit or two),
  some up to date, some out of date, some missing, naming priority competences from the source
  documents (digital competence, change competence, leadership, fagbrev, preschool teachers ...).
  Those names and the units are example content in data/examples/kompetanseplaner.toml, not app text.
"""

from __future__ import annotations

import random
import tomllib
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from pathlib import Path

import polars as pl

from kompetanse.config import DATA_DIR
from kompetanse.rules.observations import OBSERVATION_COLUMNS, conform
from kompetanse.sources.catalogue import EXAMPLE_SOURCE_PREFIX
from kompetanse.sources.example_data import DEFAULT_SEED

EXAMPLE_SOURCE = f"{EXAMPLE_SOURCE_PREFIX} (generert 10-FAKTOR-runde, ikke kommunens egne resultater)"
PLAN_SOURCE = f"{EXAMPLE_SOURCE_PREFIX} (genererte kompetanseplaner, ikke kommunens egne planer)"
FIRST_ROUND = 2019  # the survey runs every second year
VESTERALEN = ("1851", "1866", "1867", "1868", "1870", "1871")
PLAN_YEAR = 2025
# A made-up level per factor (1-5), not KS' figures: motivation high, development and leadership lower.
FACTOR_LEVELS = {
    "tifaktor_indre_motivasjon": 4.3,
    "tifaktor_mestringstro": 4.3,
    "tifaktor_autonomi": 4.0,
    "tifaktor_bruk_av_kompetanse": 4.2,
    "tifaktor_mestringsorientert_ledelse": 3.9,
    "tifaktor_rolleklarhet": 4.3,
    "tifaktor_relevant_kompetanseutvikling": 3.7,
    "tifaktor_fleksibilitetsvilje": 4.4,
    "tifaktor_mestringsklima": 4.1,
    "tifaktor_prososial_motivasjon": 4.6,
}
AREA_SHARES = {"barnehage": 0.16, "skole": 0.27, "helse_og_omsorg": 0.39}
PLAN_CONTENT_FILE = Path("examples") / "kompetanseplaner.toml"  # priorities and units, by service area
VESTERALEN_PROJECT = "vesteralen-kompetanse-rekruttering"
LEADER_AREAS = ("administrasjon", "helse_og_omsorg")  # plans whose measures link to the regional project
AREA_RESULT_SCHEMA = {
    "kommunenummer": pl.String,
    "year": pl.Int32,
    "indicator_id": pl.String,
    "area_id": pl.String,
    "unit": pl.String,
    "score": pl.Float64,
    "respondents": pl.Int32,
    "source": pl.String,
    "is_example": pl.Boolean,
}
PLAN_SCHEMA = {
    "kommunenummer": pl.String,
    "year": pl.Int32,
    "area_id": pl.String,
    "unit": pl.String,
    "has_plan": pl.Boolean,
    "last_revised": pl.Date,
    "period_start": pl.Int32,
    "period_end": pl.Int32,
    "priorities": pl.List(pl.String),
    "project_ids": pl.List(pl.String),
    "note": pl.String,
    "source": pl.String,
    "is_example": pl.Boolean,
    "registered_by": pl.String,
    "registered_at": pl.Datetime("us"),
}


def survey_years(years: Iterable[int]) -> list[int]:
    """The survey rounds among `years`: every second year from FIRST_ROUND."""
    return [year for year in sorted(years) if year >= FIRST_ROUND and (year - FIRST_ROUND) % 2 == 0]


def _score(level: float) -> float:
    return round(max(1.0, min(5.0, level)), 1)


def _municipal(kommune: str, inhabitants: int, year: int, seed: int) -> dict[str, tuple[float, int]]:
    """factor -> (score, respondents) for one municipality in one round."""
    traits = random.Random(f"tifaktor:{seed}:{kommune}")
    culture = traits.gauss(0, 0.12)
    offsets = {factor: traits.gauss(0, 0.08) for factor in FACTOR_LEVELS}
    rate = traits.uniform(0.55, 0.8)
    rng = random.Random(f"tifaktor:{seed}:{kommune}:{year}")
    respondents = max(3, round(inhabitants * 0.068 * rate * (1 + rng.gauss(0, 0.04))))
    trend = 0.02 * (year - FIRST_ROUND) / 2
    return {
        factor: (_score(level + culture + offsets[factor] + trend + rng.gauss(0, 0.05)), respondents)
        for factor, level in FACTOR_LEVELS.items()
    }


def _rounds(population: pl.DataFrame, years: Iterable[int], seed: int):
    """(kommunenummer, year, factor, score, respondents) for every municipality and round."""
    rounds = survey_years(years)
    for kommune, year, inhabitants in (
        population.select("kommunenummer", "year", "total").sort("kommunenummer", "year").iter_rows()
    ):
        if year in rounds:
            for factor, (score, respondents) in _municipal(kommune, inhabitants, year, seed).items():
                yield kommune, year, factor, score, respondents


def example_tifaktor_observations(
    population: pl.DataFrame, years: Iterable[int], seed: int = DEFAULT_SEED
) -> pl.DataFrame:
    """The ten factors as observations: value = score, numerator = score * respondents, denominator =
    respondents."""
    rows = [
        (kommune, year, factor, score, score * respondents, float(respondents))
        for kommune, year, factor, score, respondents in _rounds(population, years, seed)
    ]
    columns = ("kommunenummer", "year", "indicator_id", "value", "numerator", "denominator")
    schema = {name: OBSERVATION_COLUMNS[name] for name in columns}
    frame = pl.DataFrame(rows, schema=schema, orient="row")
    return conform(frame.with_columns(source=pl.lit(EXAMPLE_SOURCE), is_example=pl.lit(True)))


def example_area_results(
    population: pl.DataFrame, years: Iterable[int], seed: int = DEFAULT_SEED
) -> pl.DataFrame:
    """Results for three service areas of each Vesterålen municipality, every round."""
    rows = []
    people = population.filter(pl.col("kommunenummer").is_in(VESTERALEN))
    for kommune, year, factor, score, respondents in _rounds(people, years, seed):
        for area, share in AREA_SHARES.items():
            rng = random.Random(f"tifaktor-omrade:{seed}:{kommune}:{year}:{factor}:{area}")
            answers = max(2, round(respondents * share * (1 + rng.gauss(0, 0.1))))
            rows.append((kommune, year, factor, area, "", _score(score + rng.gauss(0, 0.15)), answers))
    frame = pl.DataFrame(rows, schema=list(AREA_RESULT_SCHEMA)[:7], orient="row")
    return frame.with_columns(source=pl.lit(EXAMPLE_SOURCE), is_example=pl.lit(True)).cast(AREA_RESULT_SCHEMA)


def plan_content(data_dir: Path = DATA_DIR) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """(service area -> priority competences to draw from, service area -> units with a plan of their
    own), read from data/examples/kompetanseplaner.toml."""
    with open(data_dir / PLAN_CONTENT_FILE, "rb") as handle:
        content = tomllib.load(handle)
    return content["prioriteringer"], content.get("enheter", {})


def _plan(kommune: str, area: str, unit: str, seed: int, priorities: dict[str, list[str]]) -> dict:
    rng = random.Random(f"kompetanseplan:{seed}:{kommune}:{area}:{unit}")
    has_plan = rng.random() > 0.15
    first, last = date(2021, 6, 1), date(2025, 11, 30)
    revised = first + timedelta(days=rng.randrange(0, (last - first).days))
    pool = priorities.get(area, priorities["administrasjon"])
    return {
        "kommunenummer": kommune,
        "year": PLAN_YEAR,
        "area_id": area,
        "unit": unit,
        "has_plan": has_plan,
        "last_revised": revised if has_plan else None,
        "period_start": revised.year if has_plan else None,
        "period_end": revised.year + 3 if has_plan else None,
        "priorities": rng.sample(pool, rng.randint(2, 3)) if has_plan else [],
        "project_ids": [VESTERALEN_PROJECT] if has_plan and area in LEADER_AREAS else [],
        "note": None,
        "source": PLAN_SOURCE,
        "is_example": True,
        "registered_by": "eksempeldata",
        "registered_at": datetime(PLAN_YEAR, 12, 1),
    }


def example_plans(data_dir: Path = DATA_DIR, seed: int = DEFAULT_SEED) -> pl.DataFrame:
    """A handful of competence plan records for 2025 per Vesterålen municipality."""
    priorities, units = plan_content(data_dir)
    rows = []
    for kommune in VESTERALEN:
        rng = random.Random(f"kompetanseplaner:{seed}:{kommune}")
        for area in ("barnehage", "skole", "helse_og_omsorg", "administrasjon"):
            if area != "helse_og_omsorg" and rng.random() < 0.15:
                continue  # a record not made: the area shows as "ikke registrert"
            rows.append(_plan(kommune, area, "", seed, priorities))
            for unit in units.get(area, ()):
                if rng.random() < 0.5:
                    rows.append(_plan(kommune, area, unit, seed, priorities))
    return pl.DataFrame(rows, schema=PLAN_SCHEMA)
