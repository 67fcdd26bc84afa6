# ruff: noqa: F811  (the api_server fixture is imported from fixture_server)
"""SSB table 14746 via the fixture server: projected persons by municipality, age, alternative and year.

In the fixture (make_fixtures.py, T14746_*) each sex has base + offset + (year - 2026) persons at
every age: Hadsel's base is 40; the offsets are MMMM 0, LLML -2, HHMH +3.
"""

import json

import pytest
from fixture_server import API, api_server, quick_ssb  # noqa: F401

from kompetanse.sources.ssb import projection
from kompetanse.sources.ssb.metadata import LabelMoved, read_metadata


def persons(frame, kommune, year, age, alternative):
    hits = frame.filter(
        (frame["kommunenummer"] == kommune)
        & (frame["year"] == year)
        & (frame["age"] == age)
        & (frame["alternative"] == alternative)
    )
    assert hits.height == 1
    return hits["persons"][0]


def test_14746_gives_persons_by_age_and_alternative_summed_over_sex(api_server):
    frame, updated, records = projection.fetch(quick_ssb(), ["1866", "1870"])
    assert frame.columns == ["kommunenummer", "year", "age", "alternative", "persons", "source"]
    assert persons(frame, "1866", 2030, 80, "MMMM") == 2 * (40 + 0 + 4)
    assert persons(frame, "1866", 2030, 80, "LLML") == 2 * (40 - 2 + 4)
    assert persons(frame, "1866", 2027, 0, "HHMH") == 2 * (40 + 3 + 1)
    assert persons(frame, "1866", 2026, 105, "MMMM") == 2 * 40  # «105 år eller eldre»
    assert frame.height == 2 * 106 * 3 * 3  # municipalities x ages x alternatives x years
    assert set(frame["source"]) == {"SSB tabell 14746"}
    assert updated == "2026-06-12T06:00:00Z" and len(records) == 2


def test_14746_a_missing_cell_makes_the_sum_over_sex_missing(api_server):
    frame, _, _ = projection.fetch(quick_ssb(), ["1870"])
    assert persons(frame, "1870", 2030, 105, "MMMM") is None  # women 105+ are ".."
    assert persons(frame, "1870", 2030, 104, "MMMM") == 2 * (45 + 4)


def test_14746_asks_only_for_municipalities_the_table_has(api_server):
    frame, _, _ = projection.fetch(quick_ssb(), ["1866", "1851"], from_year=2027)
    assert set(frame["kommunenummer"]) == {"1866"} and set(frame["year"]) == {2027, 2030}
    (request,) = api_server.requested("/ssb/tables/14746/data")
    assert request.query["valueCodes[Region]"] == "1866"
    assert request.query["valueCodes[ContentsCode]"] == "Personer,Personer1,Personer2"


def test_14746_stops_when_an_alternatives_label_moved():
    raw = json.loads((API / "ssb" / "14746_metadata.json").read_text(encoding="utf-8"))
    raw["dimension"]["ContentsCode"]["category"]["label"]["Personer2"] = "Høy vekst (HHMH)"
    with pytest.raises(LabelMoved, match="«Høy nasjonal vekst \\(HHMH\\)»"):
        projection.query(read_metadata(raw, "14746"), ["1866"])
