"""Nynorsk on Lederutvikling, Rekruttering, 10-FAKTOR and Kompetanseplaner (issue 17): each page with
?maal=nn shows nynorsk headings and none of the bokmål tell-tale words in what this slice translated,
and with ?maal=nb it is as before."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from conftest import PASSWORD, opened
from test_kompetanseplaner import TODAY
from test_nynorsk import NYNORSK_ONLY, deck_texts, page_texts, run_page, tell_tales
from test_tifaktor_tieins import both_template  # noqa: F401 (fixture: the same rounds and plans)

from kompetanse.i18n import using_language
from kompetanse.i18n.scan import untranslated_modules
from kompetanse.rules.regions import all_regions, find_region
from kompetanse.sources.example_tifaktor import example_plans, plan_content
from kompetanse.views.plan_records import PlanRecord, check_plan
from kompetanse.views.presentasjon import meeting_pack


@pytest.fixture
def both_db(both_template, tmp_path, monkeypatch) -> Path:  # noqa: F811 (the fixture)
    import streamlit as st

    path = tmp_path / "begge.duckdb"
    shutil.copyfile(both_template, path)
    monkeypatch.setenv("KOMPETANSE_DB", str(path))
    st.cache_data.clear()
    st.cache_resource.clear()
    return path


def nynorsk_words(texts: list[str]) -> list[str]:
    return [word for word in NYNORSK_ONLY if any(re.search(rf"\b{word}\b", t) for t in texts)]


def chart_specs(at) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("vega_lite_chart")]


def chart_titles(at) -> list[str]:
    found = []
    for spec in chart_specs(at):
        title = spec.get("title")
        found.append(title.get("text") if isinstance(title, dict) else title)
    return [str(title) for title in found]


# --- Lederutvikling and Rekruttering ---------------------------------------------------------------


def test_lederutvikling_in_nynorsk_shows_the_leader_programmes_without_a_bokmal_word(app_db):
    at = run_page("lederutvikling", {"maal": "nn"})
    assert at.title[0].value == "Leiarutvikling: Vesterålen"
    assert at.markdown[0].value == "Får leiarane opplæringa dei treng, og når regionen målet sitt?"
    assert "Leiarprogram" in [header.value for header in at.header]
    columns = list(map(str, at.dataframe[0].value.columns))
    assert columns[:4] == [
        "Kommune",
        "Rett Kurs!: deltakarar",
        "Rett Kurs!: fullført",
        "Rett Kurs!: fullføringsgrad",
    ]
    programme = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    assert programme["title"]["text"] == "Leiarprogram: deltakarar og fullført, 2024"
    assert programme["description"].startswith("Søylediagram: Leiarprogram: deltakarar og fullført, 2024.")
    footnote = next(caption.value for caption in at.caption if caption.value.startswith("Deltakarar:"))
    # The indicator section below the programmes shows catalogue texts of indicators another slice
    # translates, so the parts this slice translated are checked.
    assert (
        tell_tales([at.title[0].value, at.markdown[0].value, *columns, footnote, json.dumps(programme)]) == {}
    )


def test_lederutvikling_in_bokmal_is_as_before(app_db):
    at = run_page("lederutvikling", {"maal": "nb"})
    assert at.title[0].value == "Lederutvikling: Vesterålen"
    assert "Lederprogrammer" in [header.value for header in at.header]
    assert list(map(str, at.dataframe[0].value.columns))[1] == "Rett Kurs!: deltakere"
    programme = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    assert programme["title"]["text"] == "Lederprogrammer: deltakere og fullført, 2024"
    footnote = next(caption.value for caption in at.caption if caption.value.startswith("Deltakere:"))
    assert footnote.endswith("Kilde: egen innsamling i nettverket.")
    assert nynorsk_words([at.title[0].value, footnote, json.dumps(programme)]) == []


def test_rekruttering_in_nynorsk_has_a_nynorsk_title_and_introduction(app_db):
    at = run_page("rekruttering", {"maal": "nn"})
    assert at.title[0].value == "Rekruttering: Vesterålen"
    assert at.markdown[0].value.startswith("Får kommunane tak i og held dei på folk?")
    assert tell_tales([at.markdown[0].value]) == {}


def test_rekruttering_in_bokmal_is_as_before(app_db):
    at = run_page("rekruttering", {"maal": "nb"})
    assert at.markdown[0].value == (
        "Får kommunene tak i og beholder de folk? Lærlinger vises også per 1000 innbyggere mot KS' "
        "anbefaling om minst 2."
    )


# --- 10-FAKTOR ---------------------------------------------------------------------------------------


def table_texts(at, *indexes: int) -> list[str]:
    texts = []
    for index in indexes:
        frame = at.dataframe[index].value
        texts += [str(column) for column in frame.columns]
        texts += [str(cell) for row in frame.astype(str).values.tolist() for cell in row]
    return texts


def test_tifaktor_in_nynorsk_shows_the_factors_side_by_side_and_the_change_without_a_bokmal_word(both_db):
    at = run_page("tifaktor", {"maal": "nn", "region": "vesteralen"})
    assert at.title[0].value == "10-FAKTOR: Vesterålen"
    assert [header.value for header in at.header] == [
        "Dei ti faktorane side om side, 2025",
        "Endring sidan førre runde (2023 → 2025)",
        "Per tenesteområde og eining",
        "Kvar faktor over tid",
    ]
    assert at.markdown[1].value == "**★ markerer faktorane som strategien byggjer leiarutviklinga på.**"
    assert chart_titles(at)[:2] == [
        "10-FAKTOR 2025: dei ti faktorane side om side",
        "Endring frå 2023 til 2025",
    ]
    side_by_side, change = at.caption[0].value, at.caption[1].value
    assert side_by_side.startswith(
        "Runde 2025, samanlikna med 2023. Skår: gjennomsnittet av svara frå dei tilsette"
    )
    assert "Kjelde: KS, medarbeidarundersøkinga 10-FAKTOR" in side_by_side
    assert change.startswith("Endring i skår (poeng på skalaen 1–5) frå førre runde.")
    assert "Tal på svar" in at.dataframe[0].value["Faktor"].to_list()
    # «Kvar faktor over tid» shows the factors' catalogue texts (definitions), which another slice
    # translates; everything above it is this slice's.
    shown = [at.title[0].value, *[h.value for h in at.header], *[m.value for m in at.markdown], side_by_side]
    shown += [change, *table_texts(at, 0, 1), *[json.dumps(spec) for spec in chart_specs(at)[:2]]]
    assert tell_tales(shown) == {}


def test_tifaktor_in_bokmal_is_as_before(both_db):
    at = run_page("tifaktor", {"maal": "nb", "region": "vesteralen"})
    assert [header.value for header in at.header][:2] == [
        "De ti faktorene side om side, 2025",
        "Endring siden forrige runde (2023 → 2025)",
    ]
    assert chart_titles(at)[:2] == [
        "10-FAKTOR 2025: de ti faktorene side om side",
        "Endring fra 2023 til 2025",
    ]
    assert at.caption[0].value.startswith(
        "Runde 2025, sammenlignet med 2023. Skår: gjennomsnittet av de ansattes"
    )
    assert "Antall svar" in at.dataframe[0].value["Faktor"].to_list()
    assert nynorsk_words([at.caption[0].value, *table_texts(at, 0, 1)]) == []


# --- Kompetanseplaner --------------------------------------------------------------------------------


def test_kompetanseplaner_in_nynorsk_shows_coverage_priorities_and_records_without_a_bokmal_word(both_db):
    at = run_page("kompetanseplaner", {"maal": "nn", "region": "vesteralen"})
    assert at.title[0].value == "Kompetanseplanar: Vesterålen"
    assert [header.value for header in at.header] == [
        "Dekning side om side, 2025",
        "Prioriterte kompetansar",
        "Registrerte planar",
    ]
    assert (
        at.markdown[1].value
        == "**3 av 5 registrerte planar er oppdaterte (60,0\u00a0%); 1 einingar har ingen plan.**"
    )
    coverage, priorities, records = (list(map(str, frame.value.columns)) for frame in at.dataframe)
    assert coverage[-5:] == ["Oppdatert", "Utdatert", "Manglar plan", "Registrert", "Del oppdaterte"]
    assert priorities == ["Kompetanse", "Planar", "Kommunar"]
    assert records[:3] == ["Kommune", "Tenesteområde", "Eining"]
    assert "Ikkje registrert" in at.dataframe[0].value["Barnehage"].to_list()
    assert chart_titles(at) == [
        "Kompetanseplanar 2025: status per kommune og tenesteområde",
        "Prioriterte kompetansar som går att i Vesterålen, 2025",
    ]
    assert [e.label for e in at.expander][0] == "Registrer ein kompetanseplan (for redaktørar)"
    assert "Kjelde: registreringane til kommunane i appen." in at.caption[1].value
    assert "Skule og SFO" in coverage and "Skule og SFO" in at.dataframe[2].value["Tenesteområde"].to_list()
    assert tell_tales(page_texts(at)) == {}


def test_kompetanseplaner_in_bokmal_is_as_before(both_db):
    at = run_page("kompetanseplaner", {"maal": "nb", "region": "vesteralen"})
    assert at.title[0].value == "Kompetanseplaner: Vesterålen"
    assert (
        at.markdown[1].value
        == "**3 av 5 registrerte planer er oppdatert (60,0\u00a0%); 1 enheter har ingen plan.**"
    )
    assert list(map(str, at.dataframe[0].value.columns))[-5:] == [
        "Oppdatert",
        "Utdatert",
        "Mangler plan",
        "Registrert",
        "Andel oppdatert",
    ]
    assert list(map(str, at.dataframe[2].value.columns))[:3] == ["Kommune", "Tjenesteområde", "Enhet"]
    assert "hele området" in at.dataframe[2].value["Enhet"].to_list()
    assert "Skole og SFO" in list(map(str, at.dataframe[0].value.columns))
    assert chart_titles(at)[0] == "Kompetanseplaner 2025: status per kommune og tjenesteområde"
    assert nynorsk_words(page_texts(at)) == []


def test_an_editor_records_a_plan_in_nynorsk_and_the_log_stays_in_bokmal(both_db):
    at = run_page("kompetanseplaner", {"maal": "nn", "region": "vesteralen"})
    next(field for field in at.text_input if field.label == "Brukarnamn").input("sortland")
    next(field for field in at.text_input if field.label == "Passord").input(PASSWORD)
    at = next(button for button in at.button if button.label == "Logg inn").click().run()
    labels = [widget.label for widget in (*at.selectbox, *at.number_input, *at.text_input, *at.radio)]
    assert {"Tenesteområde", "Eining (tom = heile området)", "Har dei ein kompetanseplan?"} <= set(labels)
    assert next(radio for radio in at.radio if radio.label.startswith("Har dei")).options == ["Ja", "Nei"]
    # AppTest formats the chosen area with the page's format_func in the test's own thread: in nynorsk.
    with using_language("nn"):
        next(box for box in at.selectbox if box.label == "Tenesteområde").set_value("skole")
        next(year for year in at.number_input if year.label == "Status for år").set_value(2025).run()
        next(field for field in at.date_input if field.label == "Sist revidert").set_value(date(2025, 9, 1))
        next(button for button in at.button if button.label == "Lagre kompetanseplanen").click().run()
    assert [s.value for s in at.success] == ["Kompetanseplanen for 1870 2025 skole er lagra."]
    database = opened(both_db)
    detail = database.sql("select detail from audit_log order by audit_id desc limit 1").item()
    assert detail == "1870 2025 skole: plan revidert 01.09.2025"  # data, not the reader's målform
    source = database.sql("select source from competence_plan where area_id = 'skole'").item()
    assert source.startswith("Registrert i appen av ")


def test_a_plan_is_refused_with_a_nynorsk_reason():
    with using_language("nn"):
        problems = check_plan(PlanRecord(None, 2027, "sykehus", last_revised=None), set(), set(), TODAY)
    assert problems == [
        "Vel kommune.",
        "Året må vere mellom 2000 og 2026.",
        "Vel tenesteområde.",
        "Oppgi når planen sist vart revidert.",
    ]


# --- The meeting pack ------------------------------------------------------------------------------


def test_the_plans_and_tifaktor_slides_are_in_nynorsk(both_db, tmp_path):
    database = opened(both_db)
    region = find_region(all_regions(database), "Vesterålen")
    path = tmp_path / "nn.pptx"
    with using_language("nn"):
        path.write_bytes(meeting_pack(database, region, 2025))
    slides = {texts[0]: texts for texts in deck_texts(path)}
    tifaktor = slides["10-FAKTOR: dei ti faktorane side om side, 2025"]
    plans = slides["Kompetanseplanar 2025: dekning side om side"]
    leaders = slides["Leiarutvikling: leiarprogram"]
    assert any(text.startswith("Vesterålen 2025: lågast er") for text in tifaktor)
    assert any("Oftast prioritert: Digital kompetanse" in text for text in plans)
    assert any(text.startswith("Søylediagram: Leiarprogram: deltakarar og fullført") for text in leaders)
    for texts in (tifaktor, plans, leaders):
        assert tell_tales(texts) == {}


# --- Example content ---------------------------------------------------------------------------------


def test_the_example_plans_take_their_priorities_and_units_from_the_data_file_not_the_code():
    priorities, units = plan_content()
    plans = example_plans()
    named = {text for row in plans["priorities"].to_list() for text in row}
    assert named and named <= {text for pool in priorities.values() for text in pool}
    assert set(plans["unit"]) - {""} <= set(units["helse_og_omsorg"])
    assert "kompetanse/sources/example_tifaktor.py" not in untranslated_modules()


def test_tifaktor_by_service_area_names_the_areas_in_nynorsk(both_db):
    at = run_page("tifaktor", {"maal": "nn", "region": "vesteralen", "kommune": "1870"})
    areas = next(frame.value for frame in at.dataframe if "Skule og SFO" in frame.value.columns)
    assert list(areas.columns)[0] == "Faktor"
    footnote = next(caption.value for caption in at.caption if "per tenesteområde og eining" in caption.value)
    assert footnote.startswith("Runde 2025, per tenesteområde og eining. Resultat med færre enn 5 svar")
    assert tell_tales([footnote, *map(str, areas.columns)]) == {}


def test_an_indicator_table_names_numerator_and_denominator_in_nynorsk(app_db):
    at = run_page("rekruttering", {"maal": "nn", "indikator": "heltid_andel"})
    assert {"Teljar", "Nemnar"} <= set(map(str, at.dataframe[0].value.columns))
    at = run_page("rekruttering", {"maal": "nb", "indikator": "heltid_andel"})
    assert {"Teller", "Nevner"} <= set(map(str, at.dataframe[0].value.columns))
