"""10-FAKTOR in Kommuneprofil, from one country-wide table per data version: the same cells as the
economic region's side-by-side view, hidden the same way for every reader, and never a previous version.
The round is tests/fixtures/tifaktor_runder.csv (worked out in test_tifaktor.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest
from conftest import ADMIN, import_file, opened
from test_tifaktor import LEADERSHIP, ROUND

from kompetanse.access.settings import change_setting
from kompetanse.rules.regions import all_regions, find_region, municipalities
from kompetanse.views.tifaktor import factor_profile
from kompetanse.views.tifaktor_kommune import country_factors, municipality_factors

COMPARED = ["value", "note", "revealed", "previous_value", "previous_note", "change", "is_example"]


@pytest.fixture(scope="module")
def round_path(fixture_db_template, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("tifaktor-kommune") / "runder.duckdb"
    shutil.copyfile(fixture_db_template, path)
    import_file(path, ROUND)
    return path


def readers(path: Path) -> dict:
    database = opened(path)
    return {
        "public": database,
        "Bø's editor": database.revealing(frozenset({"1867"})),
        "an admin with details": database.revealing(frozenset({"1867", "1851"}), details=True),
    }


def side_by_side(database, kommunenummer: str, region_id: str) -> dict:
    """The municipality's, its region's and the country's cells in the region's own view, per factor."""
    profile = factor_profile(database, find_region(all_regions(database), region_id), None, None)
    cells = profile.cells
    own = cells.filter(pl.col("kommunenummer") == kommunenummer)
    region = cells.filter(pl.col("kind") == "region")
    nation = cells.filter(pl.col("kind") == "land")
    return {
        "rounds": (profile.year, profile.previous),
        "own": own.select("indicator_id", *COMPARED).sort("indicator_id").rows(),
        "region": region.select("indicator_id", "value", "note", "is_example").sort("indicator_id").rows(),
        "nation": nation.select("indicator_id", "value", "note", "is_example").sort("indicator_id").rows(),
    }


def from_country_table(database, kommunenummer: str) -> dict:
    rows = country_factors(database).filter(pl.col("kommunenummer") == kommunenummer).sort("indicator_id")
    return {
        "rounds": (rows["year"][0], rows["previous"][0]),
        "own": rows.select("indicator_id", *COMPARED).rows(),
        "region": rows.select("indicator_id", "region_value", "region_note", "region_example").rows(),
        "nation": rows.select("indicator_id", "nation_value", "nation_note", "nation_example").rows(),
    }


def regions_with_results(database) -> set[str]:
    """The economic regions with any 10-FAKTOR result, read straight from the observations."""
    found = database.sql(
        "select distinct kommunenummer from observation where indicator_id like 'tifaktor_%'"
    )
    places = municipalities(database).filter(pl.col("kommunenummer").is_in(found["kommunenummer"].implode()))
    return set(places["economic_region_id"])


@pytest.mark.parametrize("reader", ["public", "Bø's editor", "an admin with details"])
def test_every_municipality_s_factors_are_the_cells_of_its_economic_region_s_side_by_side_view(
    round_path, reader
):
    database = readers(round_path)[reader]
    with_results = regions_with_results(database)
    assert with_results  # Vesterålen's rounds (and Lødingen's region)
    places = municipalities(database).select("kommunenummer", "economic_region_id").rows()
    for kommunenummer, region_id in places:
        if region_id in with_results:
            expected = side_by_side(database, kommunenummer, region_id)
            assert from_country_table(database, kommunenummer) == expected, kommunenummer
        else:  # no round in the region: nothing to show, as the region's own view shows nothing
            assert from_country_table(database, kommunenummer)["rounds"] == (None, None), kommunenummer
            assert municipality_factors(database, kommunenummer) is None


def leadership(database, kommunenummer: str) -> dict:
    panel = municipality_factors(database, kommunenummer)
    return {row["Faktor"]: row for row in panel.table.to_dicts()}[LEADERSHIP]


def test_a_hidden_result_stays_hidden_in_the_profile_and_only_its_own_editor_sees_it(round_path):
    found = readers(round_path)
    assert leadership(found["public"], "1867")["Kommunen"] == ":"  # Bø: 4 answers
    assert leadership(found["public"], "1851")["Kommunen"] == ":"  # Lødingen: would give Bø away
    mine = leadership(found["Bø's editor"], "1867")
    assert mine["Kommunen"] == "4,4" and mine["Merknad"].startswith("Vist uskjult")
    assert leadership(found["Bø's editor"], "1851")["Kommunen"] == ":"


def test_a_municipality_without_a_result_in_its_region_s_round_has_no_panel(round_path):
    assert municipality_factors(opened(round_path), "1804") is None  # Bodø


def test_the_profile_never_serves_the_table_of_a_previous_data_version(round_path, tmp_path):
    path = tmp_path / "runder.duckdb"
    shutil.copyfile(round_path, path)
    database = opened(path)
    assert leadership(database, "1867")["Kommunen"] == ":"
    change_setting(database, "tifaktor_min_respondents", 4, ADMIN)  # a new version: 4 answers are enough
    assert leadership(opened(path), "1867")["Kommunen"] == "4,4"
