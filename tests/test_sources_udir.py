# ruff: noqa: F811  (the api_server fixture is imported from fixture_server)
"""Udir Barnehagefakta via the fixture server: kommune-level staff and pedagogue-norm shares.

The kommune blocks are real figures (tests/fixtures/api/udir/kommune_sample_2023.csv, transcribed
from cached Barnehagefakta answers); the national block is modelled. See PROVENANCE.md.
"""

import json

import pytest
from fixture_server import API, api_server, quick_http  # noqa: F401

from kompetanse.errors import KompetanseError
from kompetanse.sources import udir

VESTERALEN = ["1851", "1866", "1867", "1868", "1870", "1871"]


def values(frame, key="kommunenummer"):
    return {(r[key], r["indicator_id"]): r["value"] for r in frame.iter_rows(named=True)}


def test_udir_gives_the_barnehagelaerer_share_and_the_pedagogue_norm_for_each_municipality(api_server):
    result = udir.fetch(VESTERALEN, http=quick_http(udir.SERVICE))
    found = values(result.municipal)
    assert found[("1870", "barnehagelaerer_ansatte_andel")] == 37.5
    assert found[("1870", "pedagognorm_oppfylt_andel")] == 38.5
    assert found[("1870", "pedagognorm_dispensasjon_andel")] == 30.8
    assert found[("1867", "pedagognorm_dispensasjon_andel")] == 100.0
    assert set(result.municipal["year"]) == {2023}  # the national block's foreldreundersokelsenArgang
    assert set(result.municipal["numerator"].to_list()) == {None}
    assert result.municipal.height == 6 * 3


def test_udir_keeps_its_national_figure_as_the_landet_reference(api_server):
    reference = udir.fetch(["1866"], http=quick_http(udir.SERVICE)).reference
    assert values(reference, "group_id") == {
        ("landet", "barnehagelaerer_ansatte_andel"): 44.0,
        ("landet", "pedagognorm_oppfylt_andel"): 85.0,
        ("landet", "pedagognorm_dispensasjon_andel"): 10.0,
    }


def test_a_municipality_udir_does_not_know_stops_with_a_message_naming_it(api_server):
    with pytest.raises(KompetanseError) as error:
        udir.fetch(["1866", "9998"], http=quick_http(udir.SERVICE))
    assert str(error.value) == "Udir (Barnehagefakta) svarte med feil 404 for kommune 9998."


def test_a_null_block_or_value_stays_missing_and_is_never_filled_in():
    hadsel = json.loads((API / "udir" / "kommune_1866.json").read_text(encoding="utf-8"))
    empty = {**hadsel, "indikatorDataKommune": None}
    partly = json.loads(json.dumps(hadsel))
    partly["indikatorDataKommune"]["andelBarnehagerSomOppfyllerPedagognormen"] = None
    municipal, _ = udir.kommune_rows({"1866": partly, "1870": empty})
    assert set(values(municipal)) == {
        ("1866", "barnehagelaerer_ansatte_andel"),
        ("1866", "pedagognorm_dispensasjon_andel"),
    }


def test_the_real_barnehage_answer_has_the_same_kommune_block_and_needs_the_year_given():
    real = (
        API / "real" / "udir_barnehage_871626812.json"
    ).read_bytes()  # Halden, årgang 2023, no national block
    with pytest.raises(KompetanseError, match="sier ikke hvilket år tallene gjelder"):
        udir.kommune_rows({"3101": real})
    municipal, reference = udir.kommune_rows({"3101": real}, year=2023)
    assert values(municipal)[("3101", "barnehagelaerer_ansatte_andel")] == 43.6
    assert reference.is_empty()


@pytest.mark.parametrize(
    "change, message",
    [
        ({"andelAnsatteBarnehagelarer": 143.6}, "en andel må være 0–100"),
        ({"andelAnsatteBarnehagelarer": "43,6"}, "en andel må være 0–100"),
    ],
)
def test_a_share_udir_could_not_mean_is_refused(change, message):
    hadsel = json.loads((API / "udir" / "kommune_1866.json").read_text(encoding="utf-8"))
    hadsel["indikatorDataKommune"].update(change)
    with pytest.raises(KompetanseError, match=message):
        udir.kommune_rows({"1866": hadsel})


def test_a_field_udir_renamed_stops_the_update():
    hadsel = json.loads((API / "udir" / "kommune_1866.json").read_text(encoding="utf-8"))
    hadsel["indikatorDataKommune"]["andelAnsatteBarnehagelaerer"] = hadsel["indikatorDataKommune"].pop(
        "andelAnsatteBarnehagelarer"
    )
    with pytest.raises(
        KompetanseError, match="mangler feltet andelAnsatteBarnehagelarer; Udir kan ha endret det"
    ):
        udir.kommune_rows({"1866": hadsel})
