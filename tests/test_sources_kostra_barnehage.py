# ruff: noqa: F811  (the api_server fixture is imported from fixture_server)
"""SSB table 12562 via the fixture server: the barnehagelærer share and the coverage, old codes, symbols,
references, labels.

The expected numbers are the ones written into tests/fixtures/api/make_fixtures.py (T12562_SHARE).
"""

import json

import pytest
from fixture_server import API, api_server, quick_ssb  # noqa: F401

from kompetanse.config import DATA_DIR
from kompetanse.sources.registry import read_code_history
from kompetanse.sources.ssb import kostra_barnehage
from kompetanse.sources.ssb.metadata import LabelMoved, read_metadata

WANTED = ["0301", "1851", "1866", "1867", "1868", "1870", "1871", "5503", "5512"]


@pytest.fixture(scope="module")
def history():
    return read_code_history(DATA_DIR)


def rows(frame, key="kommunenummer"):
    return {(r[key], r["year"], r["indicator_id"]): r for r in frame.iter_rows(named=True)}


def test_12562_fills_barnehagelaerer_andel_with_ssbs_own_percentages(api_server, history):
    result = kostra_barnehage.fetch(quick_ssb(), history, WANTED, from_year=2019)
    found = rows(result.municipal)
    hadsel = found[("1866", 2024, "barnehagelaerer_andel")]
    assert (hadsel["value"], hadsel["numerator"], hadsel["denominator"]) == (41.0, None, None)
    assert (hadsel["source"], hadsel["status"]) == ("SSB tabell 12562", None)
    assert found[("1870", 2023, "barnehagelaerer_andel")]["value"] == 37.5
    assert set(result.municipal["indicator_id"]) == {"barnehagelaerer_andel", "barnehage_dekningsgrad"}
    assert set(result.indicators) == {"barnehagelaerer_andel", "barnehage_dekningsgrad"}
    assert (result.table, result.updated) == ("12562", "2026-03-16T07:00:00Z")


def test_12562_fills_barnehage_dekningsgrad_with_ssbs_share_of_children_1_5_in_barnehage(api_server, history):
    found = rows(kostra_barnehage.fetch(quick_ssb(), history, WANTED, from_year=2019).municipal)
    coverage = {k: found[(k, 2024, "barnehage_dekningsgrad")]["value"] for k in ("1866", "1870", "1871")}
    assert coverage == {"1866": 92.2, "1870": 46.1, "1871": 98.0}  # T12562_COVERAGE_2024
    assert found[("1866", 2023, "barnehage_dekningsgrad")]["value"] == 90.0
    assert (
        found[("1867", 2024, "barnehage_dekningsgrad")]["status"] == ":"
    )  # the cell's symbol, as for the share


def test_12562_maps_harstads_old_codes_straight_to_5503(api_server, history):
    found = rows(kostra_barnehage.fetch(quick_ssb(), history, ["5503"], from_year=2019).municipal)
    values = {
        year: found[("5503", year, "barnehagelaerer_andel")]["value"] for year in (2019, 2020, 2023, 2024)
    }
    assert values == {2019: 40.0, 2020: 41.0, 2023: 42.0, 2024: 43.0}  # 1903, 5402, 5402, 5503


def test_12562_leaves_out_a_merged_municipalitys_share_for_the_years_before_the_merger(api_server, history):
    found = rows(kostra_barnehage.fetch(quick_ssb(), history, ["5512"], from_year=2019).municipal)
    # 2019: Tjeldsund 1852 (30.0) and Skånland 1913 (31.0); a share cannot be summed, and no teller is given
    assert ("5512", 2019, "barnehagelaerer_andel") not in found
    assert [found[("5512", y, "barnehagelaerer_andel")]["value"] for y in (2020, 2023, 2024)] == [
        33.0,
        34.0,
        35.0,
    ]


def test_12562_keeps_ssbs_symbols_as_the_reason_a_value_is_missing(api_server, history):
    found = rows(kostra_barnehage.fetch(quick_ssb(), history, ["1867", "1868"], from_year=2019).municipal)
    bo, oksnes = (
        found[("1867", 2024, "barnehagelaerer_andel")],
        found[("1868", 2024, "barnehagelaerer_andel")],
    )
    assert (bo["value"], bo["status"]) == (None, ":")
    assert (oksnes["value"], oksnes["status"]) == (None, "..")


def test_12562_keeps_ssbs_national_and_kostra_group_values_as_references(api_server, history):
    result = kostra_barnehage.fetch(quick_ssb(), history, WANTED, from_year=2019)
    found = rows(result.reference, key="group_id")
    assert found[("landet", 2024, "barnehagelaerer_andel")]["value"] == 47.0
    assert found[("landet_uten_oslo", 2024, "barnehagelaerer_andel")]["value"] == 46.0
    assert found[("kostragruppe-EKG13", 2024, "barnehagelaerer_andel")]["value"] == 49.0
    assert set(result.reference["group_id"]) == {
        "landet",
        "landet_uten_oslo",
        "kostragruppe-EKG02",
        "kostragruppe-EKG13",
    }  # no county (EKA18)
    assert not {"EAK", "EAKUO"} & set(result.municipal["kommunenummer"])


def test_12562_asks_for_old_and_new_codes_together_and_only_codes_the_table_has(api_server, history):
    kostra_barnehage.fetch(quick_ssb(), history, ["5503", "5512", "1866"], from_year=2019)
    (request,) = api_server.requested("/ssb/tables/12562/data")
    asked = request.query["valueCodes[KOKkommuneregion0000]"].split(",")
    assert asked == [
        "1866",
        "1903",
        "5402",
        "5503",
        "1852",
        "1913",
        "5412",
        "5512",
        "EAK",
        "EAKUO",
        "EKG02",
        "EKG13",
    ]
    assert request.query["valueCodes[ContentsCode]"] == "KOSandelbhglaer0000,KOSbarnehage150000"


def test_12562_stops_when_a_label_moved_and_fetches_no_data(api_server, history):
    api_server.serve("/ssb/tables/12562/metadata", API / "ssb" / "12562_metadata_label_moved.json")
    with pytest.raises(LabelMoved) as error:
        kostra_barnehage.fetch(quick_ssb(), history, WANTED, from_year=2019)
    assert str(error.value) == (
        "Tabell 12562 har ikke lenger verdien «Andel barnehagelærere i forhold til grunnbemanning (prosent)» "
        "i variabelen «statistikkvariabel». SSB kan ha endret tabellen; ingenting ble hentet."
    )
    assert api_server.requested("/ssb/tables/12562/data") == []


def test_12562_stops_when_ssb_added_a_variable_that_must_be_chosen(history):
    raw = json.loads((API / "ssb" / "12562_metadata.json").read_text(encoding="utf-8"))
    raw["id"].insert(1, "KOKeierforhold0000")
    raw["size"].insert(1, 2)
    raw["dimension"]["KOKeierforhold0000"] = {
        "label": "eierforhold",
        "category": {
            "index": {"0": 0, "1": 1},
            "label": {"0": "Alle barnehager", "1": "Kommunale barnehager"},
        },
        "extension": {"elimination": False, "show": "value"},
    }
    with pytest.raises(LabelMoved, match="Tabell 12562 har fått variabelen «eierforhold», som må velges"):
        kostra_barnehage.query(read_metadata(raw, "12562"), history, WANTED)


def test_12562_never_asks_for_years_before_2016(history):
    raw = json.loads((API / "ssb" / "12562_metadata.json").read_text(encoding="utf-8"))
    raw["dimension"]["Tid"]["category"]["index"] = {"2015": 0, "2016": 1, "2024": 2}
    raw["dimension"]["Tid"]["category"]["label"] = {"2015": "2015", "2016": "2016", "2024": "2024"}
    selection = kostra_barnehage.query(read_metadata(raw, "12562"), history, WANTED, from_year=2010)
    assert selection[-1].codes == ("2016", "2024")
