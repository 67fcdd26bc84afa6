"""The one gateway to DuckDB: read through a shared read-only connection, write by copy-and-swap.

Why copy-and-swap: DuckDB lets only one process open a file read-write, and while it does, no
other process may open it at all. The app therefore holds the file read-only, and every writer
(the CLI or the app itself) copies the file, changes the copy in one transaction, and moves it
into place with an atomic `os.replace`. Readers keep their snapshot of the old file until they
notice the new one (`Database.is_current`), so they see the old or the new data, never a mix.
A lock file serialises writers: a second import waits for the first. A writer killed half-way
leaves only its private copy behind, which the next writer removes.

Every write names who made it and what it was; the gateway adds that line to `audit_log` in the
same transaction, so no write goes unrecorded. A write may ask for a backup: the file it replaces
is kept (a hard link, so it costs no copy) in `sikkerhetskopier/` next to the database, and only
the newest `backups_kept` are kept.
"""

from __future__ import annotations

import copy
import fcntl
import os
import re
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path

import duckdb
import polars as pl

from kompetanse.errors import (
    DatabaseBusyError,
    DatabaseCorruptError,
    DatabaseError,
    DatabaseLockedError,
    DatabaseMissingError,
    DatabaseUnreadableError,
    SchemaTooNewError,
)

QUERY_DIR = Path(__file__).resolve().parent / "queries"
MIGRATION_DIR = Path(__file__).resolve().parent / "migrations"
WRITE_LOCK_TIMEOUT_S = 120.0
CATALOG = "kompetanse"
BACKUP_FOLDER = "sikkerhetskopier"
DEFAULT_BACKUPS_KEPT = 10
INSERT_AUDIT = (
    "insert into audit_log (logged_at, username, action, detail) values ($at, $username, $action, $detail)"
)
BACKUPS_KEPT = "select value from setting where key = 'backups_kept'"

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
            f"Databasen har skjemaversjon {version}, men denne versjonen av kompetanse kan bare "
            f"lese til og med versjon {latest_schema_version()}. Oppdater programmet."
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
    restore = "Be den som drifter løsningen gjenopprette en sikkerhetskopi (python -m kompetanse restore)."
    if "Could not set lock" in text or "Conflicting lock" in text:
        return DatabaseLockedError(
            f"Databasefilen {path.name} er låst av et annet program som skriver i den. Prøv igjen om "
            "litt; hvis det ikke går over, be den som drifter løsningen lukke det programmet "
            "(for eksempel en åpen duckdb-økt)."
        )
    if isinstance(error, PermissionError) or "Permission denied" in text or "Is a directory" in text:
        return DatabaseUnreadableError(
            f"Databasefilen {path} kan ikke leses (mangler tilgang, eller det er ikke en fil). Be den "
            "som drifter løsningen sjekke filrettighetene eller innstillingen KOMPETANSE_DB."
        )
    return DatabaseCorruptError(
        f"Databasefilen {path.name} er skadet eller ikke en kompetanse-database. {restore}"
    )


class Database:
    """Read access to one database file through one read-only connection per process.

    The file is ATTACHed to a private in-memory instance rather than opened with
    `duckdb.connect(path)`: DuckDB caches instances by path within a process, so after a swap a
    plain connect could hand back the old file for as long as anyone still held it.

    `revealed` names municipalities whose hidden small numbers this reader may see (an editor's
    own); `revealing()` gives a reader that shares the connection but sees those.
    """

    revealed: frozenset[str] = frozenset()

    def __init__(self, path: Path):
        self.path = Path(path)
        self.identity = file_identity(self.path)
        if self.identity is None:
            raise DatabaseMissingError(f"Fant ikke databasefilen {self.path}.")
        self._con = duckdb.connect()
        quoted = str(self.path).replace("'", "''")
        try:
            self._con.execute(f"attach '{quoted}' as {CATALOG} (read_only)")
            self._con.execute(f"use {CATALOG}")
            self.schema_version = schema_version(self._con)
        except (duckdb.Error, OSError) as error:
            self._con.close()
            raise explain_open_error(self.path, error) from None

    def revealing(self, kommuner: frozenset[str]) -> Database:
        """This reader, for someone who may see these municipalities' hidden numbers."""
        if kommuner == self.revealed:
            return self
        clone = copy.copy(self)
        clone.revealed = frozenset(kommuner)
        return clone

    def is_current(self) -> bool:
        """False once a writer has swapped in a new file: time to reconnect."""
        return file_identity(self.path) == self.identity

    @property
    def version_token(self) -> str:
        """A short key that changes with every write; use it in cache keys."""
        ident = self.identity
        return f"{ident.inode}-{ident.size}-{ident.mtime_ns}"

    def query(self, name: str, **params: object) -> pl.DataFrame:
        """Run the named query file with bound parameters and return a polars frame."""
        return self.sql(query_text(name), **params)

    def sql(self, sql: str, **params: object) -> pl.DataFrame:
        """Run SQL (a named constant, never built from user input) with bound parameters."""
        try:
            with self._con.cursor() as cur:
                cur.execute(f"use {CATALOG}")  # a cursor does not inherit the connection's USE
                return cur.sql(sql, params=params or None).pl()
        except duckdb.IOException as error:  # the file went bad under us
            raise explain_open_error(self.path, error) from None

    def query_with_frame(
        self, name: str, frame_name: str, frame: pl.DataFrame, **params: object
    ) -> pl.DataFrame:
        """Run a named query that reads a polars frame registered under `frame_name`."""
        try:
            with self._con.cursor() as cur:
                cur.execute(f"use {CATALOG}")
                cur.register(frame_name, frame)
                return cur.sql(query_text(name), params=params or None).pl()
        except duckdb.IOException as error:
            raise explain_open_error(self.path, error) from None

    def close(self) -> None:
        self._con.close()


def _lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


@contextmanager
def _writer_lock(path: Path, timeout_s: float) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(_lock_path(path), "a+") as handle:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise DatabaseBusyError(
                        "Databasen er opptatt med en annen oppdatering. Prøv igjen om litt."
                    ) from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _private_copy_prefix(path: Path) -> str:
    return f".{path.name}.writing-"


def _remove_stale_copies(path: Path) -> None:
    """Delete copies left by a writer that died; only called while holding the writer lock."""
    for leftover in path.parent.glob(_private_copy_prefix(path) + "*"):
        leftover.unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def backup_dir(path: Path) -> Path:
    """Where the backups of the database at `path` are kept."""
    return Path(path).parent / BACKUP_FOLDER


def list_backups(path: Path) -> list[Path]:
    """The backups of the database at `path`, newest first."""
    folder = backup_dir(path)
    stem = Path(path).stem
    return sorted(folder.glob(f"{stem}-*.duckdb"), key=lambda p: p.name, reverse=True)


def _keep_backup(path: Path, action: str, keep: int) -> Path:
    """Keep the current file (a hard link: it is never written again) and prune old backups."""
    folder = backup_dir(path)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    safe_action = re.sub(r"[^a-z0-9_]", "_", action.lower())[:30]
    target = folder / f"{path.stem}-{stamp}-{safe_action}.duckdb"
    try:
        os.link(path, target)
    except OSError:  # a file system without hard links
        shutil.copyfile(path, target)
    for old in list_backups(path)[max(keep, 1) :]:
        old.unlink(missing_ok=True)
    return target


def _backups_kept(con: duckdb.DuckDBPyConnection) -> int:
    row = con.execute(BACKUPS_KEPT).fetchone()
    return int(row[0]) if row else DEFAULT_BACKUPS_KEPT


@contextmanager
def write_transaction(
    path: Path,
    *,
    by: str,
    action: str,
    detail: str = "",
    fresh: bool = False,
    backup: bool = False,
    source: Path | None = None,
    timeout_s: float = WRITE_LOCK_TIMEOUT_S,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Change the database in one transaction on a private copy, then swap it in atomically.

    `by` and `action` (and `detail`) go into `audit_log` in the same transaction. With
    `fresh=True` the copy starts empty (a first build); with `source` it starts from another file
    (a restore). With `backup=True` the file being replaced is kept as a backup first. The schema
    is migrated first. If the body raises, nothing is swapped and the file on disk is untouched.
    """
    path = Path(path)
    with _writer_lock(path, timeout_s):
        _remove_stale_copies(path)
        work = path.with_name(f"{_private_copy_prefix(path)}{os.getpid()}")
        start = source if source is not None else (None if fresh else path)
        if start is not None and start.exists():
            shutil.copyfile(start, work)
        try:
            con = duckdb.connect(str(work))
        except duckdb.Error as error:
            work.unlink(missing_ok=True)
            raise explain_open_error(start or path, error) from None
        try:
            migrate(con)
            con.execute("begin transaction")
            try:
                yield con
                con.execute(
                    INSERT_AUDIT,
                    {
                        "at": datetime.now().replace(microsecond=0),
                        "username": by,
                        "action": action,
                        "detail": detail[:2000],
                    },
                )
                keep = _backups_kept(con)
                con.execute("commit")
            except BaseException:
                con.execute("rollback")
                raise
            con.execute("checkpoint")
            con.close()
            _fsync(work)
            if backup and path.exists():
                _keep_backup(path, action, keep)
            os.replace(work, path)
            _fsync(path.parent)
        finally:
            con.close()
            work.unlink(missing_ok=True)
            Path(str(work) + ".wal").unlink(missing_ok=True)


def open_database(path: Path, *, migrate_older: bool = True) -> Database:
    """Open for reading, migrating an older schema first (by copy-and-swap, keeping its data)."""
    path = Path(path)
    if not path.exists():
        raise DatabaseMissingError(f"Fant ikke databasefilen {path}.")
    database = Database(path)
    try:
        check_not_too_new(database.schema_version)
    except SchemaTooNewError:
        database.close()
        raise
    if migrate_older and database.schema_version < latest_schema_version():
        database.close()
        with write_transaction(path, by="system", action="oppgradering", detail="nytt databaseskjema"):
            pass
        database = Database(path)
    return database
