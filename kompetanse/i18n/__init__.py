"""The app's texts in bokmål ('nb') and nynorsk ('nn'): gettext catalogues read with Babel.

The message id is the bokmål text as the code writes it; each language has a `.po` catalogue in
i18n/locale/<language>/LC_MESSAGES/kompetanse.po, read at first use with `babel.messages.pofile`
(no compile step). `translate(text, language)` is the pure lookup; `_()` translates into the
language of the current run, which app.py sets with `activate` (a context variable, so each
Streamlit session thread and each background thread has its own; the default is bokmål). A text
missing from a catalogue is shown as written (bokmål), and tests/test_nynorsk.py fails on it.
Placeholders are `str.format` fields with names (`{name}`), the same in both languages.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TypeVar

import polars as pl
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

LANGUAGES = ("nb", "nn")
DEFAULT_LANGUAGE = "nb"
DOMAIN = "kompetanse"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
# What the sidebar switch and the settings show; the names are the same in both languages.
LANGUAGE_NAMES = {"nb": "Bokmål", "nn": "Nynorsk"}
# Words people and links use for a language: 'nynorsk', 'nno', 'nn-NO'.
_ALIASES = {"nob": "nb", "bokmål": "nb", "bokmal": "nb", "no": "nb", "nno": "nn", "nynorsk": "nn"}

_active: contextvars.ContextVar[str] = contextvars.ContextVar("kompetanse_language", default="nb")


def catalogue_path(language: str) -> Path:
    """Where the catalogue of a language lies in the repository."""
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def catalogue(language: str) -> Catalog:
    """The parsed catalogue of a language (read once per process)."""
    with catalogue_path(language).open("rb") as file:
        return read_po(file, locale=language, domain=DOMAIN)


@cache
def _messages(language: str) -> dict[str, str]:
    """msgid -> msgstr for the translated, non-fuzzy messages of a language."""
    return {
        message.id: message.string
        for message in catalogue(language)
        if message.id and isinstance(message.id, str) and message.string and not message.fuzzy
    }


def language_code(text: str | None) -> str | None:
    """'nn', 'nb', 'Nynorsk', 'nn-NO' -> 'nn' or 'nb'; anything else None."""
    wanted = (text or "").strip().lower().replace("_", "-").split("-")[0]
    wanted = _ALIASES.get(wanted, wanted)
    return wanted if wanted in LANGUAGES else None


def translate(text: str, language: str) -> str:
    """The text in a language ('nb' or 'nn'); the bokmål text itself when the catalogue lacks it."""
    if not text:
        return text
    return _messages(language if language in LANGUAGES else DEFAULT_LANGUAGE).get(text, text)


def active_language() -> str:
    """The language of the current run (or thread): 'nb' unless `activate` said otherwise."""
    return _active.get()


def activate(language: str) -> None:
    """Make `_()` translate into this language for the rest of the current run."""
    _active.set(language if language in LANGUAGES else DEFAULT_LANGUAGE)


@contextmanager
def using_language(language: str) -> Iterator[None]:
    """`_()` translates into this language inside the block (the CLI, exports, tests)."""
    token = _active.set(language if language in LANGUAGES else DEFAULT_LANGUAGE)
    try:
        yield
    finally:
        _active.reset(token)


T = TypeVar("T")


def keeping_language(build: Callable[[], T]) -> Callable[[], T]:
    """`build`, to be called later in the language of the run that made it.

    Streamlit calls a download button's `data` function after the run, in a thread of its own where
    the run's language (a context variable) is not set: without this a nynorsk page's Excel, CSV,
    picture or deck came out in bokmål, and the CSV lost its decimal commas for «Teljar» and «Nemnar».
    """
    language = active_language()

    def in_language() -> T:
        with using_language(language):
            return build()

    return in_language


def _(text: str, /, **values: object) -> str:
    """The text in the active language, its `{placeholders}` filled in from `values`."""
    translated = translate(text, active_language())
    return translated.format(**values) if values else translated


def translated(frame: pl.DataFrame, *columns: str) -> pl.DataFrame:
    """A polars frame with these text columns in the run's language: catalogue texts read from the
    database (service areas, theme-meeting categories); a text the catalogue lacks stays as written."""
    language = active_language()
    if language == DEFAULT_LANGUAGE or frame.is_empty():
        return frame
    return frame.with_columns(
        pl.Series(column, [translate(text, language) for text in frame[column]], pl.String)
        for column in columns
    )


def N_(text: str) -> str:
    """Mark a constant for the catalogue without translating it (translated where it is shown)."""
    return text


def html_lang(language: str | None = None) -> str:
    """The value of <html lang>: 'nb' or 'nn' (WCAG 3.1.1)."""
    return language if language in LANGUAGES else active_language()
