"""The Importer data page, the theme templates, and imports while others read."""

import io
import threading

import openpyxl
import pytest
from conftest import ADMIN, fingerprint, opened
from streamlit.testing.v1 import AppTest
from test_app_pages import log_in, open_page

from kompetanse.ingest.imports import apply_import, plan_import
from kompetanse.ingest.templates import theme_template
from kompetanse.store.db import Database, open_database

HEADER = "kommunenummer;år;indikator;verdi;teller;nevner;kilde"


def import_page(username: str | None = "redaktor") -> AppTest:
    at = open_page("importer")
    return log_in(at, username) if username else at


def upload(at: AppTest, name: str, raw: bytes) -> AppTest:
    at.get("file_uploader")[0].set_value((name, raw, "text/csv"))
    return at.run()


@pytest.fixture
def editor(app_db):
    return app_db


def test_the_import_page_is_closed_until_someone_logs_in_and_says_how(app_db):
    at = import_page(username=None)
    assert any("Logg inn" in info.value and "importere data" in info.value for info in at.info)
    assert not at.get("file_uploader")


def test_a_reader_who_logs_in_still_cannot_import(app_db):
    at = import_page(username="leser")
    assert any("leser og kan ikke importere data" in info.value for info in at.info)
    assert not at.get("file_uploader")


def test_a_bad_file_shows_every_problem_and_changes_nothing(editor):
    before = fingerprint(editor)
    at = import_page()
    upload(
        at, "feil.csv", f"{HEADER}\n9998;2024;heltid_andel;40;;;\n1868;2024;heltid_andel;140;;;\n".encode()
    )
    assert "Fant 2 feil" in at.error[0].value
    problems = [text.value for text in at.text]
    assert problems == [
        "Rad 2, kolonne «kommunenummer»: Kommunenummer 9998 finnes ikke.",
        "Rad 3, kolonne «verdi»: En andel må være mellom 0 og 100 prosent, ikke 140.",
    ]
    assert fingerprint(editor) == before


def test_a_good_file_is_previewed_then_imported_on_confirmation_and_can_be_undone(editor):
    before = fingerprint(editor)
    at = import_page()
    rows = ["1866;2024;laerlinger_antall;30;;;Ny telling", "1866;2022;laerlinger_antall;20;;;Ny"]
    raw = "\n".join([HEADER, *rows]).encode()
    upload(at, "hadsel.csv", raw)
    metrics = {metric.label: metric.value for metric in at.metric}
    assert metrics == {"Nye verdier": "1", "Endrede verdier": "1", "Uendrede verdier": "0"}
    changes = {row["År"]: row for row in at.dataframe[0].value.to_dict("records")}
    assert (changes["2024"]["Før"], changes["2024"]["Etter"]) == ("26", "30")
    assert (changes["2024"]["Indikator"], changes["2024"]["Enhet"]) == ("Lærlinger", "antall")
    assert fingerprint(editor) == before  # nothing written before confirmation
    next(b for b in at.button if b.label == "Importer 2 verdier").click().run()
    assert "Importerte 2 rader fra hadsel.csv" in at.success[0].value
    database = Database(editor)
    assert (
        database.sql(
            "select value from observation where kommunenummer = '1866' and year = 2024 "
            "and indicator_id = 'laerlinger_antall'"
        ).item()
        == 30
    )
    database.close()
    log = at.dataframe[-1].value.to_dict("records")
    assert log[0]["Fil"] == "hadsel.csv" and log[0]["Nye"] == 1
    at.run()
    at.selectbox[-1].select_index(0)
    next(b for b in at.button if b.label == "Angre importen").click().run()
    assert any("er angret" in message.value for message in at.success)
    assert fingerprint(editor)["observation"] == before["observation"]


def test_a_filled_in_theme_template_imports_back(fixture_db):
    database = open_database(fixture_db)
    region = (
        database.query("regions").filter(database.query("regions")["region_id"] == "18009").row(0, named=True)
    )
    raw = theme_template(database, region, "rekruttering", "Rekruttering", 2023)
    database.close()
    workbook = openpyxl.load_workbook(io.BytesIO(raw))
    sheet = workbook["Tall"]
    header = [cell.value for cell in sheet[4]]
    assert header[:3] == ["kommunenummer", "kommune", "år"] and "laerlinger_antall" in header
    assert [sheet.cell(row, 2).value for row in range(5, 11)] == [
        "Andøy",
        "Bø",
        "Hadsel",
        "Lødingen",
        "Sortland",
        "Øksnes",
    ]
    assert workbook["Indikatorer"].cell(2, 1).value in header
    sheet.cell(5, header.index("laerlinger_antall") + 1).value = 11
    sheet.cell(7, header.index("heltid_andel:teller") + 1).value = 21
    sheet.cell(7, header.index("heltid_andel:nevner") + 1).value = "40"
    filled = io.BytesIO()
    workbook.save(filled)
    database = open_database(fixture_db)
    plan = plan_import(filled.getvalue(), "mal.xlsx", database, ADMIN)
    database.close()
    assert plan.counts() == {"ny": 2, "endret": 0, "uendret": 0}
    apply_import(opened(fixture_db), plan, user=ADMIN)
    check = Database(fixture_db)
    values = check.sql(
        "select kommunenummer, indicator_id, value from observation where year = 2023 and origin = 'import' "
        "and indicator_id in ('laerlinger_antall', 'heltid_andel') and kommunenummer in ('1871', '1866') "
        "order by 1, 2"
    ).rows()
    check.close()
    assert values == [
        ("1866", "heltid_andel", 52.5),
        ("1871", "heltid_andel", 36.0),
        ("1871", "laerlinger_antall", 11.0),
    ]


def test_readers_see_the_old_or_the_new_data_during_an_import_never_a_mix(fixture_db):
    """Readers keep summing a column while an import changes every row of it by +1000."""
    rows = "\n".join(f"{code};2010;laerlinger_antall;1000;;;Stor import" for code in _all_codes(fixture_db))
    database = open_database(fixture_db)
    plan = plan_import(f"{HEADER}\n{rows}".encode(), "alle.csv", database, ADMIN)
    database.close()
    seen, stop = set(), threading.Event()

    def read() -> None:
        while not stop.is_set():
            reader = Database(fixture_db)
            seen.add(
                reader.sql(
                    "select coalesce(sum(value), 0) from observation where year = 2010 "
                    "and indicator_id = 'laerlinger_antall'"
                ).item()
            )
            reader.close()

    threads = [threading.Thread(target=read) for _ in range(3)]
    for thread in threads:
        thread.start()
    apply_import(opened(fixture_db), plan, user=ADMIN)
    for _ in range(20):
        reader = Database(fixture_db)
        seen.add(
            reader.sql(
                "select coalesce(sum(value), 0) from observation where year = 2010 "
                "and indicator_id = 'laerlinger_antall'"
            ).item()
        )
        reader.close()
    stop.set()
    for thread in threads:
        thread.join()
    assert seen == {0, 357_000}


def _all_codes(db_path) -> list[str]:
    database = Database(db_path)
    codes = database.sql("select kommunenummer from municipality order by 1").to_series().to_list()
    database.close()
    return codes
