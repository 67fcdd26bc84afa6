# ruff: noqa: F811  (fixtures are imported from fixture_server, update_support and test_update_app)
"""`python -m kompetanse oppdater` as a real process against the fixture server: exit codes, messages,
progress, dry run, kill -9 in the middle, and an update while the app serves."""

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
import streamlit as st
from conftest import TableDigest, fingerprint
from fixture_server import ERRORS, Fault, api_server  # noqa: F401
from test_app_pages import badges, open_page
from test_cli import REPO
from test_update_app import table_with
from update_support import example_db, example_db_template  # noqa: F401

from kompetanse.sources import runs
from kompetanse.store.build import open_current
from kompetanse.store.db import Database

pytestmark = pytest.mark.server
NBSP = "\u00a0"
# Tables without timestamps: what an update writes, compared between a finished and a killed run.
DATA_TABLES = ("observation", "reference_value", "region", "region_member", "population_projection")


def command(db, *args: str) -> list[str]:
    return [sys.executable, "-m", "kompetanse", "oppdater", "--db", str(db), *args]


def oppdater(db, *args: str) -> subprocess.CompletedProcess:
    """Run the command (the fixture server's addresses are in the environment, set by `api_server`)."""
    return subprocess.run(command(db, *args), cwd=REPO, capture_output=True, text=True, timeout=300)


def data(db) -> dict[str, TableDigest]:
    found = fingerprint(db)
    return {table: found[table] for table in DATA_TABLES}


def test_oppdater_writes_the_figures_exits_0_and_a_second_run_says_ingen_nye_tall(api_server, example_db):
    first = oppdater(example_db, "--kilde", "ssb")
    assert first.returncode == 0, first.stderr
    assert "Oppdaterte offisielle tall fra SSB (oppdatering nr. 1)" in first.stdout
    assert (
        "SSB tabell 12562 (oppdatert 16.03.2026): Barnehagelærere i grunnbemanningen, 2019–2024"
        in first.stdout
    )
    progress = first.stderr.splitlines()
    assert progress[0].startswith("[1/4] SSB tabell 12562") and progress[0].endswith("ferdig")
    assert progress[3].startswith("[4/4] SSB tabell 14746")
    once = fingerprint(example_db)
    second = oppdater(example_db, "--kilde", "ssb")
    assert second.returncode == 0, second.stderr
    assert second.stdout.splitlines()[-1].startswith("Ingen nye tall")
    assert fingerprint(example_db) == once


def test_oppdater_exits_1_with_ssbs_message_and_no_traceback_when_ssb_refuses(api_server, example_db):
    api_server.fail(
        "/ssb/tables/12562/data",
        Fault(status=400, body=(ERRORS / "400_non_existent_value.json").read_bytes()),
    )
    before = fingerprint(example_db)
    result = oppdater(example_db)
    assert result.returncode == 1
    assert result.stderr.strip().endswith("SSB svarte med feil 400 for tabell 12562: Non-existent value.")
    assert "Traceback" not in result.stderr
    assert fingerprint(example_db) == before


def test_oppdater_dry_run_prints_what_would_change_and_writes_nothing(api_server, example_db):
    before = fingerprint(example_db)
    result = oppdater(example_db, "--kilde", "ssb", "--dry-run")
    assert result.returncode == 0, result.stderr
    expected = (
        "Barnehagelærere i grunnbemanningen, 2019–2024, 9 kommuner: 35 nye, 0 endrede, 0 fjernet, "
        "72 rader eksempeldata erstattes"
    )
    assert expected in result.stdout
    assert result.stdout.splitlines()[-1] == "Prøvekjøring: ingenting er skrevet."
    assert fingerprint(example_db) == before


def test_a_dry_run_in_nynorsk_names_every_series_and_count_in_nynorsk(api_server, example_db):
    from test_nynorsk_cli import tell_tales

    nynorsk = [sys.executable, "-m", "kompetanse", "--maal", "nn", *command(example_db)[3:]]
    result = subprocess.run(
        [*nynorsk, "--kilde", "ssb", "--dry-run"], cwd=REPO, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert "Barnehagelærarar i grunnbemanninga, 2019–2024, 9 kommunar: 35 nye" in result.stdout
    assert "Befolkningsframskriving" in result.stdout
    assert tell_tales(result.stdout) == {} and tell_tales(result.stderr) == {}


def test_oppdater_from_a_year_asks_ssb_for_those_years_only(api_server, example_db):
    result = oppdater(example_db, "--kilde", "ssb", "--fra-aar", "2024")
    assert result.returncode == 0, result.stderr
    asked = api_server.requested("/ssb/tables/12562/data")[0]
    years = asked.query.get("valueCodes[Tid]") or next(
        ",".join(item["valueCodes"]) for item in asked.body["selection"] if item["variableCode"] == "Tid"
    )
    assert years == "2024"
    database = Database(example_db)
    try:
        found = database.sql(
            "select distinct year from observation where indicator_id = 'barnehagelaerer_andel' order by 1"
        )["year"].to_list()
    finally:
        database.close()
    assert found == [2024]


def test_oppdater_without_a_network_says_so_in_norwegian(example_db, monkeypatch):
    monkeypatch.setenv("KOMPETANSE_KLASS_API", "http://127.0.0.1:9/klass")
    result = oppdater(example_db, "--kilde", "klass")
    assert result.returncode == 1
    assert "Fikk ikke kontakt med KLASS for klassifikasjon 131" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.kill
def test_kill_9_at_any_moment_of_an_update_leaves_the_old_or_the_whole_new_data_and_the_next_run_works(
    api_server, example_db, tmp_path
):
    template = tmp_path / "mal.duckdb"
    shutil.copyfile(example_db, template)
    before = fingerprint(template)
    started = time.monotonic()
    finished = oppdater(example_db, "--kilde", "ssb")
    duration = time.monotonic() - started
    assert finished.returncode == 0, finished.stderr
    after = data(example_db)
    assert after != {table: before[table] for table in DATA_TABLES}
    outcomes = []
    for step in range(8):  # from the start to just past the end
        path = tmp_path / f"kill-{step}" / "official.duckdb"
        path.parent.mkdir()
        shutil.copyfile(template, path)
        process = subprocess.Popen(
            command(path, "--kilde", "ssb"), cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(duration * step / 7 * 1.05)
        process.send_signal(signal.SIGKILL)
        process.wait(60)
        state = fingerprint(path)
        if state == before:
            outcomes.append("gammel")
        else:
            assert data(path) == after, f"mixed data after a kill at step {step}"
            assert state["official_update"].rows == 1
            outcomes.append("ny")
        open_current(path).close()  # the next start needs no manual step
        again = oppdater(path, "--kilde", "ssb")
        assert again.returncode == 0, again.stderr
        assert data(path) == after
        assert not [p for p in path.parent.iterdir() if ".writing-" in p.name]
        assert all(entry["outcome"] in runs.OUTCOMES for entry in runs.attempts(path))
    assert "gammel" in outcomes  # the kills did land mid-update


def test_an_update_while_the_app_is_serving_lands_and_the_app_shows_it(api_server, example_db, monkeypatch):
    monkeypatch.setenv("KOMPETANSE_DB", str(example_db))
    st.cache_data.clear()
    st.cache_resource.clear()
    at = open_page("kompetansegap", indikator="barnehagelaerer_andel", aar="2024")
    assert badges(at) >= 1
    result = oppdater(example_db, "--kilde", "ssb")
    assert result.returncode == 0, result.stderr
    at.run()
    assert not at.exception
    assert badges(at) == 0
    assert table_with(at, "Hadsel", column="Verdi")["Hadsel"]["Verdi"] == f"41,0{NBSP}%"
    assert os.path.exists(example_db)
