"""The API fixtures: what make_fixtures.py writes, shaped like the real responses, and accounted for."""

import json
import sys

import polars as pl
import pytest
from fixture_server import API

from kompetanse.config import DATA_DIR
from kompetanse.sources import udir
from kompetanse.sources.ssb import kostra_barnehage, omsorg_arsverk, population_07459

sys.path.insert(0, str(API))
import make_fixtures

REAL_12134 = json.loads(
    (API / "real" / "ssb_12134_data_0301-4601-5001_KOSAG110000_2024.json").read_text("utf-8")
)


def test_the_committed_fixtures_are_what_make_fixtures_writes():
    for path, data in make_fixtures.all_fixtures().items():
        assert json.loads(path.read_text(encoding="utf-8")) == data, path.name


@pytest.mark.parametrize("table", ["12562", "14534", "07459", "14746"])
def test_each_data_fixture_has_the_keys_and_dimension_shape_of_the_real_12134_response(table):
    data = json.loads((API / "ssb" / f"{table}_data.json").read_text(encoding="utf-8"))
    assert set(REAL_12134) <= set(data)
    assert set(REAL_12134["extension"]) <= set(data["extension"]) | {"noteMandatory"}
    assert set(REAL_12134["extension"]["px"]) == set(data["extension"]["px"])
    contents = data["dimension"]["ContentsCode"]
    assert set(REAL_12134["dimension"]["ContentsCode"]["extension"]) - {"alternativeText"} <= set(
        contents["extension"]
    )
    assert list(data["size"]) == [len(data["dimension"][i]["category"]["index"]) for i in data["id"]]
    assert all(int(position) < len(data["value"]) for position in data.get("status", {}))


def test_every_indicator_an_adapter_fills_is_in_the_catalogue():
    catalogue = pl.read_csv(DATA_DIR / "catalogue" / "indikatorer.csv", infer_schema=False)
    for module in (kostra_barnehage, omsorg_arsverk, population_07459, udir):
        assert set(module.INDICATORS) <= set(catalogue["id"]), module.__name__


def test_provenance_accounts_for_every_fixture_file():
    text = (API / "PROVENANCE.md").read_text(encoding="utf-8")
    files = [path for path in API.rglob("*") if path.is_file() and "__pycache__" not in path.parts]
    missing = [path.name for path in files if path.name != "PROVENANCE.md" and path.name not in text]
    assert missing == []
