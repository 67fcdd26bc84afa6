"""Quick lookups: search that forgives typos and missing æøå, the Kommuneprofil and Om dataene."""

import pytest
from test_app_pages import NBSP, open_page, specs

from kompetanse.rules.formatting import plain_text
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


def profile_rows(at) -> dict[str, dict]:
    """Every row of Kommuneprofil's tables (one per theme), by indicator."""
    return {row["Indikator"]: row for table in at.dataframe for row in table.value.to_dict("records")}


def om_dataene_fact_lines(at) -> list[str]:
    """The facts line ('Id: ... · Enhet: ...') of each indicator's section on Om dataene: the last
    paragraph of the text under its heading."""
    lines = [text.value.rsplit("\n\n", 1)[-1] for text in at.text]
    return [line for line in lines if line.startswith("Id: ")]


def om_dataene_facts(at) -> dict[str, dict[str, str]]:
    """The facts line of each indicator's section on Om dataene, by indicator id."""
    found = {}
    for line in om_dataene_fact_lines(at):
        facts = dict(part.split(": ", 1) for part in line.split(" · "))
        found[facts["Id"]] = facts
    return found


def test_kommuneprofil_shows_every_indicator_beside_region_and_country_with_its_place(app_db):
    at = open_page("kommuneprofil", kommune="1866")
    assert at.title[0].value == "Kommuneprofil: Hadsel"
    assert "Vesterålen (SSB-region)" in at.markdown[0].value
    rows = profile_rows(at)
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
    rows = profile_rows(at)
    assert rows["Ansatte i heltidsstilling"]["Verdi"] == ":"
    assert rows["Ansatte i heltidsstilling"]["Merknad"].startswith(
        "Skjult for å hindre at små tall kan kjennes igjen"
    )


def test_om_dataene_lists_each_indicator_with_source_years_and_example_status(app_db):
    at = open_page("om_dataene")
    rows = om_dataene_facts(at)
    assert rows["innbyggere"]["Kilde"].startswith("SSB tabell 07459")
    assert rows["innbyggere"]["År"] == "2005–2026" and rows["innbyggere"]["Eksempeldata"] == "ingen"
    assert rows["lederopplaering_andel"]["Eksempeldata"] == "alle"
    assert rows["heltid_andel"]["Eksempeldata"] == "ingen"
    assert rows["heltid_andel"]["Skjerming"] == "nevner under 10 skjules"
    assert rows["heltid_andel"]["Sist importert"] != ""
    assert rows["heltid_andel"]["Antall verdier"] == "6"  # tests/fixtures/observasjoner.csv
    assert any("«:» betyr at tallet er skjult" in markdown.value for markdown in at.markdown)


# Search lands where the answer is (issue 15, item 10)


def test_a_project_hit_opens_tiltak_og_resultater_with_that_entry(index):
    hit = search(index, "temamøter")[0]
    assert hit.entry.page == "pages/tiltak.py"
    assert hit.entry.params == (("region", "Kristiansund"), ("oppforing", "kristiansund-temamoter"))


def test_tiltak_og_resultater_opened_from_a_hit_shows_that_entry_only(app_db):
    at = open_page("tiltak", region="Kristiansund", oppforing="kristiansund-temamoter")
    assert len(at.subheader) == 1 and at.subheader[0].value.startswith(plain_text("Kristiansund: temamøter"))
    next(button for button in at.button if button.label == "Vis alle oppføringer").click().run()
    assert "oppforing" not in at.query_params


def test_an_entry_for_no_region_is_shown_from_its_hit_too(app_db):
    at = open_page("tiltak", oppforing="arbeidsgiverstrategi-2018-ukjent-kommune")
    assert len(at.subheader) == 1 and at.subheader[0].value.startswith(
        plain_text("Arbeidsgiver- og kompetansestrategi")
    )


def test_a_programme_count_hit_opens_that_indicator(index, app_db):
    hit = search(index, "Deltakere i Rett Kurs")[0]
    assert hit.entry.label == "Deltakere i Rett Kurs! (Lederutvikling)"
    params = dict(hit.entry.params)
    assert (hit.entry.page, params["indikator"]) == ("pages/lederutvikling.py", "rett_kurs_deltakere")
    at = open_page("lederutvikling", **params)
    pills = next(pill for pill in at.get("button_group") if pill.proto.label == "Velg indikator")
    assert "Deltakere i Rett Kurs!" in [option.content for option in pills.proto.options]
    titles = [spec["title"]["text"] for spec in specs(at) if isinstance(spec.get("title"), dict)]
    assert any(title.startswith("Deltakere i Rett Kurs!, ") for title in titles)


def test_an_indicator_hit_scrolls_to_the_indicator_section_once(index, app_db):
    hit = next(hit for hit in search(index, "fagbrev") if hit.entry.page == "pages/kompetansegap.py")
    params = dict(hit.entry.params)
    assert params == {"indikator": "fagbrev_andel_helse", "til": "indikator"}
    at = open_page("kompetansegap", **params)
    scripts = [element.proto.body for element in at.get("html") if "scrollIntoView" in element.proto.body]
    assert len(scripts) == 1 and ".st-key-indikatorer" in scripts[0]
    assert "til" not in at.query_params and at.query_params["indikator"] == "fagbrev_andel_helse"
    at.run()
    assert not [element for element in at.get("html") if "scrollIntoView" in element.proto.body]


# Smaller screens (issue 15, item 11)


def test_kommuneprofil_has_a_table_per_theme_each_showing_all_its_rows(app_db):
    at = open_page("kommuneprofil", kommune="1866")
    themes = [header.value for header in at.subheader]
    assert themes == ["Kompetansegap", "Lederutvikling", "Rekruttering", "Befolkning"]
    assert len(at.dataframe) == len(themes)  # each as tall as its rows (checked in Chromium)
    rows = profile_rows(at)
    assert "Barnehagelærere i grunnbemanningen" in rows and "Innbyggere" in rows
    assert "Tema" not in next(iter(rows.values()))


def test_om_dataene_has_a_section_per_indicator_with_its_whole_definition(app_db):
    at = open_page("om_dataene")
    database = Database(app_db)
    catalogue = database.query("indicator_catalogue")
    database.close()
    assert not [frame for frame in at.dataframe if "Definisjon" in frame.value.columns]  # no wide table
    assert [header.value for header in at.subheader] == catalogue["name"].to_list()
    sections = [text.value.split("\n\n") for text in at.text]  # definition, then the facts
    definitions = {parts[0] for parts in sections if len(parts) == 2 and parts[1].startswith("Id: ")}
    assert set(catalogue["definition"].to_list()) <= definitions


def test_a_second_link_to_the_same_page_opens_what_it_points_at(app_db):
    at = open_page("kommuneprofil", kommune="1868")
    assert at.title[0].value == "Kommuneprofil: Øksnes"
    at.query_params["kommune"] = "1866"  # a second search hit, while the page remembers Øksnes
    at.run()
    assert at.title[0].value == "Kommuneprofil: Hadsel"
    next(box for box in at.selectbox if box.label == "Kommune").select("1870").run()
    assert at.title[0].value == "Kommuneprofil: Sortland" and at.query_params["kommune"] == "1870"
