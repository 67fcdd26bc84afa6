"""CSV as municipalities send it: UTF-8 (with or without BOM), UTF-16 or Windows-1252, with `;`, `,` or
tab, blank lines and title rows above the header, read as CSV is defined (only CR and LF end a line,
a quoted field keeps its line breaks and delimiters). A file with more than 500 columns or a line
longer than 1 MB is refused before it is decoded.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

import polars as pl

from kompetanse.i18n import _
from kompetanse.ingest.rawtable import (
    DELIMITERS,
    HEADER_SEARCH_ROWS,
    KEY_COLUMN,
    MAX_COLUMNS,
    MAX_LINE_BYTES,
    RawTable,
    UnreadableFile,
    column_names,
    header_index,
    normalise_header,
    without_blank_rows,
)
from kompetanse.rules.formatting import format_megabytes, format_number


def decode(raw: bytes) -> str:
    """Text from bytes: BOMs first, then UTF-8, then Windows-1252 (Norwegian Excel's default)."""
    try:
        if raw.startswith(b"\xef\xbb\xbf"):
            return raw[3:].decode("utf-8", errors="strict")
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            return raw.decode("utf-16")
    except UnicodeDecodeError:
        raise UnreadableFile(
            _(
                "Filen sier at den er lagret som Unicode (UTF-8 eller UTF-16), men inneholder tegn som ikke "
                "er det. Lagre den på nytt som «CSV UTF-8» eller som .xlsx."
            )
        ) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _next_break(raw: bytes, start: int) -> int:
    """Where the line starting at `start` ends (CRLF, LF or CR), or the end of the file."""
    line_feed = raw.find(b"\n", start)
    end = line_feed if line_feed >= 0 else len(raw)
    carriage_return = raw.find(b"\r", start, end)  # searched only up to the LF: no rescans of the file
    return carriage_return if carriage_return >= 0 else end


def check_csv_shape(raw: bytes) -> None:
    """Refuse absurdly many columns or an absurdly long line, on the bytes, before anything is decoded.

    Columns are counted in the rows where the header may be; the count is of the most frequent
    delimiter, so it needs no parsing. Line lengths are checked without splitting or copying the
    file: each step looks at the next MAX_LINE_BYTES + 1 bytes from the start of a line and jumps
    past the last line break among them, so even a large file takes a few hundred steps.
    """
    start = 0
    for number in range(1, HEADER_SEARCH_ROWS + 1):
        end = _next_break(raw, start)
        count = max(raw.count(delimiter.encode(), start, end) for delimiter in DELIMITERS) + 1
        if count > MAX_COLUMNS:
            raise UnreadableFile(
                _(
                    "Rad {line} har {count} kolonner; en fil kan ha høyst {limit}. "
                    "Sjekk at filen er en tabell med én verdi per kolonne.",
                    line=number,
                    count=format_number(count),
                    limit=MAX_COLUMNS,
                )
            )
        start = end + (2 if raw[end : end + 2] == b"\r\n" else 1)
        if start >= len(raw):
            break
    start, size = 0, len(raw)
    while size - start > MAX_LINE_BYTES:
        window_end = start + MAX_LINE_BYTES + 1
        last_break = max(raw.rfind(b"\n", start, window_end), raw.rfind(b"\r", start, window_end))
        if last_break >= 0:
            start = last_break + 1
            continue
        breaks_before = raw.count(b"\n", 0, start) + raw.count(b"\r", 0, start) - raw.count(b"\r\n", 0, start)
        raise UnreadableFile(
            _(
                "Rad {line} er {size} lang; en rad kan være høyst {limit}. "
                "Er dette en tabell lagret som CSV?",
                line=breaks_before + 1,
                size=format_megabytes(_next_break(raw, start) - start),
                limit=format_megabytes(MAX_LINE_BYTES, 0),
            )
        )


_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # the only line breaks in CSV (not U+2028, U+0085, form feed)


def _records(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(the row the record starts on, its fields), read by Python's CSV parser: a quoted field keeps its
    line breaks and delimiters, and only CR and LF end a line."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', strict=True)
    start = 1
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            if "unexpected end of data" in str(error) or reader.line_num > text.count("\n") + 1:
                raise UnreadableFile(
                    _(
                        'Rad {line}: et felt i anførselstegn slutter aldri (det mangler et avsluttende "). '
                        "Lagre filen på nytt fra Excel.",
                        line=start,
                    )
                ) from None
            raise UnreadableFile(
                _(
                    "Rad {line} kan ikke leses som CSV: et anførselstegn eller et tegn står feil ({error}). "
                    "Lagre filen på nytt fra Excel.",
                    line=start,
                    error=error,
                )
            ) from None
        yield start, fields
        start = reader.line_num + 1


def _too_wide(number: int, fields: int, width: int, delimiter: str) -> UnreadableFile:
    return UnreadableFile(
        _(
            "Rad {line} har {fields} felt, men overskriften har bare {width}. "
            "Sjekk at ingen tekst inneholder "
            "«{delimiter}» uten anførselstegn rundt, eller lagre filen på nytt fra Excel.",
            line=number,
            fields=fields,
            width=width,
            delimiter=delimiter,
        )
    )


def read_csv(raw: bytes) -> RawTable:
    """A delimited text file, whatever its encoding and delimiter, read as CSV is defined: only CR and
    LF end a line, and a quoted field keeps its line breaks and delimiters.

    Row numbers are those the user sees in Excel: the line each record starts on. A row with more
    non-empty fields than the header has columns is refused rather than cut. A file without any
    quote is split by polars (fast); one with quotes is read by Python's CSV parser.
    """
    check_csv_shape(raw)
    text = decode(raw)
    head = [line for line in _LINE_BREAK.split(text, maxsplit=HEADER_SEARCH_ROWS)[:HEADER_SEARCH_ROWS]]
    if not any(line.strip() for line in head):
        raise UnreadableFile(_("Filen er tom."))
    header_line = next((line for line in head if KEY_COLUMN in line.lower()), head[0])
    delimiter = max(DELIMITERS, key=header_line.count)
    return _read_unquoted(text, delimiter) if '"' not in text else _read_quoted(text, delimiter)


def _read_unquoted(text: str, delimiter: str) -> RawTable:
    """A file with no quotes: every line break ends a record, every delimiter ends a field."""
    lines = _LINE_BREAK.split(text)
    candidates = [(i, line.split(delimiter)) for i, line in enumerate(lines[:200]) if line.strip()]
    start = header_index([fields for _number, fields in candidates[:HEADER_SEARCH_ROWS]])
    header_at, header = candidates[start]
    names = column_names(header)
    width = len(names)
    body = pl.DataFrame(
        {"raw": lines[header_at + 1 :], "line": range(header_at + 2, len(lines) + 1)},
        schema={"raw": pl.String, "line": pl.Int64},
    )
    del lines
    split = body.select(pl.col("raw").str.splitn(delimiter, width).alias("fields"), "line").unnest("fields")
    last = split.columns[width - 1]
    rest = pl.col(last).str.splitn(delimiter, 2).struct.field("field_1")
    split = split.with_columns(
        rest.alias("_rest"), pl.col(last).str.splitn(delimiter, 2).struct.field("field_0").alias(last)
    )
    extra = split.filter(pl.col("_rest").str.replace_all(delimiter, "", literal=True).str.strip_chars() != "")
    if extra.height:
        number, rest_text = extra.select("line", "_rest").row(0)
        raise _too_wide(number, width + 1 + rest_text.count(delimiter), width, delimiter)
    frame = split.drop("_rest").rename(dict(zip(split.columns[:width], names)))
    return RawTable(names, without_blank_rows(frame.select(*names, "line"), names))


def _read_quoted(text: str, delimiter: str) -> RawTable:
    records = _records(text, delimiter)
    found = []
    for number, fields in records:
        found.append((number, fields))
        if KEY_COLUMN in {normalise_header(cell) for cell in fields}:
            break
        if len(found) >= HEADER_SEARCH_ROWS:
            header_index([])  # raises the message
    else:
        header_index([row for _number, row in found])  # no header: raises the message
    names = column_names(found[-1][1])
    width = len(names)
    columns: list[list[str | None]] = [[] for _ in names]
    numbers: list[int] = []
    for number, fields in records:
        if len(fields) > width and any(field.strip() for field in fields[width:]):
            raise _too_wide(number, len(fields), width, delimiter)
        if not any(field.strip() for field in fields):
            continue  # a blank line
        numbers.append(number)
        for index, column in enumerate(columns):
            column.append(fields[index] if index < len(fields) else None)
    frame = pl.DataFrame(
        {**dict(zip(names, columns)), "line": numbers},
        schema={**dict.fromkeys(names, pl.String), "line": pl.Int64},
    )
    return RawTable(names, without_blank_rows(frame, names))
