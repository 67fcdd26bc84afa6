"""The Oversikt page in the real Streamlit app (AppTest) on the fixture database."""

import json
import subprocess
import sys

import pytest
from streamlit.testing.v1 import AppTest

NBSP = "\u00a0"


def run_app(query: dict | None = None) -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def table(at: AppTest, index: int) -> dict[str, dict[str, str]]:
    """Rows of the index-th table, keyed by the first column."""
    frame = at.dataframe[index].value
    return {row["Kommune"]: row for row in frame.to_dict("records")}


@pytest.fixture
def at(app_db) -> AppTest:
    at = run_app()
    assert not at.exception, at.exception
    return at


def test_home_page_defaults_to_vesteralen_and_shows_its_six_municipalities(at):
    assert at.title[0].value == "Oversikt: Vesterålen"
    assert "Andøy, Bø, Hadsel, Lødingen, Sortland og Øksnes" in at.markdown[0].value
    assert at.sidebar.selectbox[0].value == "18009"
    assert at.query_params["region"] == "Vesterålen"


def test_one_headline_indicator_per_theme(at):
    assert [h.value for h in at.header] == [
        "Kompetansegap: Barnehagelærere i grunnbemanningen",
        "Lederutvikling: Ledere med fullført lederopplæring",
        "Rekruttering: Lærlinger per 1000 innbyggere",
        "Mål for regionen",  # the region's own targets, for any indicator
    ]


def test_table_shows_values_and_the_region_value_from_numerators_and_denominators(at):
    rows = table(at, 0)
    assert rows["Hadsel"]["Verdi"] == f"75,0{NBSP}%"
    assert rows["Bø"]["Teller"] == "6,0"
    assert rows["Vesterålen (regionen)"]["Verdi"] == f"60,0{NBSP}%"
    assert rows["Vesterålen (regionen)"]["Nevner"] == "150,0"
    assert rows["Landet uten Oslo"]["Verdi"] == f"60,0{NBSP}%"
    assert list(rows)[:2] == ["Hadsel", "Andøy"]  # best first


def test_a_municipality_without_data_is_shown_with_ssbs_missing_symbol(at):
    rows = table(at, 1)
    assert rows["Lødingen"]["Verdi"] == ".."
    assert rows["Vesterålen (regionen)"]["Verdi"] == f"50,0{NBSP}%"


def test_example_data_carries_a_visible_badge_and_official_data_does_not(at):
    badges = [m.value for m in at.markdown if "Eksempeldata" in m.value]
    assert len(badges) == 1  # only the leader-training section holds example rows in the fixture
    footnotes = [c.value for c in at.caption]
    assert "Kilde: Eksempeldata" in footnotes[1]
    assert "Kilde: Testdata for automatiske tester" in footnotes[0]


def test_every_chart_has_a_footnote_with_definition_unit_source_and_year(at):
    footnotes = [c.value for c in at.caption]
    assert len(footnotes) == 3
    for footnote in footnotes:
        assert "Enhet:" in footnote and "Kilde:" in footnote and "År: 2024." in footnote


def test_key_figures_show_official_population_in_norwegian_format(at):
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Kommuner"] == "6"
    assert metrics["Innbyggere 1.1.2026"] == f"32{NBSP}833"


def test_each_theme_has_a_chart_of_the_six_municipalities_in_order(at):
    specs = [json.loads(chart.proto.spec) for chart in at.get("vega_lite_chart")]
    assert len(specs) == 3
    bars = specs[0]["layer"][0]
    assert bars["encoding"]["y"]["sort"] == ["Hadsel", "Andøy", "Sortland", "Lødingen", "Øksnes", "Bø"]
    assert {row["name"] for row in bars["data"]["values"]} == {
        "Andøy",
        "Bø",
        "Hadsel",
        "Lødingen",
        "Sortland",
        "Øksnes",
    }
    assert specs[0]["config"]["locale"]["number"]["decimal"] == ","


@pytest.mark.parametrize("asked", ["Vesterålen", "vesteralen", "VESTERÅLEN", "18009"])
def test_region_in_the_url_is_found_whatever_the_case_and_accents(app_db, asked):
    at = run_app({"region": asked})
    assert at.title[0].value == "Oversikt: Vesterålen"
    assert at.query_params["region"] == "Vesterålen"


def test_opening_a_link_with_another_region_shows_that_region(app_db):
    at = run_app({"region": "Lofoten"})
    assert at.title[0].value == "Oversikt: Lofoten"
    assert "Vestvågøy" in at.markdown[0].value


def test_a_region_without_figures_says_so_instead_of_inventing_a_year(app_db):
    at = run_app({"region": "Lofoten"})
    assert not at.exception
    assert table(at, 0)["Lofoten (regionen)"]["Verdi"] == ".."
    footnotes = [caption.value for caption in at.caption if "Enhet:" in caption.value]
    assert footnotes and all("Ingen tall for regionen ennå." in footnote for footnote in footnotes)


def test_picking_another_region_shows_it_and_updates_the_url(at):
    picker = at.sidebar.selectbox[0]
    picker.select_index(next(i for i, o in enumerate(picker.options) if o.startswith("Lofoten"))).run()
    assert at.title[0].value == "Oversikt: Lofoten"
    assert "Vestvågøy" in at.markdown[0].value
    assert at.query_params["region"] == "Lofoten"


def test_a_rerun_keeps_the_chosen_region(at):
    at.run()
    assert not at.exception
    assert at.title[0].value == "Oversikt: Vesterålen"


def test_an_unknown_region_in_the_url_falls_back_to_vesteralen_and_says_so(app_db):
    at = run_app({"region": "Atlantis"})
    assert at.title[0].value == "Oversikt: Vesterålen"
    assert any("Atlantis" in toast.value for toast in at.toast)


@pytest.mark.server
def test_a_command_line_import_while_the_app_is_serving_lands_and_the_app_shows_it(at, app_db, tmp_path):
    file = tmp_path / "hadsel.csv"
    file.write_text(
        "kommunenummer,år,indikator,verdi,teller,nevner,kilde\n"
        "1866,2024,barnehagelaerer_andel,,20,40,Ny telling\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "kompetanse", "import", str(file), "--db", str(app_db)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    at.run()
    rows = table(at, 0)
    assert rows["Hadsel"]["Verdi"] == f"50,0{NBSP}%"
    assert rows["Vesterålen (regionen)"]["Verdi"] == f"{80 / 150 * 100:.1f}{NBSP}%".replace(".", ",")


def test_the_app_builds_the_database_on_first_start_when_it_is_missing(tmp_path, monkeypatch):
    import streamlit as st

    missing = tmp_path / "ny.duckdb"
    monkeypatch.setenv("KOMPETANSE_DB", str(missing))
    st.cache_data.clear()
    st.cache_resource.clear()
    at = run_app()
    assert not at.exception
    assert missing.exists()
    assert at.title[0].value == "Oversikt: Vesterålen"
    assert len(table(at, 0)) == 8  # six municipalities, the region and the country
