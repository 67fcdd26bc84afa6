"""Excel templates per theme: one row per municipality of a region, columns per indicator.

A count has one column; a share or rate has a numerator and a denominator column (ingest/wide.py),
and its value is derived from them, so the region's and the country's totals stay computable after
an import. A filled-in template imports back as it is. Every text cell is written as text, so
nothing in a template can become a formula.
"""

from __future__ import annotations

import io

import openpyxl
import polars as pl
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill

from kompetanse.exports.excel import write_text
from kompetanse.i18n import _
from kompetanse.indicators.comparison import catalogue
from kompetanse.ingest.wide import denominator_column, numerator_column
from kompetanse.rules.regions import members
from kompetanse.store.db import Database

HEADER_ROW = 4
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")


def theme_indicators_for_template(database: Database, theme_id: str) -> pl.DataFrame:
    rows = catalogue(database).filter(pl.col("theme_id") == theme_id)
    return rows.select(
        "indicator_id",
        "name",
        "unit",
        "definition",
        "source",
        "aggregation",
        "numerator_label",
        "denominator_label",
    )


def template_columns(indicators: pl.DataFrame) -> list[tuple[str, str]]:
    """(header, what the cell holds) per indicator column: a count's value, a share's numerator and
    denominator."""
    columns = []
    for row in indicators.iter_rows(named=True):
        if row["aggregation"] == "forhold":
            about = _("{name} ({unit}) regnes ut av teller og nevner.", name=row["name"], unit=row["unit"])
            numerator = _("Teller: {label}. {about}", label=row["numerator_label"], about=about)
            denominator = _("Nevner: {label}. {about}", label=row["denominator_label"], about=about)
            columns.append((numerator_column(row["indicator_id"]), numerator))
            columns.append((denominator_column(row["indicator_id"]), denominator))
        else:
            columns.append((row["indicator_id"], f"{row['name']} ({row['unit']})"))
    return columns


def theme_template(database: Database, region: dict, theme_id: str, theme_name: str, year: int) -> bytes:
    """The template as .xlsx bytes."""
    indicators = theme_indicators_for_template(database, theme_id)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = _("Tall")
    write_text(
        sheet.cell(1, 1),
        _("Mal for {theme}: {region}, {year}", theme=theme_name.lower(), region=region["name"], year=year),
    )
    sheet.cell(1, 1).font = Font(bold=True, size=14)
    write_text(
        sheet.cell(2, 1),
        _(
            "Fyll inn tallene i de hvite cellene. For andeler og rater fyller du inn teller og nevner "
            "(for eksempel ansatte i heltid og alle ansatte); andelen regnes ut, og da kan også regionens og "
            "landets tall regnes ut. La overskriftene i rad {row} stå som de er; se arket «{sheet}» for hva "
            "hver kolonne betyr.",
            row=HEADER_ROW,
            sheet=_("Indikatorer"),
        ),
    )
    columns = template_columns(indicators)
    header = ["kommunenummer", "kommune", "år", *(name for name, _about in columns), "kilde"]
    for column, name in enumerate(header, start=1):
        cell = sheet.cell(HEADER_ROW, column)
        write_text(cell, name)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for column, (_header, about) in enumerate(columns, start=4):
        sheet.cell(HEADER_ROW, column).comment = Comment(about, "kompetanse")
        sheet.column_dimensions[openpyxl.utils.get_column_letter(column)].width = 22
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 22
    for offset, municipality in enumerate(
        members(database, region["region_id"]).iter_rows(named=True), start=1
    ):
        write_text(sheet.cell(HEADER_ROW + offset, 1), municipality["kommunenummer"])
        write_text(sheet.cell(HEADER_ROW + offset, 2), municipality["name"])
        sheet.cell(HEADER_ROW + offset, 3).value = year
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 4)

    about = workbook.create_sheet(_("Indikatorer"))
    described = indicators.select(
        "indicator_id",
        "name",
        "unit",
        "definition",
        "source",
        teller=pl.when(pl.col("aggregation") == "forhold").then("numerator_label").otherwise(pl.lit("")),
        nevner=pl.when(pl.col("aggregation") == "forhold").then("denominator_label").otherwise(pl.lit("")),
    )
    names = ["id", "navn", "enhet", "definisjon", "kilde", "teller", "nevner"]
    for column, name in enumerate(names, start=1):
        write_text(about.cell(1, column), name)
        about.cell(1, column).font = Font(bold=True)
    for row_number, row in enumerate(described.iter_rows(), start=2):
        for column, value in enumerate(row, start=1):
            write_text(about.cell(row_number, column), str(value or ""))
    for letter, width in zip("ABCDEFG", (34, 44, 18, 80, 40, 40, 40)):
        about.column_dimensions[letter].width = width

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
