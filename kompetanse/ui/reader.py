"""The process's database reader: which data version each run is served, and warming new versions.

One read-only connection per process, reopened when a writer has swapped in a new file
(`Database.is_current`). It lives in this module, not in Streamlit's cache, so a browser's "clear
cache" message cannot close it under other sessions. A missing file is built from data/ on first
start, unless it ever held user data (backups or the marker beside them, store/writing.py): then the
loss is explained instead of hidden.

A new version is served once it is warm. A watcher thread notices a swap within a second, opens the
new version and computes its common views in the background (views/warm.py); until that is done
(at most `MAX_STALE_S`), runs are served the version before, whose views are cached, instead of
thirty visitors waiting for the new version's views at once. The session that wrote is served the
new version at once, so whoever imports sees what they imported. Without background warming
($KOMPETANSE_WARM=0) every run is served the newest version.
"""

from __future__ import annotations

import logging
import threading
import time

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from kompetanse.config import database_path, warms_in_background
from kompetanse.errors import DatabaseMissingError, KompetanseError
from kompetanse.i18n import _
from kompetanse.store import db
from kompetanse.store.build import build, open_current
from kompetanse.store.db import Database
from kompetanse.store.writing import has_held_user_data
from kompetanse.ui.navigation import through_app_py
from kompetanse.views.warm import warm

WATCH_INTERVAL_S = 1.0
# The longest a run is served the version before a new one: well inside the time the cache keeps that
# version's views (PREVIOUS_KEPT_S), or they would be computed again (tests/test_served_version.py).
MAX_STALE_S = 15.0
WROTE = "kompetanse:wrote"  # session state: this session has written, and reads the newest version
log = logging.getLogger(__name__)
_reader: Database | None = None  # the version runs are served
_pending: Database | None = None  # a newer version, being warmed
_stale_since: float | None = None  # when `_reader` was first seen to be out of date
_reader_lock = threading.Lock()
_watcher: threading.Thread | None = None


def _note_write(_path) -> None:
    """A write in this process: if a session's run made it, that session reads the newest from now on."""
    if get_script_run_ctx(suppress_warning=True) is not None:
        st.session_state[WROTE] = True


db.WRITE_LISTENERS.append(_note_write)


def _warm(database: Database, previous: str | None) -> None:
    """Warm one version (with what visitors had of the version `previous`), then serve it; a file that
    goes bad meanwhile is the next visitor's message."""
    try:
        still_current = lambda: database in (_reader, _pending) and database.is_current()
        warm(database, still_current, previous)
    except Exception:  # a background nicety must never take the process down
        log.exception("warming %s failed", database.path)
    _serve(database)


def _serve(database: Database) -> None:
    """From now on every run is served `database` (unless a newer version has come to be warmed)."""
    global _reader, _pending, _stale_since
    with _reader_lock:
        if _pending is database:
            _reader, _pending, _stale_since = database, None, None


def _start_warming(database: Database, previous: str | None = None) -> None:
    if warms_in_background():
        warming = threading.Thread(target=_warm, args=(database, previous), name="kompetanse-warm")
        warming.daemon = True
        warming.start()


def _new_reader(path) -> Database:
    """Called under the lock: open the file's current version, serve it, and warm it in the background."""
    global _reader, _pending, _stale_since, _watcher
    _reader, _pending, _stale_since = open_current(path), None, None
    _start_warming(_reader)  # the old reader is closed when nobody holds it any more
    if warms_in_background() and _watcher is None:
        _watcher = threading.Thread(target=_watch, name="kompetanse-watch", daemon=True)
        _watcher.start()
    return _reader


def _newest(path) -> Database:
    """Called under the lock: the newest version's reader, opened and set warming once per version."""
    global _reader, _pending, _stale_since
    if _pending is not None and _pending.is_current():
        return _pending
    if _pending is not None:  # yet another version came while one warmed: serve that one as it is
        _reader = _pending
    _pending = open_current(path)
    _stale_since = _stale_since or time.monotonic()
    _start_warming(_pending, _reader.version_token)
    return _pending


def _watch() -> None:
    """Every second: has a writer swapped in a new version? Then open and warm it before anyone asks."""
    global _watcher
    while warms_in_background():
        time.sleep(WATCH_INTERVAL_S)
        served, pending = _reader, _pending
        if served is None or not served.path.exists():
            continue
        if (pending or served).is_current():
            continue
        try:
            with _reader_lock:
                if _reader is served and _pending is pending:  # a visitor may have done it meanwhile
                    _newest(served.path)
        except KompetanseError:  # half-way through a swap or a restore: the next tick tries again
            continue
    _watcher = None


def _served_newer(path) -> Database:
    """Called under the lock, when the served reader is out of date: the version this run reads."""
    global _reader, _pending, _stale_since
    try:
        newest = _newest(path)
    except KompetanseError:  # half-way through a swap or a restore: the version before, this once
        return _reader
    if st.session_state.get(WROTE):
        return newest
    if time.monotonic() - _stale_since < MAX_STALE_S:
        return _reader
    _reader, _pending, _stale_since = newest, None, None  # warming takes too long: serve it as it is
    return newest


def _open() -> Database:
    """The reader this run is served: the current version, or the version before while a new one warms."""
    path = database_path()
    with _reader_lock:
        if _reader is not None and _reader.path == path:
            if _reader.is_current():
                return _reader
            if warms_in_background() and path.exists():
                return _served_newer(path)
        if not path.exists():
            if has_held_user_data(path):
                raise DatabaseMissingError(
                    _(
                        "Databasefilen {file} mangler. Den har hatt data som brukerne har lagt inn "
                        "(brukere, importer, tiltak, innstillinger), så den bygges ikke på nytt fra data/ "
                        "uten videre. Be den som drifter løsningen gjenopprette den nyeste sikkerhetskopien "
                        "(.venv/bin/kompetanse restore), eller bygge en tom database med "
                        ".venv/bin/kompetanse build.",
                        file=path.name,
                    )
                )
            with st.spinner(_("Bygger databasen fra filene i data/ (første oppstart) …")):
                build(path)
        return _new_reader(path)


def reader() -> Database:
    """The shared reader; any problem with the file is explained on the page, and the run stops.

    The next run tries again, so a file that comes back (a restore) is used without a restart.
    Before anything is read, a run that bypassed app.py is sent through it (ui/navigation.py).
    """
    through_app_py()
    try:
        return _open()
    except KompetanseError as error:
        st.error(str(error), icon=":material/database:")
        st.stop()
