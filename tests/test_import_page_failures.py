"""The Importer page when a confirmation cannot be carried out: someone else wrote in the meantime
(the preview is outdated), or the disk is full. Both say so in Norwegian and write nothing."""

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import ADMIN, fingerprint, opened
from streamlit.testing.v1 import AppTest
from test_app_pages import log_in, open_page

from kompetanse.ingest.imports import apply_import, plan_import
from kompetanse.store.leftovers import upload_folder
from kompetanse.store.writing import writer_lock

HEADER = "kommunenummer;år;indikator;verdi;teller;nevner;kilde"
EDITORS_FILE = f"{HEADER}\n1866;2024;laerlinger_antall;30;;;Redaktør\n".encode()
ADMINS_FILE = f"{HEADER}\n1866;2024;laerlinger_antall;40;;;Admin\n".encode()
OUTDATED = (
    "Tallene er endret siden forhåndsvisningen (noen har lagret noe i mellomtiden), så ingenting er "
    "importert. Se over den nye forhåndsvisningen og bekreft på nytt."
)


def previewed(at: AppTest, name: str, raw: bytes) -> AppTest:
    at.get("file_uploader")[0].set_value((name, raw, "text/csv"))
    return at.run()


def before_and_after(at: AppTest) -> tuple[str, str]:
    [row] = at.dataframe[0].value.to_dict("records")
    return row["Før"], row["Etter"]


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def admins_version(db_path: Path, folder: Path) -> Path:
    """The file as it is once the admin has imported 40 for Hadsel: a real import on a copy."""
    folder.mkdir()
    copy = folder / db_path.name
    shutil.copyfile(db_path, copy)
    database = opened(copy)
    apply_import(database, plan_import(ADMINS_FILE, "admin.csv", database, ADMIN), ADMIN)
    database.close()
    return copy


def swap_in_while_the_page_waits(db_path: Path, newer: Path, held: threading.Event) -> None:
    """Another writer: holds the write lock until the page has kept the editor's upload (its last
    step before it waits for the lock), then swaps in its version, as the write door does."""
    with writer_lock(db_path):
        held.set()
        while not any(upload_folder(db_path).glob("*redaktor.csv")):
            threading.Event().wait(0.02)
        os.replace(newer, db_path)


def test_a_preview_outdated_by_another_import_writes_nothing_and_offers_the_new_one(app_db, tmp_path):
    at = log_in(open_page("importer"))
    previewed(at, "redaktor.csv", EDITORS_FILE)
    assert before_and_after(at) == ("26", "30")
    newer = admins_version(app_db, tmp_path / "admin")
    after_admin = fingerprint(newer)
    held = threading.Event()
    other = threading.Thread(target=swap_in_while_the_page_waits, args=(app_db, newer, held))
    other.start()
    held.wait(30)
    button(at, "Importer 1 verdi").click().run()
    other.join(30)
    assert not at.exception and not at.error
    assert [warning.value for warning in at.warning] == [OUTDATED]
    assert not at.success
    assert fingerprint(app_db) == after_admin  # the admin's import, and nothing of the editor's
    assert not any(upload_folder(app_db).glob("*redaktor.csv"))  # its kept upload is gone again
    button(at, "Vis den nye forhåndsvisningen").click().run()
    assert before_and_after(at) == ("40", "30")  # the fresh preview: from the admin's 40
    assert not at.warning
    button(at, "Importer 1 verdi").click().run()
    assert "Importerte 1 rad" in at.success[0].value


# A full disk: the app's import on a small tmpfs in a private mount namespace (as the CLI's test in
# tests/test_hardening.py does), run by a script so the whole app process sees only that disk.
FULL_DISK = r"""
set -e
mount -t tmpfs -o size={size}k tmpfs {folder}
cp {db} {folder}/fixture.duckdb
set +e
KOMPETANSE_DB={folder}/fixture.duckdb KOMPETANSE_WARM=0 {python} {script} {csv} > {folder}.out 2> {folder}.err
echo $? > {folder}.rc
cmp -s {db} {folder}/fixture.duckdb && echo same > {folder}.same
ls -a {folder} > {folder}.ls
ls -A {uploads} > {folder}.uploads 2>/dev/null || true
"""

APP_IMPORT = r"""
import json, sys
sys.path[:0] = [{repo!r}, {tests!r}]
import conftest  # noqa: F401  (AppTest runs app.py's navigation, as the real server does)
from test_app_pages import log_in, open_page

at = log_in(open_page("importer"), "admin")  # the big file has every municipality
raw = open(sys.argv[1], "rb").read()
at.get("file_uploader")[0].set_value(("stor.csv", raw, "text/csv"))
at.run(timeout=600)
for checkbox in at.checkbox:  # "Jeg har sjekket ... verdier som endrer seg mer enn 50 %"
    checkbox.check()
at.run(timeout=600)
buttons = [b for b in at.button if b.label.startswith("Importer ")]
if not buttons:
    sys.exit("no import button: " + repr([e.value for e in [*at.error, *at.warning, *at.info]]))
button = buttons[0]
button.click().run(timeout=600)
print(json.dumps({{
    "errors": [error.value for error in at.error],
    "exceptions": [str(exception.value) for exception in at.exception],
    "successes": [success.value for success in at.success],
}}))
"""


@pytest.mark.server
@pytest.mark.parametrize("room_kb", [256, 3072], ids=["no-room-for-the-copy", "full-in-the-middle"])
def test_a_full_disk_during_an_import_in_the_app_is_said_in_norwegian_and_changes_nothing(
    fixture_db, tmp_path, room_kb
):
    import json

    from test_cli import REPO
    from test_reliability import big_import

    database = opened(fixture_db)
    codes = database.sql("select kommunenummer from municipality order by 1")["kommunenummer"].to_list()
    database.close()
    folder = tmp_path / "liten-disk"
    folder.mkdir()
    db_kb = fixture_db.stat().st_size // 1024
    if room_kb < 1024:  # less room than the check before copying asks for
        source = tmp_path / "liten.csv"
        source.write_bytes(EDITORS_FILE)
        size_kb = db_kb + room_kb
    else:  # room for the kept upload and the copy, but not for 120 000 new rows
        source = big_import(tmp_path / "stor.csv", codes)
        size_kb = 2 * db_kb + max(db_kb // 10, 1024) + source.stat().st_size // 1024 + room_kb
    script = tmp_path / "app_import.py"
    script.write_text(APP_IMPORT.format(repo=str(REPO), tests=str(Path(__file__).parent)), encoding="utf-8")
    shell = FULL_DISK.format(
        size=size_kb,
        folder=folder,
        uploads=upload_folder(folder / "fixture.duckdb"),
        db=fixture_db,
        python=sys.executable,
        script=script,
        csv=source,
    )
    done = subprocess.run(["unshare", "-rm", "sh", "-c", shell], cwd=REPO, capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"no private mount namespace here: {done.stderr.strip()}")
    out = (tmp_path / "liten-disk.out").read_text()
    assert (tmp_path / "liten-disk.rc").read_text().strip() == "0", (tmp_path / "liten-disk.err").read_text()
    shown = json.loads(out.strip().splitlines()[-1])
    assert shown["exceptions"] == [] and shown["successes"] == []
    [error] = shown["errors"]
    assert error.startswith("Disken er full, så endringen ble ikke lagret. Ingenting er endret.")
    assert ("En endring trenger minst" in error) == (room_kb < 1024)  # the check before copying, or the write
    assert (tmp_path / "liten-disk.same").exists()  # the database file is as it was
    left = (tmp_path / "liten-disk.ls").read_text()
    assert ".writing-" not in left  # no half-written copy left
    assert (tmp_path / "liten-disk.uploads").read_text() == ""  # nor the kept upload of a failed import
