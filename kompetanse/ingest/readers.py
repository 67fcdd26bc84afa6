"""Reading the files municipalities really send into one table of text cells with Excel row numbers.

CSV comes as UTF-8 (with or without BOM), UTF-16 (Excel's "Unicode text") or Windows-1252, with
`;`, `,` or tab between fields, blank lines, and title rows above the header. Excel files may
have title rows too. Whatever the format, the result is a `RawTable`: the header names as found
(lowercased) and a frame of strings with a `line` column that is the row number the user sees.

Hostile files are refused before the expensive step: a CSV with more than 500 columns or a line
longer than 1 MB before it is even decoded, and an .xlsx whose zip directory promises too much
(too many parts, too much unpacked, an absurd compression ratio) before it is unpacked, and one
whose first sheet spans more rows and columns than a table of figures needs, before fastexcel
lays out the whole range in memory (a 5 KB file with cells in A1 and XFD1048576 would ask for
half a terabyte and abort the process).
"""

from __future__ import annotations

import csv
import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from xml.etree import ElementTree

import fastexcel
import polars as pl

from kompetanse.errors import KompetanseError
from kompetanse.ingest.percent import as_percent, percent_cells
from kompetanse.rules.formatting import MB, format_megabytes, format_number

HEADER_SEARCH_ROWS = 15  # title rows people put above the header
MAX_COLUMNS = 500
MAX_LINE_BYTES = 1 * MB
MAX_XLSX_UNPACKED_BYTES = 200 * MB
MAX_XLSX_MEMBERS = 1000  # an ordinary workbook has 10-30 parts, one with many sheets a few hundred
MAX_XLSX_DIRECTORY_BYTES = 1 * MB  # the zip directory of MAX_XLSX_MEMBERS parts is far smaller
MAX_XLSX_RATIO = 100  # sheet XML from Excel unpacks to 5-20 times its packed size
RATIO_CHECKED_FROM = 1 * MB  # small parts may pack tighter; they cannot grow into much anyway
MAX_XLSX_ROWS = 1_100_000  # Excel's own limit is 1 048 576
MAX_XLSX_CELLS = 20_000_000  # rows x columns of the used range, which fastexcel allocates at once
DELIMITERS = (";", "\t", ",")
KEY_COLUMN = "kommunenummer"
HEADER_ALIASES = {"kommunenr": KEY_COLUMN, "knr": KEY_COLUMN, "aar": "år", "ar": "år", "year": "år"}


class UnreadableFile(KompetanseError):
    """The file could not be read at all."""


@dataclass(frozen=True)
class RawTable:
    columns: list[str]  # header names, lowercased and trimmed, in file order
    cells: pl.DataFrame  # one String column per header name, plus `line` (Int64: the row in Excel)


def _normalise_header(name: str | None) -> str:
    text = (name or "").strip().strip("\ufeff").lower()
    return HEADER_ALIASES.get(text, text)


def decode(raw: bytes) -> str:
    """Text from bytes: BOMs first, then UTF-8, then Windows-1252 (Norwegian Excel's default)."""
    try:
        if raw.startswith(b"\xef\xbb\xbf"):
            return raw[3:].decode("utf-8", errors="strict")
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            return raw.decode("utf-16")
    except UnicodeDecodeError:
        raise UnreadableFile(
            "Filen sier at den er lagret som Unicode (UTF-8 eller UTF-16), men inneholder tegn som ikke "
            "er det. Lagre den på nytt som «CSV UTF-8» eller som .xlsx."
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
                f"Rad {number} har {format_number(count)} kolonner; en fil kan ha høyst {MAX_COLUMNS}. "
                "Sjekk at filen er en tabell med én verdi per kolonne."
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
            f"Rad {breaks_before + 1} er {format_megabytes(_next_break(raw, start) - start)} lang; en rad "
            f"kan være høyst {format_megabytes(MAX_LINE_BYTES, 0)}. Er dette en tabell lagret som CSV?"
        )


def _header_index(rows: list[list[str]]) -> int:
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if KEY_COLUMN in {_normalise_header(cell) for cell in row}:
            return index
    raise UnreadableFile(
        "Fant ingen overskriftsrad med kolonnen «kommunenummer» blant de første "
        f"{HEADER_SEARCH_ROWS} radene. Første rad med tall må ha overskrifter som "
        "kommunenummer;år;indikator;verdi;teller;nevner;kilde."
    )


def _column_names(header: list[str | None]) -> list[str]:
    names = [_normalise_header(cell) or f"kolonne_{i + 1}" for i, cell in enumerate(header)]
    return [name if names.index(name) == i else f"{name}_{i + 1}" for i, name in enumerate(names)]


def _without_blank_rows(frame: pl.DataFrame, names: list[str]) -> pl.DataFrame:
    blank = pl.all_horizontal(pl.col(name).fill_null("").str.strip_chars() == "" for name in names)
    return frame.filter(~blank)


def _table(rows: list[list], lines: list[int]) -> RawTable:
    """Rows (title rows, header, body) with their row numbers -> RawTable without blank rows."""
    start = _header_index([[None if c is None else str(c) for c in row] for row in rows])
    names = _column_names([None if c is None else str(c) for c in rows[start]])
    body = rows[start + 1 :]
    columns = {
        name: [None if i >= len(row) or row[i] is None else str(row[i]) for row in body]
        for i, name in enumerate(names)
    }
    frame = pl.DataFrame(
        {**columns, "line": lines[start + 1 :]}, schema={**dict.fromkeys(names, pl.String), "line": pl.Int64}
    )
    return RawTable(names, _without_blank_rows(frame, names))


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
                    f'Rad {start}: et felt i anførselstegn slutter aldri (det mangler et avsluttende "). '
                    "Lagre filen på nytt fra Excel."
                ) from None
            raise UnreadableFile(
                f"Rad {start} kan ikke leses som CSV: et anførselstegn eller et tegn står feil ({error}). "
                "Lagre filen på nytt fra Excel."
            ) from None
        yield start, fields
        start = reader.line_num + 1


def _too_wide(number: int, fields: int, width: int, delimiter: str) -> UnreadableFile:
    return UnreadableFile(
        f"Rad {number} har {fields} felt, men overskriften har bare {width}. Sjekk at ingen tekst inneholder "
        f"«{delimiter}» uten anførselstegn rundt, eller lagre filen på nytt fra Excel."
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
        raise UnreadableFile("Filen er tom.")
    header_line = next((line for line in head if KEY_COLUMN in line.lower()), head[0])
    delimiter = max(DELIMITERS, key=header_line.count)
    return _read_unquoted(text, delimiter) if '"' not in text else _read_quoted(text, delimiter)


def _read_unquoted(text: str, delimiter: str) -> RawTable:
    """A file with no quotes: every line break ends a record, every delimiter ends a field."""
    lines = _LINE_BREAK.split(text)
    candidates = [(i, line.split(delimiter)) for i, line in enumerate(lines[:200]) if line.strip()]
    start = _header_index([fields for _, fields in candidates[:HEADER_SEARCH_ROWS]])
    header_at, header = candidates[start]
    names = _column_names(header)
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
    return RawTable(names, _without_blank_rows(frame.select(*names, "line"), names))


def _read_quoted(text: str, delimiter: str) -> RawTable:
    records = _records(text, delimiter)
    found = []
    for number, fields in records:
        found.append((number, fields))
        if KEY_COLUMN in {_normalise_header(cell) for cell in fields}:
            break
        if len(found) >= HEADER_SEARCH_ROWS:
            _header_index([])  # raises the Norwegian message
    else:
        _header_index([fields for _, fields in found])  # no header: raises the Norwegian message
    names = _column_names(found[-1][1])
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
    return RawTable(names, _without_blank_rows(frame, names))


def _declared_directory(raw: bytes) -> tuple[int, int]:
    """(parts, directory size) as the zip's end record states them, read before zipfile parses the
    whole directory into objects (which for a million tiny parts costs seconds and hundreds of MB)."""
    end = raw.rfind(b"PK\x05\x06", max(0, len(raw) - 22 - 0xFFFF))
    if end < 0 or end + 22 > len(raw):
        return 0, 0  # not a zip that zipfile can read either; it will say so
    number = lambda start, length: int.from_bytes(raw[end + start : end + start + length], "little")
    return number(10, 2), number(12, 4)


def check_xlsx_archive(raw: bytes) -> None:
    """Refuse a zip bomb before any part of it is unpacked.

    The zip directory says how many parts there are and how big each becomes; too many parts, too
    much in all, or a part that grows more than MAX_XLSX_RATIO times is refused. Then every part is
    unpacked once in 1 MB pieces and checked against its checksum (zipfile.testzip), which catches
    a directory that lies about the sizes without ever holding more than a piece in memory.
    """
    too_many = UnreadableFile(
        "Excel-filen består av for mange deler; en .xlsx-fil kan ha høyst "
        f"{format_number(MAX_XLSX_MEMBERS)}. Lagre den på nytt fra Excel, eller som CSV."
    )
    parts, directory_size = _declared_directory(raw)
    if parts > MAX_XLSX_MEMBERS or directory_size > MAX_XLSX_DIRECTORY_BYTES:
        raise too_many
    damaged = "Excel-filen kan ikke leses. Lagre den på nytt som .xlsx eller .csv."
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except Exception as error:  # zipfile raises several kinds of errors on a damaged archive
        raise UnreadableFile(damaged) from error
    with archive:
        members = archive.infolist()
        if len(members) > MAX_XLSX_MEMBERS:
            raise too_many
        unpacked = sum(member.file_size for member in members)
        if unpacked > MAX_XLSX_UNPACKED_BYTES:
            raise UnreadableFile(
                f"Excel-filen blir {format_megabytes(unpacked)} når den pakkes ut; høyst "
                f"{format_megabytes(MAX_XLSX_UNPACKED_BYTES, 0)} kan leses. Lagre tallene som CSV."
            )
        if any(
            member.file_size > RATIO_CHECKED_FROM
            and member.file_size > MAX_XLSX_RATIO * max(member.compress_size, 1)
            for member in members
        ):
            raise UnreadableFile(
                f"Excel-filen er pakket mistenkelig tett (en del blir over {MAX_XLSX_RATIO} ganger større "
                "når den pakkes ut), så den leses ikke. Lagre den på nytt fra Excel, eller som CSV."
            )
        try:
            bad_part = archive.testzip()
        except Exception as error:
            raise UnreadableFile(damaged) from error
        if bad_part is not None:
            raise UnreadableFile(damaged)


_SHEET_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_CELL_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")


def _first_sheet_part(archive: zipfile.ZipFile) -> str:
    """The zip path of the workbook's first sheet (the one fastexcel's load_sheet(0) reads)."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    first = workbook.find(f"{_SHEET_NS}sheets/{_SHEET_NS}sheet")
    relation_id = first.get(f"{_REL_NS}id")
    relations = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    target = next(r.get("Target") for r in relations if r.get("Id") == relation_id)
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def sheet_extent(raw: bytes) -> tuple[int | None, int, int]:
    """(first row with a value, last row, last column) of the first sheet, streamed from its XML."""
    with zipfile.ZipFile(io.BytesIO(raw)) as archive, archive.open(_first_sheet_part(archive)) as sheet:
        first_row, last_row, last_column = None, 0, 0
        row_number = column = 0
        for _, element in ElementTree.iterparse(sheet, events=("end",)):
            if element.tag == f"{_SHEET_NS}c":
                match = _CELL_REF.match(element.get("r") or "")
                row, column = (
                    (int(match.group(2)), _column_number(match.group(1)))
                    if match
                    else (row_number, column + 1)
                )
                has_value = any(child.tag in (f"{_SHEET_NS}v", f"{_SHEET_NS}is") for child in element)
                if has_value:
                    first_row = row if first_row is None else min(first_row, row)
                last_row, last_column = max(last_row, row), max(last_column, column)
                element.clear()
            elif element.tag == f"{_SHEET_NS}row":
                row_number = int(element.get("r") or row_number + 1)
                column = 0
                element.clear()
        return first_row, last_row, last_column


def check_xlsx_extent(raw: bytes) -> int | None:
    """Refuse a first sheet that spans too many rows or columns; returns its first row with a value."""
    first_row, last_row, last_column = sheet_extent(raw)
    if last_column > MAX_COLUMNS:
        raise UnreadableFile(
            f"Excel-arket går til kolonne nr. {format_number(last_column)}; en fil kan ha høyst "
            f"{MAX_COLUMNS} kolonner. Slett tomme kolonner til høyre for tallene, eller lagre dem som CSV."
        )
    if last_row > MAX_XLSX_ROWS or last_row * last_column > MAX_XLSX_CELLS:
        raise UnreadableFile(
            f"Excel-arket går til rad {format_number(last_row)} og kolonne {format_number(last_column)}; "
            f"det er mer enn {format_number(MAX_XLSX_CELLS)} celler. Slett tomme rader og kolonner rundt "
            "tallene, eller lagre tallene som CSV."
        )
    return first_row


def read_xlsx(raw: bytes) -> RawTable:
    """The first sheet of an Excel workbook; row numbers are Excel's."""
    check_xlsx_archive(raw)
    check_no_macros(raw)
    try:
        first_row = check_xlsx_extent(raw)
        if first_row is None:
            raise UnreadableFile("Filen er tom.")
        frame = fastexcel.read_excel(raw).load_sheet(0, header_row=None, dtypes="string").to_polars()
    except UnreadableFile:
        raise
    except Exception as error:  # fastexcel and the XML parser raise many kinds of errors on bad files
        raise UnreadableFile("Excel-filen kan ikke leses. Lagre den på nytt som .xlsx eller .csv.") from error
    if frame.height == 0:
        raise UnreadableFile("Filen er tom.")
    rows = [list(row) for row in frame.iter_rows()]
    shown_as_percent, first_column = percent_cells(raw)  # 0.455 shown as 45,5 % is 45.5
    for row_number, column_number in shown_as_percent:
        row, column = row_number - first_row, column_number - first_column
        if 0 <= row < len(rows) and 0 <= column < len(rows[row]):
            rows[row][column] = as_percent(rows[row][column])
    return _table(rows, list(range(first_row, first_row + len(rows))))


MACROS = (
    "Filen inneholder makroer (en .xlsm-fil). Av sikkerhetshensyn leser vi ikke filer med makroer. Lagre den "
    "som vanlig Excel-arbeidsbok (.xlsx) eller som CSV, og last den opp på nytt."
)
ENCRYPTED = (
    "Filen er passordbeskyttet (kryptert), så tallene i den kan ikke leses. Åpne den i Excel, fjern "
    "passordet (Fil → Info → Beskytt arbeidsbok → Krypter med passord, tøm feltet), lagre og last den opp "
    "på nytt."
)
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE compound file: old .xls, or an encrypted workbook
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")  # the stream Excel puts an encrypted workbook in


def check_no_macros(raw: bytes) -> None:
    """Refuse a workbook that carries macros (a VBA project, or a macro-enabled main part)."""
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        names = set(archive.namelist())
        types = archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
    if any(name.lower().endswith("vbaproject.bin") for name in names) or b"macroEnabled" in types:
        raise UnreadableFile(MACROS)


def read_table(raw: bytes, file_name: str) -> RawTable:
    """Pick the reader by content (an .xlsx is a zip file) rather than trusting the name."""
    if not raw:
        raise UnreadableFile("Filen er tom.")
    if raw[:4] == b"PK\x03\x04":
        if file_name.lower().endswith(".xlsm"):
            raise UnreadableFile(MACROS)
        return read_xlsx(raw)
    if raw[:8] == OLE_MAGIC and ENCRYPTED_STREAM in raw:
        raise UnreadableFile(ENCRYPTED)
    if file_name.lower().endswith((".xls", ".xlsm")) or raw[:8] == OLE_MAGIC:
        raise UnreadableFile("Gamle Excel-filer (.xls) kan ikke leses. Lagre filen som .xlsx eller .csv.")
    return read_csv(raw)
