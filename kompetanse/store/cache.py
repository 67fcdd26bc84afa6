"""One cache for everything computed from a database version, for the app and the command line alike.

`@per_version` caches `function(database, *args)` under a key that always holds the database file,
its version token (which every write changes) and, unless the function says it shows no hidden
figure, what the reader may see beyond the public figures (`Database.audience`: the municipalities
whose hidden figures they see, and whether they see why figures are hidden), and the language of the
run (nb or nn: texts are part of a view). No caller builds a key by hand, so a helper cannot forget
the file or the version and hand back another file's answer.

A hit returns the very object that was computed (no copy and no unpickling): results are treated
as immutable by everyone. The cache lives in the process (it is not Streamlit's cache, so a browser
cannot clear it) and keeps the newest entries up to a bound. When a reader sees a new version of a
file, the entries of older versions go, but those of the version just before it stay for a minute:
runs that began before the swap still read it, and without a cache each of them would compute every
view of that version afresh (a minute-long Kommuneprofil under load). A reader of a version older
still gets its answers computed but kept for nobody, and no old reader can push the newer version's
entries out. Every write swaps in a file with a newer modification time, so "newer" is decided by
that, and by the file still being in place when the times say otherwise. Concurrent
callers asking for the same key wait for one computation instead of each doing it (thirty people
opening a shared link at once). Each entry remembers how it was asked for (`Call`: the function, the
reader's audience, the language, the arguments), so that a new version can be asked the same before
anyone does (`calls_of`, views/warm.py).
"""

from __future__ import annotations

import functools
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

from kompetanse.i18n import active_language, using_language

T = TypeVar("T")
MAX_ENTRIES = 4096

_entries: OrderedDict[tuple, Any] = OrderedDict()
_calls: dict[tuple, Call] = {}  # how each entry was asked for, to ask the same of a newer version
PREVIOUS_KEPT_S = 60.0
_newest: dict[str, tuple[int, str]] = {}  # path -> (mtime_ns, token) of the newest version seen
_previous: dict[str, tuple[str, float]] = {}  # path -> (token, monotonic time its entries go)
_lock = threading.Lock()
_computing: dict[tuple, threading.Lock] = {}


@dataclass(frozen=True)
class Call:
    """One cached call as it was made: the same can be asked of a newer version (views/warm.py)."""

    function: Callable[..., Any]  # the cached function
    audience: tuple  # Database.audience of the reader, () for a function that reveals nothing
    language: str
    args: tuple
    kwargs: dict

    def __call__(self, database) -> Any:
        reader = (
            database.revealing(frozenset(self.audience[0]), details=self.audience[1])
            if self.audience
            else database
        )
        with using_language(self.language):
            return self.function(reader, *self.args, **self.kwargs)


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


def _drop(path: str, keep: set[str]) -> None:
    for key in [key for key in _entries if key[1] == path and key[2] not in keep]:
        del _entries[key]
        _calls.pop(key, None)


def _kept(path: str, token: str) -> bool:
    """Called under the lock: whether results for this version of `path` may be cached."""
    previous = _previous.get(path)
    return _newest.get(path, (0, ""))[1] == token or (
        previous is not None and previous[0] == token and time.monotonic() < previous[1]
    )


def _is_kept(database, path: str, token: str) -> bool:
    """Called under the lock: whether this reader's version is the newest of `path` (or the one just
    before it, for a minute); a newer one makes the entries of older versions garbage."""
    newest, previous = _newest.get(path), _previous.get(path)
    if previous is not None and time.monotonic() >= previous[1]:
        del _previous[path]
        _drop(path, {newest[1]})
    if _kept(path, token):
        return True
    mtime = database.identity.mtime_ns
    if newest is not None and mtime < newest[0] and not database.is_current():
        return False  # a reader of an older file, still finishing a run
    if newest is not None:
        _previous[path] = (newest[1], time.monotonic() + PREVIOUS_KEPT_S)
    _newest[path] = (mtime, token)
    _drop(path, {token} | ({newest[1]} if newest is not None else set()))
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
            # The language of the run too: a view's texts are written in it (kompetanse/i18n).
            key = (name, path, token, revealed, active_language(), frozen(args), frozen(kwargs))
            with _lock:
                if _is_kept(database, path, token) and key in _entries:
                    _entries.move_to_end(key)
                    return _entries[key]
                computing = _computing.setdefault(key, threading.Lock())
            with computing:
                with _lock:
                    if key in _entries:
                        return _entries[key]
                reading = database if reveal else database.revealing(frozenset())
                try:
                    result = inner(reading, *args, **kwargs)
                except BaseException:
                    with _lock:
                        _computing.pop(key, None)
                    raise
                with _lock:
                    if _kept(path, token):  # a reader of a version older still does not refill
                        _entries[key] = result
                        _calls[key] = Call(cached, revealed, key[4], args, kwargs)
                        while len(_entries) > MAX_ENTRIES:
                            _calls.pop(_entries.popitem(last=False)[0], None)
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


def computed(database) -> set[str]:
    """The functions with a result cached for this file's version (any arguments); tests and benchmarks."""
    path, token = str(database.path), database.version_token
    with _lock:
        return {key[0] for key in _entries if key[1] == path and key[2] == token}


def entries_of(database, name: str) -> int:
    """How many results of one function (any arguments) are cached for this file's version."""
    path, token = str(database.path), database.version_token
    with _lock:
        return sum(1 for key in _entries if key[0] == name and key[1] == path and key[2] == token)


def calls_of(path: object, token: str) -> list[Call]:
    """The calls cached for one version of a file, the most recently used first."""
    with _lock:
        keys = [key for key in reversed(_entries) if key[1] == str(path) and key[2] == token]
        return [_calls[key] for key in keys if key in _calls]


def clear() -> None:
    """Forget everything (tests that measure a cold start)."""
    with _lock:
        _entries.clear()
        _calls.clear()
        _newest.clear()
        _previous.clear()
