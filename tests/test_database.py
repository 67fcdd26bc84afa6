"""The database gateway: deterministic builds, versioned schema, copy-and-swap writes."""

import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from conftest import fingerprint, table_rows

from kompetanse.errors import SchemaTooNewError
from kompetanse.store.build import build
from kompetanse.store.db import Database, open_database
from kompetanse.store.schema import latest_schema_version, migrations
from kompetanse.store.writing import write_transaction

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_building_twice_gives_the_same_database_and_logs_each_build(tmp_path, standard_db):
    again = tmp_path / "again.duckdb"
    shutil.copyfile(standard_db, again)  # a fresh build
    build(again)  # a rebuild over an existing file
    assert fingerprint(again, ignore=("audit_log",)) == fingerprint(standard_db, ignore=("audit_log",))
    log = table_rows(again, "audit_log")
    assert [(row[2], row[3]) for row in log] == [("system", "bygg"), ("system", "bygg")]


def test_a_rebuild_keeps_imported_observations(fixture_db):
    build(fixture_db, scale="none")
    con = duckdb.connect(str(fixture_db), read_only=True)
    try:
        imported = con.execute("select count(*) from observation where origin = 'import'").fetchone()[0]
    finally:
        con.close()
    assert imported == 72  # every row of tests/fixtures/observasjoner.csv


def test_the_national_scale_has_every_municipality_20_years_and_40_indicators(national_db):
    con = duckdb.connect(str(national_db), read_only=True)
    try:
        municipalities, years, indicators = con.execute(
            "select count(distinct kommunenummer), count(distinct year), count(distinct indicator_id) "
            "from observation where is_example"
        ).fetchone()
    finally:
        con.close()
    assert municipalities == 357 and years == 20 and indicators + 5 >= 40


def make_version_1_database(path: Path) -> None:
    """A database as the first release wrote it, holding one imported observation."""
    con = duckdb.connect(str(path))
    version, sql = migrations()[0]
    con.execute(sql)
    con.execute("insert into meta values ('schema_version', $v)", {"v": str(version)})
    con.execute(
        "insert into observation values ('1868', 2024, 'laerlinger_antall', 7, null, null, "
        "'Egen telling', false, 'import', null)"
    )
    con.close()


def test_an_older_database_is_migrated_and_keeps_its_data(tmp_path):
    path = tmp_path / "old.duckdb"
    make_version_1_database(path)
    database = open_database(path)
    try:
        assert database.schema_version == latest_schema_version() > 1
        assert database.sql("select value from observation").to_series().to_list() == [7.0]
        assert database.sql("select count(*) from project_entry").item() == 0
    finally:
        database.close()


def test_a_database_from_a_newer_version_is_refused_in_norwegian(tmp_path):
    path = tmp_path / "new.duckdb"
    con = duckdb.connect(str(path))
    con.execute("create table meta (key varchar primary key, value varchar)")
    con.execute("insert into meta values ('schema_version', '999')")
    con.close()
    with pytest.raises(SchemaTooNewError, match="Oppdater programmet"):
        open_database(path)


def test_a_reader_keeps_its_snapshot_until_it_reconnects(fixture_db):
    reader = Database(fixture_db)
    before = reader.sql("select count(*) from observation").item()
    with write_transaction(fixture_db, by="test", action="test") as con:
        con.execute("delete from observation where indicator_id = 'laerlinger_antall'")
    assert reader.sql("select count(*) from observation").item() == before
    assert not reader.is_current()
    fresh = Database(fixture_db)
    assert fresh.sql("select count(*) from observation").item() == before - 7
    reader.close()
    fresh.close()


def test_a_failed_write_leaves_the_file_untouched_and_no_copy_behind(fixture_db):
    before = fingerprint(fixture_db)
    with pytest.raises(RuntimeError):
        with write_transaction(fixture_db, by="test", action="test") as con:
            con.execute("delete from observation")
            raise RuntimeError("stopped half-way")
    assert fingerprint(fixture_db) == before
    assert [p.name for p in fixture_db.parent.iterdir() if "writing" in p.name] == []


# Each writer is a process of its own started from scratch (not multiprocessing's spawn, which runs
# the worker's __main__ again: after an AppTest in the same worker that is app.py).
APPEND = """
import sys
from pathlib import Path
from kompetanse.store.writing import write_transaction
with write_transaction(Path(sys.argv[1]), by="test", action="test") as con:
    con.execute(
        "insert into observation (kommunenummer, year, indicator_id, value, numerator, denominator, "
        "source, is_example, origin, import_id) values ('1868', $year, 'laerlinger_antall', 1, null, "
        "null, 'Egen telling', false, 'import', null)",
        {"year": int(sys.argv[2])},
    )
"""


def test_two_processes_writing_at_once_both_land(fixture_db):
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", APPEND, str(fixture_db), str(year)], cwd=REPO, stderr=subprocess.PIPE
        )
        for year in (2010, 2011)
    ]
    errors = [worker.communicate(timeout=120)[1].decode() for worker in workers]
    assert [worker.returncode for worker in workers] == [0, 0], errors
    database = Database(fixture_db)
    years = (
        database.sql(
            "select year from observation where kommunenummer = '1868' "
            "and indicator_id = 'laerlinger_antall' order by year"
        )
        .to_series()
        .to_list()
    )
    database.close()
    assert years == [2010, 2011, 2024]


@pytest.mark.slow
def test_opening_an_older_database_refreshes_the_bundled_catalogue_and_keeps_user_data(tmp_path):
    from kompetanse.store.build import open_current

    path = tmp_path / "old.duckdb"
    make_version_1_database(path)
    database = open_current(path)
    try:
        assert database.schema_version == latest_schema_version()
        assert database.sql(
            "select value from observation where origin = 'import'"
        ).to_series().to_list() == [7.0]
        rule = database.sql(
            "select suppression from indicator where indicator_id = 'laerlinger_antall'"
        ).item()
        assert rule == "antall"
        assert database.sql("select count(*) from municipality").item() == 357
    finally:
        database.close()


def test_a_database_built_from_another_catalogue_gets_the_bundled_one_when_opened(fixture_db):
    from kompetanse.store.build import open_current

    with write_transaction(fixture_db, by="test", action="test") as con:  # as if built before the row
        con.execute("delete from indicator where indicator_id = 'barnehage_dekningsgrad'")
        con.execute("update meta set value = 'an older catalogue' where key = 'bundle_catalogue'")
    database = open_current(fixture_db)
    try:
        indicators = database.sql("select indicator_id from indicator").to_series().to_list()
        assert "barnehage_dekningsgrad" in indicators
        imported = database.sql("select count(*) from observation where origin = 'import'").item()
        assert imported == 72  # what the fixture imported is kept
    finally:
        database.close()
    before = fingerprint(fixture_db)
    open_current(fixture_db).close()  # the same catalogue again: nothing is rebuilt
    assert fingerprint(fixture_db) == before
