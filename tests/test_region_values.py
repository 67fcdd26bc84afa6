"""A region's value comes from numerators and denominators (sum over sum), never a mean of shares."""

import pytest

from kompetanse.indicators.comparison import compare_region
from kompetanse.store.db import Database

VESTERALEN = "18009"


@pytest.fixture(scope="module")
def db(fixture_db_template):
    database = Database(fixture_db_template)
    yield database
    database.close()


def test_region_share_is_the_sum_of_numerators_over_the_sum_of_denominators(db):
    comparison = compare_region(db, VESTERALEN, "barnehagelaerer_andel", 2024)
    # (12+6+30+5+27+10) / (20+15+40+10+45+20) = 90/150; the mean of the six shares would be 55.8
    assert comparison.region["value"] == pytest.approx(60.0)
    assert (comparison.region["numerator"], comparison.region["denominator"]) == (90, 150)


def test_kostra_indicators_are_compared_with_the_country_without_oslo(db):
    comparison = compare_region(db, VESTERALEN, "barnehagelaerer_andel", 2024)
    assert comparison.nation_label == "Landet uten Oslo"
    assert comparison.nation["value"] == pytest.approx(90 / 150 * 100)  # Oslo's 100/200 left out


def test_other_indicators_are_compared_with_the_whole_country(db):
    comparison = compare_region(db, VESTERALEN, "lederopplaering_andel", 2024)
    assert comparison.nation_label == "Landet"
    assert comparison.nation["value"] == pytest.approx((51 + 120) / (102 + 200) * 100)


def test_a_share_given_only_as_numerator_and_denominator_is_derived(db):
    comparison = compare_region(db, VESTERALEN, "barnehagelaerer_andel", 2024)
    values = dict(zip(comparison.municipalities["name"], comparison.municipalities["value"]))
    assert values["Andøy"] == pytest.approx(60.0)
    assert values["Bø"] == pytest.approx(40.0)


def test_a_rate_per_1000_is_weighted_by_population(db):
    comparison = compare_region(db, VESTERALEN, "laerlinger_per_1000_innbyggere", 2024)
    assert comparison.region["value"] == pytest.approx(84 / 32000 * 1000)


def test_a_region_share_covers_the_municipalities_that_report(db):
    comparison = compare_region(db, VESTERALEN, "lederopplaering_andel", 2024)
    assert comparison.region["value"] == pytest.approx(51 / 102 * 100)
    assert (comparison.region["n_reporting"], comparison.region["n_members"]) == (5, 6)


def test_a_region_count_is_the_sum_when_every_municipality_reports(db):
    comparison = compare_region(db, VESTERALEN, "laerlinger_antall", 2024)
    assert comparison.region["value"] == 84


def test_a_national_count_with_municipalities_missing_is_not_shown_as_a_total(db):
    comparison = compare_region(db, VESTERALEN, "laerlinger_antall", 2024)
    assert comparison.nation["n_reporting"] == 7
    assert comparison.nation["value"] is None


def test_the_newest_year_with_data_is_the_default(db):
    assert compare_region(db, VESTERALEN, "barnehagelaerer_andel").year == 2024


def test_example_rows_are_recognised_by_their_source_label(db):
    assert compare_region(db, VESTERALEN, "lederopplaering_andel", 2024).has_example
    assert not compare_region(db, VESTERALEN, "barnehagelaerer_andel", 2024).has_example
