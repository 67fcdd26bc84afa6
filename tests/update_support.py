"""What the official-update tests share: a database with example data where SSB has figures, and runs.

`example_db` is the registry and population (build --scale none), the users of the fixture database,
and an imported file of example rows ("Eksempeldata (testfil)") for the SSB and Udir indicators in
Vesterålen, Oslo and Harstad (and Bergen, which no fixture table has), plus one user's own imported
figure (Sortland 2024 fagbrev_andel_helse, 50 of 100) that an update must keep. The fixture server
(tests/fixture_server.py) stands in for SSB, KLASS and Udir.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ADMIN, FIXTURE_USERS, add_user, built_once, import_file
from fixture_server import quick_http

from kompetanse.sources import runs
from kompetanse.sources.fetching import SOURCES, Clients
from kompetanse.store.build import build
from kompetanse.store.db import open_database

HEADER = "kommunenummer,år,indikator,verdi,teller,nevner,kilde"
EXAMPLE = "Eksempeldata (testfil)"
EXAMPLE_PLACES = ("1851", "1866", "1867", "1868", "1870", "1871", "0301", "5503", "4601")
EXAMPLE_YEARS = range(2018, 2026)
# indicator -> (numerator, denominator) of every example row (a count: the value alone)
EXAMPLE_ROWS = {
    "barnehagelaerer_andel": (30, 100),
    "ufaglaerte_andel_helse": (25, 100),
    "fagbrev_andel_helse": (30, 100),
    "omsorg_arsverk": (None, 111),
    "barnehagelaerer_ansatte_andel": (40, 100),
    "heltid_andel": (45, 100),  # no public source: stays example data
}
OWN_IMPORT = "1870,2024,fagbrev_andel_helse,,50,100,Egen telling i Sortland"


def example_file(path: Path) -> Path:
    lines = [HEADER]
    for indicator, (numerator, denominator) in EXAMPLE_ROWS.items():
        for kommune in EXAMPLE_PLACES:
            for year in EXAMPLE_YEARS:
                if numerator is None:
                    lines.append(f"{kommune},{year},{indicator},{denominator},,,{EXAMPLE}")
                else:
                    lines.append(f"{kommune},{year},{indicator},,{numerator},{denominator},{EXAMPLE}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _example_database(path: Path) -> None:
    folder = path.parent
    build(path, scale="none")
    import_file(path, example_file(folder / "eksempel.csv"))
    own = folder / "egen.csv"
    own.write_text(f"{HEADER}\n{OWN_IMPORT}\n", encoding="utf-8")
    import_file(path, own)
    for username, (role, kommuner, regions) in FIXTURE_USERS.items():
        add_user(path, username, role, kommuner, regions)


@pytest.fixture(scope="session")
def example_db_template(tmp_path_factory) -> Path:
    return built_once(tmp_path_factory, "official", _example_database)


@pytest.fixture
def example_db(example_db_template, tmp_path) -> Path:
    """A private copy a test may change (no backups or run log beside it yet)."""
    path = tmp_path / "official.duckdb"
    shutil.copyfile(example_db_template, path)
    return path


def quick_clients(**http) -> Clients:
    """Clients for the fixture server: no rate-limit waits, 10 ms back-off."""
    return Clients(
        ssb=quick_http("SSB", **http), klass=quick_http("KLASS", **http), udir=quick_http("Udir", **http)
    )


def update(db_path: Path, sources=SOURCES, from_year=None, dry_run=False, user=ADMIN, **http) -> str:
    """Fetch, plan and write as the command line does; the message it ends with."""
    database = open_database(db_path)
    try:
        plan = runs.prepare(database, user, sources, from_year, clients=quick_clients(**http))
        return runs.finish(database, plan, user, dry_run=dry_run)
    finally:
        database.close()


def plan_for(db_path: Path, sources=SOURCES, from_year=None, **http):
    database = open_database(db_path)
    try:
        return runs.prepare(database, ADMIN, sources, from_year, clients=quick_clients(**http))
    finally:
        database.close()
