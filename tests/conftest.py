"""Shared fixtures: real DuckDB files built from the bundled data and tests/fixtures."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from apptest_harness import use_navigation_in_apptest

from kompetanse.build import build
from kompetanse.db import open_database
from kompetanse.ingest import apply_import, plan_import

FIXTURES = Path(__file__).parent / "fixtures"
use_navigation_in_apptest()
FIXTURE_OBSERVATIONS = FIXTURES / "observasjoner.csv"


def import_file(db_path: Path, file: Path, user: str = "test") -> None:
    database = open_database(db_path)
    try:
        plan = plan_import(file.read_bytes(), file.name, database)
    finally:
        database.close()
    apply_import(db_path, plan, user=user)


@pytest.fixture(scope="session")
def fixture_db_template(tmp_path_factory) -> Path:
    """Registry and official population, no example data, plus the fixture observations."""
    path = tmp_path_factory.mktemp("fixture") / "fixture.duckdb"
    build(path, scale="none")
    import_file(path, FIXTURE_OBSERVATIONS)
    return path


@pytest.fixture
def fixture_db(fixture_db_template, tmp_path) -> Path:
    """A private copy of the fixture database that a test may change."""
    path = tmp_path / "fixture.duckdb"
    shutil.copyfile(fixture_db_template, path)
    return path


@pytest.fixture(scope="session")
def standard_db(tmp_path_factory) -> Path:
    """The database exactly as `python -m kompetanse build` makes it (read it, do not change it)."""
    path = tmp_path_factory.mktemp("standard") / "standard.duckdb"
    build(path)
    return path


def fingerprint(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table, sorted: two databases with equal fingerprints hold the same data."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = [
            row[0]
            for row in con.execute(
                "select table_name from information_schema.tables where table_schema = 'main' order by 1"
            ).fetchall()
        ]
        return {table: sorted(con.execute(f"select * from {table}").fetchall(), key=repr) for table in tables}
    finally:
        con.close()


@pytest.fixture
def app_db(fixture_db, monkeypatch) -> Path:
    """Point the app at a fresh fixture database and start with empty Streamlit caches."""
    import streamlit as st

    monkeypatch.setenv("KOMPETANSE_DB", str(fixture_db))
    st.cache_data.clear()
    st.cache_resource.clear()
    return fixture_db


@pytest.fixture(scope="session", autouse=True)
def release_cached_connections():
    """Close what Streamlit's caches still hold before the interpreter exits (keeps DuckDB quiet)."""
    yield
    import gc

    import streamlit as st

    st.cache_resource.clear()
    st.cache_data.clear()
    gc.collect()
