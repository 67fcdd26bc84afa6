"""Framtidig behov on a real database: the hand-worked numbers of behov_fixture.py on the page, in the
meeting pack, in search and in Kommuneprofil, and the assumptions through the URL."""

import json

import polars as pl
import pytest
from behov_fixture import HAND_WORKED, make_behov_db
from conftest import import_file
from streamlit.testing.v1 import AppTest

from kompetanse.rules.future_assumptions import Assumptions
from kompetanse.rules.regions import region_choices
from kompetanse.store.db import open_database
from kompetanse.views.framtidig_behov import future_view
from kompetanse.views.future_data import projection_info
from kompetanse.views.kommuneprofil import municipality_profile
from kompetanse.views.presentasjon import DEFAULT_VIEWS, available_views, build_views
from kompetanse.views.search import build_index, search

YEARS = (2030, 2035, 2040)
ASSUMED = Assumptions.from_params(HAND_WORKED)


@pytest.fixture(scope="module")
def behov_path(fixture_db_template, tmp_path_factory):
    return make_behov_db(fixture_db_template, tmp_path_factory.mktemp("behov"))


@pytest.fixture(scope="module")
def database(behov_path):
    database = open_database(behov_path)
    yield database
    database.close()


@pytest.fixture
def vesteralen(database):
    return region_choices(database)["18009"][0]


def rows(panel, key="Kommune") -> dict[str, dict]:
    return {row[key]: row for row in panel.table.iter_rows(named=True)}


def test_sortland_needs_13_more_barnehagelaerer_arsverk_by_2035_and_andoys_surplus_covers_nobody(
    database, vesteralen
):
    panel = future_view(database, vesteralen, None, ASSUMED, YEARS, 2035).panel("behov-barnehage")
    table = rows(panel)
    assert table["Sortland"]["I dag"] == "27,0"
    assert table["Sortland"]["Behov 2035"] == "40,0"  # 70/7 + 420/14
    assert table["Sortland"]["Flere innen 2035"] == "13,0"
    assert table["Sortland"]["Avgang innen 2035"] == "4,9"  # 27 x 2 % x 9 years
    assert table["Sortland"]["Rekruttere eller utdanne per år"] == "2,0"  # (40 - 22,14) / 9
    assert table["Andøy"]["Behov 2035"] == "10,0" and table["Andøy"]["Flere innen 2035"] == "0,0"
    # 13, not 11: Andøy's two spare årsverk are in Andøy
    assert table["Vesterålen (regionen)"]["Flere innen 2035"] == "13,0"
    assert panel.headline.startswith("Vesterålen trenger 13 flere barnehagelærerårsverk innen 2035.")


def test_a_municipalitys_own_share_in_barnehage_is_used_unless_the_user_sets_the_shares(behov_path, tmp_path):
    path = tmp_path / "behov.duckdb"
    path.write_bytes(behov_path.read_bytes())
    own = tmp_path / "dekningsgrad.csv"
    own.write_text(
        "kommunenummer,år,indikator,verdi,kilde\n1870,2024,barnehage_dekningsgrad,46.1,SSB tabell 12562\n",
        encoding="utf-8",
    )
    import_file(path, own)
    database = open_database(path)
    try:
        vesteralen = region_choices(database)["18009"][0]
        todays_shares = Assumptions.from_params(
            {k: v for k, v in HAND_WORKED.items() if k not in ("du3", "do3")}
        )
        panel = future_view(database, vesteralen, None, todays_shares, YEARS, 2035).panel("behov-barnehage")
        table = rows(panel)
        # Sortland's 46.1 % is half the national 92.2 %: (70 x 84.4 % / 7 + 420 x 97.1 % / 14) / 2
        assert table["Sortland"]["Behov 2035"] == "18,8"
        assert table["Andøy"]["Behov 2035"] == "9,7"  # no own share: the national 97.1 % of 140 / 14
        assert "Barn 1–5 år i barnehage (2024)" in panel.footnote
        users = future_view(database, vesteralen, None, ASSUMED, YEARS, 2035).panel("behov-barnehage")
        assert rows(users)["Sortland"]["Behov 2035"] == "40,0"  # du3 = do3 = 100 for every municipality
    finally:
        database.close()


def test_omsorg_needs_40_more_arsverk_16_with_fagbrev_and_14_with_higher_education(database, vesteralen):
    panel = future_view(database, vesteralen, None, ASSUMED, YEARS, 2035).panel("behov-omsorg")
    table = rows(panel)
    assert table["Sortland"]["Behov 2035"] == "240,0"  # 200 x 12 960 / 10 800
    assert table["Sortland"]["Derav med fagbrev"] == "16,0"
    assert table["Sortland"]["Derav med høyere helsefaglig utdanning"] == "14,0"
    assert table["Sortland"]["Rekruttere eller utdanne per år"] == "8,4"  # (240 - 164) / 9
    assert table["Andøy"]["Behov 2035"] == "92,6" and table["Andøy"]["Flere innen 2035"] == "0,0"
    region = table["Vesterålen (regionen)"]
    assert (region["I dag"], region["Flere innen 2035"], region["Rekruttere eller utdanne per år"]) == (
        "620,0",
        "40,0",
        "16,0",  # 8,44 + 1,18 + 1,0 + 3,0 + 0,8 + 1,6
    )
    assert panel.headline == (
        "Vesterålen trenger 40 flere årsverk i omsorg innen 2035: 16 med fagbrev og 14 med høyere "
        "helsefaglig utdanning. Med avgangen må 16 årsverk rekrutteres eller utdannes per år."
    )


def test_the_trend_draws_ssbs_low_and_high_alternatives_as_a_band_around_the_main_one(database, vesteralen):
    panel = future_view(database, vesteralen, None, ASSUMED, YEARS, 2035).panel("behov-omsorg")
    points = {row["year"]: row for row in panel.chart("trend")["layer"][0]["data"]["values"]}
    assert points[2035]["lower"] == pytest.approx(645.185, abs=1e-3)  # 232,59 + 412,59
    assert points[2035]["main"] == pytest.approx(652.593, abs=1e-3)
    assert points[2035]["upper"] == pytest.approx(660.0, abs=1e-3)  # 247,41 + 412,59
    assert points[2026]["lower"] == points[2026]["upper"] == 620.0


def test_the_working_age_population_is_shown_beside_the_need(database, vesteralen):
    panel = future_view(database, vesteralen, None, ASSUMED, YEARS, 2035).panel("behov-arbeidsalder")
    assert rows(panel)["Sortland"]["Endring til 2035"] == "-126"  # 5 636 -> 5 510
    assert rows(panel)["Vesterålen (regionen)"]["20–66 år 2026"] == "24\u00a0554"
    assert "13,0" in panel.headline and "40,0" in panel.headline


def test_every_footnote_prints_the_assumptions_and_marks_the_changed_ones_as_the_users(database, vesteralen):
    view = future_view(database, vesteralen, None, ASSUMED, YEARS, 2035)
    for panel in view.panels:
        assert "Forutsetninger:" in panel.footnote
        assert "(valgt av brukeren)" in panel.footnote
        assert "SSB tabell 14746 (testdata)" in panel.footnote or panel.key == "behov-forutsetninger"
    assumptions = rows(view.panel("behov-forutsetninger"), "Forutsetning")
    assert assumptions["Pensjonsalder"]["Kilde"].startswith("Ordinær pensjonsalder")
    assert assumptions["Avgang til pensjon per år"]["Verdi"] == "2\u00a0% (eget valg)"
    assert assumptions["Avgang til pensjon per år"]["Kilde"] == "Valgt av brukeren"
    assert not view.is_example  # the staffing is imported and the projection is "SSB's"


def test_the_meeting_pack_has_the_omsorg_slide_with_the_sentence_and_the_pages_assumptions(
    database, vesteralen
):
    assert "behov:omsorg" in DEFAULT_VIEWS and "behov:barnehage" in available_views(database)
    (slide,) = build_views(database, vesteralen, None, ("behov:omsorg",), ASSUMED, 2035)
    assert slide.headline.startswith("Vesterålen trenger 40 flere årsverk i omsorg innen 2035")
    assert "(valgt av brukeren)" in slide.footnote
    (default,) = build_views(database, vesteralen, None, ("behov:omsorg",))
    assert "(valgt av brukeren)" not in default.footnote


def test_searching_framskriving_or_behov_2035_opens_the_page_at_that_horizon(database):
    index = build_index(database)
    (hit, *_) = search(index, "behov 2035")
    assert (hit.entry.page, dict(hit.entry.params)) == ("pages/framtidig_behov.py", {"horisont": "2035"})
    assert search(index, "framskriving")[0].entry.page == "pages/framtidig_behov.py"


def test_kommuneprofil_says_how_many_more_arsverk_the_municipality_needs_by_2035(database):
    profile = municipality_profile(database, "1870")
    # default assumptions: 420 x 97,1 % / 14 + 70 x 84,4 % / 7 = 37,57 against 27 today
    assert profile.future[0].startswith("Barnehage: 10,6 flere barnehagelærerårsverk innen 2035 (i dag 27,0)")
    assert profile.future[1].startswith("Omsorg: ")


def test_the_standard_build_stores_example_projections_for_every_municipality_flagged_as_example(
    standard_db,
):
    database = open_database(standard_db)
    try:
        info = projection_info(database)
        years = database.query("projection_years")
    finally:
        database.close()
    assert info.is_example and info.source.startswith("Eksempeldata")
    assert (info.start, info.years[-1]) == (2026, 2050)
    assert years["municipalities"].unique().to_list() == [357]


def test_warming_works_out_every_municipalitys_need_once_so_any_first_profile_only_reads_it(standard_db):
    from kompetanse.store import cache
    from kompetanse.views.kommuneprofil import municipality_profile
    from kompetanse.views.warm import steps

    database = open_database(standard_db)
    try:
        dict(steps(database))["framtidig behov"]()
        computed = {name: cache.entries_of(database, name) for name in NEED_VIEWS}
        for kommune in ("1867", "0301", "5501"):  # Bø in Vesterålen, Oslo, Tromsø: three regions
            profile = municipality_profile(database, kommune)
            assert profile.future and profile.future[0].startswith("Barnehage: ")
        assert computed[NEED_VIEWS[0]] == 1
        assert {name: cache.entries_of(database, name) for name in NEED_VIEWS} == computed  # nothing new
    finally:
        database.close()


NEED_VIEWS = ("kompetanse.views.kommuneprofil.country_need", "kompetanse.views.future_data.region_need")


def test_the_profile_line_is_the_municipalitys_row_of_its_regions_need_when_they_share_the_year(database):
    from kompetanse.views.future_data import region_need
    from kompetanse.views.kommuneprofil import country_need

    columns = ["kommunenummer", "year", "alternative", "sector", "group", "needed", "today", "recruitment"]
    regional = region_need(database, "18009", Assumptions()).select(columns)  # Vesterålen
    national = (
        country_need(database)
        .select(columns)
        .filter(pl.col("kommunenummer").is_in(regional["kommunenummer"].implode()))
    )
    assert national.sort(columns[:5]).equals(regional.sort(columns[:5]))


# The page


@pytest.fixture
def behov_app(behov_path, tmp_path, monkeypatch):
    import shutil

    import streamlit as st

    path = tmp_path / "behov.duckdb"
    shutil.copyfile(behov_path, path)
    monkeypatch.setenv("KOMPETANSE_DB", str(path))
    st.cache_data.clear()
    st.cache_resource.clear()
    return path


def open_behov(**query: str) -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.query_params["region"] = "Vesterålen"
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    at.switch_page("pages/framtidig_behov.py").run()
    assert not at.exception, at.exception
    return at


def table_rows(at: AppTest, index: int, key: str = "Kommune") -> dict[str, dict]:
    return {row[key]: row for row in at.dataframe[index].value.to_dict("records")}


def test_the_page_shows_the_hand_worked_need_from_assumptions_in_the_url(behov_app):
    at = open_behov(**HAND_WORKED)
    assert at.title[0].value == "Framtidig behov: Vesterålen"
    assert table_rows(at, 0)["Sortland"]["Flere innen 2035"] == "13,0"
    assert table_rows(at, 1)["Vesterålen (regionen)"]["Flere innen 2035"] == "40,0"
    headlines = [markdown.value for markdown in at.markdown]
    assert any("Vesterålen trenger 40 flere årsverk i omsorg innen 2035" in text for text in headlines)
    charts = [json.loads(chart.proto.spec) for chart in at.get("vega_lite_chart")]
    assert len(charts) == 5  # bars and band for each sector, the working-age band
    widget = next(w for w in at.number_input if w.label.startswith("Avgang til pensjon per år"))
    assert widget.value == 2.0
    assert any(caption.value.startswith("Eget valg") for caption in at.caption)


def test_a_changed_assumption_goes_into_the_url_and_a_default_leaves_it(behov_app):
    at = open_behov(**HAND_WORKED)
    widget = next(w for w in at.number_input if w.label.startswith("Barn fra 3 år per barnehagelærer"))
    widget.set_value(10.0).run()
    assert at.query_params["bo3"] == ["10.0"] or at.query_params["bo3"] == "10.0"
    assert table_rows(at, 0)["Sortland"]["Behov 2035"] == "52,0"  # 70/7 + 420/10
    widget = next(w for w in at.number_input if w.label.startswith("Barn fra 3 år per barnehagelærer"))
    widget.set_value(14.0).run()
    assert "bo3" not in at.query_params
    assert table_rows(at, 0)["Sortland"]["Behov 2035"] == "40,0"


def test_the_horizon_and_years_come_from_the_url_and_an_impossible_value_falls_back(behov_app):
    at = open_behov(horisont="2040", behovsaar="2030,2040", pa="hundre")
    sortland = table_rows(at, 0)["Sortland"]
    assert "Flere innen 2040" in sortland and "Behov 2035" not in sortland and "Behov 2040" in sortland
    assert next(w for w in at.number_input if w.label.startswith("Pensjonsalder")).value == 67
    assert pl.Series(list(at.query_params.keys())).is_in(["pa"]).sum() == 0


def test_the_page_puts_ssbs_official_county_projection_beside_the_need_as_context(behov_app):
    from pathlib import Path

    from kompetanse.rules.formatting import format_number, format_signed

    counties = pl.read_csv(
        Path(__file__).parent.parent / "data/projections/framskriving_14288_fylke_2024.csv"
    )
    nordland = counties.filter((pl.col("fylkesnummer") == 18) & (pl.col("alternativ") == "MMMM"))
    persons = dict(nordland.select("aar", "folkemengde_1jan").iter_rows())
    at = open_behov(**HAND_WORKED)  # horizon 2035 from a projection that starts in 2026
    assert [header.value for header in at.subheader][-1] == "Fylket i SSBs offisielle framskriving"
    line = next(markdown.value for markdown in at.markdown if markdown.value.startswith("- Nordland: "))
    change = format_signed((persons[2035] / persons[2026] - 1) * 100)
    start, end = format_number(persons[2026]), format_number(persons[2035])
    assert line.startswith(
        f"- Nordland: {start} innbyggere i 2026, {end} i 2035 ({change} %; lav og høy nasjonal vekst: "
    ), line
    assert any(
        "SSB tabell 14288" in caption.value and "ikke eksempeldata" in caption.value for caption in at.caption
    )
