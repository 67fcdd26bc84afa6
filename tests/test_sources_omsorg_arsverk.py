# ruff: noqa: F811  (the api_server fixture is imported from fixture_server)
"""SSB table 14534 via the fixture server: care årsverk by education, with teller and nevner in årsverk.

The fixture's årsverk (tests/fixtures/api/make_fixtures.py, T14534_TOTAL and PATTERN) split a total
into nurses 20 %, vernepleiere 5 %, other higher health education 5 %, fagbrev 40 %, other upper
secondary health education 10 % and no health education 20 %, except where noted below.
"""

import json

import pytest
from fixture_server import API, api_server, quick_ssb  # noqa: F401

from kompetanse.config import DATA_DIR
from kompetanse.sources.registry import read_code_history
from kompetanse.sources.ssb import omsorg_arsverk
from kompetanse.sources.ssb.metadata import LabelMoved, read_metadata

WANTED = ["0301", "1851", "1866", "1867", "1868", "1870", "1871", "5503", "5512"]


@pytest.fixture(scope="module")
def history():
    return read_code_history(DATA_DIR)


@pytest.fixture
def result(api_server, history):
    return omsorg_arsverk.fetch(quick_ssb(), history, WANTED, from_year=2019)


def pick(frame, place, year, indicator, key="kommunenummer"):
    hits = frame.filter(
        (frame[key] == place) & (frame["year"] == year) & (frame["indicator_id"] == indicator)
    )
    assert hits.height == 1
    r = hits.row(0, named=True)
    return r["value"], r["numerator"], r["denominator"], r["status"]


def test_14534_gives_hadsels_arsverk_and_the_three_shares_with_teller_and_nevner(result):
    m = result.municipal
    assert pick(m, "1866", 2024, "omsorg_arsverk") == (300.0, None, None, None)  # positions «TOT», not «BRU»
    assert pick(m, "1866", 2024, "ufaglaerte_arsverk_helse") == (60.0, None, None, None)
    assert pick(m, "1866", 2024, "ufaglaerte_andel_helse") == (20.0, 60.0, 300.0, None)
    assert pick(m, "1866", 2024, "fagbrev_andel_helse") == (40.0, 120.0, 300.0, None)
    # nurses 60 + vernepleiere 15 + other higher 15 = 90 (the geriatric nurses are inside the 60, not added)
    assert pick(m, "1866", 2024, "hoyskole_andel_helse") == (30.0, 90.0, 300.0, None)
    assert set(m["indicator_id"]) == set(omsorg_arsverk.INDICATORS)


def test_14534_uses_each_municipalitys_own_split(result):
    # Sortland 2024 (pattern B): nurses 100, vernepleiere 20, other higher 20, fagbrev 140, none 80 of 400
    assert pick(result.municipal, "1870", 2024, "hoyskole_andel_helse") == (35.0, 140.0, 400.0, None)
    assert pick(result.municipal, "1870", 2024, "fagbrev_andel_helse") == (35.0, 140.0, 400.0, None)


def test_14534_sums_a_merged_municipality_from_teller_and_nevner_not_from_shares(result):
    # 2019: Tjeldsund 1852 (100 årsverk, pattern A) + Skånland 1913 (60 årsverk, pattern C) -> 5512
    m = result.municipal
    assert pick(m, "5512", 2019, "omsorg_arsverk")[0] == 160.0
    assert pick(m, "5512", 2019, "ufaglaerte_arsverk_helse")[0] == 32.0  # 20 + 12
    assert pick(m, "5512", 2019, "hoyskole_andel_helse") == (26.25, 42.0, 160.0, None)  # (30 + 12) / 160
    assert pick(m, "5512", 2019, "fagbrev_andel_helse") == (43.75, 70.0, 160.0, None)  # (40 + 30) / 160
    assert pick(m, "5512", 2023, "omsorg_arsverk")[0] == 170.0  # 5412, a renumbering


def test_14534_maps_harstad_1903_to_5503(result):
    assert pick(result.municipal, "5503", 2019, "omsorg_arsverk")[0] == 500.0
    assert pick(result.municipal, "5503", 2024, "omsorg_arsverk")[0] == 540.0


def test_14534_keeps_a_hidden_cell_as_missing_with_ssbs_symbol(result):
    m = result.municipal
    assert pick(m, "1867", 2024, "ufaglaerte_arsverk_helse") == (None, None, None, ":")
    assert pick(m, "1867", 2024, "ufaglaerte_andel_helse") == (None, None, 120.0, ":")
    assert pick(m, "1867", 2024, "omsorg_arsverk") == (120.0, None, None, None)


def test_14534_leaves_out_a_municipality_the_table_lacks_and_never_asks_for_it(api_server, result):
    assert "1851" not in set(result.municipal["kommunenummer"])
    (request,) = api_server.requested("/ssb/tables/14534/data")
    assert "1851" not in request.query["valueCodes[KOKkommuneregion0000]"].split(",")
    assert request.query["valueCodes[KOKstillingkode0000]"] == "TOT"


def test_14534_keeps_ssbs_national_figures_as_references(result):
    ref = result.reference
    assert pick(ref, "landet", 2024, "omsorg_arsverk", key="group_id")[0] == 165000.0
    assert pick(ref, "landet", 2024, "ufaglaerte_andel_helse", key="group_id") == (
        20.0,
        33000.0,
        165000.0,
        None,
    )
    assert pick(ref, "landet_uten_oslo", 2019, "omsorg_arsverk", key="group_id")[0] == 130000.0


def test_14534_stops_when_an_education_label_moved():
    raw = json.loads((API / "ssb" / "14534_metadata.json").read_text(encoding="utf-8"))
    raw["dimension"]["KOKutdanningoms0000"]["category"]["label"]["07"] = "Ufaglærte"
    with pytest.raises(
        LabelMoved, match="ikke lenger verdien «Uten helsefaglig utdanning» i variabelen «utdanning»"
    ):
        omsorg_arsverk.query(read_metadata(raw, "14534"), read_code_history(DATA_DIR), WANTED)


def test_14534_stops_when_the_all_positions_code_is_gone():
    raw = json.loads((API / "ssb" / "14534_metadata.json").read_text(encoding="utf-8"))
    category = raw["dimension"]["KOKstillingkode0000"]["category"]
    category["index"] = {"ALLE": 0, "BRU": 1}
    category["label"] = {"ALLE": "Alle stillinger", "BRU": "Brukerrettede stillinger"}
    with pytest.raises(LabelMoved, match="ikke lenger koden TOT i variabelen «stillingstype»"):
        omsorg_arsverk.query(read_metadata(raw, "14534"), read_code_history(DATA_DIR), WANTED)
