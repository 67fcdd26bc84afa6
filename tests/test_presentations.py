"""Takeaways survive (issue 15, item 3): in the link, and as a named presentation an editor saves
for their region and anyone opens, on the page, as the meeting pack and at the command line."""

from __future__ import annotations

import io
import json
import re

import pytest
from conftest import fingerprint, fixture_user, opened
from pptx import Presentation
from test_app_pages import log_in, open_page
from test_cli import cli

from kompetanse.access.audit import audit_log
from kompetanse.errors import AccessDenied, KompetanseError
from kompetanse.rules.regions import all_regions, find_region
from kompetanse.store.writing import list_backups
from kompetanse.views.saved_presentations import (
    delete_presentation,
    dump_takeaways,
    find_presentation,
    pack,
    parse_takeaways,
    save_presentation,
    saved_presentations,
)

VIEWS = ("programmes", "bar:barnehagelaerer_andel")
OWN = "Vi mangler 4 barnehagelærere i Sortland – «nå»."
LEADERS_SLIDE = "Lederutvikling: lederprogrammer"
PRESCHOOL_SLIDE = "Kompetansegap: Barnehagelærere i grunnbemanningen"


def vesteralen(database) -> dict:
    return find_region(all_regions(database), "Vesterålen")


def slide_titles(raw: bytes) -> list[str]:
    return [slide.shapes.title.text_frame.text for slide in Presentation(io.BytesIO(raw)).slides]


def slide_takeaway(raw: bytes, number: int) -> str:
    slide = Presentation(io.BytesIO(raw)).slides[number]
    texts = [
        shape.text_frame.text
        for shape in slide.shapes
        if shape.has_text_frame and shape.name != "Eksempeldata"
    ]
    return texts[1]


def test_an_editor_saves_a_presentation_that_anyone_reads_back_with_an_audit_line_and_a_backup(fixture_db):
    database = opened(fixture_db)
    region = vesteralen(database)
    editor = fixture_user(fixture_db, "redaktor")
    save_presentation(database, region["region_id"], "  Styremøte   mars ", VIEWS, {VIEWS[1]: OWN}, editor)
    again = opened(fixture_db)
    saved = find_presentation(again, region["region_id"], "styremøte MARS")
    assert (saved.name, saved.views, saved.takeaways, saved.saved_by) == (
        "Styremøte mars",
        VIEWS,
        {VIEWS[1]: OWN},
        "redaktor",
    )
    log = audit_log(again).row(0, named=True)
    assert (log["action"], log["username"]) == ("presentasjon", "redaktor (redaktør)")
    assert log["detail"] == f"{region['region_id']} «Styremøte mars»: 2 lysbilder"
    assert list_backups(fixture_db)


def test_saving_under_a_name_that_exists_replaces_that_presentation(fixture_db):
    database = opened(fixture_db)
    region_id = vesteralen(database)["region_id"]
    editor = fixture_user(fixture_db, "redaktor")
    save_presentation(database, region_id, "Styremøte", VIEWS, {VIEWS[1]: OWN}, editor)
    save_presentation(opened(fixture_db), region_id, "STYREMØTE", ("bar:heltid_andel",), {}, editor)
    saved = saved_presentations(opened(fixture_db), region_id)
    assert [(p.name, p.views, p.takeaways) for p in saved.values()] == [
        ("STYREMØTE", ("bar:heltid_andel",), {})
    ]


@pytest.mark.parametrize(
    "username, message",
    [
        (
            "sortland",
            "Du kan ikke lagre presentasjoner for Lødingen (1851), Hadsel (1866), Bø (1867), Øksnes (1868) "
            "og Andøy (1871). Du er redaktør for Sortland (1870).",
        ),
        ("leser", "Du er logget inn som leser og kan ikke lagre presentasjoner."),
        (None, "Du må logge inn for å lagre presentasjoner."),
    ],
)
def test_only_an_editor_of_the_whole_region_may_save_and_a_refusal_writes_nothing(
    fixture_db, username, message
):
    database = opened(fixture_db)
    user = fixture_user(fixture_db, username) if username else None
    before = fingerprint(fixture_db)
    with pytest.raises(AccessDenied) as refused:
        save_presentation(database, vesteralen(database)["region_id"], "Styremøte", VIEWS, {}, user)
    assert str(refused.value) == message
    assert fingerprint(fixture_db) == before


@pytest.mark.parametrize(
    "name, views, message",
    [
        ("   ", VIEWS, "Gi presentasjonen et navn før du lagrer den."),
        ("x" * 81, VIEWS, "Navnet kan ha høyst 80 tegn; dette har 81."),
        (
            "Standard MØTEPAKKE",
            VIEWS,
            "«Standard møtepakke» er navnet på standardvisningene. Velg et annet navn.",
        ),
        ("Styremøte", (), "Velg minst én visning før du lagrer presentasjonen."),
        ("Styremøte", ("programmes", "bar:x'; drop table observation; --"), "Ukjent visning: bar:x'; drop"),
    ],
)
def test_a_bad_name_or_view_is_refused_in_norwegian_and_nothing_is_written(fixture_db, name, views, message):
    database = opened(fixture_db)
    before = fingerprint(fixture_db)
    with pytest.raises(KompetanseError) as refused:
        save_presentation(
            database, vesteralen(database)["region_id"], name, views, {}, fixture_user(fixture_db, "redaktor")
        )
    assert str(refused.value).startswith(message)
    assert fingerprint(fixture_db) == before


def test_an_editor_deletes_a_saved_presentation_and_an_unknown_one_is_named_in_the_message(fixture_db):
    database = opened(fixture_db)
    region_id = vesteralen(database)["region_id"]
    editor = fixture_user(fixture_db, "redaktor")
    save_presentation(database, region_id, "Styremøte", VIEWS, {}, editor)
    delete_presentation(opened(fixture_db), region_id, "styremøte", editor)
    assert saved_presentations(opened(fixture_db), region_id) == {}
    with pytest.raises(KompetanseError, match="Fant ingen lagret presentasjon som heter «Styremøte»."):
        delete_presentation(opened(fixture_db), region_id, "Styremøte", editor)


@pytest.mark.parametrize(
    "text, expected",
    [
        ('{"programmes": "Alle\\nkommunene"}', {"programmes": "Alle kommunene"}),
        ('{"programmes": "  "}', {}),
        ('{"programmes": "' + "x" * 400 + '"}', {"programmes": "x" * 300}),
        ('["programmes"]', None),
        ('{"programmes": 3}', None),
        ("{'programmes': 'ikke JSON'}", None),
        ("[" * 5000, None),
        (json.dumps({f"bar:{n}": "x" for n in range(41)}), None),
    ],
)
def test_takeaways_in_a_link_are_read_only_as_the_app_writes_them(text, expected):
    assert parse_takeaways(text) == expected


def test_takeaways_go_into_the_link_and_come_back_the_same():
    takeaways = {"bar:barnehagelaerer_andel": OWN, "programmes": "60,0\u00a0% – «alle»"}
    assert parse_takeaways(dump_takeaways(takeaways)) == takeaways
    assert dump_takeaways({}) is None


def test_the_meeting_pack_is_any_saved_presentation_and_an_unknown_name_lists_the_saved_ones(fixture_db):
    database = opened(fixture_db)
    region = vesteralen(database)
    save_presentation(
        database,
        region["region_id"],
        "Styremøte",
        VIEWS,
        {VIEWS[1]: OWN},
        fixture_user(fixture_db, "redaktor"),
    )
    database = opened(fixture_db)
    raw = pack(database, region, 2024, "styremøte")
    assert slide_titles(raw) == ["Kompetanse og rekruttering: Vesterålen", LEADERS_SLIDE, PRESCHOOL_SLIDE]
    assert slide_takeaway(raw, 2) == OWN
    assert len(slide_titles(pack(database, region, 2024))) == 7  # no name: the default views
    with pytest.raises(KompetanseError) as unknown:
        pack(database, region, 2024, "Budsjettmøte")
    assert str(unknown.value) == (
        "Fant ingen lagret presentasjon som heter «Budsjettmøte» for Vesterålen. Lagrede: «Styremøte»."
    )


@pytest.mark.server
def test_the_pack_command_takes_a_saved_presentation_by_name(fixture_db, tmp_path):
    database = opened(fixture_db)
    save_presentation(
        database,
        vesteralen(database)["region_id"],
        "Styremøte",
        VIEWS,
        {VIEWS[1]: OWN},
        fixture_user(fixture_db, "redaktor"),
    )
    out = tmp_path / "styremote.pptx"
    args = (
        "pack",
        "--region",
        "vesteralen",
        "--presentasjon",
        "Styremøte",
        "--out",
        str(out),
        "--db",
        str(fixture_db),
    )
    result = cli(*args)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Skrev presentasjonen «Styremøte» for Vesterålen til {out}."
    assert slide_takeaway(out.read_bytes(), 2) == OWN
    result = cli(
        "pack",
        "--region",
        "vesteralen",
        "--presentasjon",
        "Ukjent",
        "--out",
        str(out),
        "--db",
        str(fixture_db),
    )
    assert result.returncode != 0
    assert "Fant ingen lagret presentasjon som heter «Ukjent» for Vesterålen." in result.stderr
    assert "Traceback" not in result.stderr


# In the app (AppTest)


def field_values(at) -> dict[str, str]:
    return {field.label: field.value for field in at.text_input}


def test_an_editor_saves_on_the_page_and_a_reader_opens_it_by_its_link(app_db):
    at = open_page("presentasjon", visninger=",".join(VIEWS))
    log_in(at)
    next(field for field in at.text_input if field.label == PRESCHOOL_SLIDE).input(OWN).run()
    assert json.loads(at.query_params["poeng"]) == {VIEWS[1]: OWN}
    next(field for field in at.text_input if field.label == "Navn").input("Styremøte mars")
    next(button for button in at.button if button.label == "Lagre").click().run()
    assert not at.exception, at.exception
    assert [message.value for message in at.success] == ["Lagret «Styremøte mars» for Vesterålen."]
    assert at.query_params["presentasjon"] == "Styremøte mars"

    reader = open_page("presentasjon", presentasjon="Styremøte mars")  # a fresh session, not logged in
    assert field_values(reader)[PRESCHOOL_SLIDE] == OWN
    assert field_values(reader)[LEADERS_SLIDE] == "Deltakere og fullført per program og kommune."
    assert (
        next(box for box in reader.selectbox if box.label == "Lagrede presentasjoner").value
        == "styremøte mars"
    )
    next(button for button in reader.button if button.label == "Start presentasjon").click().run()
    next(button for button in reader.button if button.label == "Neste").click().run()
    next(button for button in reader.button if button.label == "Neste").click().run()
    assert reader.title[0].value == PRESCHOOL_SLIDE
    assert OWN in [text.value for text in reader.text]

    home = open_page()
    assert next(box for box in home.selectbox if box.label == "Møtepakke").options == [
        "Standard møtepakke",
        "Styremøte mars",
    ]


def test_a_shared_link_to_a_slide_shows_the_takeaway_written_in_it(app_db):
    at = open_page(
        "presentasjon",
        visninger=",".join(VIEWS),
        poeng=json.dumps({VIEWS[1]: OWN}, ensure_ascii=False),
        lysbilde="2",
    )
    assert at.title[0].value == PRESCHOOL_SLIDE
    assert OWN in [text.value for text in at.text]


def test_choosing_a_saved_presentation_on_the_page_loads_its_views_and_takeaways(app_db):
    database = opened(app_db)
    save_presentation(
        database,
        vesteralen(database)["region_id"],
        "Styremøte",
        VIEWS,
        {VIEWS[1]: OWN},
        fixture_user(app_db, "redaktor"),
    )
    at = open_page("presentasjon", visninger="bar:heltid_andel")
    assert PRESCHOOL_SLIDE not in field_values(at)
    next(box for box in at.selectbox if box.label == "Lagrede presentasjoner").select("styremøte").run()
    assert field_values(at)[PRESCHOOL_SLIDE] == OWN
    assert at.query_params["visninger"] == ",".join(VIEWS)
    assert at.query_params["presentasjon"] == "Styremøte"


def test_a_presentation_named_with_html_and_a_markdown_link_is_shown_as_typed_and_never_as_a_link(app_db):
    name = "<b>Møte</b> [klikk](http://example.invalid/x)"
    database = opened(app_db)
    save_presentation(
        database, vesteralen(database)["region_id"], name, VIEWS, {}, fixture_user(app_db, "redaktor")
    )
    at = log_in(open_page("presentasjon", presentasjon=name))
    picker = next(box for box in at.selectbox if box.label == "Lagrede presentasjoner")
    assert picker.format_func(picker.value) == name  # an option is shown as plain text
    delete = next(button for button in at.button if button.label.startswith("Slett"))
    assert re.search(r"(?<!\\)\[klikk(?<!\\)\]\(", delete.label) is None  # no live Markdown link
    assert re.search(r"(?<!\\)<b>", delete.label) is None
    delete.click().run()
    message = at.success[0].value
    assert re.search(r"(?<!\\)\[klikk(?<!\\)\]\(", message) is None
    assert saved_presentations(opened(app_db), vesteralen(opened(app_db))["region_id"]) == {}


@pytest.mark.parametrize(
    "params",
    [
        {"presentasjon": "'; drop table presentation; --", "visninger": "programmes"},
        {"poeng": '{"programmes": "<script>alert(1)</script>"}', "visninger": "programmes", "lysbilde": "1"},
        {"poeng": "{" * 3000, "visninger": "programmes"},
        {"poeng": '{"programmes": "' + "x" * 100_000 + '"}', "visninger": "programmes", "lysbilde": "1"},
    ],
)
def test_a_hostile_link_opens_the_page_shows_text_as_text_and_changes_nothing(app_db, params):
    before = fingerprint(app_db)
    at = open_page("presentasjon", **params)
    assert fingerprint(app_db) == before
    if params.get("lysbilde") == "1":
        assert at.title[0].value == LEADERS_SLIDE
        texts = [text.value for text in at.text]
        assert "<script>alert(1)</script>" in texts or "x" * 300 in texts  # as text, cut to 300 characters
    else:
        assert at.title[0].value == "Presentasjon: Vesterålen"
