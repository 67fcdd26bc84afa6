"""The command line: build, import and export, with Norwegian messages and no tracebacks."""

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURE_OBSERVATIONS, fingerprint

from kompetanse.config import DEFAULT_DB_PATH, database_path

REPO = Path(__file__).resolve().parent.parent
HEADER = "kommunenummer,år,indikator,verdi,teller,nevner,kilde"


def cli(*args: str, env_db: Path | None = None) -> subprocess.CompletedProcess:
    import os

    env = {k: v for k, v in os.environ.items() if k != "KOMPETANSE_DB"}
    if env_db is not None:
        env["KOMPETANSE_DB"] = str(env_db)
    return subprocess.run(
        [sys.executable, "-m", "kompetanse", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.server
def test_export_writes_the_canonical_header_sorted_rows(fixture_db, tmp_path):
    out = tmp_path / "eksport.csv"
    result = cli("export", "--db", str(fixture_db), "--out", str(out))
    assert result.returncode == 0, result.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == HEADER
    keys = [tuple(line.split(",")[:3]) for line in lines[1:]]
    assert keys == sorted(keys)
    assert "1871,2024,barnehagelaerer_andel,60,12,20,Testdata for automatiske tester" in lines


@pytest.mark.server
def test_export_import_export_is_the_identity(fixture_db, tmp_path):
    first = tmp_path / "first.csv"
    assert cli("export", "--db", str(fixture_db), "--out", str(first)).returncode == 0
    empty = tmp_path / "fresh.duckdb"
    assert cli("build", "--db", str(empty), "--scale", "none").returncode == 0
    imported = cli("import", str(first), "--db", str(empty))
    assert imported.returncode == 0, imported.stderr
    second = tmp_path / "second.csv"
    assert cli("export", "--db", str(empty), "--out", str(second)).returncode == 0
    assert second.read_bytes() == first.read_bytes()


@pytest.mark.server
def test_import_maps_an_old_kommunenummer_and_says_so(fixture_db, tmp_path):
    file = tmp_path / "salangen.csv"
    file.write_text(f"{HEADER}\n1923,2022,laerlinger_antall,4,,,Egen telling\n", encoding="utf-8")
    result = cli("import", str(file), "--db", str(fixture_db))
    assert result.returncode == 0, result.stderr
    assert "Kommunenummer 1923 (Salangen (1977-2019)) er gjort om til 5522 Salangen." in result.stdout
    assert "1 nye" in result.stdout


BAD_ROWS = [
    ("9998,2024,laerlinger_antall,4,,,", "Rad 3, kolonne «kommunenummer»: Kommunenummer 9998 finnes ikke."),
    ("1850,2019,laerlinger_antall,4,,,", "ble delt"),
    ("1868,2024,laerlinger_antal,4,,,", "Ukjent indikator «laerlinger_antal». Mente du «laerlinger_antall»?"),
    ("1868,1990,laerlinger_antall,4,,,", "Året 1990 er utenfor"),
    ("1868,2024,heltid_andel,140,,,", "En andel må være mellom 0 og 100 prosent, ikke 140."),
    ("1868,2024,laerlinger_antall,-3,,,", "Tallet kan ikke være negativt."),
    ("1868,2024,heltid_andel,,30,20,", "Telleren (30) er større enn nevneren (20)."),
    ("1868,2024,laerlinger_antall,mange,,,", "«mange» er ikke et tall."),
    ("1868,2024,laerlinger_antall,,,,", "Verdien mangler"),
]


@pytest.mark.server
@pytest.mark.parametrize("row, message", BAD_ROWS)
def test_import_rejects_an_invalid_row_with_a_norwegian_message_and_writes_nothing(
    fixture_db, tmp_path, row, message
):
    before = fingerprint(fixture_db)
    file = tmp_path / "feil.csv"
    file.write_text(f"{HEADER}\n1871,2024,laerlinger_antall,11,,,ok\n{row}\n", encoding="utf-8")
    result = cli("import", str(file), "--db", str(fixture_db))
    assert result.returncode == 1
    assert message in result.stderr
    assert "Ingenting er endret i databasen" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert fingerprint(fixture_db) == before


@pytest.mark.server
def test_import_reports_duplicates_with_both_rows(fixture_db, tmp_path):
    file = tmp_path / "dobbel.csv"
    file.write_text(
        f"{HEADER}\n1868,2024,laerlinger_antall,4,,,\n1868,2024,laerlinger_antall,5,,,\n", encoding="utf-8"
    )
    result = cli("import", str(file), "--db", str(fixture_db))
    assert result.returncode == 1
    assert "Rad 3: Samme kommune, år og indikator står også på rad 2" in result.stderr


@pytest.mark.server
@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "Filen er tom."),
        (b"kommune;aar\n1868;2024\n", "Fant ingen overskriftsrad med kolonnen «kommunenummer»"),
        (b"kommunenummer;\xc3\xa5r;indikator\n1868;2024;heltid_andel\n", "Mangler kolonne «verdi»"),
        (HEADER.encode() + b"\n", "Filen har ingen rader med tall."),
    ],
)
def test_import_rejects_an_empty_or_headerless_file(fixture_db, tmp_path, content, message):
    file = tmp_path / "tom.csv"
    file.write_bytes(content)
    result = cli("import", str(file), "--db", str(fixture_db))
    assert result.returncode == 1
    assert message in result.stderr


@pytest.mark.server
def test_import_of_a_missing_file_says_so_without_a_traceback(fixture_db, tmp_path):
    result = cli("import", str(tmp_path / "finnes-ikke.csv"), "--db", str(fixture_db))
    assert result.returncode == 1
    assert "Fant ikke filen" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.server
def test_dry_run_validates_without_writing(fixture_db):
    before = fingerprint(fixture_db)
    result = cli("import", str(FIXTURE_OBSERVATIONS), "--db", str(fixture_db), "--dry-run")
    assert result.returncode == 0
    assert "Prøvekjøring: ingenting er skrevet." in result.stdout
    assert "Nye verdier: 0, endrede: 0, uendrede: 72." in result.stdout  # every fixture row
    assert fingerprint(fixture_db) == before


@pytest.mark.server
def test_the_database_path_comes_from_the_environment_when_no_flag_is_given(fixture_db, tmp_path):
    out = tmp_path / "fra-miljo.csv"
    result = cli("export", "--out", str(out), env_db=fixture_db)
    assert result.returncode == 0, result.stderr
    assert "1871,2024,barnehagelaerer_andel" in out.read_text(encoding="utf-8")


def test_the_database_path_follows_a_changed_setting_and_a_relative_one_the_working_folder(
    tmp_path, monkeypatch
):
    (tmp_path / "annen").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KOMPETANSE_DB", "data.duckdb")
    assert database_path() == tmp_path.resolve() / "data.duckdb"
    monkeypatch.chdir(tmp_path / "annen")
    assert database_path() == tmp_path.resolve() / "annen" / "data.duckdb"
    monkeypatch.setenv("KOMPETANSE_DB", str(tmp_path / "ny.duckdb"))
    assert database_path() == tmp_path.resolve() / "ny.duckdb"
    assert database_path("../flagg.duckdb") == tmp_path.resolve() / "flagg.duckdb"
    monkeypatch.delenv("KOMPETANSE_DB")
    assert database_path() == DEFAULT_DB_PATH


@pytest.mark.server
def test_commands_on_a_missing_database_explain_in_norwegian(tmp_path):
    result = cli("export", "--db", str(tmp_path / "ingen.duckdb"), "--out", str(tmp_path / "x.csv"))
    assert result.returncode == 1
    assert "Fant ikke databasefilen" in result.stderr
