"""What an attack found, closed (issue 13): shares without a denominator, entries that overwrite each
other, stale previews, numbers that are not numbers, lost backups and file modes, CSV that changes
silently, macro and encrypted workbooks, regions that do not exist, leftovers after kill -9."""

from __future__ import annotations

import io
import stat
import threading
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import openpyxl
import pytest
from conftest import ADMIN, FIXTURES, PASSWORD, fingerprint, fixture_user, opened
from test_import_files import xlsx

from kompetanse.access.roles import User
from kompetanse.access.throttle import LoginThrottle, throttle_path
from kompetanse.access.users import plan_user, save_user
from kompetanse.errors import KompetanseError
from kompetanse.ingest.imports import ImportRejected, apply_import, plan_import
from kompetanse.rules.privacy import PUBLIC_REASON
from kompetanse.store.db import Database
from kompetanse.store.writing import backup_dir, list_backups, write_transaction
from kompetanse.views.targets import Target, set_target
from kompetanse.views.tiltak import save_entry

HEADER = "kommunenummer;år;indikator;verdi;teller;nevner;kilde"
NBSP = "\u00a0"


def plan(db_path: Path, raw: bytes, name: str = "fil.csv", user: User = ADMIN):
    database = opened(db_path)
    try:
        return plan_import(raw, name, database, user)
    finally:
        database.close()


def refused(db_path: Path, raw: bytes, name: str = "fil.csv") -> str:
    before = fingerprint(db_path)
    with pytest.raises(ImportRejected) as rejected:
        plan(db_path, raw, name)
    assert fingerprint(db_path) == before
    return str(rejected.value)


def observation(db_path: Path, kommune: str, year: int, indicator: str):
    database = Database(db_path)
    try:
        rows = database.sql(
            "select value, numerator, denominator, source from observation "
            "where kommunenummer = $k and year = $y and indicator_id = $i",
            k=kommune,
            y=year,
            i=indicator,
        )
        return rows.row(0) if rows.height else None
    finally:
        database.close()


# Finding 5: a share with only a value


def test_a_share_imported_with_only_a_value_is_announced_in_the_preview_and_hidden_for_readers(fixture_db):
    raw = f"{HEADER}\n1868;2024;heltid_andel;40;;;Egen telling\n1871;2024;heltid_andel;45;;;Egen telling\n"
    planned = plan(fixture_db, raw.encode())
    assert (
        "2 rader i «Ansatte i heltidsstilling» har bare verdi, uten teller og nevner. Da kan vi ikke sjekke "
        "om grunnlaget er lite, så tallene blir skjult for alle andre enn redaktørene for kommunen. Ta med "
        "teller og nevner for å vise dem." in planned.notices
    )
    apply_import(opened(fixture_db), planned, ADMIN)
    from kompetanse.indicators.comparison import compare_region

    database = Database(fixture_db)
    try:
        rows = {
            r["name"]: r
            for r in compare_region(database, "18009", "heltid_andel", 2024).municipalities.iter_rows(
                named=True
            )
        }
        editor = {
            r["name"]: r
            for r in compare_region(
                database.revealing(frozenset({"1868"})), "18009", "heltid_andel", 2024
            ).municipalities.iter_rows(named=True)
        }
    finally:
        database.close()
    assert (rows["Øksnes"]["value"], rows["Øksnes"]["note"]) == (None, PUBLIC_REASON)
    assert (editor["Øksnes"]["value"], editor["Øksnes"]["revealed"]) == (40.0, True)


# Finding 8: entries that overwrite each other

ENTRY = {
    "title": "Heltidskultur",
    "programme": "Egen satsing",
    "themes": ["rekruttering"],
    "need": "Mange deltidsstillinger.",
    "measures": "Nye turnuser.",
}


def entry_rows(db_path: Path) -> list[dict]:
    database = Database(db_path)
    try:
        return database.sql(
            "select entry_id, title, kommunenummer, need from project_entry "
            "where origin = 'redigert' order by 1"
        ).rows(named=True)
    finally:
        database.close()


def editor(db_path: Path, username: str, kommune: str) -> User:
    database = opened(db_path)
    try:
        save_user(database, plan_user(database, username, "editor", kommuner=[kommune]), PASSWORD, ADMIN)
    finally:
        database.close()
    return fixture_user(db_path, username)


def test_two_editors_giving_entries_the_same_title_get_two_entries_and_neither_is_overwritten(fixture_db):
    # The ids were the title and the first 20 characters of the user name: these two names share them.
    hadsel = editor(fixture_db, "kommunekoordinator.hadsel", "1866")
    sortland = editor(fixture_db, "kommunekoordinator.sortland", "1870")
    save_entry(opened(fixture_db), {**ENTRY, "kommunenummer": "1866", "need": "Hadsels behov."}, hadsel)
    save_entry(opened(fixture_db), {**ENTRY, "kommunenummer": "1870", "need": "Sortlands behov."}, sortland)
    save_entry(opened(fixture_db), {**ENTRY, "kommunenummer": "1870", "need": "Et nytt år."}, sortland)
    rows = entry_rows(fixture_db)
    assert sorted((row["kommunenummer"], row["need"]) for row in rows) == [
        ("1866", "Hadsels behov."),
        ("1870", "Et nytt år."),
        ("1870", "Sortlands behov."),
    ]
    assert len({row["entry_id"] for row in rows}) == 3


def test_an_editor_cannot_change_an_entry_outside_their_scope_by_naming_its_id(fixture_db):
    hadsel = editor(fixture_db, "hadsel", "1866")
    sortland = editor(fixture_db, "sortland2", "1870")
    entry_id = save_entry(opened(fixture_db), {**ENTRY, "kommunenummer": "1866", "need": "Hadsels."}, hadsel)
    before = entry_rows(fixture_db)
    with pytest.raises(KompetanseError, match="Du kan ikke lagre tiltak og resultater for Hadsel"):
        save_entry(opened(fixture_db), {**ENTRY, "entry_id": entry_id, "kommunenummer": "1870"}, sortland)
    assert entry_rows(fixture_db) == before


def test_an_edit_of_an_entry_that_changed_since_the_form_was_opened_is_refused(fixture_db):
    entry_id = save_entry(opened(fixture_db), {**ENTRY, "kommunenummer": "1866"}, ADMIN)
    database = Database(fixture_db)
    opened_at = database.sql("select revision from project_entry where entry_id = $e", e=entry_id).item()
    database.close()
    first = {**ENTRY, "entry_id": entry_id, "revision": opened_at, "kommunenummer": "1866", "need": "Først."}
    save_entry(opened(fixture_db), first, ADMIN)
    late = {**first, "need": "Sent."}  # opened before the first edit was saved
    with pytest.raises(KompetanseError, match="Oppføringen er endret av noen andre siden du åpnet den"):
        save_entry(opened(fixture_db), late, ADMIN)
    assert [row["need"] for row in entry_rows(fixture_db)] == ["Først."]


# Finding 9: a preview confirmed against another version


def test_a_preview_made_before_another_import_is_refused_and_nothing_is_written(fixture_db):
    editor_user = fixture_user(fixture_db, "redaktor")
    old = plan(
        fixture_db, f"{HEADER}\n1866;2024;laerlinger_antall;30;;;Redaktør\n".encode(), user=editor_user
    )
    newer = plan(fixture_db, f"{HEADER}\n1866;2024;laerlinger_antall;40;;;Admin\n".encode())
    apply_import(opened(fixture_db), newer, ADMIN)
    before = fingerprint(fixture_db)
    with pytest.raises(KompetanseError, match="Tallene er endret siden forhåndsvisningen"):
        apply_import(opened(fixture_db), old, editor_user)
    assert fingerprint(fixture_db) == before
    assert observation(fixture_db, "1866", 2024, "laerlinger_antall")[0] == 40


# Finding 10: numbers that are not numbers, and counts of persons that are not whole


@pytest.mark.parametrize("text", ["NaN", "nan", "inf", "-inf", "Infinity", "1e400"])
@pytest.mark.parametrize(
    "row, column",
    [
        ("1866;2024;laerlinger_antall;{};;;x", "verdi"),
        ("1866;2024;heltid_andel;;{};100;x", "teller"),
        ("1866;2024;heltid_andel;;10;{};x", "nevner"),
        ("1866;2024;sykefravaer_andel;{};;;x", "verdi"),
    ],
)
def test_nan_and_infinity_are_refused_with_the_row_and_column(fixture_db, text, row, column):
    message = refused(fixture_db, f"{HEADER}\n{row.format(text)}\n".encode())
    assert f"Rad 2, kolonne «{column}»: «{text}» er ikke et tall." in message


@pytest.mark.parametrize(
    "text, says",
    [
        ("1.234", "er ikke et helt antall personer."),
        ("1,234", "er ikke et helt antall personer."),
        ("2,5", "er ikke et helt antall personer."),
        ("1.000", "er ikke et helt antall personer."),  # 1 or 1000?
        ("4 5", "er ikke et tall."),  # a space is a thousands separator only before three digits
    ],
)
def test_a_count_of_persons_must_be_a_whole_number_written_without_ambiguity(fixture_db, text, says):
    message = refused(fixture_db, f"{HEADER}\n1866;2024;laerlinger_antall;{text};;;x\n".encode())
    assert f"Rad 2, kolonne «verdi»: «{text}» {says}" in message


def test_whole_counts_with_thousands_spaces_and_excels_point_zero_still_land(fixture_db):
    raw = f"{HEADER}\n1866;2024;laerlinger_antall;1{NBSP}234;;;x\n1867;2024;laerlinger_antall;20.0;;;x\n"
    rows = plan(fixture_db, raw.encode()).rows
    assert sorted(rows["value"].to_list()) == [20.0, 1234.0]


# Finding 12: a backup before every write, and no silent rebuild


def test_every_write_leaves_a_backup_not_only_imports(fixture_db):
    before = len(list_backups(fixture_db))
    save_entry(opened(fixture_db), {**ENTRY, "kommunenummer": "1866"}, ADMIN)
    database = opened(fixture_db)
    save_user(database, plan_user(database, "ny", "reader"), PASSWORD, ADMIN)
    database.close()
    assert len(list_backups(fixture_db)) == before + 2


def test_a_database_that_held_users_is_never_rebuilt_silently_even_without_backups(fixture_db, monkeypatch):
    from streamlit.testing.v1 import AppTest

    save_entry(opened(fixture_db), {**ENTRY, "kommunenummer": "1866"}, ADMIN)
    for backup in list_backups(fixture_db):
        backup.unlink()
    fixture_db.unlink()
    monkeypatch.setenv("KOMPETANSE_DB", str(fixture_db))
    at = AppTest.from_file("../app.py", default_timeout=60).run()
    assert not fixture_db.exists()
    assert "har hatt data som brukerne har lagt inn" in at.error[0].value


# Finding 13: file modes


def test_a_write_keeps_the_database_files_mode_and_a_new_file_is_private(fixture_db, tmp_path):
    fixture_db.chmod(0o600)
    save_entry(opened(fixture_db), {**ENTRY, "kommunenummer": "1866"}, ADMIN)
    assert stat.S_IMODE(fixture_db.stat().st_mode) == 0o600
    fixture_db.chmod(0o640)
    save_entry(opened(fixture_db), {**ENTRY, "kommunenummer": "1867"}, ADMIN)
    assert stat.S_IMODE(fixture_db.stat().st_mode) == 0o640
    fresh = tmp_path / "ny" / "ny.duckdb"
    with write_transaction(fresh, by="test", action="test", fresh=True):
        pass
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o600
    apply_import(
        opened(fixture_db),
        plan(fixture_db, f"{HEADER}\n1866;2024;laerlinger_antall;30;;;x\n".encode()),
        ADMIN,
    )
    kept = list((fixture_db.parent / "importer").iterdir())
    assert kept and all(stat.S_IMODE(path.stat().st_mode) == 0o600 for path in kept)
    assert stat.S_IMODE(backup_dir(fixture_db).stat().st_mode) == 0o700


# Finding 16: CSV read by a real CSV parser


def test_a_quoted_field_with_a_line_break_stays_whole_in_a_file_with_blank_lines(fixture_db):
    raw = f'{HEADER}\n\n1866;2024;laerlinger_antall;4;;;"KS\nPAI"\n\n1867;2024;laerlinger_antall;30;;;x\n'
    rows = plan(fixture_db, raw.encode()).rows.sort("kommunenummer")
    assert rows["source"].to_list() == ["KS\nPAI", "x"]


@pytest.mark.parametrize("separator", ["\u2028", "\u0085", "\f", "\v"])
def test_a_line_separator_inside_an_unquoted_field_does_not_split_the_row(fixture_db, separator):
    raw = f"{HEADER}\n1866;2024;laerlinger_antall;30;;;KS{separator}PAI\n1867;2024;laerlinger_antall;31;;;x\n"
    rows = plan(fixture_db, raw.encode()).rows.sort("kommunenummer")
    assert rows["source"].to_list() == [f"KS{separator}PAI", "x"]


@pytest.mark.parametrize(
    "body, message",
    [
        ('1866;2024;laerlinger_antall;30;;;"KS\n', "Rad 2: et felt i anførselstegn slutter aldri"),
        ("1866;2024;laerlinger_antall;30;;;x;ekstra\n", "Rad 2 har 8 felt, men overskriften har bare 7"),
    ],
)
def test_an_ambiguous_csv_is_refused_and_says_where(fixture_db, body, message):
    assert message in refused(fixture_db, f"{HEADER}\n{body}".encode())


# Finding 17: macro and encrypted workbooks


def test_a_workbook_with_macros_is_refused_and_not_kept(fixture_db):
    source = zipfile.ZipFile(io.BytesIO(xlsx([["kommunenummer", "år", "indikator", "verdi"]])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as macro:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == "[Content_Types].xml":
                data = data.replace(
                    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
                )
            macro.writestr(member, data)
        macro.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    for name in ("tall.xlsm", "tall.xlsx"):
        assert "Filen inneholder makroer" in refused(fixture_db, buffer.getvalue(), name)
    assert not (fixture_db.parent / "importer").exists()


def test_an_encrypted_workbook_is_explained_as_password_protected(fixture_db):
    message = refused(fixture_db, (FIXTURES / "kryptert.xlsx").read_bytes(), "kryptert.xlsx")
    assert "Filen er passordbeskyttet" in message and "gamle Excel" not in message.lower()


# Finding 18: regions that do not exist


def test_a_target_or_an_entry_for_a_region_that_does_not_exist_is_refused(fixture_db):
    region_editor = fixture_user(fixture_db, "redaktor")
    before = fingerprint(fixture_db)
    with pytest.raises(KompetanseError, match="Fant ingen region eller nettverk «finnes-ikke»"):
        set_target(opened(fixture_db), Target("finnes-ikke", "ledere_fullfort", 10, 2027), ADMIN)
    with pytest.raises(KompetanseError, match="Fant ingen region eller nettverk «finnes-ikke»"):
        save_entry(opened(fixture_db), {**ENTRY, "region_id": "finnes-ikke"}, region_editor)
    assert fingerprint(fixture_db) == before


# Finding 19: leftovers of a writer killed half-way


def test_the_next_start_removes_a_partial_copy_and_an_upload_with_no_log_entry(fixture_db):
    from kompetanse.store.build import open_current

    apply_import(
        opened(fixture_db),
        plan(fixture_db, f"{HEADER}\n1866;2024;laerlinger_antall;30;;;x\n".encode()),
        ADMIN,
    )
    folder = fixture_db.parent / "importer"
    [logged] = list(folder.iterdir())
    orphan = folder / "20260101-000000-abcdef012345-drept.csv"
    orphan.write_bytes(b"kommunenummer;...")
    partial = fixture_db.with_name(f".{fixture_db.name}.writing-999999")
    partial.write_bytes(b"halvferdig")
    open_current(fixture_db).close()
    assert not partial.exists() and not orphan.exists()
    assert list(folder.iterdir()) == [logged]


# Findings 6 and 7: a login throttle that holds


def test_twelve_sessions_sending_a_wrong_password_at_once_get_five_tries_between_them(tmp_path):
    throttle = LoginThrottle(tmp_path / "innlogging.sqlite3")
    start = threading.Barrier(12)

    def one_session(_) -> float:
        start.wait()
        return LoginThrottle(throttle.path).attempt("admin", "203.0.113.7")

    with ThreadPoolExecutor(12) as pool:
        waits = list(pool.map(one_session, range(12)))
    assert sorted(wait == 0 for wait in waits).count(True) == 5


def test_the_throttle_survives_a_restart_because_it_lives_in_a_file_beside_the_database(tmp_path):
    path = throttle_path(tmp_path / "kompetanse.duckdb")
    for _ in range(5):
        LoginThrottle(path).attempt("admin", "203.0.113.7")
    assert 29 < LoginThrottle(path).attempt("admin", "203.0.113.7") <= 30  # a new process, the same file
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_stranger_cannot_lock_a_known_user_out_and_one_address_cannot_try_many_names(tmp_path):
    throttle = LoginThrottle(tmp_path / "innlogging.sqlite3")
    for _ in range(10):
        throttle.attempt("admin", "203.0.113.7")  # a stranger guessing the admin's password
    assert throttle.attempt("admin", "203.0.113.7") > 0
    assert throttle.attempt("admin", "198.51.100.2") == 0  # the admin at work logs in
    waits = [throttle.attempt(f"bruker{n}", "192.0.2.9") for n in range(25)]  # one password, many names
    assert waits[:20] == [0] * 20 and all(wait > 0 for wait in waits[20:])


def test_after_five_failures_neither_a_restart_nor_clearing_streamlits_caches_lets_a_sixth_through(app_db):
    import importlib

    import streamlit as st
    from test_app_pages import log_in, open_page

    import kompetanse.ui.login

    at = open_page()
    for _ in range(5):
        log_in(at, "admin", "feil-passord")
    st.cache_data.clear()  # what any browser's "clear cache" message does
    st.cache_resource.clear()
    importlib.reload(kompetanse.ui.login)  # what a restart does to the app's memory
    fresh = log_in(open_page(), "admin", PASSWORD)
    assert fresh.error[0].value.startswith("For mange mislykkede forsøk. Vent")
    assert not any(caption.value.startswith("Innlogget") for caption in fresh.sidebar.caption)


# Finding 11: percent in Excel, and shares that could be fractions


def test_an_excel_column_formatted_as_percent_is_read_as_the_percent_excel_shows(fixture_db):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["B2"] = "Heltid"  # a title row, and the table starts in column B
    for column, name in enumerate(["kommunenummer", "år", "indikator", "verdi"], start=2):
        sheet.cell(4, column, name)
    for row, (code, share) in enumerate([("1866", 0.455), ("1867", 0.5)], start=5):
        sheet.cell(row, 2, code)
        sheet.cell(row, 3, 2024)
        sheet.cell(row, 4, "heltid_andel")
        sheet.cell(row, 5, share).number_format = "0.0%"  # Excel shows 45,5 %
    buffer = io.BytesIO()
    workbook.save(buffer)
    planned = plan(fixture_db, buffer.getvalue(), "heltid.xlsx")
    assert sorted(planned.rows["value"].to_list()) == [45.5, 50.0]
    assert planned.question is None


def test_a_share_column_of_values_at_most_one_without_percent_format_is_asked_about_not_guessed(fixture_db):
    raw = f"{HEADER}\n1866;2024;heltid_andel;0,455;;;x\n1867;2024;heltid_andel;0,5;;;x\n".encode()
    planned = plan(fixture_db, raw)
    assert "Alle verdiene for «Ansatte i heltidsstilling» er 1 eller mindre" in planned.question
    with pytest.raises(KompetanseError, match="Svar på spørsmålet i forhåndsvisningen først"):
        apply_import(opened(fixture_db), planned, ADMIN)
    database = opened(fixture_db)
    try:
        as_fractions = plan_import(raw, "fil.csv", database, ADMIN, shares="andel")
        as_percent = plan_import(raw, "fil.csv", database, ADMIN, shares="prosent")
    finally:
        database.close()
    assert sorted(as_fractions.rows["value"].to_list()) == [45.5, 50.0]
    assert sorted(as_percent.rows["value"].to_list()) == [0.455, 0.5]
    assert as_fractions.question is None and as_percent.question is None


# Finding 14: a full disk

FULL_DISK = r"""
set -e
mount -t tmpfs -o size={size}k tmpfs {folder}
cp {db} {folder}/fixture.duckdb
set +e
{python} -m kompetanse import {csv} --bekreft --db {folder}/fixture.duckdb > {folder}.out 2> {folder}.err
echo $? > {folder}.rc
cmp -s {db} {folder}/fixture.duckdb && echo same > {folder}.same
ls -a {folder} > {folder}.ls
"""


@pytest.mark.server
@pytest.mark.parametrize("room_kb", [256, 3072], ids=["no-room-for-the-copy", "full-in-the-middle"])
def test_a_full_disk_is_said_in_norwegian_changes_nothing_and_leaves_no_copy(fixture_db, tmp_path, room_kb):
    import subprocess
    import sys

    from test_cli import REPO
    from test_reliability import big_import

    database = Database(fixture_db)
    codes = database.sql("select kommunenummer from municipality order by 1")["kommunenummer"].to_list()
    database.close()
    folder = tmp_path / "liten-disk"
    folder.mkdir()
    db_kb = fixture_db.stat().st_size // 1024
    if room_kb < 1024:  # a one-row file, and less room than the check before copying asks for
        source = tmp_path / "liten.csv"
        source.write_text(f"{HEADER}\n1866;2024;laerlinger_antall;30;;;x\n", encoding="utf-8")
        size_kb = db_kb + room_kb
    else:  # room for the kept upload and the copy, but not for 120 000 new rows
        source = big_import(tmp_path / "stor.csv", codes)
        size_kb = 2 * db_kb + max(db_kb // 10, 1024) + source.stat().st_size // 1024 + room_kb  # file + copy
    script = FULL_DISK.format(size=size_kb, folder=folder, db=fixture_db, python=sys.executable, csv=source)
    done = subprocess.run(["unshare", "-rm", "sh", "-c", script], cwd=REPO, capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"no private mount namespace here: {done.stderr.strip()}")
    rc = (tmp_path / "liten-disk.rc").read_text().strip()
    err = (tmp_path / "liten-disk.err").read_text()
    assert rc == "1", err
    assert "Disken er full, så endringen ble ikke lagret. Ingenting er endret." in err
    assert ("En endring trenger minst" in err) == (room_kb < 1024)  # the check before copying, or the write
    assert (tmp_path / "liten-disk.same").exists()  # the database file is as it was
    assert ".writing-" not in (tmp_path / "liten-disk.ls").read_text()  # no half-written copy left
