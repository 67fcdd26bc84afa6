"""KOSTRA codes to today's municipalities, tested on small frames worked out by hand (no server needed)."""

import polars as pl
import pytest

from kompetanse.config import DATA_DIR
from kompetanse.sources.registry import read_code_history
from kompetanse.sources.ssb.kostra import PARTS_SCHEMA, codes_to_ask, reference_group, to_current


@pytest.fixture(scope="module")
def history():
    return read_code_history(DATA_DIR)


def parts(*rows):
    columns = ["region", "year", "indicator_id", "kind", "value", "numerator", "denominator", "status"]
    return pl.DataFrame([dict(zip(columns, row)) for row in rows], schema=PARTS_SCHEMA)


def test_merged_counts_are_summed_and_one_missing_part_makes_the_sum_missing_with_its_symbol(history):
    municipal, _ = to_current(
        parts(
            ("1852", 2019, "a", "count", 100.0, None, None, None),
            ("1913", 2019, "a", "count", 60.0, None, None, None),
            ("1852", 2018, "a", "count", 90.0, None, None, None),
            ("1913", 2018, "a", "count", None, None, None, ".."),
        ),
        history,
        "test",
    )
    found = {row["year"]: (row["value"], row["status"]) for row in municipal.iter_rows(named=True)}
    assert found == {2019: (160.0, None), 2018: (None, "..")}
    assert set(municipal["kommunenummer"]) == {"5512"}


def test_merged_ratios_are_summed_from_teller_and_nevner(history):
    municipal, _ = to_current(
        parts(
            ("1852", 2019, "r", "ratio", None, 30.0, 100.0, None),
            ("1913", 2019, "r", "ratio", None, 12.0, 60.0, None),
        ),
        history,
        "test",
    )
    row = municipal.row(0, named=True)
    assert (row["kommunenummer"], row["numerator"], row["denominator"], row["value"]) == (
        "5512",
        42.0,
        160.0,
        26.25,
    )


def test_a_code_not_in_use_and_an_empty_cell_without_a_symbol_carry_nothing(history):
    municipal, _ = to_current(
        parts(
            ("1903", 2024, "a", "count", None, None, None, "."),
            ("5402", 2024, "a", "count", None, None, None, None),
            ("5503", 2024, "a", "count", 540.0, None, None, None),
        ),
        history,
        "test",
    )
    assert municipal.select("kommunenummer", "year", "value", "status").rows() == [
        ("5503", 2024, 540.0, None)
    ]


def test_a_split_municipality_and_a_county_give_no_municipal_row(history):
    municipal, reference = to_current(
        parts(
            ("1850", 2019, "a", "count", 2000.0, None, None, None),
            ("EKA18", 2019, "a", "count", 5.0, None, None, None),
            ("EAK", 2019, "a", "count", 9.0, None, None, None),
        ),
        history,
        "test",
    )
    assert municipal.is_empty()  # Tysfjord was split between Narvik and Hamarøy: no current code
    assert reference.select("group_id", "value").rows() == [("landet", 9.0)]


@pytest.mark.parametrize(
    "code, group",
    [
        ("EAK", "landet"),
        ("EAKUO", "landet_uten_oslo"),
        ("EKG07", "kostragruppe-EKG07"),
        ("EKA18", None),
        ("1866", None),
        ("EKG1", None),
    ],
)
def test_ssbs_aggregate_codes_become_our_reference_groups(code, group):
    assert reference_group(code) == group


def test_the_codes_to_ask_are_the_tables_own_old_and_new_codes_and_its_references(history):
    table = ["1901", "1903", "1915", "5402", "5503", "1866", "EAK", "EKA18", "EKG02", "9999"]
    assert codes_to_ask(table, history, ["5503"]) == ["1901", "1903", "1915", "5402", "5503", "EAK", "EKG02"]
