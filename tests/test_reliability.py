"""Nothing lost: kill -9 during an import, backups and restore, and a bad database file explained."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import streamlit as st
from conftest import ADMIN, TableDigest, fingerprint, import_file, opened
from streamlit.testing.v1 import AppTest
from test_cli import REPO

from kompetanse.access.settings import change_setting
from kompetanse.errors import DatabaseCorruptError
from kompetanse.store.backups import backups, choose_backup, restore_backup
from kompetanse.store.build import open_current
from kompetanse.store.db import Database
from kompetanse.store.writing import list_backups, write_transaction

HEADER = "kommunenummer,år,indikator,verdi,teller,nevner,kilde"
INDICATORS = ("heltid_andel", "sykefravaer_andel", "barnehagelaerer_andel", "fagbrev_andel_helse")


def big_import(path: Path, codes: list[str], rows: int = 120_000) -> Path:
    """A valid file large enough that an import takes a noticeable time."""
    lines, written = [HEADER], 0
    for year in range(1994, 2027):
        for indicator in INDICATORS:
            for code in codes:
                if written >= rows:
                    break
                lines.append(f"{code},{year},{indicator},,{(written % 90) + 5},100,Test")
                written += 1
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def codes(fixture_db_template) -> list[str]:
    """Every kommunenummer of today."""
    database = Database(fixture_db_template)
    found = database.sql("select kommunenummer from municipality order by 1")["kommunenummer"].to_list()
    database.close()
    return found


def start_import(db_path: Path, file: Path) -> subprocess.Popen:
    env = {**os.environ, "KOMPETANSE_DB": str(db_path)}
    return subprocess.Popen(
        [sys.executable, "-m", "kompetanse", "import", str(file), "--bekreft"],  # made-up jumps
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def observations(db_path: Path) -> TableDigest:
    return fingerprint(db_path)["observation"]


@pytest.mark.kill
def test_kill_9_at_any_moment_of_an_import_leaves_the_old_or_the_whole_new_data_and_the_next_start_works(
    fixture_db, tmp_path, codes
):
    file = big_import(tmp_path / "stor.csv", codes)
    template = tmp_path / "mal.duckdb"
    shutil.copyfile(fixture_db, template)
    before = fingerprint(template)
    finished = tmp_path / "ferdig.duckdb"
    shutil.copyfile(template, finished)
    started = time.monotonic()
    done = start_import(finished, file)
    assert done.wait(300) == 0, done.stderr.read().decode()
    duration = time.monotonic() - started
    after_observations = observations(finished)
    assert after_observations != before["observation"]

    outcomes = []
    for step in range(8):  # spread over the whole import, from the start to just past its end
        path = tmp_path / f"kill-{step}" / "fixture.duckdb"
        path.parent.mkdir()
        shutil.copyfile(template, path)
        process = start_import(path, file)
        time.sleep(duration * step / 7 * 1.05)
        process.send_signal(signal.SIGKILL)
        process.wait(60)
        state = fingerprint(path)
        if state == before:
            outcomes.append("gammel")
        else:
            assert state["observation"] == after_observations, f"mixed data after a kill at step {step}"
            assert state["import_log"].rows == before["import_log"].rows + 1
            outcomes.append("ny")
        # the next start works without a manual step: read, then import again
        open_current(path).close()
        import_file(path, REPO / "tests/fixtures/observasjoner.csv")
        assert not [p for p in path.parent.iterdir() if ".writing-" in p.name]
    assert "gammel" in outcomes  # the kills did land mid-import


def test_every_import_leaves_a_backup_of_the_file_before_it_and_only_the_newest_are_kept(
    fixture_db, tmp_path
):
    change_setting(opened(fixture_db), "backups_kept", 2, ADMIN)
    states = []
    for value in (30, 31, 32):
        states.append(observations(fixture_db))
        file = tmp_path / f"{value}.csv"
        file.write_text(f"{HEADER}\n1866,2024,laerlinger_antall,{value},,,Test\n", encoding="utf-8")
        import_file(fixture_db, file)
    kept = backups(fixture_db)
    assert len(kept) == 2 and all(backup.before == "import" for backup in kept)
    assert (
        observations(kept[0].path) == states[2]
    )  # the newest backup is the file just before the last import
    assert observations(kept[1].path) == states[1]


@pytest.mark.server
def test_restore_puts_back_the_newest_backup_and_can_itself_be_undone(fixture_db, tmp_path):
    before = observations(fixture_db)
    file = tmp_path / "ny.csv"
    file.write_text(f"{HEADER}\n1866,2024,laerlinger_antall,99,,,Test\n", encoding="utf-8")
    import_file(fixture_db, file)
    imported = observations(fixture_db)
    result = subprocess.run(
        [sys.executable, "-m", "kompetanse", "restore", "--db", str(fixture_db)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Databasen er gjenopprettet fra sikkerhetskopien")
    assert observations(fixture_db) == before
    database = Database(fixture_db)
    assert (
        database.sql("select action from audit_log order by audit_id desc limit 1").item() == "gjenoppretting"
    )
    database.close()
    assert backups(fixture_db)[0].before == "gjenoppretting"  # the restore kept what it replaced
    restore_backup(fixture_db, choose_backup(fixture_db, "1"), ADMIN)
    assert observations(fixture_db) == imported


def test_a_damaged_backup_is_refused_and_nothing_changes(fixture_db):
    import_file(fixture_db, REPO / "tests/fixtures/observasjoner.csv")
    newest = backups(fixture_db)[0]
    newest.path.write_bytes(b"\x00" * 4096)
    before = fingerprint(fixture_db)
    with pytest.raises(DatabaseCorruptError, match="skadet"):
        restore_backup(fixture_db, newest, ADMIN)
    assert fingerprint(fixture_db) == before


@pytest.mark.server
def test_restore_lists_backups_and_says_so_when_there_are_none(fixture_db):
    result = subprocess.run(
        [sys.executable, "-m", "kompetanse", "restore", "--list", "--db", str(fixture_db)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip() == "Ingen sikkerhetskopier ennå."
    refused = subprocess.run(
        [sys.executable, "-m", "kompetanse", "restore", "--db", str(fixture_db)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert refused.returncode == 1
    assert refused.stderr.strip() == "Det finnes ingen sikkerhetskopier av denne databasen ennå."


# A bad database file: the app explains in Norwegian and keeps running


def app_on(path: Path, monkeypatch) -> AppTest:
    monkeypatch.setenv("KOMPETANSE_DB", str(path))
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def errors(at: AppTest) -> str:
    return " ".join(error.value for error in at.error)


def test_a_damaged_database_file_is_explained_and_the_app_keeps_running(fixture_db, monkeypatch):
    raw = fixture_db.read_bytes()
    fixture_db.write_bytes(raw[: len(raw) // 3])
    at = app_on(fixture_db, monkeypatch)
    assert "er skadet eller ikke en kompetanse-database" in errors(at)
    assert ".venv/bin/kompetanse restore" in errors(at)
    fixture_db.write_bytes(raw)  # repaired: the next run works
    at.run()
    assert not at.exception and not at.error and at.metric


def test_garbage_in_place_of_the_database_is_explained(tmp_path, monkeypatch):
    path = tmp_path / "kompetanse.duckdb"
    path.write_bytes(os.urandom(50_000))
    assert "er skadet" in errors(app_on(path, monkeypatch))


def test_a_database_path_that_cannot_be_read_is_explained(tmp_path, monkeypatch):
    path = tmp_path / "kompetanse.duckdb"
    path.mkdir()  # a folder where the file should be (root can read any file, so chmod would not do)
    assert "kan ikke leses" in errors(app_on(path, monkeypatch))


@pytest.mark.server
def test_a_database_locked_by_another_program_is_explained_and_works_once_it_lets_go(fixture_db, monkeypatch):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, time; c = duckdb.connect({str(fixture_db)!r}); print('ok', "
            "flush=True); time.sleep(120)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ok"
        at = app_on(fixture_db, monkeypatch)
        assert "er låst av et annet program" in errors(at)
    finally:
        holder.kill()
        holder.wait(30)
    at.run()
    assert not at.error and at.metric


def test_a_database_from_a_newer_version_is_explained(fixture_db, monkeypatch):
    with write_transaction(fixture_db, by="test", action="test") as con:
        con.execute("update meta set value = '999' where key = 'schema_version'")
    assert "Oppdater programmet" in errors(app_on(fixture_db, monkeypatch))


def test_a_missing_database_with_backups_is_not_silently_rebuilt(fixture_db, monkeypatch):
    import_file(fixture_db, REPO / "tests/fixtures/observasjoner.csv")
    assert list_backups(fixture_db)
    fixture_db.unlink()
    at = app_on(fixture_db, monkeypatch)
    assert "mangler. Den har hatt data som brukerne har lagt inn" in errors(at)
    assert not fixture_db.exists()


@pytest.mark.server
def test_the_command_line_explains_a_damaged_database_without_a_traceback(tmp_path):
    path = tmp_path / "kompetanse.duckdb"
    path.write_bytes(b"ikke en database" * 100)
    result = subprocess.run(
        [sys.executable, "-m", "kompetanse", "imports", "--db", str(path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "er skadet eller ikke en kompetanse-database" in result.stderr
    assert "Traceback" not in result.stderr
