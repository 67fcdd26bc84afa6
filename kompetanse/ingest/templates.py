"""Excel templates per theme: one row per municipality of a region, one column per indicator.

A filled-in template imports back as it is (validation.to_long unpivots it). Every text cell is
written as text, so nothing in a template can become a formula.
"""

from __future__ import annotations

import io

import openpyxl
import polars as pl
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill

from kompetanse.exports.excel import write_text
from kompetanse.indicators.comparison import catalogue
from kompetanse.rules.regions import members
from kompetanse.store.db import Database

HEADER_ROW = 4
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")


def theme_indicators_for_template(database: Database, theme_id: str) -> pl.DataFrame:
    rows = catalogue(database).filter(pl.col("theme_id") == theme_id)
    return rows.select("indicator_id", "name", "unit", "definition", "source")


def theme_template(database: Database, region: dict, theme_id: str, theme_name: str, year: int) -> bytes:
    """The template as .xlsx bytes."""
    indicators = theme_indicators_for_template(database, theme_id)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Tall"
    write_text(sheet.cell(1, 1), f"Mal for {theme_name.lower()}: {region['name']}, {year}")
    sheet.cell(1, 1).font = Font(bold=True, size=14)
    write_text(
        sheet.cell(2, 1),
        "Fyll inn tallene i de hvite cellene. Andeler i prosent (43,5). La overskriftene i rad 4 stå "
        "som de er; se arket «Indikatorer» for hva hver kolonne betyr.",
    )
    header = ["kommunenummer", "kommune", "år", *indicators["indicator_id"].to_list(), "kilde"]
    for column, name in enumerate(header, start=1):
        cell = sheet.cell(HEADER_ROW, column)
        write_text(cell, name)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for column, row in enumerate(indicators.iter_rows(named=True), start=4):
        sheet.cell(HEADER_ROW, column).comment = Comment(f"{row['name']} ({row['unit']})", "kompetanse")
        sheet.column_dimensions[openpyxl.utils.get_column_letter(column)].width = 18
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 22
    for offset, municipality in enumerate(
        members(database, region["region_id"]).iter_rows(named=True), start=1
    ):
        write_text(sheet.cell(HEADER_ROW + offset, 1), municipality["kommunenummer"])
        write_text(sheet.cell(HEADER_ROW + offset, 2), municipality["name"])
        sheet.cell(HEADER_ROW + offset, 3).value = year
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 4)

    about = workbook.create_sheet("Indikatorer")
    for column, name in enumerate(["id", "navn", "enhet", "definisjon", "kilde"], start=1):
        write_text(about.cell(1, column), name)
        about.cell(1, column).font = Font(bold=True)
    for row_number, row in enumerate(indicators.iter_rows(), start=2):
        for column, value in enumerate(row, start=1):
            write_text(about.cell(row_number, column), str(value or ""))
    for letter, width in zip("ABCDE", (34, 44, 18, 80, 40)):
        about.column_dimensions[letter].width = width

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
