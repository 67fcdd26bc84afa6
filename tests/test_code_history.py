"""Old kommunenummer resolve to today's municipality; split ones are refused with an explanation."""

import polars as pl
import pytest

from kompetanse.ingest.readers import RawTable
from kompetanse.ingest.validation import ImportRejected, validate_table
from kompetanse.store.db import Database


@pytest.fixture(scope="module")
def history(standard_db):
    database = Database(standard_db)
    yield database.query("code_history"), database.query("indicator_catalogue")
    database.close()


COLUMNS = ["kommunenummer", "år", "indikator", "verdi"]


def one_row(code: str) -> RawTable:
    cells = pl.DataFrame(
        {
            "kommunenummer": [code],
            "år": ["2019"],
            "indikator": ["laerlinger_antall"],
            "verdi": ["3"],
            "line": [2],
        }
    )
    return RawTable(COLUMNS, cells)


def validate(table, codes, catalogue, file_name, _sha):
    return validate_table(table, codes, catalogue, file_name)


@pytest.mark.parametrize(
    "old, current, name",
    [
        ("1923", "5522", "Salangen"),
        ("5417", "5522", "Salangen"),
        ("0105", "3105", "Sarpsborg"),
        ("3003", "3105", "Sarpsborg"),
        ("1234", "4621", "Voss"),
        ("1805", "1806", "Narvik"),
        ("5522", "5522", "Salangen"),
    ],
)
def test_an_old_kommunenummer_resolves_to_todays_municipality(history, old, current, name):
    codes, catalogue = history
    plan = validate(one_row(old), codes, catalogue, "fil.csv", "sha")
    assert plan.rows["kommunenummer"].to_list() == [current]
    expected_notices = 0 if old == current else 1
    assert len(plan.notices) == expected_notices
    assert all(f"er gjort om til {current} {name}" in notice for notice in plan.notices)


@pytest.mark.parametrize(
    "code, successors",
    [
        ("1850", "1806 Narvik eller 1875 Hamarøy"),
        ("5012", "5055 Heim eller 5056 Hitra eller 5059 Orkland"),
        ("1613", "5055 Heim eller 5056 Hitra eller 5059 Orkland"),
        ("1507", "1508 Ålesund eller 1580 Haram"),
    ],
)
def test_a_split_kommunenummer_is_refused_and_names_what_became_of_it(history, code, successors):
    codes, catalogue = history
    with pytest.raises(ImportRejected) as rejected:
        validate(one_row(code), codes, catalogue, "fil.csv", "sha")
    message = str(rejected.value)
    assert "ble delt" in message and successors in message


@pytest.mark.parametrize("code", ["9999", "2111", "1234567", "abcd"])
def test_unknown_or_non_municipal_codes_are_refused(history, code):
    codes, catalogue = history
    with pytest.raises(ImportRejected, match=f"Kommunenummer {code} finnes ikke"):
        validate(one_row(code), codes, catalogue, "fil.csv", "sha")


def test_a_three_digit_code_from_excel_gets_its_leading_zero_back(history):
    codes, catalogue = history
    plan = validate(one_row("301"), codes, catalogue, "fil.csv", "sha")
    assert plan.rows["kommunenummer"].to_list() == ["0301"]
