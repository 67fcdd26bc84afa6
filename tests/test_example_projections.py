"""The bundled projection inputs and the seeded example projections made from them."""

import numpy as np
import polars as pl
import pytest

from kompetanse.config import DATA_DIR
from kompetanse.sources.example_projections import (
    BOYS_SHARE,
    EXAMPLE_PROJECTION_SOURCE,
    _age_one_year,
    example_projections,
)
from kompetanse.sources.population import read_population
from kompetanse.sources.projections import (
    COUNTY_PROJECTION_SOURCE,
    PROJECTION_SCHEMA,
    read_county_projections,
    read_population_by_age,
)


@pytest.fixture(scope="module")
def population():
    return read_population_by_age(DATA_DIR)


@pytest.fixture(scope="module")
def projections(population):
    return example_projections(population)


def national(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.group_by("alternative", "year").agg(pl.col("persons").sum())


def test_the_single_year_population_adds_up_to_the_bundled_age_bands_for_every_municipality(population):
    bands = read_population(DATA_DIR).filter(pl.col("year") == 2026)
    people = population.with_columns(persons=pl.col("female") + pl.col("male"))
    ages = lambda low, high: pl.col("persons").filter(pl.col("age").is_between(low, high)).sum()
    summed = people.group_by("kommunenummer").agg(
        total=pl.col("persons").sum(), pop_1_5=ages(1, 5), pop_20_66=ages(20, 66), pop_80_plus=ages(80, 100)
    )
    joined = summed.join(bands, on="kommunenummer", suffix="_bands")
    assert joined.height == 357
    for column in ("total", "pop_1_5", "pop_20_66", "pop_80_plus"):
        assert (joined[column] == joined[f"{column}_bands"]).all(), column


def test_the_same_seed_gives_the_same_projections_and_another_seed_others(population, projections):
    assert example_projections(population).equals(projections)
    other = example_projections(population, seed=7)
    assert not other["persons"].equals(projections["persons"])


def test_every_municipality_age_alternative_and_year_to_2050_has_one_row(projections):
    assert projections.schema == pl.Schema(PROJECTION_SCHEMA)
    keys = ["kommunenummer", "year", "age", "alternative"]
    assert projections.select(keys).n_unique() == projections.height == 357 * 101 * 3 * 25
    assert (projections["year"].min(), projections["year"].max()) == (2026, 2050)
    assert (projections["age"].min(), projections["age"].max()) == (0, 100)
    assert sorted(projections["alternative"].unique()) == ["HHMH", "LLML", "MMMM"]
    assert projections["persons"].min() >= 0


def test_every_row_is_flagged_as_example_data_and_labelled_eksempeldata(projections):
    assert projections["is_example"].all()
    assert projections["source"].unique().to_list() == [EXAMPLE_PROJECTION_SOURCE]
    assert EXAMPLE_PROJECTION_SOURCE.startswith("Eksempeldata")


def test_the_first_year_is_the_real_population_in_every_alternative(population, projections):
    real = population.select(
        "kommunenummer", "age", real=(pl.col("female") + pl.col("male")).cast(pl.Float64)
    )
    start = projections.filter(pl.col("year") == 2026).join(real, on=["kommunenummer", "age"], how="left")
    assert start.height == 357 * 101 * 3
    assert (start["persons"] == start["real"]).all()


def test_a_cohort_ages_one_year_at_a_time(projections):
    # Nationally, those aged 40 in 2026 are aged 41 in 2027, give or take deaths and migration
    by_age = (
        projections.filter(pl.col("alternative") == "MMMM")
        .group_by("year", "age")
        .agg(pl.col("persons").sum())
    )
    at = lambda year, age: by_age.filter(year=year, age=age)["persons"][0]
    assert at(2027, 41) / at(2026, 40) == pytest.approx(1, abs=0.02)
    assert at(2036, 50) / at(2026, 40) == pytest.approx(1, abs=0.1)


def test_low_main_and_high_alternatives_stay_in_order_and_near_ssbs_national_totals(projections):
    ours = national(projections)
    ssb = national(read_county_projections(DATA_DIR)).rename({"persons": "ssb"})
    in_2050 = ours.join(ssb, on=["alternative", "year"]).filter(year=2050)
    totals = {row["alternative"]: row for row in in_2050.iter_rows(named=True)}
    assert totals["LLML"]["persons"] < totals["MMMM"]["persons"] < totals["HHMH"]["persons"]
    for row in totals.values():
        assert row["persons"] / row["ssb"] == pytest.approx(1, abs=0.03), row["alternative"]


def test_the_cohort_step_by_hand():
    counts = np.zeros((1, 2, 101))
    counts[0, 0, 30] = 100.0  # 100 women aged 30
    counts[0, 1, 99] = 10.0  # 10 men aged 99 and 10 aged 100+
    counts[0, 1, 100] = 10.0
    deaths = np.full((2, 101), 0.1)
    deaths[1, 99:] = 0.5
    after = _age_one_year(counts, deaths, birth_rates=np.array([0.06]), migration=np.zeros((1, 1, 101)))
    assert after[0, 0, 31] == pytest.approx(90)
    assert after[0, 1, 100] == pytest.approx(10)  # 5 reach 100, 5 of the 100+ survive
    births = 100 * 0.06  # 6 children, each surviving half a year of infant deaths
    assert after[0, 0, 0] == pytest.approx(births * (1 - BOYS_SHARE) * 0.95)
    assert after[0, 1, 0] == pytest.approx(births * BOYS_SHARE * 0.95)
    moved = _age_one_year(counts, deaths, np.array([0.06]), migration=np.full((1, 1, 101), 0.1))
    assert moved[0, 0, 31] == pytest.approx(99)


def test_county_projections_cover_the_15_counties_in_three_alternatives_2024_to_2050():
    counties = read_county_projections(DATA_DIR)
    assert counties.height == 15 * 3 * 27
    assert counties["fylkesnummer"].n_unique() == 15
    assert (counties["year"].min(), counties["year"].max()) == (2024, 2050)
    assert not counties["is_example"].any()
    assert counties["source"].unique().to_list() == [COUNTY_PROJECTION_SOURCE]
    main = counties.filter(alternative="MMMM", year=2050)
    assert main["alternative_name"].unique().to_list() == ["Hovedalternativet (MMMM)"]


def test_county_projections_start_from_each_countys_population_1_january_2024():
    counties = read_county_projections(DATA_DIR).filter(year=2024)
    bands = pl.read_csv(DATA_DIR / "population" / "befolkning_07459_b2024.csv", infer_schema=False)
    actual = bands.filter(granularity_geo="county", calyear="2024").select(
        fylkesnummer=pl.col("location_code").str.slice(-2), actual=pl.col("pop_total").cast(pl.Float64)
    )
    joined = counties.join(actual, on="fylkesnummer", how="left")
    assert joined.height == 45
    assert (joined["persons"] == joined["actual"]).all()
    assert joined.filter(alternative="MMMM")["persons"].sum() == 5_550_203  # SSB, 1 January 2024
