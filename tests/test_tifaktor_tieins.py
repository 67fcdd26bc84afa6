"""10-FAKTOR and competence plans tied into the rest: Kommuneprofil, search, Presentasjon and the meeting
pack, Om dataene. The figures are those of test_tifaktor.py and test_kompetanseplaner.py (worked out
there)."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from conftest import ADMIN, import_file, opened
from pptx import Presentation
from test_app_pages import open_page
from test_kompetanseplaner import record_all
from test_search_profile import om_dataene_fact_lines
from test_tifaktor import ROUND

from kompetanse.rules.regions import all_regions, find_region
from kompetanse.views.presentasjon import available_views, build_views, meeting_pack
from kompetanse.views.search import build_index, search


@pytest.fixture(scope="module")
def both_template(fixture_db_template, tmp_path_factory) -> Path:
    """The fixture database with the two 10-FAKTOR rounds and the 2025 plans of Sortland and Hadsel."""
    path = tmp_path_factory.mktemp("tieins") / "begge.duckdb"
    shutil.copyfile(fixture_db_template, path)
    import_file(path, ROUND)
    record_all(path, ADMIN)
    return path


@pytest.fixture
def both_db(both_template, tmp_path, monkeypatch) -> Path:
    path = tmp_path / "begge.duckdb"
    shutil.copyfile(both_template, path)
    monkeypatch.setenv("KOMPETANSE_DB", str(path))
    return path


def test_kommuneprofil_shows_the_municipality_s_ten_factors_and_its_plans(both_db):
    at = open_page("kommuneprofil", kommune="1870")
    headers = [header.value for header in at.header]
    assert "10-FAKTOR 2025" in headers and "Kompetanseplaner 2025" in headers
    factors = next(
        {row["Faktor"]: row for row in frame.value.to_dict("records")}
        for frame in at.dataframe
        if "Faktor" in frame.value.columns
    )
    leadership = factors["★ Mestringsorientert ledelse"]
    assert (leadership["Kommunen"], leadership["Regionen"], leadership["Landet"]) == ("3,9", "3,9", "3,9")
    assert leadership["Endring fra 2023"] == "+0,2"
    assert any(
        "2 av 4 registrerte planer er oppdatert (50,0\u00a0%)" in markdown.value for markdown in at.markdown
    )


def test_kommuneprofil_of_a_municipality_with_neither_says_so(both_db):
    at = open_page("kommuneprofil", kommune="1804")  # Bodø: no results, no plans
    assert any("Ingen 10-FAKTOR-resultater eller kompetanseplaner" in caption.value for caption in at.caption)


def test_search_finds_the_factors_and_the_plans(both_db):
    index = build_index(opened(both_db))
    first = search(index, "10-faktor")[0].entry
    assert first.label.endswith("(10-FAKTOR)") and first.page == "pages/tifaktor.py"
    leadership = search(index, "mestringsorientert ledelse")[0].entry
    assert leadership.params == (("indikator", "tifaktor_mestringsorientert_ledelse"), ("til", "indikator"))
    plans = [hit.entry for hit in search(index, "kompetanseplan sortland")]
    sortland = next(entry for entry in plans if entry.kind == "plan")
    assert sortland.label == "Kompetanseplaner: Sortland (2025, 4 registrert)"
    assert (sortland.page, sortland.params) == (
        "pages/kompetanseplaner.py",
        (("region", "Vesterålen"), ("planaar", "2025")),
    )
    by_priority = {hit.entry.label for hit in search(index, "velferdsteknologi")}
    assert "Kompetanseplaner: Sortland (2025, 4 registrert)" in by_priority


def test_presentasjon_offers_a_view_for_each_and_the_meeting_pack_has_their_slides(both_db):
    database = opened(both_db)
    assert {"tifaktor", "planer"} <= set(available_views(database))
    region = find_region(all_regions(database), "Vesterålen")
    tifaktor, plans = build_views(database, region, 2025, ("tifaktor", "planer"))
    assert tifaktor.heading == "10-FAKTOR: de ti faktorene side om side, 2025"
    assert tifaktor.headline.startswith("Vesterålen 2025: lavest er Mestringsorientert ledelse 3,9")
    assert plans.headline.startswith("3 av 5 registrerte planer er oppdatert (60,0\u00a0%)")
    deck = Presentation(io.BytesIO(meeting_pack(database, region, 2025)))
    titles = [slide.shapes[0].text_frame.text for slide in deck.slides]
    assert titles[-2:] == [
        "10-FAKTOR: de ti faktorene side om side, 2025",
        "Kompetanseplaner 2025: dekning side om side",
    ]
    assert all(any(shape.shape_type == 13 for shape in slide.shapes) for slide in list(deck.slides)[-2:])


def test_a_region_without_results_or_plans_gets_no_such_slides_in_its_pack(both_db):
    database = opened(both_db)
    region = find_region(all_regions(database), "Lofoten")
    deck = Presentation(io.BytesIO(meeting_pack(database, region, 2025)))
    titles = [slide.shapes[0].text_frame.text for slide in deck.slides]
    assert not any(title.startswith(("10-FAKTOR", "Kompetanseplaner")) for title in titles)
    tifaktor, plans = build_views(
        database, region, 2025, ("tifaktor", "planer")
    )  # chosen by hand: it says so
    assert tifaktor.headline == "Ingen 10-FAKTOR-resultater er importert for Lofoten ennå."
    assert plans.headline == "Ingen kompetanseplaner er registrert for Lofoten ennå."


def test_om_dataene_names_the_survey_s_anonymity_limit(both_db):
    at = open_page("om_dataene")
    facts = {line.split(" · ")[0]: line.split(" · ") for line in om_dataene_fact_lines(at)}
    assert "Skjerming: færre enn 5 svar skjules" in facts["Id: tifaktor_mestringstro"]
    assert "Enhet: skår 1–5" in facts["Id: tifaktor_mestringstro"]


def test_the_factor_heat_maps_and_the_plan_charts_are_described_by_their_own_figures(both_template):
    from datetime import date

    from test_text_alternatives import FIGURE

    from kompetanse.views.kompetanseplaner import plans_view
    from kompetanse.views.tifaktor import tifaktor_view

    database = opened(both_template)
    try:
        region = find_region(all_regions(database), "Vesterålen")
        _profile, factor_panels = tifaktor_view(database, region, None)
        plan_panels = plans_view(database, region, 2025, date(2025, 12, 1)).panels
        charted = [panel for panel in [*factor_panels, *plan_panels] if panel.charts]
        assert len(charted) == 4  # the scores, the change, the plans' grid and their priorities
        for panel in charted:
            (chart,) = panel.charts
            said = chart.description.split(". ", 1)[1]
            said = re.sub(r"\d+ tall (skjult av personvernhensyn|mangler) \(«[:.]+»\)", "", said)  # counts
            assert "høyest med" in said or "flest med" in said, chart.description
            cells = " ".join(str(value) for row in panel.table.rows() for value in row if value is not None)
            for figure in FIGURE.findall(said.replace("2025", "")):
                assert figure in cells, (panel.key, figure, chart.description)
    finally:
        database.close()
