"""Innspill fra temamøter: inputs per unit, categories the coordinator keeps, counts across the network."""

import json
from datetime import date, timedelta

import pytest
from conftest import ADMIN
from test_app_pages import log_in, open_page

from kompetanse.errors import KompetanseError
from kompetanse.store.db import open_database
from kompetanse.views.innspill import MeetingInputs, add_category, add_inputs, check_inputs

CATEGORIES = {"heltid", "fagbrev", "annet"}


@pytest.mark.parametrize(
    "change, message",
    [
        ({"kommunenummer": None}, "Velg kommune."),
        ({"unit": " "}, "Enheten mangler."),
        ({"meeting_date": date.today() + timedelta(days=3)}, "Møtedatoen mangler eller er i fremtiden."),
        ({"texts": ["", "  "]}, "Skriv minst ett innspill (ett per linje)."),
        ({"texts": ["ok", "x" * 1001]}, "Innspill nr. 2 er lengre enn 1000 tegn."),
        ({"category_id": "finnes_ikke"}, "Ukjent kategori."),
    ],
)
def test_inputs_are_checked_before_they_are_saved(change, message):
    arguments = {
        "kommunenummer": "1868",
        "unit": "Myre sykehjem",
        "meeting_date": date(2025, 3, 1),
        "question": "i_dag",
        "texts": ["For få sykepleiere"],
        "category_id": "heltid",
    }
    arguments.update(change)
    assert message in check_inputs(MeetingInputs(**arguments), CATEGORIES)


def record(db_path, kommune, unit, question, texts, category):
    database = open_database(db_path)
    try:
        return add_inputs(
            database, MeetingInputs(kommune, unit, date(2025, 3, 1), question, tuple(texts), category), ADMIN
        )
    finally:
        database.close()


def test_counts_per_category_municipality_and_unit_show_the_common_challenges(app_db):
    assert (
        record(app_db, "1868", "Myre sykehjem", "i_dag", ["Mange små stillinger", "", "Deltid"], "heltid")
        == 2
    )
    record(app_db, "1866", "Stokmarknes skole", "fremover", ["Flere med fagbrev trengs"], "fagbrev")
    record(app_db, "1866", "Hjemmetjenesten", "i_dag", ["Vakter i helgene"], "heltid")
    at = open_page("innspill")
    counts = {(row["Kommune"], row["Enhet"]): row for row in at.dataframe[0].value.to_dict("records")}
    assert counts[("Øksnes", "Myre sykehjem")]["Heltid og deltid"] == 2
    assert counts[("Hadsel", "Stokmarknes skole")]["Fagbrev og praksiskandidater"] == 1
    chart = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    assert chart["encoding"]["y"]["sort"] == [
        "Heltid og deltid",
        "Fagbrev og praksiskandidater",
    ]  # most first
    inputs = at.dataframe[1].value.to_dict("records")
    assert len(inputs) == 4 and inputs[0]["Spørsmål"] in {
        "Største utfordring i dag",
        "Største utfordring fremover",
    }


def test_a_coordinator_adds_a_category_once(app_db):
    database = open_database(app_db)
    add_category(database, "Boliger til nyansatte", ADMIN)
    database.close()
    database = open_database(app_db)
    with pytest.raises(KompetanseError, match="finnes allerede"):
        add_category(database, "boliger til NYANSATTE", ADMIN)
    database.close()


def test_an_editor_records_inputs_in_the_app(app_db):
    at = open_page("innspill")
    log_in(at)
    next(f for f in at.text_input if f.label == "Enhet").input("Sortland sykehjem")
    next(a for a in at.text_area if a.label == "Innspill (ett per linje)").input(
        "Turnover\nSpråk <b>opplæring</b>"
    )
    next(b for b in at.button if b.label == "Lagre innspillene").click().run()
    assert at.success[0].value == "Lagret 2 innspill."
    at.run()
    texts = at.dataframe[1].value["Innspill"].to_list()
    assert "Språk <b>opplæring</b>" in texts  # shown as text in a table, never as HTML
