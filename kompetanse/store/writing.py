"""The one write door: change a private copy of the file in one transaction, then swap it in.

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
the newest `backups_kept` are kept. Inside the transaction the writer gets a `Writer`, which runs
named SQL files with bound parameters, never SQL text.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl

from kompetanse.errors import DatabaseBusyError
from kompetanse.store.hiding import refresh
from kompetanse.store.schema import explain_open_error, migrate, query_text

WRITE_LOCK_TIMEOUT_S = 120.0
BACKUP_FOLDER = "sikkerhetskopier"
DEFAULT_BACKUPS_KEPT = 10
TABLE_NAME = re.compile(r"^[a-z_]+$")


class Writer:
    """The open write transaction: named statements and queries with bound parameters."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self._con = con

    def run(self, name: str, /, **params: object) -> None:
        """Run a named statement (store/queries/NAME.sql)."""
        self._con.execute(query_text(name), params or None)

    def one(self, name: str, /, **params: object) -> tuple | None:
        """The first row of a named statement or query (e.g. an id from `returning`)."""
        rows = self._con.execute(query_text(name), params or None).fetchall()  # fetched whole: no open result
        return rows[0] if rows else None

    def query(self, name: str, /, **params: object) -> pl.DataFrame:
        """A named query, read inside the transaction (it sees the writes made so far)."""
        return self._con.sql(query_text(name), params=params or None).pl()

    @contextmanager
    def frame(self, frame_name: str, frame: pl.DataFrame) -> Iterator[None]:
        """Make a polars frame readable by name in the statements run inside the block."""
        self._con.register(frame_name, frame)
        try:
            yield
        finally:
            self._con.unregister(frame_name)

    def insert(self, table: str, frame: pl.DataFrame, *, ignore: bool = False) -> None:
        """Insert a frame by column name; with `ignore`, rows whose key exists are left as they are."""
        if not TABLE_NAME.match(table):
            raise ValueError(f"invalid table name {table!r}")
        verb = "insert or ignore" if ignore else "insert"
        with self.frame("incoming_frame", frame):
            self._con.execute(f"{verb} into {table} by name select * from incoming_frame")

    def execute(self, sql: str, params: dict | None = None) -> None:
        """Ad-hoc SQL for tests and benchmarks that set up a case; the package runs named files only."""
        self._con.execute(sql, params)

    def count(self, table: str) -> int:
        """The number of rows in a table (the build reports them)."""
        if not TABLE_NAME.match(table):
            raise ValueError(f"invalid table name {table!r}")
        return self._con.execute(f"select count(*) from {table}").fetchall()[0][0]


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
    row = con.execute(query_text("backups_kept")).fetchall()
    return int(row[0][0]) if row else DEFAULT_BACKUPS_KEPT


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
) -> Iterator[Writer]:
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
                writer = Writer(con)
                yield writer
                refresh(writer)  # what a new figure, total or threshold means for what is hidden
                con.execute(
                    query_text("insert_audit"),
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
