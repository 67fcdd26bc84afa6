"""A 10-FAKTOR survey round as a file: one row per municipality (optionally service area or unit) and factor.

The columns are kommunenummer, år, faktor, skår, svar (the number of respondents), and optionally
tjenesteområde, enhet and kilde; a column `kommune` is only for the reader. `faktor` may be the id
(tifaktor_mestringstro), the name (Mestringstro), the other name in brackets (oppgavemotivasjon) or
the factor's number 1-10; `tjenesteområde` the id or name of a service area.

A row without service area is the municipality's own result: an observation of the factor's
indicator with value = skår, denominator = svar and numerator = skår * svar (so a region's value is
the average over all its respondents). It is checked by the same validation as every other import
(validation.py), with the messages naming this file's columns. A row with a service area (and
optionally a unit) goes into `tifaktor_result`: it gets the same checks, one service area and unit
at a time, so the same municipality, year and factor may appear once per area and unit.
Rows where both skår and svar are empty (a municipality or factor not in this round) are skipped.
"""

from __future__ import annotations

import difflib
import io
import re

import openpyxl
import polars as pl
from openpyxl.styles import Font, PatternFill

from kompetanse.exports.excel import write_text
from kompetanse.i18n import N_, _, translate
from kompetanse.ingest.readers import RawTable
from kompetanse.ingest.validation import (
    DUPLICATE,
    ZERO_DENOMINATOR,
    ImportRejected,
    Problem,
    Validated,
    parse_numbers,
    validate_table,
)
from kompetanse.rules.names import slugify
from kompetanse.rules.observations import OBSERVATION_COLUMNS
from kompetanse.store.db import Database

THEME = "tifaktor"
REQUIRED = ("kommunenummer", "år", "faktor", "skår", "svar")
ALIASES = {
    "skar": "skår",
    "snitt": "skår",
    "gjennomsnitt": "skår",
    "antall svar": "svar",
    "antall_svar": "svar",
    "respondenter": "svar",
    "besvarelser": "svar",
    "tjenesteomrade": "tjenesteområde",
    "område": "tjenesteområde",
    "omrade": "tjenesteområde",
    "etat": "tjenesteområde",
    "tenesteområde": "tjenesteområde",  # nynorsk
    "tenesteomrade": "tjenesteområde",
    "eining": "enhet",
}
# What validation.py calls the columns, and what this file calls them.
COLUMN_NAMES = {"verdi": "skår", "teller": "skår", "nevner": "svar", "indikator": "faktor"}
# validation.py's messages, worded for this file (whole messages, so each language words its own).
MESSAGE_WORDS = {
    ZERO_DENOMINATOR: N_("Antall svar kan ikke være 0."),
    DUPLICATE: N_("Samme kommune, år og faktor står også på rad {} ({}, {}, {})."),
}
AREA_DUPLICATE = N_("Samme kommune, år, faktor, tjenesteområde og enhet står også på rad {} ({}, {}, {}).")
MAX_UNIT = 120
AREA_ROW_SCHEMA = {
    "kommunenummer": pl.String,
    "year": pl.Int32,
    "indicator_id": pl.String,
    "area_id": pl.String,
    "unit": pl.String,
    "score": pl.Float64,
    "respondents": pl.Int32,
    "source": pl.String,
    "is_example": pl.Boolean,
}
OPTIONAL = ("tjenesteområde", "enhet", "kilde")
HEADER_ROW = 4
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
TEMPLATE_HEADER = [
    "kommunenummer",
    "kommune",
    "tjenesteområde",
    "enhet",
    "år",
    "faktor",
    "skår",
    "svar",
    "kilde",
]


def _renamed(table: RawTable) -> RawTable:
    names = [ALIASES.get(name, name) for name in table.columns]
    mapping = dict(zip(table.columns, names, strict=True))
    return RawTable(names, table.cells.rename({old: new for old, new in mapping.items() if old != new}))


def is_survey(table: RawTable) -> bool:
    """Whether a file is a 10-FAKTOR round (it has a factor and a score column)."""
    names = set(_renamed(table).columns)
    return "faktor" in names and "skår" in names


def factor_labels(indicators: pl.DataFrame) -> dict[str, str]:
    """slug -> the name to suggest when a factor is misspelt."""
    factors = indicators.filter(pl.col("theme_id") == THEME)
    return {slugify(name): name for name in factors["name"]} | {
        slugify(name.partition(" (")[0]): name for name in factors["name"]
    }


def factor_names(indicators: pl.DataFrame) -> dict[str, str]:
    """Every way a factor may be written (as a slug) -> its indicator id."""
    factors = indicators.filter(pl.col("theme_id") == THEME).sort("sort_order")
    names: dict[str, str] = {}
    for number, (indicator_id, name) in enumerate(
        factors.select("indicator_id", "name").iter_rows(), start=1
    ):
        for written in (name, translate(name, "nn")):  # the template is written in either målform
            main, _bracket, other = written.partition(" (")
            for text in (
                indicator_id,
                indicator_id.removeprefix("tifaktor_"),
                written,
                main,
                other.rstrip(")"),
            ):
                if text:
                    names[slugify(text)] = indicator_id
        names[str(number)] = indicator_id
    return names


def area_names(areas: pl.DataFrame) -> dict[str, str]:
    """Every way a service area may be written (as a slug) -> its id."""
    return {
        slugify(text): area_id
        for area_id, name in areas.select("area_id", "name").iter_rows()
        for text in (area_id, name, translate(name, "nn"))
    }


def _text(column: str) -> pl.Expr:
    return pl.col(column).fill_null("").str.strip_chars()


def _reworded(message: str, template: str, replacement: str) -> str:
    """The message in `replacement`'s words if it was made from the polars `template` ({} per value)."""
    pattern = "(.*?)".join(re.escape(part) for part in template.split("{}"))
    found = re.fullmatch(pattern, message, re.DOTALL)
    if found is None:
        return message
    pieces = replacement.split("{}")
    values = [*found.groups(), *[""] * len(pieces)]
    return "".join(piece + (values[i] if i < len(pieces) - 1 else "") for i, piece in enumerate(pieces))


def _renamed_problems(problems: list[Problem]) -> list[Problem]:
    """validation.py's messages with this file's column names (skår, svar, faktor)."""
    renamed = []
    for problem in problems:
        message = problem.message
        for word, replacement in MESSAGE_WORDS.items():
            message = _reworded(message, _(word), _(replacement))
        renamed.append(Problem(problem.line, COLUMN_NAMES.get(problem.column, problem.column), message))
    return renamed


def _validated(cells: pl.DataFrame, checks: tuple, file_name: str) -> tuple[Validated | None, list[Problem]]:
    """validate_table on long rows built from the survey columns: (the result, or None and the problems)."""
    code_history, indicators = checks
    long = cells.select(
        "line",
        "kommunenummer",
        "år",
        indikator=pl.col("indicator_id"),
        verdi=pl.col("skår"),
        teller=pl.col("teller"),
        nevner=pl.col("svar"),
        kilde=pl.col("kilde"),
    )
    if long.is_empty():
        return Validated(pl.DataFrame(schema=OBSERVATION_COLUMNS)), []
    try:
        return validate_table(RawTable(long.columns[1:], long), code_history, indicators, file_name), []
    except ImportRejected as rejected:
        return None, rejected.problems


def _looked_up(texts: pl.Series, names: dict[str, str]) -> pl.Series:
    """Each text's id by its slug, or null (in Python: polars must not call Python functions)."""
    return pl.Series([names.get(slugify(text or "")) for text in texts], dtype=pl.String)


def _unknown_factor(text: str, labels: dict[str, str]) -> str:
    """'Ukjent faktor «mestringsledelse». Mente du «Mestringsorientert ledelse»?'"""
    if not text.strip():
        return _("Faktoren mangler.")
    close = difflib.get_close_matches(slugify(text), list(labels), n=1, cutoff=0.6)
    if close:
        return _("Ukjent faktor «{text}». Mente du «{close}»?", text=text.strip(), close=labels[close[0]])
    return _("Ukjent faktor «{text}».", text=text.strip())


def _checked_cells(
    table: RawTable, indicators: pl.DataFrame, areas: pl.DataFrame
) -> tuple[pl.DataFrame, list]:
    """The rows with a score or respondents, their factor and area looked up, and what is wrong with them."""
    cells = table.cells.with_columns(
        **{name: pl.lit(None, pl.String) for name in OPTIONAL if name not in table.columns}
    ).filter((_text("skår") != "") | (_text("svar") != ""))
    factors, known_areas = factor_names(indicators), area_names(areas)
    cells = parse_numbers(cells, {"skår": "_score", "svar": "_answers"}).with_columns(
        indicator_id=_looked_up(cells["faktor"], factors),
        area_id=_looked_up(cells["tjenesteområde"], known_areas),
        unit=_text("enhet").str.replace_all(r"\s+", " "),
        has_area=_text("tjenesteområde") != "",
    )
    cells = cells.with_columns(
        teller=pl.when(pl.col("_score").is_not_null() & pl.col("_answers").is_not_null())
        .then((pl.col("_score") * pl.col("_answers")).cast(pl.String))
        .otherwise(pl.lit(None, pl.String))
    )
    labels = factor_labels(indicators)
    unknown = cells.filter(pl.col("indicator_id").is_null()).select("line", "faktor")
    problems = [
        Problem(line, "faktor", _unknown_factor(text or "", labels)) for line, text in unknown.iter_rows()
    ]
    known = ", ".join(areas["name"].to_list())
    for condition, column, message in (
        (
            pl.col("area_id").is_null() & pl.col("has_area"),
            "tjenesteområde",
            pl.format(_("Ukjent tjenesteområde «{}». Kjente: {}."), _text("tjenesteområde"), pl.lit(known)),
        ),
        (
            (pl.col("unit") != "") & ~pl.col("has_area"),
            "enhet",
            pl.lit(_("Oppgi tjenesteområdet enheten hører til.")),
        ),
        (
            pl.col("unit").str.len_chars() > MAX_UNIT,
            "enhet",
            pl.lit(_("Enheten kan ha høyst {count} tegn.", count=MAX_UNIT)),
        ),
        (
            pl.col("_answers").is_not_null() & (pl.col("_answers") != pl.col("_answers").round(0)),
            "svar",
            pl.lit(_("Antall svar må være et helt tall.")),
        ),
    ):
        problems += [
            Problem(line, column, text)
            for line, text in cells.filter(condition).select("line", message.alias("message")).iter_rows()
        ]
    return cells, problems


def read_survey(
    table: RawTable, code_history: pl.DataFrame, indicators: pl.DataFrame, areas: pl.DataFrame, file_name: str
) -> tuple[Validated, pl.DataFrame]:
    """(the municipalities' own results as observation rows, the area and unit rows), or ImportRejected
    with every problem in the file."""
    table = _renamed(table)
    missing = [name for name in REQUIRED if name not in table.columns]
    if missing:
        names = ", ".join(f"«{name}»" for name in missing)
        message = _(
            "Mangler kolonne {names}. En 10-FAKTOR-runde har kolonnene kommunenummer, år, faktor, skår og "
            "svar (antall svar), og gjerne tjenesteområde, enhet og kilde.",
            names=names,
        )
        raise ImportRejected(file_name, [Problem(None, None, message)])
    cells, problems = _checked_cells(table, indicators, areas)
    if cells.is_empty():
        raise ImportRejected(
            file_name, [Problem(None, None, _("Filen har ingen rader med skår eller svar."))]
        )
    usable = cells.filter(  # rows with a problem above are left out, so they are not reported twice
        pl.col("indicator_id").is_not_null()
        & (pl.col("area_id").is_not_null() | (~pl.col("has_area") & (pl.col("unit") == "")))
    )
    checks = (code_history, indicators)
    municipal, found = _validated(usable.filter(~pl.col("has_area")), checks, file_name)
    problems += found
    area_parts, notices = [], list(municipal.notices if municipal else [])
    for (area_id, unit), part in usable.filter(pl.col("has_area")).group_by(
        "area_id", "unit", maintain_order=True
    ):
        checked, found = _validated(part, checks, file_name)
        problems += [
            Problem(p.line, p.column, _reworded(p.message, _(DUPLICATE), _(AREA_DUPLICATE))) for p in found
        ]
        if checked is not None:
            area_parts.append(checked.rows.with_columns(area_id=pl.lit(area_id), unit=pl.lit(unit)))
            notices += [notice for notice in checked.notices if notice not in notices]
    if problems:
        unique = sorted(
            set(_renamed_problems(problems)), key=lambda p: (p.line or 0, p.column or "", p.message)
        )
        raise ImportRejected(file_name, unique)
    area_rows = pl.DataFrame(schema=AREA_ROW_SCHEMA)
    if area_parts:
        area_rows = (
            pl.concat(area_parts)
            .select(
                "kommunenummer",
                "year",
                "indicator_id",
                "area_id",
                "unit",
                score="value",
                respondents=pl.col("denominator").round(0),
                source="source",
                is_example="is_example",
            )
            .cast(AREA_ROW_SCHEMA)
        )
    return Validated(rows=municipal.rows, notices=notices), area_rows


def survey_template(database: Database, region: dict, year: int) -> bytes:
    """An Excel template for one round: a row per municipality of the region and factor (fill in skår and
    svar; add rows with tjenesteområde, and enhet, for results below the municipality)."""
    factors = database.query("indicator_catalogue").filter(pl.col("theme_id") == THEME)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "10-FAKTOR"
    write_text(sheet.cell(1, 1), _("10-FAKTOR-runde {year}: {region}", year=year, region=region["name"]))
    sheet.cell(1, 1).font = Font(bold=True, size=14)
    write_text(
        sheet.cell(2, 1),
        _(
            "Fyll inn skår (gjennomsnitt 1–5, én desimal) og svar (antall som svarte) fra kommunens rapport. "
            "Rader uten tjenesteområde gjelder hele kommunen. Legg til rader med tjenesteområde (og gjerne "
            "enhet) for resultater per område. Rader uten skår og svar hoppes over."
        ),
    )
    for column, name in enumerate(TEMPLATE_HEADER, start=1):
        cell = write_text(sheet.cell(HEADER_ROW, column), name)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    row = HEADER_ROW
    for kommunenummer, name in (
        database.query("region_municipalities", region_id=region["region_id"])
        .select("kommunenummer", "name")
        .iter_rows()
    ):
        for factor in factors["name"]:
            row += 1
            for column, value in ((1, kommunenummer), (2, name), (6, _(factor))):
                write_text(sheet.cell(row, column), value)
            sheet.cell(row, 5).value = year
    for letter, width in zip("ABCDEFGHI", (16, 18, 22, 22, 8, 40, 8, 8, 30)):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 1)
    about = workbook.create_sheet(_("Faktorer og områder"))
    for column, name in enumerate(["faktor", "id", "definisjon"], start=1):
        write_text(about.cell(1, column), name).font = Font(bold=True)
    for number, (name, indicator_id, definition) in enumerate(
        factors.select("name", "indicator_id", "definition").iter_rows(), start=2
    ):
        for column, value in enumerate((_(name), indicator_id, _(definition)), start=1):
            write_text(about.cell(number, column), value)
    areas = database.query("service_areas")
    write_text(about.cell(1, 5), "tjenesteområde").font = Font(bold=True)
    for number, area in enumerate(areas["name"], start=2):
        write_text(about.cell(number, 5), _(area))
    for letter, width in zip("ABCDE", (40, 40, 90, 2, 28)):
        about.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
