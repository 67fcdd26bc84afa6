"""What a session keeps: the shared database reader of this process, and widget values kept in the URL.

The reader: one read-only connection per process, reopened when a writer has swapped in a new file
(`Database.is_current`). It lives in this module, not in Streamlit's cache, so a browser's "clear
cache" message cannot close it under other sessions. A missing file is built from data/ on first
start, unless it ever held user data (backups or the marker beside them, store/writing.py): then the
loss is explained instead of hidden. A watcher thread notices a new version within a second and warms
its common views in the background (views/warm.py), so the first visitor after an import does not
compute them for everyone.

URL state: `synced` does "read the URL, put it in session state, draw the widget, write the URL back"
in one place, with session keys per page ('oversikt:indikator'), so any view is a link.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import streamlit as st

from kompetanse.config import database_path, warms_in_background
from kompetanse.errors import DatabaseMissingError, KompetanseError
from kompetanse.i18n import _
from kompetanse.store.build import build, open_current
from kompetanse.store.db import Database
from kompetanse.store.writing import has_held_user_data
from kompetanse.ui.navigation import through_app_py
from kompetanse.views.warm import warm

WATCH_INTERVAL_S = 1.0
log = logging.getLogger(__name__)
_reader: Database | None = None
_reader_lock = threading.Lock()
_watcher: threading.Thread | None = None


def _warm(database: Database) -> None:
    """Warm one version; a file that goes bad meanwhile is the next visitor's message, not ours."""
    try:
        warm(database, still_current=lambda: _reader is database and database.is_current())
    except Exception:  # a background nicety must never take the process down
        log.exception("warming %s failed", database.path)


def _new_reader(path) -> Database:
    """Called under the lock: open the file's current version and warm it in the background."""
    global _reader, _watcher
    _reader = open_current(path)  # the old reader is closed when nobody holds it any more
    if warms_in_background():
        threading.Thread(target=_warm, args=(_reader,), name="kompetanse-warm", daemon=True).start()
        if _watcher is None:
            _watcher = threading.Thread(target=_watch, name="kompetanse-watch", daemon=True)
            _watcher.start()
    return _reader


def _watch() -> None:
    """Every second: has a writer swapped in a new version? Then open and warm it before anyone asks."""
    global _watcher
    while warms_in_background():
        time.sleep(WATCH_INTERVAL_S)
        current = _reader
        if current is None or current.is_current() or not current.path.exists():
            continue
        try:
            with _reader_lock:
                if _reader is current:  # a visitor may have reopened it meanwhile
                    _new_reader(current.path)
        except KompetanseError:  # half-way through a swap or a restore: the next tick tries again
            continue
    _watcher = None


def _open() -> Database:
    """The process-wide reader of the configured file, reopened after a swap or a change of file."""
    path = database_path()
    with _reader_lock:
        if _reader is not None and _reader.path == path and _reader.is_current():
            return _reader
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


def set_param(param: str, text: str | None) -> None:
    """Write one value into the URL (None removes it); unchanged values are not written again."""
    if text is None:
        if param in st.query_params:
            del st.query_params[param]
    elif st.query_params.get(param) != text:
        st.query_params[param] = text


def int_param(text: str | None) -> int | None:
    """A whole number from the URL, or None for anything else.

    `str.isdigit` alone lets through '²' and 5 000 digits, on which `int()` raises.
    """
    text = (text or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 9 else None


def list_param(text: str | None) -> list[str]:
    """'1866,1870' -> ['1866', '1870']."""
    return [part for part in (text or "").split(",") if part]


def synced(
    param: str,
    *,
    page: str,
    default: Any,
    valid: Callable[[Any], bool],
    parse: Callable[[str | None], Any] = lambda text: text,
    dump: Callable[[Any], str | None] = lambda value: value,
    draw: Callable[[str], object] | None = None,
) -> Any:
    """A value kept in the URL as `?param=`: URL -> session state -> widget -> URL.

    The value is kept under 'page:param' in session state, apart from the widget's own key
    ('page:param:widget'), because Streamlit forgets a widget's value on runs where it is not
    drawn (a slide hides the choices). `draw(key)` draws the widget with that key; without it the
    value is only read and published. `valid` decides whether a value may stand (a municipality of
    another region does not); an invalid one is replaced by the URL's value or the default.
    """
    store = f"{page}:{param}"
    widget = f"{store}:widget"
    written = f"{store}:url"  # what this function last wrote into the URL
    from_link = param in st.query_params and st.query_params.get(param) != st.session_state.get(written)
    if store not in st.session_state or not valid(st.session_state[store]) or from_link:
        # A link (a search hit, the back button) changed the URL since we wrote it: the link wins.
        asked = parse(st.query_params.get(param)) if param in st.query_params else None
        if asked is not None and valid(asked):
            st.session_state[store] = st.session_state[widget] = asked
        elif store not in st.session_state or not valid(st.session_state[store]):
            st.session_state[store] = default
    if draw is not None:
        if widget not in st.session_state or not valid(st.session_state[widget]):
            st.session_state[widget] = st.session_state[store]
        draw(widget)
        chosen = st.session_state[widget]
        st.session_state[store] = chosen if valid(chosen) else default
    value = st.session_state[store]
    st.session_state[written] = dump(value)
    set_param(param, st.session_state[written])
    return value


def remember(page: str, param: str, value: Any) -> None:
    """Set a synced value from code (a button that turns a slide); the URL follows on the next run."""
    st.session_state[f"{page}:{param}"] = value
