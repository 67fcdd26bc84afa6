"""One cache for everything computed from a database version, for the app and the command line alike.

`@per_version` caches `function(database, *args)` under a key that always holds the database file,
its version token (which every write changes) and, unless the function says it shows no hidden
figure, what the reader may see beyond the public figures (`Database.audience`: the municipalities
whose hidden figures they see, and whether they see why figures are hidden). No caller builds a key by
hand, so a helper cannot forget the file or the version and hand back another file's answer.

A hit returns the very object that was computed (no copy and no unpickling): results are treated
as immutable by everyone. The cache lives in the process (it is not Streamlit's cache, so a browser
cannot clear it) and keeps the newest entries up to a bound. When a reader sees a new version of a
file, the entries of that file's previous version go. Concurrent callers asking for the same key
wait for one computation instead of each doing it (thirty people opening a shared link at once).
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")
MAX_ENTRIES = 4096

_entries: OrderedDict[tuple, Any] = OrderedDict()
_newest: dict[str, tuple[int, str]] = {}  # path -> (modification time, token) of its newest version
_lock = threading.Lock()
_computing: dict[tuple, threading.Lock] = {}


def frozen(value: object) -> Hashable:
    """A hashable stand-in for an argument: dicts, lists and sets become sorted tuples."""
    if isinstance(value, dict):
        return tuple(sorted((key, frozen(item)) for key, item in value.items()))
    if isinstance(value, list | tuple):
        return tuple(frozen(item) for item in value)
    if isinstance(value, set | frozenset):
        return tuple(sorted(frozen(item) for item in value))
    hash(value)  # raises TypeError for anything else that cannot be a key
    return value


def _note_version(path: str, token: str, written_ns: int) -> bool:
    """Called under the lock: True when this is the newest version of `path` seen so far.

    A newer version makes the entries of every older one garbage; a reader that still holds an
    older version (its run began before the swap) is answered but never fills the cache.
    """
    newest = _newest.get(path)
    if newest is not None and newest[1] == token:
        return True
    if newest is not None and newest[0] > written_ns:
        return False
    _newest[path] = (written_ns, token)
    for key in [key for key in _entries if key[1] == path and key[2] != token]:
        del _entries[key]
    return True


def per_version(function: Callable[..., T] | None = None, *, reveal: bool = True):
    """Cache `function(database, *args, **kwargs)` per file, version and (with `reveal`) revealed set.

    `reveal=False` is for functions whose result is the same for every reader (the catalogue, the
    totals before anything is revealed, the users): one entry serves everyone, and the function is
    handed a reader that reveals nothing, so no editor's hidden figure can end up in that entry.
    """

    def decorate(inner: Callable[..., T]) -> Callable[..., T]:
        name = f"{inner.__module__}.{inner.__qualname__}"

        @functools.wraps(inner)
        def cached(database, *args, **kwargs) -> T:
            path, token = str(database.path), database.version_token
            revealed = database.audience if reveal else ()
            key = (name, path, token, revealed, frozen(args), frozen(kwargs))
            reading = database if reveal else database.revealing(frozenset())
            with _lock:
                current = _note_version(path, token, database.identity.mtime_ns)
                if current and key in _entries:
                    _entries.move_to_end(key)
                    return _entries[key]
                computing = _computing.setdefault(key, threading.Lock()) if current else None
            if computing is None:  # an old version: answer it, but keep nothing (never under the lock)
                return inner(reading, *args, **kwargs)
            with computing:
                with _lock:
                    if key in _entries:
                        return _entries[key]
                try:
                    result = inner(reading, *args, **kwargs)
                except BaseException:
                    with _lock:
                        _computing.pop(key, None)
                    raise
                with _lock:
                    if _newest.get(path, (0, ""))[1] == token:  # a swap meanwhile: do not keep it
                        _entries[key] = result
                        while len(_entries) > MAX_ENTRIES:
                            _entries.popitem(last=False)
                    _computing.pop(key, None)
                return result

        cached.uncached = inner
        return cached

    return decorate(function) if function is not None else decorate


def entry_count(path: object | None = None, token: str | None = None) -> int:
    """How many results are cached (for one file and version, or in all); for tests and benchmarks."""
    with _lock:
        return sum(
            1
            for key in _entries
            if (path is None or key[1] == str(path)) and (token is None or key[2] == token)
        )


def clear() -> None:
    """Forget everything (tests that measure a cold start)."""
    with _lock:
        _entries.clear()
        _newest.clear()
