"""Import of observation files in the canonical long format: read, validate, write in one go.

Format: `kommunenummer,år,indikator,verdi,teller,nevner,kilde` (teller, nevner, kilde optional).
Validation collects every problem before anything is written; a file with any error writes
nothing. Old kommunenummer are mapped to today's municipality with a notice; a split one is an
error that names what became of it.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import polars as pl

from kompetanse.db import Database, write_transaction
from kompetanse.errors import KompetanseError
from kompetanse.observations import conform, derive_values, is_example_source

REQUIRED_COLUMNS = ("kommunenummer", "år", "indikator", "verdi")
OPTIONAL_COLUMNS = ("teller", "nevner", "kilde")
FIRST_YEAR = 1994
VALUE_TOLERANCE = 0.06  # a share rounded to one decimal still agrees with teller/nevner

UPSERT_OBSERVATIONS = "insert or replace into observation by name select * from staged_rows"
COUNT_CHANGES = """
select
    count(*) filter (where existing.kommunenummer is null) as rows_new,
    count(*) filter (where existing.kommunenummer is not null and (
        existing.value is distinct from staged.value
        or existing.numerator is distinct from staged.numerator
        or existing.denominator is distinct from staged.denominator
        or existing.source is distinct from staged.source)) as rows_changed
from staged_rows as staged
left join observation as existing using (kommunenummer, year, indicator_id)
"""
INSERT_IMPORT_LOG = """
insert into import_log (file_name, sha256, imported_by, imported_at, rows_new, rows_changed, rows_unchanged)
values ($file_name, $sha256, $user, $imported_at, $rows_new, $rows_changed, $rows_unchanged)
returning import_id
"""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file, located as the user sees it in Excel."""

    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"Rad {self.line}")
        if self.column is not None:
            where.append(f"kolonne «{self.column}»")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class ImportRejected(KompetanseError):
    """The file has errors; nothing was written."""

    def __init__(self, file_name: str, problems: list[Problem]):
        self.problems = problems
        lines = [f"Filen {file_name} ble ikke importert. Ingenting er endret i databasen."]
        lines.append(f"Fant {len(problems)} feil:" if len(problems) != 1 else "Fant 1 feil:")
        lines.extend(f"  - {problem}" for problem in problems)
        super().__init__("\n".join(lines))


@dataclass
class ImportPlan:
    """Validated rows ready to write, and what the user should be told."""

    file_name: str
    sha256: str
    rows: pl.DataFrame
    notices: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ImportSummary:
    import_id: int
    rows_new: int
    rows_changed: int
    rows_unchanged: int

    def describe(self, file_name: str) -> str:
        total = self.rows_new + self.rows_changed + self.rows_unchanged
        return (
            f"Importerte {total} rader fra {file_name}: {self.rows_new} nye, "
            f"{self.rows_changed} endret, {self.rows_unchanged} uendret."
        )


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252")


def read_records(raw: bytes, file_name: str) -> list[tuple[int, dict[str, str]]]:
    """(line number as in Excel, row) for every non-empty data row; header names lowercased."""
    text = _decode(raw)
    lines = text.splitlines()
    header_index = next((i for i, line in enumerate(lines) if line.strip()), None)
    if header_index is None:
        raise ImportRejected(file_name, [Problem(None, None, "Filen er tom.")])
    header_line = lines[header_index]
    delimiter = max([",", ";", "\t"], key=header_line.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    records: list[tuple[int, dict[str, str]]] = []
    header: list[str] | None = None
    for line_number, cells in enumerate(reader, start=1):
        if not any(cell.strip() for cell in cells):
            continue
        if header is None:
            header = [cell.strip().lower() for cell in cells]
            missing = [name for name in REQUIRED_COLUMNS if name not in header]
            if missing:
                names = ", ".join(f"«{name}»" for name in missing)
                raise ImportRejected(
                    file_name,
                    [
                        Problem(
                            line_number,
                            None,
                            f"Mangler kolonne {names}. Første rad må være "
                            "kommunenummer,år,indikator,verdi,teller,nevner,kilde.",
                        )
                    ],
                )
            continue
        row = {name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(header)}
        records.append((line_number, row))
    if not records:
        raise ImportRejected(file_name, [Problem(None, None, "Filen har ingen rader med tall.")])
    return records


def parse_number(text: str) -> float | None:
    """'12 345,6' / '12345.6' / '43 %' -> float; '' -> None; raises ValueError otherwise."""
    cleaned = re.sub(r"[\s\u00a0\u202f%]", "", text)
    if not cleaned:
        return None
    if "," in cleaned and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    return float(cleaned)


class _Validator:
    """Checks rows one by one against the registry and catalogue and collects every problem."""

    def __init__(self, code_history: pl.DataFrame, indicators: pl.DataFrame):
        self.codes = {row["code"]: row for row in code_history.iter_rows(named=True)}
        self.indicators = {row["indicator_id"]: row for row in indicators.iter_rows(named=True)}
        self.last_year = date.today().year + 1
        self.problems: list[Problem] = []
        self.notices: dict[str, str] = {}

    def problem(self, line: int, column: str | None, message: str) -> None:
        self.problems.append(Problem(line, column, message))

    def municipality(self, line: int, text: str) -> str | None:
        code = text.zfill(4) if text.isdigit() and len(text) == 3 else text
        entry = self.codes.get(code)
        if not code:
            self.problem(line, "kommunenummer", "Kommunenummer mangler.")
            return None
        if entry is None or entry["status"] in ("ukjent", "utenfor"):
            self.problem(line, "kommunenummer", f"Kommunenummer {text} finnes ikke.")
            return None
        if entry["status"] == "delt":
            successors = " eller ".join(entry["successor_names"])
            self.problem(
                line,
                "kommunenummer",
                f"Kommunenummer {code} ({entry['name']}) ble delt, så tallene kan ikke flyttes "
                f"automatisk. {entry['note']} Før tallene på {successors}.",
            )
            return None
        if entry["status"] == "erstattet":
            self.notices[code] = (
                f"Kommunenummer {code} ({entry['name']}) er gjort om til "
                f"{entry['current_code']} {entry['current_name']}."
            )
        return entry["current_code"]

    def year(self, line: int, text: str) -> int | None:
        if not re.fullmatch(r"\d{4}", text):
            self.problem(line, "år", f"«{text}» er ikke et årstall.")
            return None
        year = int(text)
        if not FIRST_YEAR <= year <= self.last_year:
            self.problem(line, "år", f"Året {year} er utenfor {FIRST_YEAR}–{self.last_year}.")
            return None
        return year

    def indicator(self, line: int, text: str) -> dict | None:
        entry = self.indicators.get(text)
        if entry is None:
            close = difflib.get_close_matches(text, self.indicators, n=1, cutoff=0.6)
            hint = f" Mente du «{close[0]}»?" if close else ""
            self.problem(line, "indikator", f"Ukjent indikator «{text}».{hint}")
        return entry

    def number(self, line: int, column: str, text: str) -> float | None:
        try:
            return parse_number(text)
        except ValueError:
            self.problem(line, column, f"«{text}» er ikke et tall.")
            return None

    def check_values(self, line: int, indicator: dict, value, numerator, denominator) -> None:
        is_share = indicator["unit"] == "prosent"
        for column, number in (("verdi", value), ("teller", numerator), ("nevner", denominator)):
            if number is not None and number < 0:
                self.problem(line, column, "Tallet kan ikke være negativt.")
        if denominator == 0:
            self.problem(line, "nevner", "Nevneren kan ikke være 0.")
        if is_share and value is not None and not 0 <= value <= 100:
            self.problem(line, "verdi", f"En andel må være mellom 0 og 100 prosent, ikke {value:g}.")
        if is_share and numerator is not None and denominator and numerator > denominator:
            self.problem(
                line, "teller", f"Telleren ({numerator:g}) er større enn nevneren ({denominator:g})."
            )
        if value is None and (numerator is None or denominator is None or indicator["scale"] is None):
            self.problem(line, "verdi", "Verdien mangler (eller oppgi både teller og nevner for en andel).")
        if value is not None and numerator is not None and denominator and indicator["scale"]:
            derived = numerator / denominator * indicator["scale"]
            if abs(derived - value) > max(VALUE_TOLERANCE, abs(derived) * 0.001):
                self.problem(
                    line,
                    "verdi",
                    f"Verdien {value:g} stemmer ikke med teller/nevner ({derived:.1f}).",
                )


def validate(
    records: list[tuple[int, dict[str, str]]],
    code_history: pl.DataFrame,
    indicators: pl.DataFrame,
    file_name: str,
    sha256: str,
) -> ImportPlan:
    """Turn raw rows into observation rows, or raise ImportRejected with every problem found."""
    check = _Validator(code_history, indicators)
    rows: list[dict] = []
    seen: dict[tuple, int] = {}
    default_source = f"Import: {file_name}"
    for line, record in records:
        kommune = check.municipality(line, record.get("kommunenummer", ""))
        year = check.year(line, record.get("år", ""))
        indicator = check.indicator(line, record.get("indikator", ""))
        value = check.number(line, "verdi", record.get("verdi", ""))
        numerator = check.number(line, "teller", record.get("teller", ""))
        denominator = check.number(line, "nevner", record.get("nevner", ""))
        if indicator is not None:
            check.check_values(line, indicator, value, numerator, denominator)
        if None in (kommune, year, indicator):
            continue
        key = (kommune, year, indicator["indicator_id"])
        if key in seen:
            check.problem(
                line,
                None,
                f"Samme kommune, år og indikator står også på rad {seen[key]} "
                f"({kommune}, {year}, {indicator['indicator_id']}).",
            )
            continue
        seen[key] = line
        source = record.get("kilde") or default_source
        rows.append(
            {
                "kommunenummer": kommune,
                "year": year,
                "indicator_id": indicator["indicator_id"],
                "value": value,
                "numerator": numerator,
                "denominator": denominator,
                "source": source,
                "is_example": is_example_source(source),
            }
        )
    if check.problems:
        raise ImportRejected(file_name, check.problems)
    frame = conform(derive_values(conform(pl.DataFrame(rows, infer_schema_length=None)), indicators))
    return ImportPlan(file_name, sha256, frame, list(check.notices.values()))


def plan_import(raw: bytes, file_name: str, database: Database) -> ImportPlan:
    """Read and validate a file against the registry and catalogue in `database`."""
    sha256 = hashlib.sha256(raw).hexdigest()
    records = read_records(raw, file_name)
    return validate(
        records,
        database.query("code_history"),
        database.query("indicator_catalogue"),
        file_name,
        sha256,
    )


def apply_import(db_path: Path, plan: ImportPlan, user: str) -> ImportSummary:
    """Write the plan's rows and a log entry in one transaction (copy-and-swap)."""
    with write_transaction(db_path) as con:
        staged = plan.rows.with_columns(origin=pl.lit("import"), import_id=pl.lit(None, pl.Int32))
        con.register("staged_rows", staged)
        rows_new, rows_changed = con.execute(COUNT_CHANGES).fetchone()
        rows_unchanged = staged.height - rows_new - rows_changed
        import_id = con.execute(
            INSERT_IMPORT_LOG,
            {
                "file_name": plan.file_name,
                "sha256": plan.sha256,
                "user": user,
                "imported_at": datetime.now().replace(microsecond=0),
                "rows_new": rows_new,
                "rows_changed": rows_changed,
                "rows_unchanged": rows_unchanged,
            },
        ).fetchone()[0]
        con.unregister("staged_rows")
        con.register("staged_rows", staged.with_columns(import_id=pl.lit(import_id, pl.Int32)))
        con.execute(UPSERT_OBSERVATIONS)
        con.unregister("staged_rows")
    return ImportSummary(import_id, rows_new, rows_changed, rows_unchanged)
