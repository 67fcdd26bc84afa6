"""Validation of an import table, column-wise with polars so that a million rows take seconds.

Every problem in the file is collected, located as the user sees it in Excel (row, column) and
explained in plain Norwegian. The result is either the clean observation rows or the full list of
problems; nothing is written here.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import date

import polars as pl

from kompetanse.errors import KompetanseError
from kompetanse.i18n import N_, _
from kompetanse.ingest.numbers import WHOLE_COUNT, not_whole, parse_numbers
from kompetanse.ingest.readers import RawTable
from kompetanse.ingest.wide import wide_indicators, wide_to_long
from kompetanse.rules.observations import conform, derive_values
from kompetanse.sources.catalogue import EXAMPLE_SOURCE_PREFIX

LONG_COLUMNS = ("kommunenummer", "år", "indikator", "verdi")
FIRST_YEAR = 1994
SCORE_UNIT = N_("skår 1–5")  # a survey average (10-FAKTOR); its denominator is the number of respondents
VALUE_TOLERANCE = 0.06  # a share rounded to one decimal still agrees with teller/nevner
MAX_PROBLEMS_SHOWN = 200
# Polars templates ({} is filled in per row) that tifaktor.py words for its own columns.
ZERO_DENOMINATOR = N_("Nevneren kan ikke være 0.")
DUPLICATE = N_("Samme kommune, år og indikator står også på rad {} ({}, {}, {}).")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file, located as the user sees it in Excel."""

    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        if self.line is not None and self.column is not None:
            return _(
                "Rad {line}, kolonne «{column}»: {message}",
                line=self.line,
                column=self.column,
                message=self.message,
            )
        if self.line is not None:
            return _("Rad {line}: {message}", line=self.line, message=self.message)
        if self.column is not None:
            return _("kolonne «{column}»: {message}", column=self.column, message=self.message)
        return self.message


class ImportRejected(KompetanseError):
    """The file has errors; nothing was written."""

    def __init__(self, file_name: str, problems: list[Problem]):
        self.problems = problems
        count = len(problems)
        lines = [
            _("Filen {file_name} ble ikke importert. Ingenting er endret i databasen.", file_name=file_name)
        ]
        lines.append(_("Fant 1 feil:") if count == 1 else _("Fant {count} feil:", count=count))
        lines.extend(f"  - {problem}" for problem in problems[:MAX_PROBLEMS_SHOWN])
        if count > MAX_PROBLEMS_SHOWN:
            lines.append(_("  … og {count} feil til.", count=count - MAX_PROBLEMS_SHOWN))
        super().__init__("\n".join(lines))


@dataclass
class Validated:
    rows: pl.DataFrame  # observation columns, ready to write
    notices: list[str] = field(default_factory=list)


def _integer_text(column: str) -> pl.Expr:
    """'1868', ' 1868 ', '1868.0' (a number cell from Excel) -> '1868'."""
    return pl.col(column).fill_null("").str.strip_chars().str.strip_suffix(".0")


def _fmt(column: str) -> pl.Expr:
    """A number for a message: 140.0 -> '140', 2.5 -> '2.5' written '2,5'."""
    text = pl.col(column).round(4).cast(pl.String)
    return text.str.replace(r"\.0$", "").str.replace(r"\.", ",")


def to_long(table: RawTable, indicator_ids: set[str]) -> pl.DataFrame:
    """Long rows with the column each value came from; a filled-in theme template is unpivoted."""
    cells = table.cells
    if "indikator" in table.columns:
        missing = [name for name in LONG_COLUMNS if name not in table.columns]
        if missing:
            names = ", ".join(f"«{name}»" for name in missing)
            message = _(
                "Mangler kolonne {names}. Overskriftene skal være "
                "kommunenummer, år, indikator, verdi, teller, nevner, kilde.",
                names=names,
            )
            raise ImportRejected(_("filen"), [Problem(None, None, message)])
        optional = {
            name: pl.col(name) if name in table.columns else pl.lit(None, pl.String)
            for name in ("teller", "nevner", "kilde", "kommune")
        }
        return cells.select(
            "line",
            "kommunenummer",
            "år",
            "indikator",
            "verdi",
            value_column=pl.lit("verdi"),
            numerator_column=pl.lit("teller"),
            denominator_column=pl.lit("nevner"),
            **optional,
        )
    wide = wide_indicators(table.columns, indicator_ids)
    if "år" not in table.columns or not wide:
        message = _(
            "Fant verken kolonnen «indikator» (langt format) eller indikatorkolonner "
            "med «år» (mal fra appen). Bruk malen fra appen eller formatet "
            "kommunenummer, år, indikator, verdi, teller, nevner, kilde."
        )
        raise ImportRejected(_("filen"), [Problem(None, None, message)])
    return wide_to_long(cells, table.columns, indicator_ids)


def _problems(
    frame: pl.DataFrame,
    condition: pl.Expr,
    column: str | None,
    message: pl.Expr,
    details: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """(line, column, message) for the rows that fail; `details` adds lookup columns to those rows only."""
    column_expr = (
        pl.lit(column, pl.String) if column is None or not column.startswith("@") else pl.col(column[1:])
    )
    failing = frame.filter(condition.fill_null(False))
    if details is not None:
        failing = failing.join(details, on="code", how="left")
    return failing.select("line", column=column_expr, message=message.cast(pl.String))


def validate_table(
    table: RawTable, code_history: pl.DataFrame, indicators: pl.DataFrame, file_name: str
) -> Validated:
    """Check every row; raise ImportRejected listing every problem, or return the clean rows."""
    long = to_long(table, set(indicators["indicator_id"]))
    # Lookups are dictionary replacements rather than joins, so the big frame is not copied; names
    # and notes are looked up only for the rows that need a message.
    status_of = dict(zip(code_history["code"], code_history["status"]))
    current_of = dict(zip(code_history["code"], code_history["current_code"]))
    unit_of = dict(zip(indicators["indicator_id"], indicators["unit"]))
    scale_of = dict(zip(indicators["indicator_id"], indicators["scale"]))
    rule_of = dict(zip(indicators["indicator_id"], indicators["suppression"]))
    code_details = code_history.select(
        "code",
        "note",
        successors=pl.col("successor_names").list.join(_(" eller ")),
        history_name=pl.col("name"),
    )
    frame = (
        parse_numbers(long, {"verdi": "value", "teller": "numerator", "nevner": "denominator"})
        .with_columns(
            code=_integer_text("kommunenummer").str.replace(r"^(\d{3})$", "0${1}"),
            year_text=_integer_text("år"),
            indicator_id=pl.col("indikator").fill_null("").str.strip_chars().str.to_lowercase(),
        )
        .with_columns(
            status=pl.col("code").replace_strict(status_of, default=None, return_dtype=pl.String),
            current_code=pl.col("code").replace_strict(current_of, default=None, return_dtype=pl.String),
            unit=pl.col("indicator_id").replace_strict(unit_of, default=None, return_dtype=pl.String),
            scale=pl.col("indicator_id").replace_strict(scale_of, default=None, return_dtype=pl.Float64),
            rule=pl.col("indicator_id").replace_strict(rule_of, default=None, return_dtype=pl.String),
            year=pl.col("year_text").cast(pl.Int32, strict=False),
        )
        .with_columns(known=pl.col("unit").is_not_null())
    )
    last_year = date.today().year + 1
    is_share = pl.col("unit") == "prosent"
    known = pl.col("known").fill_null(False)
    raw_text = lambda c: pl.col(c).fill_null("").str.strip_chars()
    not_a_number = lambda c, v: (raw_text(c) != "") & pl.col(v).is_null()
    derived = pl.col("numerator") / pl.col("denominator") * pl.col("scale")
    not_number, negative = _("«{}» er ikke et tall."), _("Tallet kan ikke være negativt.")
    checks = [
        (pl.col("code") == "", "kommunenummer", pl.lit(_("Kommunenummer mangler."))),
        (
            (pl.col("code") != "")
            & (pl.col("status").is_null() | pl.col("status").is_in(["ukjent", "utenfor"])),
            "kommunenummer",
            pl.format(_("Kommunenummer {} finnes ikke."), pl.col("code")),
        ),
        (
            pl.col("status") == "delt",
            "kommunenummer",
            pl.format(
                _(
                    "Kommunenummer {} ({}) ble delt, så tallene kan ikke flyttes automatisk. "
                    "{} Før tallene på {}."
                ),
                "code",
                "history_name",
                "note",
                "successors",
            ),
            code_details,
        ),
        (
            pl.col("year").is_null(),
            "år",
            pl.format(_("«{}» er ikke et årstall."), pl.col("år").fill_null("")),
        ),
        (
            ~pl.col("year").is_between(FIRST_YEAR, last_year),
            "år",
            pl.format(_("Året {} er utenfor {}–{}."), "year", pl.lit(FIRST_YEAR), pl.lit(last_year)),
        ),
        (~known, "indikator", pl.col("indikator")),  # replaced below by a message with a suggestion
        (
            not_a_number("verdi", "value"),
            "@value_column",
            pl.format(not_number, raw_text("verdi")),
        ),
        (
            not_a_number("teller", "numerator"),
            "@numerator_column",
            pl.format(not_number, raw_text("teller")),
        ),
        (
            not_a_number("nevner", "denominator"),
            "@denominator_column",
            pl.format(not_number, raw_text("nevner")),
        ),
        (
            known
            & ((pl.col("unit") == "antall") | (pl.col("rule") == "antall"))
            & not_whole("verdi", "value"),
            "@value_column",
            pl.format(_(WHOLE_COUNT), raw_text("verdi")),
        ),
        (
            known & (pl.col("rule") == "teller") & not_whole("teller", "numerator"),
            "teller",
            pl.format(_(WHOLE_COUNT), raw_text("teller")),
        ),
        (
            known & (pl.col("rule") == "andel") & not_whole("nevner", "denominator"),
            "nevner",
            pl.format(_(WHOLE_COUNT), raw_text("nevner")),
        ),
        (pl.col("value") < 0, "@value_column", pl.lit(negative)),
        (pl.col("numerator") < 0, "@numerator_column", pl.lit(negative)),
        (pl.col("denominator") < 0, "@denominator_column", pl.lit(negative)),
        (pl.col("denominator") == 0, "@denominator_column", pl.lit(_(ZERO_DENOMINATOR))),
        (
            known & is_share & ~pl.col("value").is_between(0, 100),
            "@value_column",
            pl.format(_("En andel må være mellom 0 og 100 prosent, ikke {}."), _fmt("value")),
        ),
        (
            known & is_share & (pl.col("numerator") > pl.col("denominator")),
            "@numerator_column",
            pl.format(
                _("Telleren ({}) er større enn nevneren ({})."), _fmt("numerator"), _fmt("denominator")
            ),
        ),
        (
            known
            & pl.col("value").is_null()
            & ~not_a_number("verdi", "value")
            & (pl.col("numerator").is_null() | pl.col("denominator").is_null() | pl.col("scale").is_null()),
            "@value_column",
            pl.lit(_("Verdien mangler (eller oppgi både teller og nevner for en andel).")),
        ),
        (
            known
            & pl.col("value").is_not_null()
            & (pl.col("denominator") > 0)
            & (
                (derived - pl.col("value")).abs()
                > pl.max_horizontal(pl.lit(VALUE_TOLERANCE), derived.abs() * 0.001)
            ),
            "@value_column",
            pl.format(
                _("Verdien {} stemmer ikke med teller/nevner ({})."),
                _fmt("value"),
                derived.round(1).cast(pl.String).str.replace(r"\.", ","),
            ),
        ),
    ]
    is_score = pl.col("unit") == SCORE_UNIT
    checks += [
        (
            known & is_score & ~pl.col("value").is_between(1, 5),
            "@value_column",
            pl.format(_("En skår må være mellom 1 og 5, ikke {}."), _fmt("value")),
        ),
        (
            known & is_score & pl.col("denominator").is_null() & ~not_a_number("nevner", "denominator"),
            "nevner",
            pl.lit(_("Antall svar mangler; uten det kan ikke små grupper skjules.")),
        ),
    ]
    found = [_problems(frame, *check) for check in checks]
    unknown = found[5]
    if unknown.height:
        options = indicators["indicator_id"].to_list()
        hints = {
            text: _("Indikatoren mangler.")
            if not text.strip()
            else (
                _("Ukjent indikator «{text}». Mente du «{close}»?", text=text, close=close[0])
                if close
                else _("Ukjent indikator «{text}».", text=text)
            )
            for text in unknown["message"].fill_null("").unique().to_list()
            for close in [difflib.get_close_matches(text.strip().lower(), options, n=1, cutoff=0.6)]
        }
        found[5] = unknown.with_columns(message=pl.col("message").fill_null("").replace_strict(hints))

    mapped = frame.with_columns(kommune=pl.col("current_code"))
    complete = mapped.filter(
        pl.col("kommune").is_not_null()
        & pl.col("status").is_in(["gjeldende", "erstattet"])
        & pl.col("year").is_between(FIRST_YEAR, last_year)
        & known
    )
    first_line = complete.group_by("kommune", "year", "indicator_id").agg(first_line=pl.col("line").min())
    duplicates = complete.join(first_line, on=["kommune", "year", "indicator_id"]).filter(
        pl.col("line") != pl.col("first_line")
    )
    found.append(
        duplicates.select(
            "line",
            column=pl.lit(None, pl.String),
            message=pl.format(
                _(DUPLICATE),
                "first_line",
                "kommune",
                "year",
                "indicator_id",
            ),
        )
    )
    problems = pl.concat(found).unique().sort("line", "column", nulls_last=True)
    if problems.height:
        raise ImportRejected(file_name, [Problem(*row) for row in problems.iter_rows()])

    names = code_history.select("code", "current_name", history_name=pl.col("name"))
    notices = (
        frame.filter(pl.col("status") == "erstattet")
        .select("code", "current_code")
        .unique()
        .join(names, on="code")
        .sort("code")
    )
    default_source = f"Import: {file_name}"  # stored with the rows: the same in both languages
    rows = frame.select(
        kommunenummer=pl.col("current_code"),
        year=pl.col("year"),
        indicator_id=pl.col("indicator_id"),
        value=pl.col("value"),
        # A score given with its respondents: the sum of scores, so a region's value weighs every answer.
        numerator=pl.when(is_score & pl.col("numerator").is_null())
        .then(pl.col("value") * pl.col("denominator"))
        .otherwise(pl.col("numerator")),
        denominator=pl.col("denominator"),
        # The apostrophe the CSV export puts in front of formula-like text (export.csv_text) comes off.
        source=pl.col("kilde")
        .fill_null("")
        .str.strip_chars()
        .str.replace(r"^'('*[ \t\r\n]*[=+\-@])", "${1}")
        .replace("", default_source),
    )
    rows = rows.with_columns(is_example=pl.col("source").str.starts_with(EXAMPLE_SOURCE_PREFIX))
    return Validated(
        rows=conform(derive_values(rows, indicators)),
        notices=[
            _(
                "Kommunenummer {code} ({old_name}) er gjort om til {current_code} {current_name}.",
                code=r["code"],
                old_name=r["history_name"],
                current_code=r["current_code"],
                current_name=r["current_name"],
            )
            for r in notices.iter_rows(named=True)
        ]
        + value_only_notices(rows, indicators),
    )


def value_only_notices(rows: pl.DataFrame, indicators: pl.DataFrame) -> list[str]:
    """What happens to shares imported with only a value when their privacy rule needs the numerator or
    the denominator (rules/protection.py hides them): one sentence per indicator."""
    needs = {"andel": "denominator", "teller": "numerator"}
    notices = []
    for indicator_id, name, rule in indicators.select("indicator_id", "name", "suppression").iter_rows():
        if rule not in needs:
            continue
        count = rows.filter(
            (pl.col("indicator_id") == indicator_id) & pl.col(needs[rule]).is_null() & ~pl.col("is_example")
        ).height
        if count:
            notices.append(
                _(
                    "{rows} i «{name}» har bare verdi, uten teller og nevner. "
                    "Da kan vi ikke sjekke om grunnlaget er lite, så tallene blir skjult for alle andre enn "
                    "redaktørene for kommunen. Ta med teller og nevner for å vise dem.",
                    rows=_("1 rad") if count == 1 else _("{count} rader", count=count),
                    name=name,
                )
            )
    return notices
