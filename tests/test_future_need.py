"""Framtidig behov: the need model's arithmetic on small hand-made fixtures, and the assumptions."""

import math

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kompetanse.rules.future_assumptions import (
    CHANGED_SOURCE,
    NORM_SOURCE,
    AssumptionError,
    assumption_table,
    assumptions_text,
)
from kompetanse.rules.future_need import (
    BAND_STARTS,
    Assumptions,
    band,
    care_need,
    future_need,
    kindergarten_need,
    population_groups,
    region_totals,
    shortfall_expr,
    today_staffing,
    working_age,
)
from kompetanse.views.kompetansegap import shortfall

FULL_ATTENDANCE = Assumptions(attendance_under_3=100.0, attendance_from_3=100.0)
# Care weights that are easy to multiply by hand: 0-66 x1, 67-79 x2, 80-89 x4, 90+ x8
SIMPLE_WEIGHTS = Assumptions(
    care_weight_0_66=1.0, care_weight_67_79=2.0, care_weight_80_89=4.0, care_weight_90_plus=8.0
)


def projection(cells: dict[tuple[str, int, str], dict[int, float]], example: bool = False) -> pl.DataFrame:
    """A projection frame from {(kommunenummer, year, alternative): {age: persons}}."""
    rows = [
        {
            "kommunenummer": kommune,
            "year": year,
            "age": age,
            "alternative": alternative,
            "persons": float(persons),
            "source": "test",
            "is_example": example,
        }
        for (kommune, year, alternative), ages in cells.items()
        for age, persons in ages.items()
    ]
    return pl.DataFrame(rows, schema_overrides={"year": pl.Int32, "age": pl.Int32})


def staffing(rows: list[dict], example: bool = False) -> pl.DataFrame:
    return pl.DataFrame(rows).with_columns(is_example=pl.lit(example))


def only(frame: pl.DataFrame, **where) -> dict:
    rows = frame.filter(**where)
    assert rows.height == 1, rows
    return rows.row(0, named=True)


# Barnehage --------------------------------------------------------------------------------------------


def test_140_children_aged_3_to_5_in_barnehage_need_10_barnehagelaerer_arsverk():
    groups = population_groups(projection({("1870", 2026, "MMMM"): {3: 40, 4: 50, 5: 50}}))
    need = kindergarten_need(groups, FULL_ATTENDANCE)
    assert only(need, kommunenummer="1870")["needed"] == pytest.approx(140 / 14) == pytest.approx(10)


def test_70_children_aged_1_to_2_in_barnehage_need_10_barnehagelaerer_arsverk():
    groups = population_groups(projection({("1870", 2026, "MMMM"): {1: 30, 2: 40}}))
    need = kindergarten_need(groups, FULL_ATTENDANCE)
    assert only(need, kommunenummer="1870")["needed"] == pytest.approx(10)


def test_children_aged_0_and_6_are_not_in_the_barnehage_need():
    with_others = {1: 30, 2: 40, 3: 40, 4: 50, 5: 50, 0: 99, 6: 77, 40: 500}
    groups = population_groups(projection({("1870", 2026, "MMMM"): with_others}))
    need = kindergarten_need(groups, FULL_ATTENDANCE)
    assert only(need, kommunenummer="1870")["needed"] == pytest.approx(20)


def test_attendance_share_scales_the_children_counted_by_the_norm():
    groups = population_groups(projection({("1870", 2026, "MMMM"): {1: 30, 2: 40, 3: 40, 4: 50, 5: 50}}))
    need = only(kindergarten_need(groups, Assumptions(attendance_under_3=50.0, attendance_from_3=80.0)))
    # 70 x 50 % = 35 children under 3 -> 35/7 = 5; 140 x 80 % = 112 from 3 -> 112/14 = 8
    assert (need["children_under_3"], need["children_from_3"]) == pytest.approx((35, 112))
    assert need["needed"] == pytest.approx(13)


def test_a_municipalitys_own_attendance_is_kept_unless_the_user_changes_that_share():
    cells = {("1870", 2026, "MMMM"): {1: 30, 2: 40}, ("1867", 2026, "MMMM"): {1: 30, 2: 40}}
    groups = population_groups(projection(cells))
    own = pl.DataFrame({"kommunenummer": ["1870"], "attendance_under_3": [50.0], "attendance_from_3": [90.0]})
    national = Assumptions(attendance_under_3=100.0)  # stands for today's national level here
    kept = kindergarten_need(groups, Assumptions(), attendance=own)
    assert only(kept, kommunenummer="1870")["needed"] == pytest.approx(5)  # 70 x 50 % / 7
    assert only(kept, kommunenummer="1867")["needed"] == pytest.approx(70 * 0.844 / 7)
    changed = kindergarten_need(groups, national, attendance=own)
    assert only(changed, kommunenummer="1870")["needed"] == pytest.approx(10)


def test_a_municipalitys_own_share_of_children_1_to_5_in_barnehage_scales_the_national_shares():
    ages = {1: 30, 2: 40, 3: 40, 4: 50, 5: 50}  # 70 children under 3, 140 from 3
    cells = {(kommune, 2026, "MMMM"): ages for kommune in ("1866", "1870", "1871", "1867")}
    staff = staffing(
        [
            {"kommunenummer": "1866", "attendance_1_5": 92.2},  # the national share: 84.4 % and 97.1 %
            {"kommunenummer": "1870", "attendance_1_5": 46.1},  # half of it
            {"kommunenummer": "1871", "attendance_1_5": 98.0},  # 89.7 % and 103.2 %, capped at 100 %
            {"kommunenummer": "1867", "attendance_1_5": None},  # not known: the national shares
        ]
    )
    need = future_need(projection(cells), staff, Assumptions()).filter(sector="barnehage")
    national = 70 * 0.844 / 7 + 140 * 0.971 / 14  # 8.44 + 9.71
    assert only(need, kommunenummer="1866")["needed"] == pytest.approx(national)
    assert only(need, kommunenummer="1870")["needed"] == pytest.approx(national / 2)
    assert only(need, kommunenummer="1871")["needed"] == pytest.approx(70 * 0.844 * 98 / 92.2 / 7 + 10)
    assert only(need, kommunenummer="1867")["needed"] == pytest.approx(national)
    changed = future_need(projection(cells), staff, Assumptions(attendance_under_3=100.0))
    # the user's share under 3 applies everywhere; the share from 3 stays each municipality's own
    sortland = only(changed.filter(sector="barnehage"), kommunenummer="1870")
    assert sortland["needed"] == pytest.approx(70 / 7 + 140 * 0.971 / 2 / 14)


def test_a_changed_norm_changes_the_need():
    groups = population_groups(projection({("1870", 2026, "MMMM"): {3: 40, 4: 50, 5: 50}}))
    need = kindergarten_need(groups, FULL_ATTENDANCE.with_changes(children_per_teacher_from_3=10.0))
    assert only(need)["needed"] == pytest.approx(14)


# Omsorg -----------------------------------------------------------------------------------------------

CARE_CELLS = {
    # weighted: 1000 x1 + 100 x2 + 50 x4 + 10 x8 = 1480
    ("1870", 2026, "MMMM"): {30: 1000, 70: 100, 85: 50, 95: 10},
    # 70 more aged 80-89: 1480 + 70 x4 = 1760
    ("1870", 2035, "MMMM"): {30: 1000, 70: 100, 85: 120, 95: 10},
}
CARE_STAFF = {
    "kommunenummer": "1870",
    "omsorg_arsverk": 148.0,
    "ufaglaerte_arsverk": 37.0,  # 25 %
    "fagbrev_arsverk": 59.2,  # 40 %
    "hoyskole_arsverk": 44.4,  # 30 %; the other 5 % have other or unknown education
    "senior_share": 0.0,
}


def test_care_need_follows_the_weighted_population_at_todays_arsverk_per_weighted_inhabitant():
    groups = population_groups(projection(CARE_CELLS))
    need = care_need(groups, staffing([CARE_STAFF]), SIMPLE_WEIGHTS)
    assert only(need, year=2026)["weighted_population"] == pytest.approx(1480)
    assert only(need, year=2026)["needed"] == pytest.approx(148)
    assert only(need, year=2035)["needed"] == pytest.approx(176)  # 148 x 1760 / 1480


def test_care_need_splits_by_education_with_todays_shares():
    need = future_need(projection(CARE_CELLS), staffing([CARE_STAFF]), SIMPLE_WEIGHTS)
    care = need.filter(sector="omsorg", year=2035)
    growth = {row["group"]: row["growth"] for row in care.iter_rows(named=True)}
    # 28 more årsverk in all: 40 % of them with fagbrev, 30 % with higher education
    assert growth == pytest.approx(
        {"total": 28, "unskilled": 7, "fagbrev": 11.2, "higher": 8.4, "other": 1.4}
    )
    today = {row["group"]: row["today"] for row in care.iter_rows(named=True)}
    assert today["fagbrev"] == pytest.approx(59.2)


def test_a_changed_care_ratio_applies_on_top_of_todays_level():
    groups = population_groups(projection(CARE_CELLS))
    need = care_need(groups, staffing([CARE_STAFF]), SIMPLE_WEIGHTS.with_changes(care_ratio_change=10.0))
    assert only(need, year=2035)["needed"] == pytest.approx(176 * 1.1)


def test_care_need_is_unknown_without_todays_arsverk():
    groups = population_groups(projection(CARE_CELLS))
    need = care_need(groups, staffing([{"kommunenummer": "1867", "omsorg_arsverk": 10.0}]), SIMPLE_WEIGHTS)
    assert need["needed"].null_count() == need.height


# Replacement and recruitment ---------------------------------------------------------------------------

STEADY_CHILDREN = {3: 40, 4: 50, 5: 50}  # needs 10 årsverk every year


def kindergarten_years(years, kommune="1870", children=STEADY_CHILDREN):
    return projection({(kommune, year, "MMMM"): children for year in years})


def barnehage_row(need: pl.DataFrame, **where) -> dict:
    return only(need.filter(sector="barnehage"), **where)


def test_staff_aged_60_and_over_retire_evenly_until_the_retirement_age():
    staff = staffing([{"kommunenummer": "1870", "barnehagelaerer_arsverk": 10.0, "senior_share": 0.14}])
    need = future_need(kindergarten_years([2026, 2031, 2061, 2086]), staff, FULL_ATTENDANCE)
    # 14 % aged 60+ retire over the 7 years to 67: 2 % a year of 10 årsverk
    start = barnehage_row(need, year=2026)
    assert (start["retired"], start["recruitment"], start["recruitment_per_year"]) == (0.0, 0.0, None)
    in_5 = barnehage_row(need, year=2031)
    assert (in_5["retired"], in_5["recruitment"], in_5["recruitment_per_year"]) == pytest.approx((1, 1, 0.2))
    assert barnehage_row(need, year=2061)["retired"] == pytest.approx(7)
    assert barnehage_row(need, year=2086)["retired"] == pytest.approx(10)  # never more than everyone


def test_a_lower_retirement_age_means_more_retire_each_year():
    staff = staffing([{"kommunenummer": "1870", "barnehagelaerer_arsverk": 10.0, "senior_share": 0.14}])
    need = future_need(
        kindergarten_years([2026, 2031]), staff, FULL_ATTENDANCE.with_changes(retirement_age=64)
    )
    assert barnehage_row(need, year=2031)["retired"] == pytest.approx(10 * 0.14 / 4 * 5)


def test_a_users_retirement_rate_replaces_the_share_of_seniors():
    staff = staffing([{"kommunenummer": "1870", "barnehagelaerer_arsverk": 10.0, "senior_share": 0.14}])
    need = future_need(
        kindergarten_years([2026, 2031]), staff, FULL_ATTENDANCE.with_changes(retirement_rate=5.0)
    )
    assert barnehage_row(need, year=2031)["retired"] == pytest.approx(2.5)


def test_recruitment_is_growth_plus_replacement_and_never_below_zero():
    cells = {("1870", 2026, "MMMM"): STEADY_CHILDREN, ("1870", 2031, "MMMM"): {3: 20, 4: 25, 5: 25}}
    cells[("1870", 2036, "MMMM")] = {3: 80, 4: 100, 5: 100}
    staff = staffing([{"kommunenummer": "1870", "barnehagelaerer_arsverk": 10.0, "senior_share": 0.14}])
    need = future_need(projection(cells), staff, FULL_ATTENDANCE)
    fewer = barnehage_row(need, year=2031)  # needs 5, keeps 9 of 10
    assert (fewer["growth"], fewer["shortfall"], fewer["recruitment"]) == pytest.approx((-5, 0, 0))
    more = barnehage_row(need, year=2036)  # needs 20, keeps 8 of 10: 10 more plus 2 replaced
    assert (more["growth"], more["retired"], more["recruitment"]) == pytest.approx((10, 2, 12))
    assert more["recruitment_per_year"] == pytest.approx(1.2)


# Regions -----------------------------------------------------------------------------------------------


def two_municipalities(sortland_staff: float | None) -> pl.DataFrame:
    cells = {("1870", 2026, "MMMM"): STEADY_CHILDREN, ("1867", 2026, "MMMM"): STEADY_CHILDREN}
    staff = staffing(
        [
            {"kommunenummer": "1870", "barnehagelaerer_arsverk": sortland_staff, "senior_share": 0.1},
            {"kommunenummer": "1867", "barnehagelaerer_arsverk": 6.0, "senior_share": 0.1},
        ]
    )
    return future_need(projection(cells), staff, FULL_ATTENDANCE).filter(sector="barnehage")


def test_a_surplus_in_one_municipality_does_not_cover_a_shortfall_in_another():
    region = only(region_totals(two_municipalities(sortland_staff=14.0)))
    # Both need 10: Bø has 6 (short by 4), Sortland 14 (4 to spare)
    assert (region["needed"], region["today"], region["growth"]) == pytest.approx((20, 20, 0))
    assert (region["shortfall"], region["recruitment"]) == pytest.approx((4, 4))
    assert region["municipalities"] == 2


def test_a_region_total_is_unknown_when_a_member_has_no_figure():
    region = only(region_totals(two_municipalities(sortland_staff=None)))
    assert region["needed"] == pytest.approx(20)
    assert (region["today"], region["shortfall"], region["recruitment"]) == (None, None, None)


@pytest.mark.parametrize(
    ("needed", "covered"), [(10.0, 4.0), (4.0, 10.0), (5.0, 5.0), (None, 3.0), (3.0, None), (None, None)]
)
def test_shortfall_on_columns_is_the_same_rule_as_the_gap_page(needed, covered):
    frame = pl.DataFrame(
        {"needed": [needed], "covered": [covered]}, schema={"needed": float, "covered": float}
    )
    assert frame.select(shortfall_expr(pl.col("needed"), pl.col("covered")))[0, 0] == shortfall(
        needed, covered
    )


# Band and working age ----------------------------------------------------------------------------------


def test_the_band_is_the_low_and_high_alternatives_around_the_main_one():
    cells = {
        ("1870", 2035, "MMMM"): {3: 140},  # needs 10
        ("1870", 2035, "LLML"): {3: 112},  # 8
        ("1870", 2035, "HHMH"): {3: 168},  # 12
    }
    need = kindergarten_need(population_groups(projection(cells)), FULL_ATTENDANCE)
    row = only(band(need, "needed"))
    assert (row["main"], row["low"], row["high"], row["lower"], row["upper"]) == pytest.approx(
        (10, 8, 12, 8, 12)
    )
    assert only(band(need, "needed", main="LLML"))["main"] == pytest.approx(8)


def test_the_band_spans_the_alternatives_even_when_low_growth_gives_the_higher_figure():
    cells = {
        ("1870", 2035, "MMMM"): {3: 140},
        ("1870", 2035, "LLML"): {3: 168},
        ("1870", 2035, "HHMH"): {3: 112},
    }
    need = kindergarten_need(population_groups(projection(cells)), FULL_ATTENDANCE)
    row = only(band(need, "needed"))
    assert (row["low"], row["high"], row["lower"], row["upper"]) == pytest.approx((12, 8, 8, 12))


def test_working_age_counts_20_to_66_and_its_change_since_the_start_year():
    cells = {
        ("1870", 2026, "MMMM"): {19: 5, 20: 100, 66: 50, 67: 7},
        ("1870", 2035, "MMMM"): {19: 5, 20: 90, 66: 40, 67: 7},
    }
    frame = working_age(population_groups(projection(cells)))
    assert (only(frame, year=2026)["working_age"], only(frame, year=2026)["change"]) == (150.0, 0.0)
    assert (only(frame, year=2035)["working_age"], only(frame, year=2035)["change"]) == (130.0, -20.0)


def test_rows_already_summed_to_the_model_bands_give_the_same_groups_as_single_years():
    single = projection({("1870", 2026, "MMMM"): {age: float(age % 7 + 1) for age in range(101)}})
    start = pl.lit(0)
    for first in BAND_STARTS[1:]:
        start = pl.when(pl.col("age") >= first).then(first).otherwise(start)
    banded = (
        single.with_columns(age=start.cast(pl.Int32))
        .group_by("kommunenummer", "year", "age", "alternative", "source", "is_example")
        .agg(pl.col("persons").sum())
    )
    assert population_groups(banded).equals(population_groups(single))


# Today's staffing and example flags ---------------------------------------------------------------------


def observation(kommune, indicator, value=None, numerator=None, denominator=None, year=2025, example=False):
    return {
        "kommunenummer": kommune,
        "year": year,
        "indicator_id": indicator,
        "value": value,
        "numerator": numerator,
        "denominator": denominator,
        "source": "test",
        "is_example": example,
    }


def test_todays_staffing_reads_arsverk_from_values_and_numerators_of_one_year():
    rows = [
        observation("1870", "barnehagelaerer_arsverk", 39.3),
        observation("1870", "omsorg_arsverk", 148.0),
        observation("1870", "fagbrev_andel_helse", 40.0, 59.2, 148.0),
        observation("1870", "ufaglaerte_andel_helse", 25.0, None, 148.0),  # numerator derived: 37
        observation("1870", "seniorer_andel", 14.0, 70.0, 500.0),
        observation("1870", "barnehage_dekningsgrad", 91.5),
        observation("1870", "omsorg_arsverk", 999.0, year=2024),  # another year: ignored
    ]
    staff = today_staffing(pl.DataFrame(rows, schema_overrides={"year": pl.Int32}), 2025)
    row = only(staff)
    assert row["barnehagelaerer_arsverk"] == 39.3 and row["omsorg_arsverk"] == 148.0
    assert (row["fagbrev_arsverk"], row["ufaglaerte_arsverk"]) == pytest.approx((59.2, 37))
    assert row["hoyskole_arsverk"] is None
    assert row["senior_share"] == pytest.approx(0.14)
    assert row["attendance_1_5"] == 91.5
    assert row["is_example"] is False


def test_the_need_is_example_data_when_the_projection_or_the_staffing_is():
    staff = {"kommunenummer": "1870", "barnehagelaerer_arsverk": 10.0, "senior_share": 0.1}
    official = future_need(kindergarten_years([2026]), staffing([staff]), FULL_ATTENDANCE)
    assert not official["is_example"].any()
    example_staff = future_need(kindergarten_years([2026]), staffing([staff], example=True), FULL_ATTENDANCE)
    assert example_staff["is_example"].all()
    example_projection = future_need(
        projection({("1870", 2026, "MMMM"): STEADY_CHILDREN}, example=True),
        staffing([staff]),
        FULL_ATTENDANCE,
    )
    assert example_projection["is_example"].all()


# Assumptions ------------------------------------------------------------------------------------------

finite = dict(allow_nan=False, allow_infinity=False)
assumptions_strategy = st.builds(
    Assumptions,
    alternative=st.sampled_from(["MMMM", "LLML", "HHMH"]),
    children_per_teacher_under_3=st.floats(1, 30, **finite),
    children_per_teacher_from_3=st.floats(1, 50, **finite),
    attendance_under_3=st.floats(0, 100, **finite),
    attendance_from_3=st.floats(0, 100, **finite),
    care_weight_0_66=st.floats(0, 10_000, **finite),
    care_weight_67_79=st.floats(0, 10_000, **finite),
    care_weight_80_89=st.floats(0, 10_000, **finite),
    care_weight_90_plus=st.floats(1, 10_000, **finite),
    care_ratio_change=st.floats(-50, 100, **finite),
    retirement_age=st.integers(61, 75),
    retirement_rate=st.none() | st.floats(0, 25, **finite),
)


@given(assumptions_strategy)
def test_assumptions_round_trip_exactly_through_the_url(assumptions):
    params = assumptions.to_params()
    assert all(isinstance(key, str) and isinstance(value, str) for key, value in params.items())
    assert Assumptions.from_params(params) == assumptions
    assert len(params) == len(assumptions.changed())


def test_the_defaults_put_nothing_in_the_url_and_other_filters_are_left_alone():
    assert Assumptions().to_params() == {}
    assert Assumptions.from_params({"region": "vesteralen", "kommuner": "1870"}) == Assumptions()


def test_a_changed_assumption_goes_into_the_url_under_its_short_key():
    changed = Assumptions(retirement_age=65, attendance_under_3=90.5, alternative="HHMH")
    assert changed.to_params() == {"pa": "65", "du3": "90.5", "alt": "HHMH"}
    assert changed.changed() == ("alternative", "attendance_under_3", "retirement_age")
    assert Assumptions.from_params({"du3": "90,5"}).attendance_under_3 == 90.5  # a typed decimal comma


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"bu3": "abc"}, "«Barn under 3 år per barnehagelærer» må være et tall; fikk «abc»."),
        ({"du3": "120"}, "«Andel barn 1–2 år i barnehage» må ligge mellom 0 og 100; fikk «120»."),
        ({"pa": "66.5"}, "«Pensjonsalder» må være et heltall; fikk «66.5»."),
        ({"pa": "59"}, "«Pensjonsalder» må ligge mellom 61 og 75; fikk «59»."),
        ({"alt": "XXXX"}, "«Framskrivingsalternativ» må være et av MMMM, LLML, HHMH; fikk «XXXX»."),
        ({"pr": "nan"}, "«Avgang til pensjon per år» må være et tall; fikk «nan»."),
        ({"v0": "0", "v67": "0", "v80": "0", "v90": "0"}, "Minst én av omsorgsvektene må være større enn 0."),
    ],
)
def test_a_bad_url_value_gives_a_norwegian_message(params, message):
    with pytest.raises(AssumptionError) as error:
        Assumptions.from_params(params)
    assert str(error.value) == message


def test_the_assumption_table_marks_a_changed_value_as_the_users_and_never_as_ssbs():
    table = assumption_table(Assumptions(attendance_under_3=90.0))
    changed = only(table, Forutsetning="Andel barn 1–2 år i barnehage")
    assert (changed["Verdi"], changed["Standard"], changed["Kilde"]) == (
        "90\u00a0%",
        "84,4\u00a0%",
        CHANGED_SOURCE,
    )
    assert "SSB" not in changed["Kilde"] and changed["Endret"]
    norm = only(table, Forutsetning="Barn under 3 år per barnehagelærer")
    assert (norm["Verdi"], norm["Kilde"], norm["Endret"]) == ("7", NORM_SOURCE, False)
    assert table.height == len(Assumptions.__dataclass_fields__)


def test_the_assumptions_text_states_every_value_and_who_chose_it():
    default = assumptions_text(Assumptions(), start_year=2026, example=False)
    for part in (
        "SSBs befolkningsframskriving, hovedalternativet (MMMM)",
        "per 7 barn under 3 år og per 14 barn fra 3 år",
        NORM_SOURCE,
        "84,4\u00a0% for 1–2 år og 97,1\u00a0% for 3–5 år",
        "vektet 16, 97, 420 og 878",
        "til de er 67 år",
    ):
        assert part in default
    assert "valgt av brukeren" not in default and "eksempeldata" not in default
    changed = assumptions_text(Assumptions(retirement_rate=3.0), start_year=2026, example=True)
    assert "3\u00a0% av dagens årsverk går av hvert år (valgt av brukeren)" in changed
    assert (
        "eksempeldata framskrevet av kompetanse fra befolkningen 1. januar 2026 (ikke SSBs tall)" in changed
    )
    assert changed.count("valgt av brukeren") == 1


def test_every_assumption_is_checked_when_made_not_only_from_the_url():
    with pytest.raises(AssumptionError):
        Assumptions(children_per_teacher_under_3=0.0)
    with pytest.raises(AssumptionError):
        Assumptions().with_changes(attendance_from_3=math.inf)
    with pytest.raises(AssumptionError):
        Assumptions(retirement_age=67.0)
