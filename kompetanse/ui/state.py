"""What a session keeps: widget values kept in the URL (and `reader`, the process's database reader,
from ui/reader.py, where the version each run is served is decided).

URL state: `synced` does "read the URL, put it in session state, draw the widget, write the URL back"
in one place, with names per page ('oversikt:indikator'), so any view is a link; `stored` reads such a
value and `remember` sets one from code.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from kompetanse.ui.reader import reader

_MISSING = object()  # a value not stored yet (None can be a value)
# Every synced value sits in this one entry, not in an entry each: each keyed widget Streamlit draws
# first copies the whole of session state (SessionState.filtered_state, to look up its own key), so
# every entry costs every widget on every run. Widgets keep their own keys.
SYNCED = "synced"

__all__ = ["int_param", "list_param", "reader", "remember", "set_param", "stored", "synced"]


def set_param(param: str, text: str | None, now: str | None | object = _MISSING) -> None:
    """Write one value into the URL (None removes it); unchanged values are not written again.
    `now` is the URL's value if the caller has just read it (None: not in the URL)."""
    now = st.query_params.get(param) if now is _MISSING else now
    if text is None:
        if now is not None:
            del st.query_params[param]
    elif now != text:
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


def _values() -> dict[str, Any]:
    """The synced values and what was last written into the URL for each, in one session-state entry."""
    values = st.session_state.get(SYNCED)
    if values is None:
        values = st.session_state[SYNCED] = {}
    return values


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

    The value is kept under 'page:param' (in the one SYNCED entry of session state), apart from the
    widget's own key ('page:param:widget'), because Streamlit forgets a widget's value on runs where it
    is not drawn (a slide hides the choices). `draw(key)` draws the widget with that key; without it
    the value is only read and published. `valid` decides whether a value may stand (a municipality
    of another region does not); an invalid one is replaced by the URL's value or the default.
    """
    store = f"{page}:{param}"
    widget = f"{store}:widget"
    written = f"{store}:url"  # what this function last wrote into the URL
    values = _values()
    url = st.query_params.get(param)  # None when the URL has no such parameter
    last_written = values.get(written)
    value = values.get(store, _MISSING)
    if value is _MISSING or not valid(value) or (url is not None and url != last_written):
        # A link (a search hit, the back button) changed the URL since we wrote it: the link wins.
        asked = parse(url) if url is not None else None
        if asked is not None and valid(asked):
            value = values[store] = st.session_state[widget] = asked
        elif value is _MISSING or not valid(value):
            value = values[store] = default
    if draw is not None:
        shown = st.session_state.get(widget, _MISSING)
        if shown is _MISSING or not valid(shown):
            st.session_state[widget] = value
        draw(widget)
        chosen = st.session_state[widget]
        value = values[store] = chosen if valid(chosen) else default
    text = values[written] = dump(value)
    set_param(param, text, url)
    return value


def stored(page: str, param: str, default: Any = None) -> Any:
    """A synced value as this session last had it (`default` before it has one)."""
    return _values().get(f"{page}:{param}", default)


def remember(page: str, param: str, value: Any) -> None:
    """Set a synced value from code (a button that turns a slide); the URL follows on the next run."""
    _values()[f"{page}:{param}"] = value
