"""Quick lookups: search that forgives typos and missing æøå, the Kommuneprofil and Om dataene."""

import pytest
from test_app_pages import NBSP, open_page

from kompetanse.store.db import Database
from kompetanse.views.search import build_index, search


@pytest.fixture(scope="module")
def index(standard_db):
    database = Database(standard_db)
    yield build_index(database)
    database.close()


@pytest.mark.parametrize(
    "query, first_hit",
    [
        ("oksnes", "Øksnes kommune (Vesterålen, Nordland)"),
        ("Øksnes", "Øksnes kommune (Vesterålen, Nordland)"),
        ("lodingen", "Lødingen kommune (Vesterålen, Nordland)"),
        ("bo i vesteralen", "Bø kommune (Vesterålen, Nordland)"),
        ("sarpsbrog", "Sarpsborg kommune (Fredrikstad/Sarpsborg, Østfold)"),
        ("tromso", "Tromsø kommune (Tromsø, Troms)"),
        ("vesteralen", "Vesterålen (region, 6 kommuner)"),
        ("sykefravær", "Sykefravær (Rekruttering)"),
        ("sykefravaer", "Sykefravær (Rekruttering)"),
        ("heltid", "Ansatte i heltidsstilling (Rekruttering)"),
        ("temamøter", "Tiltak: Kristiansund: temamøter"),
    ],
)
def test_search_finds_what_people_mean(index, query, first_hit):
    hits = search(index, query)
    assert hits and hits[0].entry.label.startswith(first_hit)


def test_search_for_fagbrev_finds_both_fagbrev_indicators(index):
    labels = [hit.entry.label for hit in search(index, "fagbrev")[:2]]
    assert set(labels) == {
        "Beståtte fagprøver (Rekruttering)",
        "Årsverk med fagbrev i omsorgstjenestene (Kompetansegap)",
    }


def test_search_for_nonsense_finds_nothing(index):
    assert search(index, "xqzv") == []


def test_a_hit_links_to_its_view(index):
    hit = search(index, "oksnes")[0]
    assert (hit.entry.page, hit.entry.params) == ("pages/kommuneprofil.py", (("kommune", "1868"),))


def test_the_sidebar_search_lists_links(app_db):
    at = open_page()
    at.sidebar.text_input[0].input("lodingen").run()
    links = at.get("page_link")
    assert links[0].proto.label == "Lødingen kommune (Vesterålen, Nordland)"


def test_kommuneprofil_shows_every_indicator_beside_region_and_country_with_its_place(app_db):
    at = open_page("kommuneprofil", kommune="1866")
    assert at.title[0].value == "Kommuneprofil: Hadsel"
    assert "Vesterålen (SSB-region)" in at.markdown[0].value
    rows = {row["Indikator"]: row for row in at.dataframe[0].value.to_dict("records")}
    teachers = rows["Barnehagelærere i grunnbemanningen"]
    assert (teachers["År"], teachers["Verdi"], teachers["Regionen"], teachers["Plass i regionen"]) == (
        "2024",
        f"75,0{NBSP}%",
        f"60,0{NBSP}%",
        "1 av 6",
    )
    assert teachers["Landet"] == f"60,0{NBSP}%"  # KOSTRA: the country without Oslo
    assert list(teachers["Utvikling"]) == [75.0]
    assert rows["Innbyggere"]["Regionen"] == ""  # a count is not compared with the region's total
    assert any("Vesterålen" in expander.label for expander in at.expander)


def test_kommuneprofil_hides_small_numbers_there_too(app_db):
    at = open_page("kommuneprofil", kommune="1867")
    rows = {row["Indikator"]: row for row in at.dataframe[0].value.to_dict("records")}
    assert rows["Ansatte i heltidsstilling"]["Verdi"] == ":"
    assert rows["Ansatte i heltidsstilling"]["Merknad"].startswith(
        "Skjult for å hindre at små tall kan kjennes igjen"
    )


def test_om_dataene_lists_each_indicator_with_source_years_and_example_status(app_db):
    at = open_page("om_dataene")
    rows = {row["Id"]: row for row in at.dataframe[0].value.to_dict("records")}
    assert rows["innbyggere"]["Kilde"].startswith("SSB tabell 07459")
    assert rows["innbyggere"]["År"] == "2005–2026" and rows["innbyggere"]["Eksempeldata"] == "ingen"
    assert rows["lederopplaering_andel"]["Eksempeldata"] == "alle"
    assert rows["heltid_andel"]["Eksempeldata"] == "ingen"
    assert rows["heltid_andel"]["Skjerming"] == "nevner under 10 skjules"
    assert rows["heltid_andel"]["Sist importert"] != ""
    assert any("«:» betyr at tallet er skjult" in markdown.value for markdown in at.markdown)
