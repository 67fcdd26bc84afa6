"""The whole time series behind a view, for Excel or Power BI: every year, every municipality shown,
the region and the country, with value, numerator, denominator, source and the example flag.

Numbers stay numbers; hidden figures stay hidden (they are null in the series, with the reason in
Merknad); no cell that came from data is ever a formula (text cells in Excel, an apostrophe in front
of formula-like text in the CSV, which the import takes off again).
"""

from __future__ import annotations

import csv
import io

import openpyxl
import polars as pl
from openpyxl.styles import Font

from kompetanse.exports.canonical_csv import csv_text, format_csv_number
from kompetanse.exports.excel import example_band, write_text
from kompetanse.i18n import N_, _
from kompetanse.indicators.references import status_note
from kompetanse.rules.privacy import display_note

# The columns, named in bokmål here; a series is written with them in the run's language (`_(YEAR)`).
YEAR, CODE, NAME, INDICATOR, UNIT = N_("År"), N_("Kommunenummer"), N_("Kommune"), N_("Indikator"), N_("Enhet")
VALUE, NUMERATOR, DENOMINATOR, SOURCE, EXAMPLE, NOTE = (
    N_("Verdi"),
    N_("Teller"),
    N_("Nevner"),
    N_("Kilde"),
    N_("Eksempeldata"),
    N_("Merknad"),
)
COLUMNS = {
    YEAR: pl.Int64,
    CODE: pl.String,
    NAME: pl.String,
    INDICATOR: pl.String,
    UNIT: pl.String,
    VALUE: pl.Float64,
    NUMERATOR: pl.Float64,
    DENOMINATOR: pl.Float64,
    SOURCE: pl.String,
    EXAMPLE: pl.String,
    NOTE: pl.String,
}
NUMBER_FORMATS = {"antall": "0", "prosent": "0.0", "årsverk": "0.0"}
WIDTHS = {NAME: 24, INDICATOR: 30, SOURCE: 40, NOTE: 40}


def _yes_no(flag) -> str:
    return _("ja") if flag else _("nei")


def _shown_note(note: str | None) -> str | None:
    """A total's stored note (the public reason, in bokmål) in the run's language."""
    return _(note) if note else None


def series_table(
    indicator: dict,
    series: pl.DataFrame,
    totals: list[tuple[str, pl.DataFrame]],
) -> pl.DataFrame:
    """One row per municipality and year, then each total (label, frame by year) and year.

    `series` has kommunenummer, name, year, value, numerator, denominator, source, is_example, note
    (and `revealed`); a total has year, value, numerator, denominator, has_example, sources, note.
    """
    revealed = series["revealed"] if "revealed" in series.columns else pl.Series([False] * series.height)
    rows = [
        {
            YEAR: row["year"],
            CODE: row["kommunenummer"],
            NAME: row["name"],
            VALUE: row["value"],
            NUMERATOR: row["numerator"],
            DENOMINATOR: row["denominator"],
            SOURCE: row["source"],
            EXAMPLE: _yes_no(row["is_example"]),
            NOTE: display_note(row | {"revealed": shown_unhidden}) or status_note(row.get("status")) or None,
        }
        for row, shown_unhidden in zip(series.iter_rows(named=True), revealed, strict=True)
    ]
    for label, frame in totals:
        rows += [
            {
                YEAR: row["year"],
                CODE: None,
                NAME: label,
                VALUE: row["value"],
                NUMERATOR: row["numerator"],
                DENOMINATOR: row["denominator"],
                SOURCE: row.get("sources"),
                EXAMPLE: _yes_no(row.get("has_example")),
                NOTE: _shown_note(row.get("note")),
            }
            for row in frame.iter_rows(named=True)
        ]
    table = pl.DataFrame(
        rows, schema={name: COLUMNS[name] for name in COLUMNS if name not in (INDICATOR, UNIT)}
    )
    table = table.with_columns(
        pl.lit(indicator["name"]).alias(INDICATOR), pl.lit(indicator["unit"]).alias(UNIT)
    ).select(list(COLUMNS))
    table = table.sort([YEAR, pl.col(CODE).is_null(), CODE, NAME], nulls_last=True)
    return table.rename({name: _(name) for name in COLUMNS})


def series_xlsx(frame: pl.DataFrame, title: str, footnote: str) -> bytes:
    """The series as one Excel sheet: title, the example band if any figure is example data, header, one
    row per figure, footnote; numbers as numbers."""
    widths = {_(name): width for name, width in WIDTHS.items()}
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = _("Tidsserie")
    write_text(sheet.cell(1, 1), title).font = Font(bold=True, size=14)
    if frame.height and (frame[_(EXAMPLE)] == _yes_no(True)).any():  # as every export of example data
        example_band(sheet, 2, len(frame.columns))
    for column, name in enumerate(frame.columns, start=1):
        write_text(sheet.cell(3, column), name).font = Font(bold=True)
        sheet.column_dimensions[openpyxl.utils.get_column_letter(column)].width = widths.get(name, 14)
    numeric, year, unit = {_(name) for name in (YEAR, VALUE, NUMERATOR, DENOMINATOR)}, _(YEAR), _(UNIT)
    for row_number, row in enumerate(frame.iter_rows(named=True), start=4):
        for column, name in enumerate(frame.columns, start=1):
            cell, value = sheet.cell(row_number, column), row[name]
            if value is None:
                continue
            if name in numeric:
                cell.value = value
                cell.number_format = "0" if name == year else NUMBER_FORMATS.get(row[unit], "0.0##")
            else:
                write_text(cell, str(value))
    write_text(sheet.cell(frame.height + 5, 1), footnote)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def series_csv(frame: pl.DataFrame) -> bytes:
    """The series as CSV the way Norwegian Excel opens it: UTF-8 with BOM, semicolons, decimal comma."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(frame.columns)
    numeric = {_(name) for name in (YEAR, VALUE, NUMERATOR, DENOMINATOR)}
    for row in frame.iter_rows(named=True):
        writer.writerow(
            format_csv_number(value).replace(".", ",")
            if name in numeric
            else (csv_text(value) if value is not None else "")
            for name, value in row.items()
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
