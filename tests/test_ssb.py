"""SSB's JSON-stat 2 format: the reader and the 07459 conversion of a downloaded file (the API itself is
fetched by `oppdater`, tests/test_update*.py).

tests/fixtures/ssb/07459_hadsel_oksnes.json is a response in the exact structure SSB's PxWebApi v2
returns for table 07459 (ids, sizes, category indexes, a status symbol), built offline because this
machine has no internet; its numbers are chosen for the test, not SSB's.
"""

import pytest
from conftest import ADMIN, FIXTURES

from kompetanse.errors import KompetanseError
from kompetanse.ingest.imports import ImportRejected, plan_import
from kompetanse.ingest.jsonstat import read_jsonstat
from kompetanse.store.db import open_database

RESPONSE = FIXTURES / "ssb" / "07459_hadsel_oksnes.json"


def test_the_reader_turns_every_cell_into_a_row_with_its_codes_and_status():
    cells = read_jsonstat(RESPONSE.read_bytes())
    assert cells.height == 3 * 2 * 7 * 1 * 2
    assert cells.columns == ["Region", "Kjonn", "Alder", "ContentsCode", "Tid", "value", "status"]
    first = cells.row(0, named=True)
    assert first == {
        "Region": "0",
        "Kjonn": "1",
        "Alder": "000",
        "ContentsCode": "Personer1",
        "Tid": "2024",
        "value": 9999.0,
        "status": None,
    }
    missing = cells.filter(cells["status"] == "..").row(0, named=True)
    assert (missing["Region"], missing["Kjonn"], missing["Alder"], missing["Tid"], missing["value"]) == (
        "K-1868",
        "2",
        "085",
        "2024",
        None,
    )


def test_the_reader_accepts_the_sparse_value_form():
    raw = (
        b'{"version":"2.0","class":"dataset","id":["Tid"],"size":[3],'
        b'"dimension":{"Tid":{"category":{"index":["2023","2024","2025"]}}},"value":{"1":7}}'
    )
    assert read_jsonstat(raw)["value"].to_list() == [None, 7.0, None]


@pytest.mark.parametrize(
    "raw", [b"{}", b"{not json", b'{"id":["a"],"size":[2],"dimension":{"a":{"category":{"index":["x"]}}}}']
)
def test_a_broken_json_stat_file_is_refused_in_norwegian(raw):
    with pytest.raises(KompetanseError, match="JSON-stat"):
        read_jsonstat(raw)


def test_table_07459_becomes_the_population_indicators_for_todays_municipalities(fixture_db):
    database = open_database(fixture_db)
    plan = plan_import(RESPONSE.read_bytes(), "07459.json", database, ADMIN)
    database.close()
    rows = {(r["kommunenummer"], r["year"], r["indicator_id"]): r for r in plan.rows.iter_rows(named=True)}
    hadsel = rows[("1866", 2025, "innbyggere")]
    assert (hadsel["value"], hadsel["source"], hadsel["is_example"]) == (670, "SSB tabell 07459", False)
    assert rows[("1866", 2025, "innbyggere_0_5")]["value"] == 60
    share = rows[("1866", 2025, "innbyggere_80_pluss_andel")]
    assert (share["numerator"], share["denominator"]) == (30, 670)
    # Øksnes 2024: 2 sexes x 7 ages of (2 x base - 1), less the cell SSB marks ".." (85-year-old women)
    assert rows[("1868", 2024, "innbyggere")]["value"] == 2 * (2 * 335) - 14 - (2 * 15 - 1)
    assert {key[0] for key in rows} == {"1866", "1868"}  # "0" (the whole country) is not a municipality


def test_another_ssb_table_is_refused_with_the_supported_list(fixture_db):
    raw = RESPONSE.read_text(encoding="utf-8").replace('"tableid": "07459"', '"tableid": "12562"').encode()
    database = open_database(fixture_db)
    with pytest.raises(
        ImportRejected, match="SSB-tabell 12562 kan ikke importeres ennå. Støttede tabeller: 07459"
    ):
        plan_import(raw, "12562.json", database, ADMIN)
    database.close()
