"""The table every reader returns: header names as found, and text cells with the row numbers Excel shows."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from kompetanse.errors import KompetanseError
from kompetanse.i18n import _
from kompetanse.rules.formatting import MB

HEADER_SEARCH_ROWS = 15  # title rows people put above the header
MAX_COLUMNS = 500
MAX_LINE_BYTES = 1 * MB
DELIMITERS = (";", "\t", ",")
KEY_COLUMN = "kommunenummer"
HEADER_ALIASES = {
    "kommunenr": KEY_COLUMN,
    "knr": KEY_COLUMN,
    "aar": "år",
    "ar": "år",
    "year": "år",
    # the headers in nynorsk, as the nynorsk messages name them
    "teljar": "teller",
    "nemnar": "nevner",
    "kjelde": "kilde",
}


class UnreadableFile(KompetanseError):
    """The file could not be read at all."""


@dataclass(frozen=True)
class RawTable:
    columns: list[str]  # header names, lowercased and trimmed, in file order
    cells: pl.DataFrame  # one String column per header name, plus `line` (Int64: the row in Excel)


def normalise_header(name: str | None) -> str:
    text = (name or "").strip().strip("\ufeff").lower()
    return HEADER_ALIASES.get(text, text)


def header_index(rows: list[list[str]]) -> int:
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if KEY_COLUMN in {normalise_header(cell) for cell in row}:
            return index
    raise UnreadableFile(
        _(
            "Fant ingen overskriftsrad med kolonnen «kommunenummer» blant de første "
            "{rows} radene. Første rad med tall må ha overskrifter som "
            "kommunenummer;år;indikator;verdi;teller;nevner;kilde.",
            rows=HEADER_SEARCH_ROWS,
        )
    )


def column_names(header: list[str | None]) -> list[str]:
    names = [normalise_header(cell) or f"kolonne_{i + 1}" for i, cell in enumerate(header)]
    return [name if names.index(name) == i else f"{name}_{i + 1}" for i, name in enumerate(names)]


def without_blank_rows(frame: pl.DataFrame, names: list[str]) -> pl.DataFrame:
    blank = pl.all_horizontal(pl.col(name).fill_null("").str.strip_chars() == "" for name in names)
    return frame.filter(~blank)


def table_of(rows: list[list], lines: list[int]) -> RawTable:
    """Rows (title rows, header, body) with their row numbers -> RawTable without blank rows."""
    start = header_index([[None if c is None else str(c) for c in row] for row in rows])
    names = column_names([None if c is None else str(c) for c in rows[start]])
    body = rows[start + 1 :]
    columns = {
        name: [None if i >= len(row) or row[i] is None else str(row[i]) for row in body]
        for i, name in enumerate(names)
    }
    frame = pl.DataFrame(
        {**columns, "line": lines[start + 1 :]}, schema={**dict.fromkeys(names, pl.String), "line": pl.Int64}
    )
    return RawTable(names, without_blank_rows(frame, names))
