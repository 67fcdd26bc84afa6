"""The schema and the SQL files: versioned migrations, named queries, and what a failed open means.

Every query the package runs is a file in store/queries (one question or one write per file, with
its grain and key or what it writes stated on top); migrations in store/migrations are applied in
order, each in its own transaction, and a database from a newer version is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb

from kompetanse.errors import (
    DatabaseCorruptError,
    DatabaseError,
    DatabaseLockedError,
    DatabaseUnreadableError,
    SchemaTooNewError,
)
from kompetanse.i18n import _

QUERY_DIR = Path(__file__).resolve().parent / "queries"
MIGRATION_DIR = Path(__file__).resolve().parent / "migrations"

_MIGRATION_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")


@dataclass(frozen=True)
class FileIdentity:
    """What changes when the database file is swapped: inode, size and modification time."""

    inode: int
    size: int
    mtime_ns: int


def file_identity(path: Path) -> FileIdentity | None:
    """The identity of the file at `path`, or None when it does not exist."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return FileIdentity(stat.st_ino, stat.st_size, stat.st_mtime_ns)


@cache
def query_text(name: str) -> str:
    """The SQL of a named query file in kompetanse/queries."""
    if not re.fullmatch(r"[a-z0-9_]+", name):
        raise ValueError(f"invalid query name {name!r}")
    return (QUERY_DIR / f"{name}.sql").read_text(encoding="utf-8")


@cache
def migrations() -> tuple[tuple[int, str], ...]:
    """(version, sql) for every migration file, in order."""
    found = []
    for path in sorted(MIGRATION_DIR.glob("*.sql")):
        match = _MIGRATION_NAME.match(path.name)
        if match:
            found.append((int(match.group(1)), path.read_text(encoding="utf-8")))
    return tuple(found)


def latest_schema_version() -> int:
    """The schema version this code writes."""
    return migrations()[-1][0]


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """The schema version of an open database; 0 for an empty file."""
    has_meta = con.execute(
        "select count(*) from information_schema.tables "
        "where table_name = 'meta' and table_catalog = current_database()"
    ).fetchone()[0]
    if not has_meta:
        return 0
    row = con.execute("select value from meta where key = 'schema_version'").fetchone()
    return int(row[0]) if row else 0


def check_not_too_new(version: int) -> None:
    """Refuse a database written by a newer version of the app."""
    if version > latest_schema_version():
        raise SchemaTooNewError(
            _(
                "Databasen har skjemaversjon {version}, men denne versjonen av kompetanse kan bare "
                "lese til og med versjon {latest}. Oppdater programmet.",
                version=version,
                latest=latest_schema_version(),
            )
        )


def migrate(con: duckdb.DuckDBPyConnection) -> int:
    """Apply the migrations the database lacks, each in its own transaction; returns the version."""
    version = schema_version(con)
    check_not_too_new(version)
    for number, sql in migrations():
        if number <= version:
            continue
        con.execute("begin transaction")
        try:
            con.execute(sql)
            con.execute(
                "insert or replace into meta (key, value) values ('schema_version', $v)",
                {"v": str(number)},
            )
            con.execute("commit")
        except Exception:
            con.execute("rollback")
            raise
        version = number
    return version


def explain_open_error(path: Path, error: Exception) -> DatabaseError:
    """A Norwegian explanation of why DuckDB could not open the file, with what to do about it."""
    text = str(error)
    if "Could not set lock" in text or "Conflicting lock" in text:
        return DatabaseLockedError(
            _(
                "Databasefilen {file} er låst av et annet program som skriver i den. Prøv igjen om "
                "litt; hvis det ikke går over, be den som drifter løsningen lukke det programmet "
                "(for eksempel en åpen duckdb-økt).",
                file=path.name,
            )
        )
    if isinstance(error, PermissionError) or "Permission denied" in text or "Is a directory" in text:
        return DatabaseUnreadableError(
            _(
                "Databasefilen {path} kan ikke leses (mangler tilgang, eller det er ikke en fil). Be den "
                "som drifter løsningen sjekke filrettighetene eller innstillingen KOMPETANSE_DB.",
                path=path,
            )
        )
    return DatabaseCorruptError(
        _(
            "Databasefilen {file} er skadet eller ikke en kompetanse-database. "
            "Be den som drifter løsningen gjenopprette en sikkerhetskopi (.venv/bin/kompetanse restore).",
            file=path.name,
        )
    )
