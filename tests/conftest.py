"""Shared fixtures: real DuckDB files built from the bundled data and tests/fixtures."""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from apptest_harness import use_navigation_in_apptest

from kompetanse.access.roles import User, command_line_user
from kompetanse.access.users import plan_user, save_user, user_from_row
from kompetanse.ingest.imports import apply_import, plan_import
from kompetanse.store.build import build
from kompetanse.store.db import Database, open_database

FIXTURES = Path(__file__).parent / "fixtures"
use_navigation_in_apptest()
FIXTURE_OBSERVATIONS = FIXTURES / "observasjoner.csv"
ADMIN = command_line_user("test")  # the operator at the command line
PASSWORD = "riktig-passord"
# The users in every fixture database: name -> (role, kommuner, regions)
FIXTURE_USERS = {
    "admin": ("admin", (), ()),
    "redaktor": ("editor", (), ("vesteralen",)),  # every municipality in Vesterålen
    "sortland": ("editor", ("1870",), ()),  # Sortland only
    "leser": ("reader", (), ()),
}


def opened(db_path: Path) -> Database:
    """The database file opened for reading (and writing through its write door), as the app opens it."""
    return open_database(db_path)


def import_file(db_path: Path, file: Path, user: User = ADMIN) -> None:
    database = open_database(db_path)
    try:
        plan = plan_import(file.read_bytes(), file.name, database, user)
        apply_import(database, plan, user=user, confirmed=True)
    finally:
        database.close()


def add_user(
    db_path: Path, username: str, role: str, kommuner=(), regions=(), password=PASSWORD, email=None
) -> User:
    """Create a user as the admin would, and return them as the app sees them once logged in."""
    database = open_database(db_path)
    try:
        row = plan_user(database, username, role, kommuner=kommuner, regions=regions, email=email)
        save_user(database, row, password, ADMIN)
    finally:
        database.close()
    return user_from_row({**row, "active": True})


def fixture_user(db_path: Path, username: str) -> User:
    database = open_database(db_path)
    try:
        from kompetanse.access.users import find_user

        return user_from_row(find_user(database, username))
    finally:
        database.close()


def built_once(tmp_path_factory, name: str, make: Callable[[Path], None]) -> Path:
    """A database file made once per test run and shared by every xdist worker (read it or copy it).

    The workers of one run share the parent of their base folders; a lock lets the first worker build
    while the others wait, and the file appears whole (built beside it, then renamed).
    """
    base = tmp_path_factory.getbasetemp()
    root = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    path = root / "built-once" / name / f"{name}.duckdb"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.parent / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.exists():
            building = path.parent / "building" / path.name
            building.parent.mkdir(exist_ok=True)
            make(building)
            os.replace(building, path)
    return path


def _fixture_database(path: Path) -> None:
    build(path, scale="none")
    import_file(path, FIXTURE_OBSERVATIONS)
    for username, (role, kommuner, regions) in FIXTURE_USERS.items():
        add_user(path, username, role, kommuner, regions)


@pytest.fixture(scope="session")
def fixture_db_template(tmp_path_factory) -> Path:
    """Registry and official population, no example data, the fixture observations and users."""
    return built_once(tmp_path_factory, "fixture", _fixture_database)


@pytest.fixture
def fixture_db(fixture_db_template, tmp_path) -> Path:
    """A private copy of the fixture database that a test may change."""
    path = tmp_path / "fixture.duckdb"
    shutil.copyfile(fixture_db_template, path)
    return path


@pytest.fixture(scope="session")
def standard_db(tmp_path_factory) -> Path:
    """The database exactly as `python -m kompetanse build` makes it (read it, do not change it)."""
    return built_once(tmp_path_factory, "standard", build)


@pytest.fixture(scope="session")
def national_db(tmp_path_factory) -> Path:
    """The database as `python -m kompetanse build --scale national` makes it (read it or copy it)."""
    return built_once(tmp_path_factory, "national", lambda path: build(path, scale="national"))


@dataclass(frozen=True)
class TableDigest:
    """A table in two numbers: its row count and the sum of its rows' hashes (order does not matter).

    Not a tuple, so a test that wants the rows (len, `in`) fails loudly: it calls table_rows instead.
    """

    rows: int
    checksum: int


def fingerprint(path: Path, ignore: tuple[str, ...] = ()) -> dict[str, TableDigest]:
    """Every table (but those in `ignore`) digested in SQL: equal fingerprints, the same data.

    DuckDB hashes each row where it lies, so a fingerprint costs a fifth of fetching every row into
    Python (0.12 s against 0.5 s for the fixture database; tests take one before and one after).
    """
    con = duckdb.connect(str(path), read_only=True)
    try:
        # The alias names the whole row as one struct (no table has a column of that name).
        digest = 'select count(*), coalesce(sum(hash(whole_row)), 0) from "{table}" whole_row'
        return {
            table: TableDigest(*con.execute(digest.format(table=table)).fetchone())
            for table in _tables(con)
            if table not in ignore
        }
    finally:
        con.close()


def table_rows(path: Path, table: str) -> list[tuple]:
    """Every row of one table, sorted, for a test that reads what changed."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        assert table in _tables(con), table
        return sorted(con.execute(f'select * from "{table}"').fetchall(), key=repr)
    finally:
        con.close()


def _tables(con) -> list[str]:
    query = "select table_name from information_schema.tables where table_schema = 'main' order by 1"
    return [row[0] for row in con.execute(query).fetchall()]


@pytest.fixture
def app_db(fixture_db, monkeypatch) -> Path:
    """Point the app at a fresh fixture database and start with empty Streamlit caches."""
    import streamlit as st

    monkeypatch.setenv("KOMPETANSE_DB", str(fixture_db))
    st.cache_data.clear()
    st.cache_resource.clear()
    return fixture_db


@pytest.fixture(scope="session", autouse=True)
def no_database_in_the_checkout(tmp_path_factory):
    """Tests never touch data/kompetanse.duckdb: without an explicit database they get a private one."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KOMPETANSE_DB", str(tmp_path_factory.mktemp("standard-db") / "kompetanse.duckdb"))
        patch.setenv("KOMPETANSE_WARM", "0")  # no background warming unless a test asks for it
        yield


@pytest.fixture(scope="session", autouse=True)
def release_cached_connections():
    """Close what Streamlit's caches still hold before the interpreter exits (keeps DuckDB quiet)."""
    yield
    import gc

    import streamlit as st

    st.cache_resource.clear()
    st.cache_data.clear()
    gc.collect()


def sheet_rows(xlsx: bytes, key: str = "Kommune") -> dict[str, dict[str, object]]:
    """The rows of a table exported to Excel (header in row 3), by `key` and column name."""
    import io

    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(xlsx)).active
    header = [cell.value for cell in sheet[3]]
    rows = {}
    for values in sheet.iter_rows(min_row=4, values_only=True):
        row = dict(zip(header, values, strict=False))
        if row.get(key) is None:
            break
        rows[row[key]] = row
    return rows


# Names a test calls that run the whole app in AppTest (helpers in the test modules open pages with them).
APP_RUNNERS = {"AppTest", "open_page", "import_page", "log_in", "upload"}


def pytest_collection_modifyitems(items):
    """Mark every test that runs the app in AppTest (`app`), changes a fixture database (`writes`) or
    needs the national database (`slow`), so `make test-fast` can leave them out."""
    for item in items:
        function = getattr(item, "function", None)
        names = set(getattr(getattr(function, "__code__", None), "co_names", ()))
        module_runners = {
            name
            for name, value in vars(item.module).items()
            if callable(value)
            and APP_RUNNERS & set(getattr(getattr(value, "__code__", None), "co_names", ()))
        }
        if "app_db" in item.fixturenames or names & (APP_RUNNERS | module_runners):
            item.add_marker(pytest.mark.app)
        if {"fixture_db", "example_db"} & set(item.fixturenames):
            item.add_marker(pytest.mark.writes)  # each write copies the file and refreshes the protection
        if "national_db" in item.fixturenames:
            item.add_marker(pytest.mark.slow)  # the national build
