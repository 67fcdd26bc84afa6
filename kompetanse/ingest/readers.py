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

import io
import posixpath
import re
import zipfile
from xml.etree import ElementTree

import fastexcel

from kompetanse.i18n import N_, _
from kompetanse.ingest.csvfiles import read_csv
from kompetanse.ingest.percent import as_percent, percent_cells
from kompetanse.ingest.rawtable import MAX_COLUMNS, RawTable, UnreadableFile, table_of
from kompetanse.rules.formatting import MB, format_megabytes, format_number

__all__ = ["RawTable", "UnreadableFile", "read_csv", "read_table", "read_xlsx"]

MAX_XLSX_UNPACKED_BYTES = 200 * MB
MAX_XLSX_MEMBERS = 1000  # an ordinary workbook has 10-30 parts, one with many sheets a few hundred
MAX_XLSX_DIRECTORY_BYTES = 1 * MB  # the zip directory of MAX_XLSX_MEMBERS parts is far smaller
MAX_XLSX_RATIO = 100  # sheet XML from Excel unpacks to 5-20 times its packed size
RATIO_CHECKED_FROM = 1 * MB  # small parts may pack tighter; they cannot grow into much anyway
MAX_XLSX_ROWS = 1_100_000  # Excel's own limit is 1 048 576
MAX_XLSX_CELLS = 20_000_000  # rows x columns of the used range, which fastexcel allocates at once


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
        _(
            "Excel-filen består av for mange deler; en .xlsx-fil kan ha høyst "
            "{limit}. Lagre den på nytt fra Excel, eller som CSV.",
            limit=format_number(MAX_XLSX_MEMBERS),
        )
    )
    parts, directory_size = _declared_directory(raw)
    if parts > MAX_XLSX_MEMBERS or directory_size > MAX_XLSX_DIRECTORY_BYTES:
        raise too_many
    damaged = _(DAMAGED)
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
                _(
                    "Excel-filen blir {size} når den pakkes ut; høyst {limit} kan leses. "
                    "Lagre tallene som CSV.",
                    size=format_megabytes(unpacked),
                    limit=format_megabytes(MAX_XLSX_UNPACKED_BYTES, 0),
                )
            )
        if any(
            member.file_size > RATIO_CHECKED_FROM
            and member.file_size > MAX_XLSX_RATIO * max(member.compress_size, 1)
            for member in members
        ):
            raise UnreadableFile(
                _(
                    "Excel-filen er pakket mistenkelig tett (en del blir over {ratio} ganger større "
                    "når den pakkes ut), så den leses ikke. Lagre den på nytt fra Excel, eller som CSV.",
                    ratio=MAX_XLSX_RATIO,
                )
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
        for _event, element in ElementTree.iterparse(sheet, events=("end",)):
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
            _(
                "Excel-arket går til kolonne nr. {column}; en fil kan ha høyst "
                "{limit} kolonner. Slett tomme kolonner til høyre for tallene, eller lagre dem som CSV.",
                column=format_number(last_column),
                limit=MAX_COLUMNS,
            )
        )
    if last_row > MAX_XLSX_ROWS or last_row * last_column > MAX_XLSX_CELLS:
        raise UnreadableFile(
            _(
                "Excel-arket går til rad {row} og kolonne {column}; "
                "det er mer enn {limit} celler. Slett tomme rader og kolonner rundt "
                "tallene, eller lagre tallene som CSV.",
                row=format_number(last_row),
                column=format_number(last_column),
                limit=format_number(MAX_XLSX_CELLS),
            )
        )
    return first_row


def read_xlsx(raw: bytes) -> RawTable:
    """The first sheet of an Excel workbook; row numbers are Excel's."""
    check_xlsx_archive(raw)
    check_no_macros(raw)
    try:
        first_row = check_xlsx_extent(raw)
        if first_row is None:
            raise UnreadableFile(_(EMPTY))
        frame = fastexcel.read_excel(raw).load_sheet(0, header_row=None, dtypes="string").to_polars()
    except UnreadableFile:
        raise
    except Exception as error:  # fastexcel and the XML parser raise many kinds of errors on bad files
        raise UnreadableFile(_(DAMAGED)) from error
    if frame.height == 0:
        raise UnreadableFile(_(EMPTY))
    rows = [list(row) for row in frame.iter_rows()]
    shown_as_percent, first_column = percent_cells(raw)  # 0.455 shown as 45,5 % is 45.5
    for row_number, column_number in shown_as_percent:
        row, column = row_number - first_row, column_number - first_column
        if 0 <= row < len(rows) and 0 <= column < len(rows[row]):
            rows[row][column] = as_percent(rows[row][column])
    return table_of(rows, list(range(first_row, first_row + len(rows))))


# Translated where they are raised (_(MACROS)).
MACROS = N_(
    "Filen inneholder makroer (en .xlsm-fil). Av sikkerhetshensyn leser vi ikke filer med makroer. Lagre den "
    "som vanlig Excel-arbeidsbok (.xlsx) eller som CSV, og last den opp på nytt."
)
ENCRYPTED = N_(
    "Filen er passordbeskyttet (kryptert), så tallene i den kan ikke leses. Åpne den i Excel, fjern "
    "passordet (Fil → Info → Beskytt arbeidsbok → Krypter med passord, tøm feltet), lagre og last den opp "
    "på nytt."
)
DAMAGED = N_("Excel-filen kan ikke leses. Lagre den på nytt som .xlsx eller .csv.")
EMPTY = N_("Filen er tom.")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE compound file: old .xls, or an encrypted workbook
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")  # the stream Excel puts an encrypted workbook in


def check_no_macros(raw: bytes) -> None:
    """Refuse a workbook that carries macros (a VBA project, or a macro-enabled main part)."""
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        names = set(archive.namelist())
        types = archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
    if any(name.lower().endswith("vbaproject.bin") for name in names) or b"macroEnabled" in types:
        raise UnreadableFile(_(MACROS))


def read_table(raw: bytes, file_name: str) -> RawTable:
    """Pick the reader by content (an .xlsx is a zip file) rather than trusting the name."""
    if not raw:
        raise UnreadableFile(_(EMPTY))
    if raw[:4] == b"PK\x03\x04":
        if file_name.lower().endswith(".xlsm"):
            raise UnreadableFile(_(MACROS))
        return read_xlsx(raw)
    if raw[:8] == OLE_MAGIC and ENCRYPTED_STREAM in raw:
        raise UnreadableFile(_(ENCRYPTED))
    if file_name.lower().endswith((".xls", ".xlsm")) or raw[:8] == OLE_MAGIC:
        raise UnreadableFile(_("Gamle Excel-filer (.xls) kan ikke leses. Lagre filen som .xlsx eller .csv."))
    return read_csv(raw)
