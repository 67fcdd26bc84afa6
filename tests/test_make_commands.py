"""The README's commands as written: make targets, the `kompetanse` command in the venv, .gitignore."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from test_browser import free_port

from kompetanse.access.users import authenticate
from kompetanse.store.db import Database

pytestmark = pytest.mark.server
REPO = Path(__file__).resolve().parent.parent


def make(venv: Path, *args: str, stdin: str = "", **env: str) -> subprocess.CompletedProcess:
    """`make` with this interpreter standing in for the venv's (the suite's venv is set up already)."""
    return subprocess.run(
        ["make", "-s", f"VENV={venv}", f"PY={sys.executable}", "-o", f"{venv}/.installed", *args],
        cwd=REPO,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **env},
    )


def test_make_user_adds_and_lists_users_with_region_and_municipality_names(fixture_db, tmp_path):
    venv = tmp_path / "venv"
    added = make(
        venv,
        "user",
        "ARGS=add kari --role editor --kommune Sortland --region vesteralen --password-stdin "
        f'--db "{fixture_db}"',
        stdin="kari-sitt-passord\n",
    )
    assert added.returncode == 0, added.stderr
    assert "Lagret brukeren kari (redaktør for Sortland (1870), Vesterålen)." in added.stdout
    database = Database(fixture_db)
    assert authenticate(database, "kari", "kari-sitt-passord") is not None
    database.close()
    listed = make(venv, "user", f'ARGS=list --db "{fixture_db}"')
    assert listed.returncode == 0, listed.stderr
    kari = next(line for line in listed.stdout.splitlines() if line.startswith("kari"))
    assert "Sortland (1870), Vesterålen" in kari and "18009" not in kari


def test_the_kompetanse_command_in_the_venv_works_from_any_folder(fixture_db, tmp_path):
    venv = tmp_path / "venv"
    made = make(venv, f"{venv}/bin/kompetanse")
    assert made.returncode == 0, made.stderr
    elsewhere = tmp_path / "et-annet-sted"
    elsewhere.mkdir()
    result = subprocess.run(
        [str(venv / "bin" / "kompetanse"), "region", "show", "vesteralen", "--db", str(fixture_db)],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        timeout=120,
        env={key: value for key, value in os.environ.items() if key != "PYTHONPATH"},
    )
    assert result.returncode == 0, result.stderr
    assert "Sortland" in result.stdout and "Øksnes" in result.stdout


def test_the_backup_folder_and_the_database_are_ignored_by_git():
    for path in (
        "data/sikkerhetskopier/kompetanse.duckdb.1",
        "data/kompetanse.duckdb",
        "data/importer/x.csv",
    ):
        checked = subprocess.run(["git", "check-ignore", "-q", path], cwd=REPO)
        assert checked.returncode == 0, f"{path} is not ignored"


def _listening_addresses(port: int) -> set[str]:
    """The local addresses with a listening TCP socket on `port` (from /proc/net/tcp and tcp6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not os.path.exists(table):
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if state == "0A" and int(hex_port, 16) == port:  # 0A = LISTEN
                found.add(address)
    return found


def test_make_run_with_address_listens_on_localhost_only(fixture_db, tmp_path):
    venv = tmp_path / "venv"
    port = free_port()
    process = subprocess.Popen(
        [
            "make",
            "-s",
            f"VENV={venv}",
            f"PY={sys.executable}",
            "-o",
            f"{venv}/.installed",
            "run",
            "ADDRESS=127.0.0.1",
            f"PORT={port}",
        ],
        cwd=REPO,
        env={**os.environ, "KOMPETANSE_DB": str(fixture_db), "STREAMLIT_SERVER_HEADLESS": "true"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
                    assert response.status == 200
                    break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline, "make run did not start"
                time.sleep(0.3)
        assert _listening_addresses(port) == {"0100007F"}  # 127.0.0.1, and nothing on 0.0.0.0 or ::
    finally:
        os.killpg(process.pid, 15)
        process.wait(10)
