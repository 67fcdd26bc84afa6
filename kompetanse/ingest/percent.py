"""Excel cells formatted as percent: the cell holds 0.455 and Excel shows 45,5 %, so the figure is 45.5.

The number format is read with openpyxl (read-only, streamed), and only when the workbook's styles
have a percent format at all, so ordinary workbooks cost one look at styles.xml.
"""

from __future__ import annotations

import io
import re
import zipfile
from xml.etree import ElementTree

import openpyxl

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
BUILT_IN_PERCENT = {"9", "10"}  # '0%' and '0.00%'


def _is_percent_format(code: str) -> bool:
    """A format code that shows a number as percent: a % outside quotes and not escaped."""
    bare = re.sub(r'"[^"]*"|\\.', "", code)
    return "%" in bare


def has_percent_styles(raw: bytes) -> bool:
    """Whether any cell style of the workbook shows numbers as percent."""
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        if "xl/styles.xml" not in archive.namelist():
            return False
        styles = ElementTree.fromstring(archive.read("xl/styles.xml"))
    custom = {
        element.get("numFmtId")
        for element in styles.iter(f"{_NS}numFmt")
        if _is_percent_format(element.get("formatCode") or "")
    }
    percent = BUILT_IN_PERCENT | custom
    cell_formats = styles.find(f"{_NS}cellXfs")
    return cell_formats is not None and any(xf.get("numFmtId") in percent for xf in cell_formats)


def percent_cells(raw: bytes) -> tuple[set[tuple[int, int]], int]:
    """(row, column), 1-based as in Excel, of every number in the first sheet shown as percent, and the
    first column with a value (fastexcel leaves out empty columns on the left)."""
    if not has_percent_styles(raw):
        return set(), 1
    workbook = openpyxl.load_workbook(io.BytesIO(raw), read_only=True)
    cells, first_column = set(), None
    try:
        for row in workbook.worksheets[0].iter_rows():
            for cell in row:
                if cell.value is None or not hasattr(cell, "column"):
                    continue
                first_column = cell.column if first_column is None else min(first_column, cell.column)
                number = isinstance(cell.value, int | float) and not isinstance(cell.value, bool)
                if number and _is_percent_format(cell.number_format or ""):
                    cells.add((cell.row, cell.column))
    finally:
        workbook.close()
    return cells, first_column or 1


def as_percent(text: str | None) -> str | None:
    """The cell's text as the percent Excel shows: '0.455' -> '45.5'."""
    try:
        return repr(round(float(text) * 100, 10))
    except (TypeError, ValueError):
        return text
