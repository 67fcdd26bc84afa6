"""Tiltak og resultater: cards filtered by place, theme, programme and text; a validated editor form."""

import pytest
from test_app_pages import log_in, open_page

from kompetanse.rules.formatting import plain_text
from kompetanse.store.db import Database
from kompetanse.views.tiltak import check_entry, entries

GOOD = {
    "title": "Heltidskultur i Øksnes",
    "kommunenummer": "1868",
    "programme": "Egen satsing",
    "themes": ["rekruttering"],
    "need": "For mange små stillinger.",
    "measures": "Turnus med lengre vakter.",
    "goal": "",
    "result": "",
    "anchoring": "",
    "period_start": 2024,
    "measures_start": 2024,
}


@pytest.mark.parametrize(
    "change, message",
    [
        ({"title": ""}, "Tittel mangler."),
        ({"title": "x" * 201}, "Tittelen kan ha høyst 200 tegn."),
        ({"kommunenummer": None}, "Velg en kommune eller en region."),
        ({"need": "  "}, "Behov mangler."),
        ({"measures": "y" * 4001}, "Tiltak kan ha høyst 4000 tegn (har 4001)."),
        ({"themes": []}, "Velg minst ett tema."),
        ({"period_start": 2024, "period_end": 2020}, "Sluttåret kan ikke være før startåret."),
        ({"period_start": 1066}, "Startår må være mellom 1990 og 2100."),
    ],
)
def test_the_entry_form_refuses_incomplete_or_oversized_entries(change, message):
    assert message in check_entry({**GOOD, **change})


def test_a_complete_entry_passes():
    assert check_entry(GOOD) == []


def test_entries_filter_by_region_theme_and_text(fixture_db_template):
    database = Database(fixture_db_template)
    in_vesteralen = entries(database, region_id="18009")
    leaders = entries(database, theme="lederutvikling")
    words = entries(database, text="temamøte")
    database.close()
    assert in_vesteralen["title"].to_list() == [
        "Vesterålen: regionalt løft for ledernes kompetansearbeid, fagbrev i helse og e-læring"
    ]
    assert (
        "Vesterålen: regionalt løft for ledernes kompetansearbeid, fagbrev i helse og e-læring"
        in leaders["title"]
    )
    assert words["kommunenummer"].to_list() == ["1505"]


def test_the_page_shows_the_regions_entries_as_cards(app_db):
    at = open_page("tiltak")
    assert [s.value for s in at.subheader] == [  # as plain text: Markdown's characters escaped
        plain_text("Vesterålen: regionalt løft for ledernes kompetansearbeid, fagbrev i helse og e-læring")
    ]
    assert any(markdown.value == "**Behov**" for markdown in at.markdown)


def test_an_editor_adds_an_entry_and_html_in_it_is_shown_as_text(app_db):
    at = open_page("tiltak")
    log_in(at)
    next(f for f in at.text_input if f.label == "Tittel").input("Heltid i Øksnes")
    next(s for s in at.selectbox if s.label == "Gjelder").select("1868")
    next(m for m in at.multiselect if m.label == "Tema").set_value(["rekruttering"])
    next(a for a in at.text_area if a.label == "Behov").input(
        "<script>alert('x')</script> for mange deltidsstillinger"
    )
    next(a for a in at.text_area if a.label == "Tiltak").input("Lengre vakter")
    next(b for b in at.button if b.label == "Lagre oppføringen").click().run()
    assert at.success[0].value == "Oppføringen er lagret."
    at.run()
    card_texts = [m for m in at.markdown if plain_text("<script>") in m.value]
    assert card_texts and all(not m.proto.allow_html for m in card_texts)
    assert plain_text("Heltid i Øksnes") in [s.value for s in at.subheader]


def test_an_invalid_entry_shows_every_problem_and_saves_nothing(app_db):
    at = open_page("tiltak")
    log_in(at)
    next(b for b in at.button if b.label == "Lagre oppføringen").click().run()
    assert "Tittel mangler." in at.error[0].value and "Behov mangler." in at.error[0].value
    database = Database(app_db)
    assert database.sql("select count(*) from project_entry where origin = 'redigert'").item() == 0
    database.close()


def test_an_editor_edits_an_entry_and_a_rebuild_keeps_the_edit(app_db):
    from kompetanse.store.build import build

    at = open_page("tiltak")
    log_in(at)
    next(s for s in at.selectbox if s.label == "Oppføring").select_index(1).run()
    result = next(a for a in at.text_area if a.label == "Resultat")
    result.input("Alle seks kommunene har nå en kompetanseplan.")
    next(b for b in at.button if b.label == "Lagre oppføringen").click().run()
    assert at.success[0].value == "Oppføringen er lagret."
    build(app_db, scale="none")
    database = Database(app_db)
    saved = database.sql("select result, origin from project_entry where region_id = '18009'").row(0)
    database.close()
    assert saved == ("Alle seks kommunene har nå en kompetanseplan.", "redigert")


def test_the_cards_filter_by_municipality(app_db):
    at = open_page("tiltak")
    next(s for s in at.selectbox if s.label == "Kommune").select("1868").run()
    assert [s.value for s in at.subheader] == []  # the Vesterålen entry is for the region, not for Øksnes
