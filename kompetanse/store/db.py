"""The one gateway to DuckDB: read through a shared read-only connection; write through `writing`.

Reads run named SQL files (store/queries) with bound parameters and return polars frames. Writes
go through `Database.writing(by=..., action=...)`, which hands the caller a `Writer` inside one
transaction on a private copy of the file (store/writing.py); callers never see a file path.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import polars as pl

from kompetanse.errors import DatabaseMissingError, SchemaTooNewError
from kompetanse.i18n import _
from kompetanse.store.schema import (
    check_not_too_new,
    explain_open_error,
    file_identity,
    latest_schema_version,
    query_text,
    schema_version,
)
from kompetanse.store.writing import Writer, write_transaction

CATALOG = "kompetanse"
# Called with the file's path after every write through `Database.writing` has landed (the app uses it
# to serve the session that wrote the new version at once, ui/reader.py).
WRITE_LISTENERS: list[Callable[[Path], None]] = []


class Database:
    """Read access to one database file through one read-only connection per process.

    The file is ATTACHed to a private in-memory instance rather than opened with
    `duckdb.connect(path)`: DuckDB caches instances by path within a process, so after a swap a
    plain connect could hand back the old file for as long as anyone still held it.

    `revealed` names municipalities whose hidden small numbers this reader may see (an editor's
    own); `details` says whether the reader may see why every hidden figure is hidden (an admin);
    `revealing()` gives a reader that shares the connection but sees those.
    """

    revealed: frozenset[str] = frozenset()
    details: bool = False

    def __init__(self, path: Path):
        self.path = Path(path)
        self.identity = file_identity(self.path)
        if self.identity is None:
            raise DatabaseMissingError(_("Fant ikke databasefilen {path}.", path=self.path))
        self._con = duckdb.connect()
        quoted = str(self.path).replace("'", "''")
        try:
            self._con.execute(f"attach '{quoted}' as {CATALOG} (read_only)")
            self._con.execute(f"use {CATALOG}")
            self.schema_version = schema_version(self._con)
        except (duckdb.Error, OSError) as error:
            self._con.close()
            raise explain_open_error(self.path, error) from None

    def revealing(self, kommuner: frozenset[str], *, details: bool = False) -> Database:
        """This reader, for someone who may see these municipalities' hidden numbers (and, with
        `details`, why every hidden figure is hidden)."""
        if kommuner == self.revealed and details == self.details:
            return self
        clone = copy.copy(self)
        clone.revealed = frozenset(kommuner)
        clone.details = details
        return clone

    @property
    def audience(self) -> tuple:
        """What this reader may see beyond the public figures; part of every cache key that shows figures."""
        return (tuple(sorted(self.revealed)), self.details)

    def is_current(self) -> bool:
        """False once a writer has swapped in a new file: time to reconnect."""
        return file_identity(self.path) == self.identity

    @property
    def version_token(self) -> str:
        """A short key that changes with every write; use it in cache keys."""
        ident = self.identity
        return f"{ident.inode}-{ident.size}-{ident.mtime_ns}"

    def query(self, name: str, /, **params: object) -> pl.DataFrame:
        """Run the named query file with bound parameters and return a polars frame."""
        try:
            with self._con.cursor() as cur:
                cur.execute(f"use {CATALOG}")  # a cursor does not inherit the connection's USE
                return cur.sql(query_text(name), params=params or None).pl()
        except duckdb.IOException as error:  # the file went bad under us
            raise explain_open_error(self.path, error) from None

    def sql(self, sql: str, **params: object) -> pl.DataFrame:
        """Ad-hoc SQL for tests and benchmarks; the package itself runs named query files only (a test
        checks that no module outside store/ calls this)."""
        try:
            with self._con.cursor() as cur:
                cur.execute(f"use {CATALOG}")
                return cur.sql(sql, params=params or None).pl()
        except duckdb.IOException as error:
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

    @contextmanager
    def writing(self, *, by: object, action: str, detail: str = "") -> Iterator[Writer]:
        """The write door: one transaction on a private copy of this file, logged and swapped in.

        `by` is the User who writes (or a log name such as 'system'); `action` and `detail` go into
        the audit log in the same transaction. This reader keeps showing the old version; open the
        file again to read what was written.
        """
        name = by if isinstance(by, str) else by.log_name
        with write_transaction(self.path, by=name, action=action, detail=detail) as writer:
            yield writer
        for listener in WRITE_LISTENERS:
            listener(self.path)

    def close(self) -> None:
        self._con.close()


def open_database(path: Path, *, migrate_older: bool = True) -> Database:
    """Open for reading, migrating an older schema first (by copy-and-swap, keeping its data)."""
    path = Path(path)
    if not path.exists():
        raise DatabaseMissingError(_("Fant ikke databasefilen {path}.", path=path))
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
