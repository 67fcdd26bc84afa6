"""Files as municipalities really send them: what must land, what must be refused, and undo."""

import io

import openpyxl
import pytest
from conftest import ADMIN, fingerprint, fixture_user, opened

from kompetanse.ingest.imports import ImportRejected, apply_import, plan_import, undo_import
from kompetanse.store.db import Database, open_database

HEADER = "kommunenummer,år,indikator,verdi,teller,nevner,kilde"


def plan(db_path, raw: bytes, name: str = "fil.csv", user=ADMIN):
    database = open_database(db_path)
    try:
        return plan_import(raw, name, database, user)
    finally:
        database.close()


def landed(db_path, kommune: str, year: int, indicator: str) -> tuple:
    database = Database(db_path)
    try:
        row = database.sql(
            "select value, numerator, denominator, source from observation "
            "where kommunenummer = $k and year = $y and indicator_id = $i",
            k=kommune,
            y=year,
            i=indicator,
        )
        return row.row(0) if row.height else None
    finally:
        database.close()


def xlsx(rows: list[list]) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


NORWEGIAN_EXCEL_CSV = (
    "Lærlinger og heltid i Øksnes;;;;;;\r\n"
    "\r\n"
    "kommunenummer;år;indikator;verdi;teller;nevner;kilde\r\n"
    "1868;2024;heltid_andel;43,5 %;;;Øksnes kommune, personal\r\n"
    "\r\n"
    "1868;2024;stillinger_utlyst;1 234;;;Egen telling\r\n"
    "1868;2024;sykefravaer_andel;;1\u00a0234,5;12\u00a0345;\r\n"
).encode("cp1252")


def test_a_windows_1252_file_with_semicolons_title_rows_and_decimal_commas_lands(fixture_db):
    apply_import(opened(fixture_db), plan(fixture_db, NORWEGIAN_EXCEL_CSV), user=ADMIN)
    assert landed(fixture_db, "1868", 2024, "heltid_andel") == (43.5, None, None, "Øksnes kommune, personal")
    assert landed(fixture_db, "1868", 2024, "stillinger_utlyst")[0] == 1234
    value, numerator, denominator, source = landed(fixture_db, "1868", 2024, "sykefravaer_andel")
    assert (numerator, denominator) == (1234.5, 12345) and value == pytest.approx(10.0)
    assert source == "Import: fil.csv"


def test_a_utf8_file_with_bom_and_tabs_lands(fixture_db):
    raw = "\ufeffkommunenummer\tår\tindikator\tverdi\n1866\t2023\tlaerlinger_antall\t12\n".encode()
    apply_import(opened(fixture_db), plan(fixture_db, raw, "tabs.txt"), user=ADMIN)
    assert landed(fixture_db, "1866", 2023, "laerlinger_antall")[0] == 12


def test_excels_unicode_text_utf16_lands(fixture_db):
    raw = "kommunenummer\tår\tindikator\tverdi\r\n1866\t2023\tlaerlinger_antall\t13\r\n".encode("utf-16")
    apply_import(opened(fixture_db), plan(fixture_db, raw, "unicode.txt"), user=ADMIN)
    assert landed(fixture_db, "1866", 2023, "laerlinger_antall")[0] == 13


def test_an_excel_file_with_two_title_rows_and_number_cells_lands(fixture_db):
    raw = xlsx(
        [
            ["Rekrutteringstall fra Hadsel"],
            ["Levert 1. mars"],
            ["Kommunenummer", "År", "Indikator", "Verdi", "Teller", "Nevner", "Kilde"],
            [1866, 2024, "laerlinger_antall", 27, None, None, "Hadsel kommune"],
            [301, 2024, "heltid_andel", "61,5 %", None, None, None],
        ]
    )
    planned = plan(fixture_db, raw, "hadsel.xlsx")
    apply_import(opened(fixture_db), planned, user=ADMIN)
    assert landed(fixture_db, "1866", 2024, "laerlinger_antall")[:1] == (27,)
    assert landed(fixture_db, "0301", 2024, "heltid_andel")[0] == 61.5


def test_an_excel_file_reports_errors_at_excels_row_numbers(fixture_db):
    raw = xlsx(
        [["Tittel"], [], ["kommunenummer", "år", "indikator", "verdi"], [1866, 2024, "heltid_andel", 140]]
    )
    with pytest.raises(ImportRejected, match="Rad 4, kolonne «verdi»: En andel må være mellom 0 og 100"):
        plan(fixture_db, raw, "feil.xlsx")


BAD_FILES = [
    (b"", "Filen er tom."),
    (b"\n\n  \n", "Filen er tom."),
    (b"PK\x03\x04not really a zip", "Excel-filen kan ikke leses"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1old excel", "Gamle Excel-filer (.xls) kan ikke leses"),
    (f"{HEADER}\n1868,2024,heltid_andel,4x,,,\n".encode(), "Rad 2, kolonne «verdi»: «4x» er ikke et tall."),
    (f"{HEADER}\n1868,2024,,4,,,\n".encode(), "Rad 2, kolonne «indikator»: Indikatoren mangler."),
    (
        f"{HEADER}\n,2024,heltid_andel,4,,,\n".encode(),
        "Rad 2, kolonne «kommunenummer»: Kommunenummer mangler.",
    ),
    (
        f"{HEADER}\n1868,tjuefire,heltid_andel,4,,,\n".encode(),
        "Rad 2, kolonne «år»: «tjuefire» er ikke et årstall.",
    ),
    (
        f"{HEADER}\n1868,2024,heltid_andel,0,,0,\n".encode(),
        "Rad 2, kolonne «nevner»: Nevneren kan ikke være 0.",
    ),
    (
        f"{HEADER}\n1868,2024,heltid_andel,80,12,20,\n".encode(),
        "Verdien 80 stemmer ikke med teller/nevner (60,0).",
    ),
    (
        f"{HEADER}\n1868,2024,Heltid andel,40,,,\n".encode(),
        "Ukjent indikator «Heltid andel». Mente du «heltid_andel»?",
    ),
]


@pytest.mark.parametrize("raw, message", BAD_FILES)
def test_a_bad_file_is_refused_with_a_clear_message_and_writes_nothing(fixture_db, raw, message):
    before = fingerprint(fixture_db)
    with pytest.raises(ImportRejected) as rejected:
        plan(fixture_db, raw)
    assert message in str(rejected.value)
    assert "Ingenting er endret i databasen" in str(rejected.value)
    assert fingerprint(fixture_db) == before


def test_every_problem_is_reported_at_once(fixture_db):
    rows = ["9998,2024,heltid_andel,40,,,", "1868,1800,heltid_andel,40,,,", "1868,2024,heltid,40,,,"]
    raw = "\n".join([HEADER, *rows]).encode()
    with pytest.raises(ImportRejected) as rejected:
        plan(fixture_db, raw)
    assert [(p.line, p.column) for p in rejected.value.problems] == [
        (2, "kommunenummer"),
        (3, "år"),
        (4, "indikator"),
    ]


def test_an_old_and_a_new_code_for_the_same_municipality_are_duplicates(fixture_db):
    raw = f"{HEADER}\n5522,2024,heltid_andel,40,,,\n1923,2024,heltid_andel,41,,,\n".encode()
    with pytest.raises(
        ImportRejected, match=r"Rad 3: Samme kommune, år og indikator står også på rad 2 \(5522"
    ):
        plan(fixture_db, raw)


def test_the_preview_shows_new_changed_and_unchanged_values_before_anything_is_written(fixture_db):
    before = fingerprint(fixture_db)
    raw = (
        f"{HEADER}\n"
        "1871,2024,laerlinger_antall,10,,,Testdata for automatiske tester\n"  # unchanged
        "1866,2024,laerlinger_antall,30,,,Testdata for automatiske tester\n"  # 26 -> 30
        "1866,2022,laerlinger_antall,20,,,Ny telling\n"  # new
    ).encode()
    planned = plan(fixture_db, raw)
    assert planned.counts() == {"ny": 1, "endret": 1, "uendret": 1}
    assert "1866 Hadsel 2024 Lærlinger: 26 → 30" in planned.describe()
    assert fingerprint(fixture_db) == before


def test_an_import_is_logged_keeps_its_original_file_and_can_be_undone(fixture_db):
    before = fingerprint(fixture_db)
    raw = f"{HEADER}\n1866,2024,laerlinger_antall,30,,,Ny\n1866,2022,laerlinger_antall,20,,,Ny\n".encode()
    koordinator = fixture_user(fixture_db, "redaktor")
    summary = apply_import(
        opened(fixture_db), plan(fixture_db, raw, "hadsel.csv", koordinator), user=koordinator
    )
    assert (summary.rows_new, summary.rows_changed) == (1, 1)
    database = Database(fixture_db)
    log = database.query("import_log").row(0, named=True)
    database.close()
    assert (log["file_name"], log["imported_by"]) == ("hadsel.csv", "redaktor")
    assert (fixture_db.parent / "importer" / log["stored_file"]).read_bytes() == raw
    assert "er angret" in undo_import(opened(fixture_db), summary.import_id, user=koordinator)
    after = fingerprint(fixture_db)
    assert after["observation"] == before["observation"]
    with pytest.raises(Exception, match="allerede angret"):
        undo_import(opened(fixture_db), summary.import_id, user=koordinator)


def test_an_import_cannot_be_undone_under_a_later_one_that_changed_the_same_figures(fixture_db):
    first = apply_import(
        opened(fixture_db),
        plan(fixture_db, f"{HEADER}\n1866,2024,laerlinger_antall,30,,,A\n".encode()),
        ADMIN,
    )
    second = apply_import(
        opened(fixture_db),
        plan(fixture_db, f"{HEADER}\n1866,2024,laerlinger_antall,31,,,B\n".encode()),
        ADMIN,
    )
    with pytest.raises(Exception, match=f"endret senere \\(nr. {second.import_id}\\)"):
        undo_import(opened(fixture_db), first.import_id, user=ADMIN)
    undo_import(opened(fixture_db), second.import_id, user=ADMIN)
    undo_import(opened(fixture_db), first.import_id, user=ADMIN)
    assert landed(fixture_db, "1866", 2024, "laerlinger_antall")[0] == 26


def test_a_file_name_cannot_walk_out_of_the_import_folder(fixture_db):
    planned = plan(fixture_db, f"{HEADER}\n1866,2022,laerlinger_antall,20,,,\n".encode(), "../../etc/passwd")
    assert planned.file_name == "passwd"
    apply_import(opened(fixture_db), planned, user=ADMIN)
    assert list((fixture_db.parent / "importer").iterdir())[0].name.endswith("-passwd")
