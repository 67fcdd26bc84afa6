# ruff: noqa: F811  (the api_server fixture is imported from fixture_server)
"""SSB table 07459 via the fixture server: the five population indicators by today's municipalities.

The fixture (tests/fixtures/api/make_fixtures.py, T07459_BASE) has the same number of persons at
every single age 0-104 and 105+ (106 ages) for each sex: Hadsel 40 in 2024 and 41 in 2025.
"""

import json

import pytest
from fixture_server import API, api_server, quick_ssb  # noqa: F401

from kompetanse.sources.ssb import population_07459
from kompetanse.sources.ssb.metadata import LabelMoved, read_metadata


def pick(frame, kommune, year, indicator):
    hits = frame.filter(
        (frame["kommunenummer"] == kommune) & (frame["year"] == year) & (frame["indicator_id"] == indicator)
    )
    assert hits.height == 1
    r = hits.row(0, named=True)
    return r["value"], r["numerator"], r["denominator"], r["status"]


def test_07459_gives_hadsels_population_indicators_worked_out_by_hand(api_server):
    result = population_07459.fetch(quick_ssb(), ["1866", "1868"])
    m = result.municipal
    people = 2 * 106 * 41  # 2025: two sexes, 106 ages, 41 persons each
    assert pick(m, "1866", 2025, "innbyggere") == (people, None, None, None)
    assert pick(m, "1866", 2025, "innbyggere_0_5") == (2 * 6 * 41, None, None, None)
    share = pick(m, "1866", 2025, "innbyggere_20_66_andel")
    assert share[1:] == (2 * 47 * 41, people, None)
    assert share[0] == pytest.approx(100 * 47 / 106)
    assert pick(m, "1866", 2025, "innbyggere_67_pluss_andel")[1] == 2 * 39 * 41  # ages 67..104 and 105+
    assert pick(m, "1866", 2025, "innbyggere_80_pluss_andel")[1] == 2 * 26 * 41
    assert set(m["indicator_id"]) == set(population_07459.INDICATORS)
    assert (result.source, result.updated, result.reference.height) == (
        "SSB tabell 07459",
        "2026-02-25T07:00:00Z",
        0,
    )


def test_07459_a_missing_cell_makes_every_sum_it_is_in_missing_with_ssbs_symbol(api_server):
    m = population_07459.fetch(quick_ssb(), ["1868"]).municipal
    # Øksnes 2024: women aged 85 are ".."
    assert pick(m, "1868", 2024, "innbyggere") == (None, None, None, "..")
    assert pick(m, "1868", 2024, "innbyggere_0_5") == (2 * 6 * 20, None, None, None)
    assert pick(m, "1868", 2024, "innbyggere_20_66_andel") == (None, 2 * 47 * 20, None, "..")
    assert pick(m, "1868", 2024, "innbyggere_80_pluss_andel") == (None, None, None, "..")
    assert pick(m, "1868", 2025, "innbyggere")[0] == 2 * 106 * 21


def test_07459_asks_through_agg_kommsummer_for_k_codes(api_server):
    population_07459.fetch(quick_ssb(), ["5512", "1866"])
    metadata = api_server.requested("/ssb/tables/07459/metadata")
    assert [request.query.get("codelist[Region]") for request in metadata] == [None, "agg_KommSummer"]
    (data,) = api_server.requested("/ssb/tables/07459/data")
    assert data.query["valueCodes[Region]"] == "K-1866,K-5512"
    assert data.query["codelist[Region]"] == "agg_KommSummer"
    assert data.query["valueCodes[Kjonn]"] == "1,2"
    assert data.query["valueCodes[Alder]"].split(",")[-1] == "105+"


def test_07459_stops_when_the_table_no_longer_offers_agg_kommsummer():
    raw = json.loads((API / "ssb" / "07459_metadata.json").read_text(encoding="utf-8"))
    lists = raw["dimension"]["Region"]["extension"]["codelists"]
    raw["dimension"]["Region"]["extension"]["codelists"] = [
        item for item in lists if item["id"] != "agg_KommSummer"
    ]
    with pytest.raises(LabelMoved, match="Tabell 07459 tilbyr ikke lenger kodelisten agg_KommSummer"):
        population_07459.region_variable(read_metadata(raw, "07459"))
