"""The theme pages and Sammenlign in the real app (AppTest), on the fixture database.

Fixture values (tests/fixtures/observasjoner.csv, 2024, Vesterålen) are chosen so that every rule
shows: a region value from numerators and denominators, a hidden small number, a missing value.
What secondary suppression and an editor's own unhidden numbers look like is in test_privacy_views.py.
"""

import json
from datetime import datetime

import pytest
from conftest import ADMIN, PASSWORD
from streamlit.testing.v1 import AppTest

from kompetanse.store.db import open_database
from kompetanse.store.writing import write_transaction
from kompetanse.views.targets import Target, set_target

NBSP = "\u00a0"


def open_page(page: str | None = None, **query: str) -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, at.exception
    return at


def log_in(at: AppTest, username: str = "redaktor", password: str = PASSWORD) -> AppTest:
    """Type a name and password into the login form in the sidebar and submit it."""
    next(field for field in at.text_input if field.label == "Brukernavn").input(username)
    next(field for field in at.text_input if field.label == "Passord").input(password)
    return next(button for button in at.button if button.label == "Logg inn").click().run()


def rows_of(at: AppTest, index: int, key: str = "Kommune") -> dict[str, dict[str, str]]:
    return {row[key]: row for row in at.dataframe[index].value.to_dict("records")}


def specs(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("vega_lite_chart")]


def badges(at: AppTest) -> int:
    return sum("Eksempeldata" in markdown.value for markdown in at.markdown)


# Kompetansegap


def test_kompetansegap_says_how_many_preschool_teacher_fte_the_region_is_short(app_db):
    at = open_page("kompetansegap")
    gap = rows_of(at, 0)
    assert gap["Sortland"] == {
        "Kommune": "Sortland",
        "Kreves": "30,0",
        "Har": "27,0",
        "Mangler": "3,0",
        "Dekket": f"90,0{NBSP}%",
    }
    assert gap["Hadsel"]["Mangler"] == "0,0"  # a surplus in Hadsel does not cover Sortland's shortfall
    assert gap["Vesterålen (regionen)"]["Mangler"] == "7,0"
    assert gap["Vesterålen (regionen)"]["Kreves"] == "95,0"
    assert any("Vesterålen mangler 7,0 årsverk i 2024" in m.value for m in at.markdown)


def test_kompetansegap_shows_the_chosen_indicator_with_its_region_value_from_fractions(app_db):
    at = open_page("kompetansegap", indikator="barnehagelaerer_andel")
    detail = rows_of(at, 3)
    region = detail["Vesterålen (regionen)"]
    assert (region["Verdi"], region["Teller"], region["Nevner"]) == (f"60,0{NBSP}%", "90,0", "150,0")
    assert detail["Landet uten Oslo"]["Verdi"] == f"60,0{NBSP}%"
    assert detail["Andøy"]["Endring fra 2023"] == "+10,0"


def test_kompetansegap_draws_bars_a_map_and_a_trend_for_the_indicator(app_db):
    at = open_page("kompetansegap", indikator="barnehagelaerer_andel")
    titles = [spec["title"]["text"] for spec in specs(at)]
    assert titles[1:] == [
        "Barnehagelærere i grunnbemanningen, 2024",
        "Barnehagelærere i grunnbemanningen, 2024",
        "Barnehagelærere i grunnbemanningen: utvikling",
    ]
    map_spec = specs(at)[2]
    assert map_spec["layer"][0]["data"]["url"] == "app/static/kommuner-2024.topo.json"  # served once
    drawn = map_spec["layer"][0]["transform"][0]["from"]["data"]["values"]
    assert sorted(row["name"] for row in drawn) == ["Andøy", "Bø", "Hadsel", "Lødingen", "Sortland", "Øksnes"]


# Lederutvikling


def test_lederutvikling_shows_programmes_with_completion_and_hides_small_counts(app_db):
    at = open_page("lederutvikling")
    programmes = rows_of(at, 0)
    assert programmes["Hadsel"]["Rett Kurs!: fullføringsgrad"] == f"90,0{NBSP}%"
    assert programmes["Bø"]["Rett Kurs!: deltakere"] == ":"
    assert programmes["Bø"]["Rett Kurs!: fullføringsgrad"] == ":"
    region = programmes["Vesterålen (regionen)"]
    assert (region["Rett Kurs!: deltakere"], region["Rett Kurs!: fullført"]) == ("44", "35")
    assert region["Rett Kurs!: fullføringsgrad"] == f"79,5{NBSP}%"


def test_lederutvikling_shows_progress_towards_the_regional_target(app_db):
    database = open_database(app_db)
    set_target(database, Target("18009", "ledere_fullfort", 150, datetime.now().year + 1), user=ADMIN)
    database.close()
    at = open_page("lederutvikling")
    progress = at.get("progress")
    assert len(progress) == 1
    assert progress[0].proto.text.startswith("100 av 150 (66,7\u00a0%) i 2024")


def test_setting_a_target_needs_a_login(app_db):
    at = open_page("lederutvikling")
    assert any("Logg inn" in info.value and "sette mål" in info.value for info in at.info)
    assert not [button for button in at.button if button.label == "Lagre mål"]


def test_an_editor_of_the_region_logs_in_and_sets_a_target(app_db):
    at = open_page("lederutvikling")
    log_in(at, "redaktor", "feil-passord")
    assert any(error.value == "Feil brukernavn eller passord." for error in at.error)
    log_in(at)
    next(field for field in at.number_input if field.label == "Mål").set_value(200.0)
    next(b for b in at.button if b.label == "Lagre mål").click().run()
    assert not at.exception
    assert at.get("progress")[0].proto.text.startswith("100 av 200")


# Rekruttering


def test_rekruttering_hides_a_share_with_a_small_denominator_and_marks_a_missing_one(app_db):
    at = open_page("rekruttering", indikator="heltid_andel")
    table = rows_of(at, 0)
    assert table["Bø"]["Verdi"] == ":"
    assert table["Bø"]["Teller"] == ":" and table["Bø"]["Nevner"] == ":"
    assert table["Bø"]["Merknad"] == "Skjult for å hindre at små tall kan kjennes igjen."
    assert table["Øksnes"]["Verdi"] == ".."
    # the region counts Bø's figures: hiding is for display, the sum over sum stays right
    assert table["Vesterålen (regionen)"]["Verdi"] == f"45,6{NBSP}%"  # 104 / 228
    assert table["Andøy"]["Endring fra 2023"] == "+4,0"
    assert table["Andøy"]["Mot regionen"] == "-5,6"
    assert badges(at) == 0  # official-style test data, not example data


def test_rekruttering_compares_apprentices_per_1000_with_the_ks_recommendation(app_db):
    at = open_page("rekruttering", indikator="laerlinger_per_1000_innbyggere")
    bar = specs(at)[0]
    rules = [layer for layer in bar["layer"] if layer["mark"]["type"] == "rule"]
    labels = [value["label"] for value in rules[0]["data"]["values"]]
    assert labels == ["Vesterålen", "Landet", "KS-anbefaling: 2 per 1000"]
    assert rows_of(at, 0)["Vesterålen (regionen)"]["Verdi"] == "2,6"  # 84 / 32 000 * 1000


def test_example_data_on_a_theme_page_carries_the_badge(app_db):
    at = open_page("lederutvikling", indikator="lederopplaering_andel")
    assert badges(at) >= 1
    assert "Eksempeldata" in specs(at)[-1]["title"]["subtitle"]


# Sammenlign


def test_sammenlign_ranks_municipalities_from_different_regions(app_db):
    at = open_page("sammenlign", utvalg="1866,0301", indikatorer="barnehagelaerer_andel", aar="2024")
    table = rows_of(at, 0, key="Indikator")["Barnehagelærere i grunnbemanningen (prosent)"]
    assert table["Hadsel"] == f"75,0{NBSP}% (1.)"
    assert table["Oslo"] == f"50,0{NBSP}% (2.)"
    assert table["Landet"] == f"60,0{NBSP}% (uten Oslo)"
    places = rows_of(at, 1, key="Indikator")["Barnehagelærere i grunnbemanningen (prosent)"]
    assert (places["Hadsel"], places["Oslo"]) == ("1 av 7", "4 av 7")
    panels = specs(at)[0]
    assert panels["facet"]["field"] == "panel"


def test_sammenlign_asks_for_two_to_eight_municipalities(app_db):
    at = open_page("sammenlign", utvalg="1866", indikatorer="barnehagelaerer_andel")
    assert any("Velg mellom 2 og 8 kommuner" in warning.value for warning in at.warning)


# Filters in the URL


def test_a_link_with_filters_reproduces_the_view(app_db):
    at = open_page(
        "rekruttering",
        region="vesteralen",
        aar="2023",
        kommuner="1871,1866",
        tiltak="1",
        indikator="heltid_andel",
    )
    assert at.sidebar.selectbox[1].value == 2023
    assert at.sidebar.multiselect[0].value == ["1871", "1866"]
    assert at.sidebar.toggle[0].value is True
    assert set(rows_of(at, 0)) == {"Andøy", "Hadsel", "Vesterålen (regionen)", "Landet"}
    assert rows_of(at, 0)["Andøy"]["Verdi"] == f"36,0{NBSP}%"
    assert at.query_params["aar"] == "2023" and at.query_params["kommuner"] == "1871,1866"


def test_changing_filters_updates_the_url(app_db):
    at = open_page("rekruttering", indikator="heltid_andel")
    assert "kommuner" not in at.query_params  # all municipalities: nothing to say
    at.sidebar.selectbox[1].select(2023).run()
    at.sidebar.multiselect[0].set_value(["1866", "1870"]).run()
    at.sidebar.toggle[0].set_value(True).run()
    assert at.query_params["aar"] == "2023"
    assert at.query_params["kommuner"] == "1866,1870"
    assert at.query_params["tiltak"] == "1"
    assert at.query_params["indikator"] == "heltid_andel"


def test_filters_are_kept_when_moving_to_another_page(app_db):
    at = open_page("rekruttering", kommuner="1871,1866", aar="2023")
    at.switch_page("pages/kompetansegap.py").run()
    assert at.sidebar.selectbox[1].value == 2023
    assert at.sidebar.multiselect[0].value == ["1871", "1866"]


def test_session_state_does_not_grow_with_the_pages_visited(app_db):
    # Each widget Streamlit draws copies the whole of session state first (to look up its own key),
    # so an entry per remembered value of every page visited would cost every widget on every run.
    fresh = open_page("oversikt")
    entries = len(list(fresh.session_state))
    at = open_page("oversikt", kommuner="1871,1866", aar="2023")
    for page in ("kompetansegap", "lederutvikling", "rekruttering", "framtidig_behov", "tifaktor"):
        at.switch_page(f"pages/{page}.py").run()
    for page in ("kompetanseplaner", "sammenlign", "kommuneprofil", "tiltak", "presentasjon", "oversikt"):
        at.switch_page(f"pages/{page}.py").run()
    assert not at.exception
    assert len(list(at.session_state)) <= entries + 2  # the presentation's suggestions, at most
    at.switch_page("pages/kompetansegap.py").run()  # and what was remembered still holds
    assert at.sidebar.selectbox[1].value == 2023
    assert at.sidebar.multiselect[0].value == ["1871", "1866"]


# Measures as markers on trends


@pytest.fixture
def measure_in_vesteralen(app_db):
    with write_transaction(app_db, by="test", action="tiltak") as con:
        con.execute(
            "insert into project_entry (entry_id, title, region_id, programme, themes, measures_start, "
            "need, goal, measures, result, anchoring, source, origin) values ('test-tiltak', "
            "'Heltidsprosjekt', '18009', 'Egen satsing', ['rekruttering'], 2023, 'b', 'm', 't', 'r', 'f', "
            "'Testkilde', 'redigert')"
        )
    return app_db


def test_measures_can_be_switched_on_as_markers_on_trend_charts(measure_in_vesteralen):
    without = open_page("rekruttering", indikator="heltid_andel")
    assert [layer["mark"]["type"] for layer in specs(without)[2]["layer"]] == ["line", "text"]  # end labels
    with_markers = open_page("rekruttering", indikator="heltid_andel", tiltak="1")
    marker = specs(with_markers)[2]["layer"][1]
    assert marker["mark"]["type"] == "rule"
    assert marker["data"]["values"] == [{"year": 2023, "label": "Vesterålen: Heltidsprosjekt"}]


def test_kompetansegap_counts_the_employees_without_relevant_further_education(app_db):
    at = open_page("kompetansegap")
    further = rows_of(at, 2)
    assert further["Andøy"] == {
        "Kommune": "Andøy",
        "I alt": "40",
        "Har": "12",
        "Har ikke": "28",
        "Andel som har": f"30,0{NBSP}%",
        "Merknad": "",
    }
    assert further["Bø"]["Har ikke"] == ":"  # 9 employees: too few to show
    assert further["Hadsel"]["I alt"] == ".."


def test_every_chart_and_table_on_a_theme_page_offers_png_svg_and_excel(app_db):
    at = open_page("rekruttering", indikator="heltid_andel")
    labels = [button.proto.label for button in at.get("download_button")]
    # bars, map, trend, table, and the whole series behind them
    assert labels == [
        "PNG",
        "SVG",
        "PNG",
        "SVG",
        "PNG",
        "SVG",
        "Excel",
        "Tidsserie (Excel)",
        "Tidsserie (CSV)",
    ]


def test_the_home_page_offers_the_meeting_pack(app_db):
    at = open_page()
    labels = [button.proto.label for button in at.get("download_button")]
    assert labels[0] == "Last ned møtepakke (PowerPoint)"
    assert labels.count("PNG") == 3 and labels.count("Excel") == 3


# Presentasjon


def test_presentation_setup_lists_the_chosen_views_with_editable_takeaways(app_db):
    at = open_page("presentasjon", visninger="bar:barnehagelaerer_andel,programmes")
    assert at.title[0].value == "Presentasjon: Vesterålen"
    fields = {field.label: field.value for field in at.text_input}
    assert fields["Kompetansegap: Barnehagelærere i grunnbemanningen"].startswith("Vesterålen: 60,0\u00a0%")
    assert "Lederutvikling: lederprogrammer" in fields
    assert at.query_params["visninger"] == "bar:barnehagelaerer_andel,programmes"


def test_presentation_steps_through_the_slides_and_keeps_the_place_in_the_url(app_db):
    at = open_page("presentasjon", visninger="bar:barnehagelaerer_andel,programmes")
    next(field for field in at.text_input if field.label.startswith("Kompetansegap")).input(
        "Vi mangler folk."
    )
    next(b for b in at.button if b.label == "Start presentasjon").click().run()
    assert at.title[0].value == "Kompetanse og rekruttering: Vesterålen"
    assert at.query_params["lysbilde"] == "0"
    next(b for b in at.button if b.label == "Neste").click().run()
    assert at.title[0].value == "Kompetansegap: Barnehagelærere i grunnbemanningen"
    assert any(text.value == "Vi mangler folk." for text in at.text)  # as text: no Markdown, no HTML
    assert len(at.get("vega_lite_chart")) == 1
    next(b for b in at.button if b.label == "Neste").click().run()
    assert at.title[0].value == "Lederutvikling: lederprogrammer"
    assert next(b for b in at.button if b.label == "Neste").disabled
    next(b for b in at.button if b.label == "Avslutt").click().run()
    assert at.title[0].value == "Presentasjon: Vesterålen"
    assert "lysbilde" not in at.query_params


def test_a_link_to_a_slide_opens_that_slide(app_db):
    at = open_page("presentasjon", visninger="programmes,bar:laerlinger_per_1000_innbyggere", lysbilde="2")
    assert at.title[0].value == "Rekruttering: Lærlinger per 1000 innbyggere"
