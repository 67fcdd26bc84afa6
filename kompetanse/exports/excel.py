"""Tables as Excel sheets: numbers as numbers in Norwegian formats, SSB symbols as text, no formulas."""

from __future__ import annotations

import io
import re

import openpyxl
import polars as pl
from openpyxl.styles import Alignment, Font, PatternFill

from kompetanse.charts.style import EXAMPLE_BAND, EXAMPLE_BAND_COLOUR
from kompetanse.i18n import _

_NUMBER = re.compile(r"^[+-]?\d{1,3}(?:[\u00a0 ]\d{3})*(?:,(\d+))?(\u00a0?%)?$")


def _excel_value(text: object) -> tuple[object, str | None]:
    """A display string -> (number, Excel number format) when it is a Norwegian number, else text."""
    if not isinstance(text, str):
        return text, None
    match = _NUMBER.match(text.strip())
    if not match:
        return text, None
    decimals = len(match.group(1) or "")
    number = float(text.replace("\u00a0", "").replace(" ", "").replace("%", "").replace(",", "."))
    pattern = "# ##0" + ("," + "0" * decimals if decimals else "")
    return number, pattern.replace(",", ".").replace(" ", ",") + (' "%"' if match.group(2) else "")


def table_xlsx(frame: pl.DataFrame, title: str, footnote: str, example: bool = False) -> bytes:
    """A display table as an Excel sheet: title, header, rows, footnote; with example data, a band
    across the sheet's second row says so (and stays in view when the sheet is scrolled)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Tabell"
    write_text(sheet.cell(1, 1), title).font = Font(bold=True, size=14)
    if example:
        example_band(sheet, 2, max(len(frame.columns), 6))
        sheet.freeze_panes = "A4"
    for column, name in enumerate(frame.columns, start=1):
        write_text(sheet.cell(3, column), name).font = Font(bold=True)
        sheet.column_dimensions[openpyxl.utils.get_column_letter(column)].width = max(
            12, min(40, len(name) + 4)
        )
    for row_number, row in enumerate(frame.iter_rows(), start=4):
        for column, text in enumerate(row, start=1):
            value, number_format = _excel_value(text)
            cell = sheet.cell(row_number, column)
            if number_format:
                cell.value = value
                cell.number_format = number_format
            else:
                write_text(cell, "" if value is None else str(value))
    write_text(sheet.cell(frame.height + 5, 1), footnote)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def example_band(sheet, row: int, columns: int) -> None:
    """EKSEMPELDATA – IKKE OFFISIELLE TALL in white on dark orange, across `columns` columns of `row`."""
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
    cell = write_text(sheet.cell(row, 1), _(EXAMPLE_BAND))
    cell.font = Font(bold=True, size=14, color="FFFFFF")
    cell.fill = PatternFill("solid", fgColor=EXAMPLE_BAND_COLOUR.lstrip("#"))
    cell.alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[row].height = 24


def write_text(cell, value: str):
    """A string cell that stays a string: text starting with =, +, - or @ is never a formula."""
    cell.value = value
    cell.data_type = "s"
    return cell
