"""Hostile input is refused cleanly and changes nothing: huge files, zip bombs, odd names, formulas,
SQL and HTML in every field and link. (Issue 7.)"""

from __future__ import annotations

import csv
import io
import json
import struct
import tomllib
import tracemalloc
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from conftest import ADMIN, PASSWORD, fingerprint, opened, table_rows
from test_app_pages import log_in, open_page
from test_cli import REPO, cli
from test_import_files import xlsx

from kompetanse.access.networks import plan_network, save_network
from kompetanse.access.users import authenticate, plan_user, save_user
from kompetanse.exports.canonical_csv import export_csv
from kompetanse.exports.excel import table_xlsx
from kompetanse.ingest.imports import (
    MAX_COMMAND_LINE_MB,
    MAX_UPLOAD_MB,
    ImportRejected,
    apply_import,
    plan_import,
    safe_file_name,
)
from kompetanse.rules.formatting import MB, plain_text
from kompetanse.store.db import Database, open_database
from kompetanse.store.writing import write_transaction
from kompetanse.views.innspill import MeetingInputs, add_inputs
from kompetanse.views.search import build_index, search

NBSP = "\u00a0"
HEADER = "kommunenummer;år;indikator;verdi;teller;nevner;kilde"
GOOD_ROW = "1866;2022;laerlinger_antall;20;;;Ny telling"
SHEET = "xl/worksheets/sheet1.xml"


def plan(db_path: Path, raw: bytes, name: str = "fil.csv", **limits):
    database = open_database(db_path)
    try:
        return plan_import(raw, name, database, ADMIN, **limits)
    finally:
        database.close()


def refused(db_path: Path, raw: bytes, name: str = "fil.csv", **limits) -> str:
    """The message of the refusal; the database is checked to be untouched."""
    before = fingerprint(db_path)
    with pytest.raises(ImportRejected) as rejected:
        plan(db_path, raw, name, **limits)
    assert fingerprint(db_path) == before
    assert "Ingenting er endret i databasen" in str(rejected.value)
    return str(rejected.value)


def refused_with_peak(db_path: Path, raw: bytes, name: str, **limits) -> tuple[str, int]:
    """The refusal message and the most memory Python held at once while the file was planned."""
    before = fingerprint(db_path)
    database = open_database(db_path)
    tracemalloc.start()
    try:
        with pytest.raises(ImportRejected) as rejected:
            plan_import(raw, name, database, ADMIN, **limits)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        database.close()
    assert fingerprint(db_path) == before
    return str(rejected.value), peak


# Size


def test_the_apps_upload_limit_is_the_one_streamlit_enforces():
    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == MAX_UPLOAD_MB
    assert MAX_UPLOAD_MB < MAX_COMMAND_LINE_MB <= 1000


def test_an_upload_over_the_size_limit_is_refused_before_anything_in_it_is_read(fixture_db):
    raw = b"\xff" * (MAX_UPLOAD_MB * MB + 1)  # read as text, this would be refused for other reasons
    message = refused(fixture_db, raw, "stor.csv")
    assert f"Filen er 50,1{NBSP}MB; største filstørrelse er 50{NBSP}MB. Del den opp i flere filer." in message
    assert "Fant 1 feil" in message


def test_the_command_line_refuses_a_file_over_its_limit_without_reading_it(fixture_db, tmp_path):
    big = tmp_path / "enorm.csv"
    with open(big, "wb") as handle:
        handle.truncate(600 * MB)  # a sparse file: no disk space, but 600 MB to read
    before = fingerprint(fixture_db)
    result = cli("import", str(big), "--db", str(fixture_db))
    assert result.returncode == 1
    assert f"Filen er 600,0{NBSP}MB; største filstørrelse er 500{NBSP}MB." in result.stderr
    assert fingerprint(fixture_db) == before


# Zip bombs


def _replace_sheet(write_sheet, extra_members: int = 0) -> bytes:
    """A real workbook from openpyxl whose sheet XML is streamed by `write_sheet` (never held whole)."""
    template = zipfile.ZipFile(io.BytesIO(xlsx([["kommunenummer", "år", "indikator", "verdi"]])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as workbook:
        for member in template.infolist():
            if member.filename == SHEET:
                with workbook.open(SHEET, "w") as sheet:
                    write_sheet(sheet)
            else:
                workbook.writestr(member, template.read(member))
        for number in range(extra_members):
            workbook.writestr(f"xl/media/bilde{number}.xml", b"<x/>")
    return buffer.getvalue()


def _spaces(megabytes: int):
    """Sheet XML padded with `megabytes` MB of spaces: valid XML that packs about 1000:1."""

    def write(sheet) -> None:
        sheet.write(
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns='
            b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        )
        block = b" " * MB
        for _ in range(megabytes):
            sheet.write(block)
        sheet.write(b'<row r="1"><c r="A1" t="inlineStr"><is><t>kommunenummer</t></is></c></row>')
        sheet.write(b"</sheetData></worksheet>")

    return write


def _lying_about_the_sheet(raw: bytes) -> bytes:
    """The same zip, but its directory claims the sheet unpacks to 1 000 bytes."""
    data = bytearray(raw)
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        name_length, extra_length, comment_length = struct.unpack_from("<HHH", data, at + 28)
        if data[at + 46 : at + 46 + name_length] == SHEET.encode():
            struct.pack_into("<I", data, at + 24, 1000)
            return bytes(data)
        at = data.find(b"PK\x01\x02", at + 46 + name_length + extra_length + comment_length)
    raise AssertionError("no sheet in the zip")


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """300 MB of sheet XML packed into a few hundred KB."""
    raw = _replace_sheet(_spaces(300))
    assert len(raw) < 1 * MB
    return raw


def test_a_decompression_bomb_xlsx_is_refused_before_it_is_unpacked(fixture_db, bomb):
    message, peak = refused_with_peak(fixture_db, bomb, "tall.xlsx")
    assert f"Excel-filen blir 300,1{NBSP}MB når den pakkes ut; høyst 200{NBSP}MB kan leses." in message
    assert peak < 20 * MB  # unpacking the sheet alone would take 300 MB


XLSX_BOMBS = [
    pytest.param(
        lambda: _replace_sheet(_spaces(20)),
        "Excel-filen er pakket mistenkelig tett (en del blir over 100 ganger større når den pakkes ut)",
        id="packed-1000-to-1",
    ),
    pytest.param(
        lambda: _replace_sheet(_spaces(0), extra_members=1000),
        f"Excel-filen består av for mange deler; en .xlsx-fil kan ha høyst 1{NBSP}000.",
        id="too-many-parts",
    ),
    pytest.param(
        lambda: _lying_about_the_sheet(_replace_sheet(_spaces(20))),
        "Excel-filen kan ikke leses. Lagre den på nytt som .xlsx eller .csv.",
        id="directory-lies-about-sizes",
    ),
]


@pytest.mark.parametrize("build, message", XLSX_BOMBS)
def test_an_xlsx_that_would_unpack_into_something_huge_is_refused(fixture_db, build, message):
    assert message in refused(fixture_db, build(), "tall.xlsx")


def _sparse_workbook(*cells: str) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "kommunenummer"
    for cell in cells:
        workbook.active[cell] = 1
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    "far_cell, message",
    [
        ("XFD1048576", "Excel-arket går til kolonne nr. 16\u00a0384; en fil kan ha høyst 500 kolonner."),
        (
            "T1048576",
            "Excel-arket går til rad 1\u00a0048\u00a0576 og kolonne 20; det er mer enn 20\u00a0000\u00a0000",
        ),
    ],
)
def test_a_tiny_xlsx_whose_sheet_spans_millions_of_cells_is_refused_before_it_is_laid_out(
    fixture_db, far_cell, message
):
    # fastexcel would allocate the whole used range at once: for XFD1048576 about 550 GB, and abort.
    raw = _sparse_workbook(far_cell)
    assert len(raw) < 10_000
    assert message in refused(fixture_db, raw, "tall.xlsx")


def test_an_ordinary_workbook_over_a_megabyte_passes_the_bomb_checks(fixture_db):
    database = Database(fixture_db)
    codes = database.sql("select kommunenummer from municipality order by 1")["kommunenummer"].to_list()
    database.close()
    rows = [["kommunenummer", "år", "indikator", "verdi", "kilde"]]
    rows += [
        [code, year, "laerlinger_antall", year - 1990, "Egen telling"]
        for code in codes
        for year in range(1995, 2025)
    ]
    raw = xlsx(rows)
    sheet = zipfile.ZipFile(io.BytesIO(raw)).getinfo(SHEET)
    assert sheet.file_size > 1 * MB  # big enough for the ratio check to look at it
    assert plan(fixture_db, raw, "mange.xlsx").rows.height == len(rows) - 1


# Columns and lines


def test_a_csv_with_a_million_columns_is_refused_before_it_is_parsed(fixture_db):
    raw = (
        b"kommunenummer;\xc3\xa5r;indikator;verdi" + b";x" * 1_000_000 + b"\n1866;2022;laerlinger_antall;20\n"
    )
    message, peak = refused_with_peak(fixture_db, raw, "brei.csv")
    assert f"Rad 1 har 1{NBSP}000{NBSP}004 kolonner; en fil kan ha høyst 500." in message
    assert peak < 1 * MB  # not even decoded: that alone would take 2 MB


@pytest.fixture(scope="module")
def one_long_line() -> bytes:
    return HEADER.encode() + b";" + b"x" * (100 * MB)


@pytest.mark.parametrize(
    "limit_mb, message",
    [
        (MAX_UPLOAD_MB, f"Filen er 100,1{NBSP}MB; største filstørrelse er 50{NBSP}MB."),
        (MAX_COMMAND_LINE_MB, f"Rad 1 er 100,1{NBSP}MB lang; en rad kan være høyst 1{NBSP}MB."),
    ],
    ids=["in-the-app", "at-the-command-line"],
)
def test_a_csv_that_is_one_100_mb_line_is_refused_cheaply(fixture_db, one_long_line, limit_mb, message):
    found, peak = refused_with_peak(fixture_db, one_long_line, "linje.csv", max_bytes=limit_mb * MB)
    assert message in found
    assert peak < 10 * MB  # decoding the line would take 100 MB


def test_a_line_over_a_megabyte_is_refused_and_named_by_its_row(fixture_db):
    raw = "\r\n".join([HEADER, GOOD_ROW, "1866;2023;laerlinger_antall;20;;;" + "x" * (2 * MB)]).encode()
    assert f"Rad 3 er 2,1{NBSP}MB lang; en rad kan være høyst 1{NBSP}MB." in refused(fixture_db, raw)


def test_a_big_mac_csv_with_carriage_returns_only_is_not_taken_for_one_long_line(fixture_db):
    database = Database(fixture_db)
    codes = database.sql("select kommunenummer from municipality order by 1")["kommunenummer"].to_list()
    database.close()
    rows = [
        f"{code};{year};{indicator};{year - 1990};;;Egen telling i kommunen"
        for code in codes
        for year in range(1995, 2025)
        for indicator in ("laerlinger_antall", "stillinger_utlyst", "ledere_antall")
    ]
    raw = "\r".join([HEADER, *rows]).encode()
    assert len(raw) > 1 * MB
    assert plan(fixture_db, raw, "mac.csv").rows.height == len(rows)


# Files that are not what they say


def _json_stat(**fields) -> bytes:
    dataset = {"version": "2.0", "class": "dataset", "label": "07459: Befolkning", **fields}
    return json.dumps(dataset).encode()


SPARSE_BILLIONS = _json_stat(
    id=["Region", "Alder", "Tid"],
    size=[3000, 3000, 3000],
    dimension={
        name: {"category": {"index": [str(i) for i in range(3000)]}} for name in ("Region", "Alder", "Tid")
    },
    value={"0": 1},
)


NOT_WHAT_THEY_CLAIM = {
    "bad-utf8-after-bom": (b"\xef\xbb\xbfkommunenummer;\xff\xfe\n", "inneholder tegn som ikke er det"),
    "odd-utf16": ("kommunenummer\tår".encode("utf-16") + b"\x00", "inneholder tegn som ikke er det"),
    "not-json": (b"{ikke json", "Filen er ikke et JSON-stat 2-datasett fra SSB."),
    "json-of-wrong-shape": (
        b'{"label": "07459", "id": 5, "size": "x", "dimension": []}',
        "Filen er ikke et JSON-stat 2-datasett fra SSB.",
    ),
    "json-without-dimensions": (
        _json_stat(id=["a"], size=[1], dimension={"a": {"category": {"index": ["x"]}}}, value=[1]),
        "JSON-stat-filen har ikke dimensjonene SSB-tabell 07459 skal ha.",
    ),
    "json-of-27-billion-cells": (
        SPARSE_BILLIONS,
        f"JSON-stat-filen har 27{NBSP}000{NBSP}000{NBSP}000 celler; høyst 10{NBSP}000{NBSP}000 kan leses.",
    ),
    "xlsx-with-broken-xml": (
        _replace_sheet(lambda sheet: sheet.write(b"<worksheet><sheetData><row><c")),
        "Excel-filen kan ikke leses. Lagre den på nytt som .xlsx eller .csv.",
    ),
}


@pytest.mark.parametrize("raw, message", NOT_WHAT_THEY_CLAIM.values(), ids=NOT_WHAT_THEY_CLAIM.keys())
def test_a_file_that_is_not_what_it_claims_to_be_is_refused_in_norwegian(fixture_db, raw, message):
    assert message in refused(fixture_db, raw, "rar.csv")


# File names


@pytest.mark.parametrize(
    "name, kept_as",
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\system32", "system32"),
        ("/etc/cron.d/kompetanse", "kompetanse"),
        ("C:\\Users\\kari\\tall.csv", "tall.csv"),
        ("tall\x00.csv", "tall_.csv"),
        ("tall.csv\x00../../x", "x"),
        ("..", "fil"),
        ("....", "fil"),
        (". . .", "fil"),
        ("", "fil"),
        ("a" * 10_000 + ".csv", "a" * 116 + ".csv"),
        ("ø" * 300 + ".csv", "ø" * 58 + ".csv"),  # two bytes each in UTF-8
        ("\U0001d518" * 300 + ".xlsx", "\U0001d518" * 28 + ".xlsx"),  # four bytes each
    ],
)
def test_an_uploaded_file_is_kept_inside_the_import_folder_whatever_its_name(fixture_db, name, kept_as):
    assert safe_file_name(name) == kept_as
    outside_before = {path for path in fixture_db.parent.iterdir() if path.name != "importer"}
    planned = plan(fixture_db, f"{HEADER}\n{GOOD_ROW}\n".encode(), name)
    apply_import(opened(fixture_db), planned, user=ADMIN)
    folder = (fixture_db.parent / "importer").resolve()
    [stored] = folder.iterdir()
    assert stored.resolve().parent == folder and stored.name.endswith(f"-{kept_as}")
    assert len(stored.name.encode()) <= 255
    outside = {path for path in fixture_db.parent.iterdir() if path.name != "importer"}
    assert {path.name for path in outside - outside_before} <= {"sikkerhetskopier", "fixture.duckdb.lock"}
    database = Database(fixture_db)
    assert database.query("import_log")["file_name"][0] == kept_as  # newest first
    database.close()


# Formulas in exports


FORMULAS = [
    '=HYPERLINK("http://x","klikk")',
    "@SUM(1+1)",
    "+47 99 99 99 99",
    "-se merknad",
    " =1+1",
    "\t=1+1",
    "\r=1+1",
    "'=allerede med apostrof",
]


def test_no_text_becomes_a_formula_in_an_excel_export_and_negative_numbers_stay_numbers():
    table = pl.DataFrame(
        {"Prosjekt": FORMULAS, "Endring": ["-1,5", "-5,6", "+2,3", "0,0", "-12", ":", "..", "-0,1"]}
    )
    sheet = openpyxl.load_workbook(io.BytesIO(table_xlsx(table, "=Tittel", "@Kilde"))).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert all(cell.data_type != "f" for cell in cells)
    assert [sheet.cell(row, 1).value for row in range(4, 12)] == FORMULAS
    assert [sheet.cell(row, 2).value for row in range(4, 9)] == [-1.5, -5.6, 2.3, 0.0, -12]
    assert (sheet["A1"].value, sheet["A1"].data_type) == ("=Tittel", "s")


def _sources(db_path: Path, year: int = 2022) -> dict[str, str]:
    database = Database(db_path)
    rows = database.sql(
        "select kommunenummer, source from observation "
        "where year = $year and indicator_id = 'laerlinger_antall'",
        year=year,
    )
    database.close()
    return dict(rows.iter_rows())


def exported_csv(db_path: Path, folder: Path) -> Path:
    out = folder / "eksport.csv"
    database = Database(db_path)
    export_csv(database, out)
    database.close()
    return out


def test_the_csv_export_puts_an_apostrophe_before_formulas_and_the_import_takes_it_off(fixture_db, tmp_path):
    typed = {
        "1866": '=HYPERLINK("http://x","klikk")',
        "1867": "@SUM(1+1)",
        "1868": "+47 99 99 99 99",
        "1870": "-se merknad",
        "1871": " =1+1",  # stored without the space: the import trims text
        "1851": "\t=1+1",
        "1804": "'=med apostrof",  # taken for the export's own apostrophe, and taken off
    }
    stored = {code: text.strip().removeprefix("'") for code, text in typed.items()}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER.split(";"))
    writer.writerows([code, 2022, "laerlinger_antall", 20, "", "", text] for code, text in typed.items())
    apply_import(opened(fixture_db), plan(fixture_db, buffer.getvalue().encode(), "formler.csv"), user=ADMIN)
    assert _sources(fixture_db) == stored
    out = exported_csv(fixture_db, tmp_path)
    exported = {
        row[0]: row
        for row in csv.reader(out.read_text(encoding="utf-8").splitlines())
        if row[1:3] == ["2022", "laerlinger_antall"]
    }
    assert {code: row[6] for code, row in exported.items()} == {
        code: f"'{text}" for code, text in stored.items()
    }

    with write_transaction(fixture_db, by="test", action="test") as con:
        con.execute("delete from observation")
    reimport = plan(fixture_db, out.read_bytes(), "eksport.csv")  # the fixture's own jumps between years
    apply_import(opened(fixture_db), reimport, user=ADMIN, confirmed=True)
    assert _sources(fixture_db) == stored  # what was typed survives export and import


def test_a_negative_number_in_the_csv_export_stays_a_plain_number(fixture_db, tmp_path):
    with write_transaction(fixture_db, by="test", action="test") as con:  # the import refuses negatives
        con.execute(
            "update observation set value = -2.5 where kommunenummer = '1866' and year = 2024 "
            "and indicator_id = 'laerlinger_antall'"
        )
    lines = exported_csv(fixture_db, tmp_path).read_text(encoding="utf-8").splitlines()
    assert "1866,2024,laerlinger_antall,-2.5,,,Testdata for automatiske tester" in lines


# SQL in links and fields


INJECTIONS = [
    ("oversikt", {"region": "' or 1=1; drop table observation; --"}),
    ("rekruttering", {"kommuner": "1866';--", "aar": "2024 or 1=1", "indikator": "x' union select 1 --"}),
    ("kompetansegap", {"indikator": "'; delete from observation; --", "aar": "²"}),
    ("kommuneprofil", {"kommune": "1868' or '1'='1"}),
    ("sammenlign", {"utvalg": "1866,0301'); drop table region;--", "indikatorer": "x'--", "aar": "9" * 5000}),
    ("presentasjon", {"visninger": "bar:x'; drop table observation; --", "lysbilde": "-1;drop"}),
    ("presentasjon", {"visninger": "programmes", "lysbilde": "²"}),
    ("presentasjon", {"visninger": "programmes", "lysbilde": "9" * 5000}),
    ("tiltak", {"region": "vesteralen' --", "tiltak": "1' or '1'='1"}),
]


@pytest.mark.parametrize(
    "page, params", INJECTIONS, ids=[f"{page}-{'-'.join(params)}" for page, params in INJECTIONS]
)
def test_sql_in_a_link_opens_the_page_with_defaults_and_changes_nothing(app_db, page, params):
    before = fingerprint(app_db)
    at = open_page(page if page != "oversikt" else None, **params)  # asserts that nothing raised
    assert at.title and at.title[0].value
    assert fingerprint(app_db) == before


def test_sql_typed_into_the_search_boxes_finds_nothing_and_changes_nothing(app_db):
    before = fingerprint(app_db)
    at = open_page("tiltak")
    typed = "' or 1=1; drop table observation; --"
    at.text_input(key="sok").input(typed).run()
    assert not at.exception
    assert any(f"Fant ingenting for «{plain_text(typed)}»" in c.value for c in at.sidebar.caption)
    words = next(field for field in at.text_input if field.label == "Søk i teksten")
    for text in ("x' or '1'='1", "%", "_", "'; drop table project_entry; --"):
        words.input(text).run()
        assert not at.exception
        assert any(info.value == "Ingen oppføringer passer filtrene." for info in at.info), text
    assert fingerprint(app_db) == before


def test_a_search_longer_than_the_box_allows_is_cut_rather_than_compared_word_by_word(fixture_db_template):
    database = Database(fixture_db_template)
    index = build_index(database)
    database.close()
    pasted = "vesteralen" + " " * 100 + "abcdefghij " * 10_000  # every word would have to match
    assert search(index, pasted)[0].entry.label == "Vesterålen (region, 6 kommuner)"


def test_a_tiltak_entry_full_of_sql_is_stored_literally_and_nothing_else_changes(app_db):
    ignore = ("project_entry", "audit_log")
    before = fingerprint(app_db)
    entries_before = table_rows(app_db, "project_entry")
    at = log_in(open_page("tiltak"))
    texts = {
        "Tittel": "Robert'); DROP TABLE project_entry;--",
        "Program eller satsing": "x' union select password_hash from app_user --",
        "Kilde": "'; update observation set value = 0; --",
    }
    for label, text in texts.items():
        next(f for f in at.text_input if f.label == label).input(text)
    next(s for s in at.selectbox if s.label == "Gjelder").select("1868")
    next(m for m in at.multiselect if m.label == "Tema").set_value(["rekruttering"])
    next(a for a in at.text_area if a.label == "Behov").input("' or 1=1; drop table observation; --")
    next(a for a in at.text_area if a.label == "Tiltak").input("1; delete from region where 1=1")
    next(b for b in at.button if b.label == "Lagre oppføringen").click().run()
    assert not at.exception and at.success[0].value == "Oppføringen er lagret."
    assert fingerprint(app_db, ignore) == {k: v for k, v in before.items() if k not in ignore}
    entries_after = table_rows(app_db, "project_entry")
    assert len(entries_after) == len(entries_before) + 1
    assert all(row in entries_after for row in entries_before)
    database = Database(app_db)
    saved = database.sql(
        "select title, programme, source, need, measures from project_entry where origin = 'redigert'"
    ).row(0)
    database.close()
    assert saved == (
        *texts.values(),
        "' or 1=1; drop table observation; --",
        "1; delete from region where 1=1",
    )


def test_innspill_and_a_category_full_of_sql_are_stored_literally_and_nothing_else_changes(app_db):
    ignore = ("meeting_input", "input_category", "audit_log")
    before = fingerprint(app_db)
    at = log_in(open_page("innspill"))
    next(f for f in at.text_input if f.label == "Enhet").input("Sjøgata'; drop table meeting_input; --")
    next(a for a in at.text_area if a.label == "Innspill (ett per linje)").input(
        "' or 1=1 --\n'); delete from app_user; --"
    )
    next(b for b in at.button if b.label == "Lagre innspillene").click().run()
    assert not at.exception and at.success[0].value == "Lagret 2 innspill."
    next(f for f in at.text_input if f.label == "Ny kategori").input("x'); drop table input_category; --")
    next(b for b in at.button if b.label == "Legg til kategori").click().run()
    assert not at.exception
    assert fingerprint(app_db, ignore) == {k: v for k, v in before.items() if k not in ignore}
    database = Database(app_db)
    texts = database.sql("select unit, text from meeting_input order by text").rows()
    category = database.sql("select name from input_category where origin = 'redigert'").item()
    database.close()
    unit = "Sjøgata'; drop table meeting_input; --"
    assert texts == [(unit, "' or 1=1 --"), (unit, "'); delete from app_user; --")]
    assert category == "x'); drop table input_category; --"


def test_an_upload_named_with_sql_and_a_path_is_imported_under_a_harmless_name(app_db):
    at = log_in(open_page("importer"))
    uploads = {"x'; drop table observation; --.csv": 21, "..\\..\\..\\etc/passwd.csv": 22}
    for name, value in uploads.items():
        raw = f"{HEADER}\n1866;2022;laerlinger_antall;{value};;;Ny\n".encode()
        at.get("file_uploader")[0].set_value((name, raw, "text/csv"))
        at.run()
        next(b for b in at.button if b.label == "Importer 1 verdi").click().run()
        assert not at.exception
        assert any(f"fra {safe_file_name(name)} " in message.value for message in at.success)
    database = Database(app_db)
    names = database.query("import_log")["file_name"].to_list()
    database.close()
    assert sorted(names[:2]) == ["passwd.csv", "x__ drop table observation_ --.csv"]  # newest first
    stored = [path.name.split("-", 3)[3] for path in (app_db.parent / "importer").iterdir()]
    assert sorted(stored) == sorted(names[:2])


@pytest.mark.parametrize("username", ["admin' --", "admin' or '1'='1", "' or 1=1 --", "admin\x00"])
def test_a_login_with_sql_in_the_name_fails_like_any_wrong_login(app_db, username):
    database = open_database(app_db)
    assert authenticate(database, username, PASSWORD) is None
    database.close()
    before = fingerprint(app_db)
    at = log_in(open_page(), username, PASSWORD)  # the right password for admin
    assert not at.exception
    assert any(error.value == "Feil brukernavn eller passord." for error in at.error)
    assert not any(caption.value.startswith("Innlogget") for caption in at.sidebar.caption)
    assert fingerprint(app_db) == before


# HTML and script


PAYLOADS = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>")


def assert_shown_as_text(at, payload: str) -> int:
    """Every element carrying the payload (as typed, or escaped as plain text for Markdown) shows it as
    text, none as HTML; returns how many carry it."""
    carrying = 0
    escaped = plain_text(payload).replace("\\", "\\\\")  # as the proto's text form writes it
    for node in [*at.main, *at.sidebar, *at.toast]:
        proto = getattr(node, "proto", None)
        if proto is None or (payload not in str(proto) and escaped not in str(proto)):
            continue
        carrying += 1
        assert node.type != "html", node
        assert not getattr(proto, "allow_html", False), node
    return carrying


def test_html_in_a_tiltak_entry_is_stored_literally_and_shown_as_text(app_db):
    script, image = PAYLOADS
    at = log_in(open_page("tiltak"))
    next(f for f in at.text_input if f.label == "Tittel").input(script)
    next(f for f in at.text_input if f.label == "Program eller satsing").input(image)
    next(f for f in at.text_input if f.label == "Kilde").input(image)
    next(s for s in at.selectbox if s.label == "Gjelder").select("1868")
    next(m for m in at.multiselect if m.label == "Tema").set_value(["rekruttering"])
    next(a for a in at.text_area if a.label == "Behov").input(image)
    next(a for a in at.text_area if a.label == "Tiltak").input(f"Først {script} så {image}")
    next(b for b in at.button if b.label == "Lagre oppføringen").click().run()
    assert at.success[0].value == "Oppføringen er lagret."
    at.run()
    assert plain_text(script) in [subheader.value for subheader in at.subheader]
    assert assert_shown_as_text(at, script) >= 2 and assert_shown_as_text(at, image) >= 3
    database = Database(app_db)
    saved = database.sql("select title, programme, need, source from project_entry where origin = 'redigert'")
    database.close()
    assert saved.row(0) == (script, image, image, image)
    profile = open_page("kommuneprofil", kommune="1868")
    assert assert_shown_as_text(profile, script) >= 1 and assert_shown_as_text(profile, image) >= 1


def test_html_in_a_unit_a_category_and_an_input_is_shown_as_text(app_db):
    script, image = PAYLOADS
    at = log_in(open_page("innspill"))
    next(f for f in at.text_input if f.label == "Ny kategori").input(script)
    next(b for b in at.button if b.label == "Legg til kategori").click().run()
    at.run()
    next(s for s in at.selectbox if s.label == "Kategori").select("script_alert_1_script")
    next(f for f in at.text_input if f.label == "Enhet").input(image)
    next(a for a in at.text_area if a.label == "Innspill (ett per linje)").input(f"{script}\n{image}")
    next(b for b in at.button if b.label == "Lagre innspillene").click().run()
    assert at.success[0].value == "Lagret 2 innspill."
    at.run()
    assert assert_shown_as_text(at, script) >= 2 and assert_shown_as_text(at, image) >= 2
    database = Database(app_db)
    assert database.sql("select name from input_category where origin = 'redigert'").item() == script
    assert sorted(database.sql("select text from meeting_input")["text"]) == sorted(PAYLOADS)
    database.close()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_html_in_a_network_name_is_stored_literally_and_shown_as_text(app_db, payload):
    database = open_database(app_db)
    network = plan_network(database, payload, ["Øksnes", "Bø"])
    database.close()
    save_network(opened(app_db), network, ADMIN)
    database = open_database(app_db)
    add_inputs(
        database, MeetingInputs("1868", "Myre sykehjem", date(2025, 3, 1), "i_dag", ("Vakter",)), ADMIN
    )
    database.close()
    titles = {}
    for page in ("oversikt", "innspill", "tiltak"):
        at = open_page(None if page == "oversikt" else page, region=payload)
        assert at.sidebar.selectbox[0].value == network.region_id
        assert assert_shown_as_text(at, payload) >= 2, page
        titles[page] = at.title[0].value
    assert titles["innspill"] == f"Innspill fra temamøter: {payload}"


def test_html_in_a_users_display_name_is_shown_as_text(app_db):
    script, _ = PAYLOADS
    database = open_database(app_db)
    row = plan_user(database, "kari", "editor", display_name=script, regions=["vesteralen"])
    save_user(database, row, PASSWORD, ADMIN)
    database.close()
    at = log_in(open_page(), "kari")
    assert any(caption.value.startswith(f"Innlogget: {script}, redaktør") for caption in at.sidebar.caption)
    assert assert_shown_as_text(at, script) >= 1
    admin = log_in(open_page(), "admin")
    admin.switch_page("pages/administrasjon.py").run()
    assert not admin.exception
    assert script in admin.dataframe[1].value["Navn"].to_list()
    assert assert_shown_as_text(admin, script) >= 1


def test_a_region_link_with_html_shows_it_as_text_in_the_notice(app_db):
    script, _ = PAYLOADS
    at = open_page(None, region=script)
    assert at.title[0].value  # the default region is shown
    assert at.sidebar.selectbox[0].value == "18009"
    shown = f"Fant ikke regionen «{plain_text(script)}». Viser Vesterålen."
    assert any(toast.value == shown for toast in at.toast)
    assert assert_shown_as_text(at, script) == 1
