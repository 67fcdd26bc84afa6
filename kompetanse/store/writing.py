"""The one write door: change a private copy of the file in one transaction, then swap it in.

Why copy-and-swap: DuckDB lets only one process open a file read-write, and while it does, no
other process may open it at all. The app therefore holds the file read-only, and every writer
(the CLI or the app itself) copies the file, changes the copy in one transaction, and moves it
into place with an atomic `os.replace`. Readers keep their snapshot of the old file until they
notice the new one (`Database.is_current`), so they see the old or the new data, never a mix.
A lock file serialises writers: a second import waits for the first. A writer killed half-way
leaves only its private copy behind, which the next writer or the next start removes
(store/leftovers.py). Before copying, the free space is checked; a disk that fills up anyway
removes the copy at once and says so in Norwegian. The new file keeps the old one's mode (0600
for a new file: it holds password hashes and unhidden small counts).

Every write names who made it and what it was; the gateway adds that line to `audit_log` in the
same transaction, so no write goes unrecorded, and works out what the write means for the hidden
figures (store/hiding.py). Before every write the file it replaces is kept (a hard link, so it costs
no copy) in `sikkerhetskopier/` next to the database, and only the newest `backups_kept` are kept;
the first write of user data leaves a marker there, so a lost file is never rebuilt silently. Inside
the transaction the writer gets a `Writer`, which runs named SQL files with bound parameters, never
SQL text.
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import shutil
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl

from kompetanse.errors import DatabaseBusyError, DiskFullError
from kompetanse.i18n import _
from kompetanse.rules.formatting import MB, format_megabytes
from kompetanse.store.hiding import refresh
from kompetanse.store.schema import explain_open_error, migrate, query_text

WRITE_LOCK_TIMEOUT_S = 120.0
BACKUP_FOLDER = "sikkerhetskopier"
DEFAULT_BACKUPS_KEPT = 10
TABLE_NAME = re.compile(r"^[a-z_]+$")
PRIVATE_FILE = 0o600  # the database holds password hashes, e-mail addresses and unhidden small counts
MIN_FREE_BYTES = 1 * MB  # room for the write itself beyond the copy (at least a tenth of the file)
USER_DATA_MARKER = ".har-brukerdata"
BUNDLED_ACTIONS = ("bygg", "oppgradering")  # writes of the bundled data only


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
def writer_lock(path: Path, timeout_s: float = WRITE_LOCK_TIMEOUT_S) -> Iterator[None]:
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
                        _("Databasen er opptatt med en annen oppdatering. Prøv igjen om litt.")
                    ) from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _private_copy_prefix(path: Path) -> str:
    return f".{path.name}.writing-"


def remove_stale_copies(path: Path) -> list[Path]:
    """Delete copies left by a writer that died; only called while holding the writer lock."""
    leftovers = list(path.parent.glob(_private_copy_prefix(path) + "*"))
    for leftover in leftovers:
        leftover.unlink(missing_ok=True)
    return leftovers


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
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    safe_action = re.sub(r"[^a-z0-9_]", "_", action.lower())[:30]
    target = folder / f"{path.stem}-{stamp}-{safe_action}.duckdb"
    try:
        os.link(path, target)  # the same file, and so the same mode
    except OSError:  # a file system without hard links
        _copy(path, target, _mode(path))
    for old in list_backups(path)[max(keep, 1) :]:
        old.unlink(missing_ok=True)
    return target


def _backups_kept(con: duckdb.DuckDBPyConnection) -> int:
    row = con.execute(query_text("backups_kept")).fetchall()
    return int(row[0][0]) if row else DEFAULT_BACKUPS_KEPT


def _mode(path: Path) -> int:
    """The permission bits a new version of `path` gets: those of the file it replaces, else private."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return PRIVATE_FILE


def _check_free_space(start: Path | None, folder: Path) -> None:
    """Refuse before copying when the disk cannot hold the private copy and room for the write."""
    size = start.stat().st_size if start is not None and start.exists() else 0
    needed = size + max(size // 10, MIN_FREE_BYTES)
    free = shutil.disk_usage(folder).free
    if free < needed:
        raise DiskFullError(disk_full_text(needed, free))


def disk_full_text(needed: int | None = None, free: int | None = None) -> str:
    amounts = (
        _(
            " En endring trenger minst {needed} ledig, men bare {free} er ledig.",
            needed=format_megabytes(needed),
            free=format_megabytes(free),
        )
        if needed is not None and free is not None
        else ""
    )
    return _(
        "Disken er full, så endringen ble ikke lagret. Ingenting er endret.{amounts} Be den som drifter "
        "løsningen frigjøre plass (for eksempel gamle sikkerhetskopier) og prøv igjen.",
        amounts=amounts,
    )


def is_disk_full(error: BaseException) -> bool:
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    text = str(error).lower()
    return isinstance(error, duckdb.Error) and ("no space left" in text or "disk quota" in text)


def mark_user_data(path: Path) -> None:
    """Leave the marker that says the database has held more than the bundled data."""
    folder = backup_dir(path)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    marker = folder / f"{Path(path).stem}{USER_DATA_MARKER}"
    if not marker.exists():
        descriptor = os.open(marker, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(
                _("Databasen ved siden av har hatt data som brukerne har lagt inn; bygg den ikke på nytt.")
                + "\n"
            )


def has_held_user_data(path: Path) -> bool:
    """Whether the database at `path` ever held anything beyond the bundled data (a marker or backups)."""
    return bool(list_backups(path)) or (backup_dir(path) / f"{Path(path).stem}{USER_DATA_MARKER}").exists()


def _copy(start: Path, work: Path, mode: int) -> None:
    """A private copy of `start`, created with `mode` (so it is never readable by others, even briefly)."""
    descriptor = os.open(work, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    with os.fdopen(descriptor, "wb") as target, open(start, "rb") as origin:
        shutil.copyfileobj(origin, target, 1024 * 1024)
    os.chmod(work, mode)  # the umask may have taken bits away


@contextmanager
def write_transaction(
    path: Path,
    *,
    by: str,
    action: str,
    detail: str = "",
    fresh: bool = False,
    backup: bool = True,
    source: Path | None = None,
    timeout_s: float = WRITE_LOCK_TIMEOUT_S,
) -> Iterator[Writer]:
    """Change the database in one transaction on a private copy, then swap it in atomically.

    `by` and `action` (and `detail`) go into `audit_log` in the same transaction. With
    `fresh=True` the copy starts empty (a first build); with `source` it starts from another file
    (a restore). The file being replaced is kept as a backup first (every write; `backup=False` only
    for tests that count backups). The new file keeps the old one's permission bits (a new file is
    0600). The schema is migrated first. If the body raises, or the disk fills up, nothing is
    swapped, the private copy is removed at once and the file on disk is untouched.
    """
    path = Path(path)
    with writer_lock(path, timeout_s):
        remove_stale_copies(path)
        work = path.with_name(f"{_private_copy_prefix(path)}{os.getpid()}")
        start = source if source is not None else (None if fresh else path)
        mode = _mode(path)
        try:
            _check_free_space(start, path.parent)
            if start is not None and start.exists():
                _copy(start, work, mode)
            else:
                os.close(os.open(work, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode))
                work.unlink()  # DuckDB makes the file itself; the mode is set once it exists
            yield from _transaction(
                path, work, start, mode, by=by, action=action, detail=detail, backup=backup
            )
        except BaseException as error:
            work.unlink(missing_ok=True)
            Path(str(work) + ".wal").unlink(missing_ok=True)
            if is_disk_full(error):
                raise DiskFullError(disk_full_text()) from None
            raise


def _transaction(
    path: Path, work: Path, start: Path | None, mode: int, *, by: str, action: str, detail: str, backup: bool
) -> Iterator[Writer]:
    try:
        con = duckdb.connect(str(work))
    except duckdb.Error as error:
        if is_disk_full(error):
            raise
        raise explain_open_error(start or path, error) from None
    try:
        os.chmod(work, mode)
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
        if action not in BUNDLED_ACTIONS:
            mark_user_data(path)
        if backup and path.exists():
            _keep_backup(path, action, keep)
        os.replace(work, path)
        _fsync(path.parent)
    finally:
        con.close()
        work.unlink(missing_ok=True)
        Path(str(work) + ".wal").unlink(missing_ok=True)
