"""What a person gets wrong in a file, caught before anything is written.

Errors (the file is refused, in the same round as validation.py's): a row for a municipality the
editor may not change, with its Excel row; a municipality name that belongs to another number
(Hadsel next to 1868). Warnings (shown in the preview): a misspelt name next to the right number
("Sortlandd", with a suggestion), a value that changes by more than half from the year before
(the editor must confirm those), and shares given without numerator and denominator, which leave
the region's and the country's totals without a value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl
from rapidfuzz import fuzz, process

from kompetanse.access.roles import User, writable_kommuner
from kompetanse.access.users import scope_text
from kompetanse.i18n import N_, _
from kompetanse.ingest.readers import RawTable
from kompetanse.ingest.validation import Problem
from kompetanse.rules.formatting import format_number, format_value
from kompetanse.rules.names import slugify
from kompetanse.store.db import Database

MAX_CHANGE = 0.5  # a change over 50 % from the year before must be confirmed
NAME_SCORE = 80  # rapidfuzz ratio (0-100) from which a name counts as a misspelling of another
MAX_LISTED = 5
MAX_JUMPS_LISTED = 200  # a generated file may change every value; the rest is one summary line


@dataclass(frozen=True)
class PreviewWarning:
    """Something in a valid file that may be a mistake; `must_confirm` ones need the editor's yes."""

    kind: str  # 'navn' | 'endring' | 'totaler'
    message: str
    line: int | None = None
    must_confirm: bool = False
    count: int = 1  # how many values the warning stands for (a summary of the rest stands for many)

    def __str__(self) -> str:
        if self.line is None:
            return self.message
        return _("Rad {line}: {message}", line=self.line, message=self.message)


def _code_expr() -> pl.Expr:
    """The kommunenummer as validation.py reads it: trimmed, '.0' off, three digits get a leading 0."""
    text = pl.col("kommunenummer").fill_null("").str.strip_chars().str.strip_suffix(".0")
    return text.str.replace(r"^(\d{3})$", "0${1}")


def _listed(names: list[str], more: str = N_("{count} til"), last: str | None = None) -> str:
    """'Andøy, Bø og Hadsel'; past MAX_LISTED '… og 12 til'; `last` always comes last ('landet')."""
    shown = names[:MAX_LISTED]
    if len(names) > MAX_LISTED:
        shown.append(_(more, count=len(names) - MAX_LISTED))
    shown += [last] if last else []
    if len(shown) == 1:
        return shown[0]
    return _("{first} og {last}", first=", ".join(shown[:-1]), last=shown[-1])


def _display_names(code_history: pl.DataFrame, municipalities: pl.DataFrame) -> dict[str, str]:
    """kommunenummer -> today's short name ('Sortland', not 'Sortland - Suortá'), else the old name."""
    return {
        **dict(zip(code_history["code"], code_history["name"])),
        **dict(zip(municipalities["kommunenummer"], municipalities["name"])),
    }


def scope_problems(
    table: RawTable,
    code_history: pl.DataFrame,
    municipalities: pl.DataFrame,
    allowed: frozenset[str] | None,
    mine: str,
) -> list[Problem]:
    """A problem per Excel row for a municipality outside the editor's scope (None: an admin, no limit).

    `mine` names what the editor may change ('Sortland (1870)'). Unknown numbers are left to
    validation.py, which reports them in the same round.
    """
    if allowed is None or "kommunenummer" not in table.cells.columns:
        return []
    current = dict(zip(code_history["code"], code_history["current_code"]))
    names = _display_names(code_history, municipalities)
    rows = table.cells.select("line", code=_code_expr())
    rows = rows.with_columns(
        current=pl.col("code").replace_strict(current, default=None, return_dtype=pl.String)
    ).filter(pl.col("current").is_not_null() & ~pl.col("current").is_in(sorted(allowed)))
    return [
        Problem(
            line,
            "kommunenummer",
            _(
                "Du kan ikke importere tall for {name} ({code}). Du er redaktør for {mine}.",
                name=names.get(code, code),
                code=code,
                mine=mine,
            ),
        )
        for line, code in rows.select("line", "code").iter_rows()
    ]


def _name_slug(text: str) -> str:
    """'Sortland kommune' -> 'sortland', 'Narvik (-2019)' -> 'narvik'."""
    words = [word for word in slugify(re.sub(r"\(.*?\)", "", text)).split("-") if word and word != "kommune"]
    return "-".join(words)


def _known_names(code_history: pl.DataFrame, municipalities: pl.DataFrame) -> dict[str, set[str]]:
    """kommunenummer -> every slug it is known by (its own names, today's name and official name)."""
    known: dict[str, set[str]] = {}
    official = dict(zip(municipalities["kommunenummer"], municipalities["official_name"]))
    short = dict(zip(municipalities["kommunenummer"], municipalities["name"]))
    for code, name, current in code_history.select("code", "name", "current_code").iter_rows():
        slugs = known.setdefault(code, set())
        for text in (name, short.get(current or ""), official.get(current or "")):
            for part in (text or "").replace(" – ", " - ").split(" - "):
                if _name_slug(part):
                    slugs.add(_name_slug(part))
    return known


def name_findings(
    table: RawTable, code_history: pl.DataFrame, municipalities: pl.DataFrame
) -> tuple[list[Problem], list[PreviewWarning]]:
    """Check the name column (if any) against the number beside it.

    A name of another municipality (or closer to another's than to its own) is an error: which of
    the two is right cannot be guessed. A misspelling of the right name is a warning with a
    suggestion; the figures go to the number.
    """
    if "kommune" not in table.cells.columns:
        return [], []
    pairs = (
        table.cells.select("line", code=_code_expr(), name=pl.col("kommune").fill_null("").str.strip_chars())
        .filter(pl.col("name") != "")
        .group_by("code", "name")
        .agg(pl.col("line").min())
        .sort("line")
    )
    known = _known_names(code_history, municipalities)
    display = _display_names(code_history, municipalities)
    current = dict(zip(code_history["code"], code_history["current_code"]))
    every = [(code, slug) for code, slugs in known.items() for slug in slugs]
    choices = [slug for _code, slug in every]
    problems, warnings = [], []
    for code, name, line in pairs.iter_rows():
        own = known.get(code)
        slug = _name_slug(name)
        if not own or not slug or slug in own:
            continue  # an unknown number is validation.py's to report
        own_score = max(fuzz.ratio(slug, candidate) for candidate in own)
        best = process.extractOne(slug, choices, scorer=fuzz.ratio)
        other_code = every[best[2]][0] if best else None
        other_score = best[1] if best else 0
        if (
            other_score == 100
            and current.get(other_code) is not None
            and current.get(other_code) == current[code]
        ):
            continue  # the old name of the same municipality (Ballangen, now part of Narvik)
        if (
            other_code
            and other_code != code
            and (other_score == 100 or other_score > max(own_score, NAME_SCORE))
        ):
            problems.append(
                Problem(
                    line,
                    "kommune",
                    _(
                        "Kommunenummer {code} er {own}, men navnet er «{name}», som er "
                        "{other} ({other_code}). Rett nummeret eller navnet.",
                        code=code,
                        own=display[code],
                        name=name,
                        other=display[other_code],
                        other_code=other_code,
                    ),
                )
            )
        elif own_score >= NAME_SCORE:
            warnings.append(
                PreviewWarning(
                    "navn",
                    _(
                        "«{name}» er ikke skrevet som i kommuneregisteret. Mente du «{own}»? "
                        "Tallene lagres på {code} {own} (kommunenummeret avgjør).",
                        name=name,
                        own=display[code],
                        code=code,
                    ),
                    line,
                )
            )
        else:
            warnings.append(
                PreviewWarning(
                    "navn",
                    _(
                        "«{name}» ligner ikke på navnet til {code} {own}. Tallene lagres på "
                        "{code} {own} (kommunenummeret avgjør); sjekk at nummeret er riktig.",
                        name=name,
                        own=display[code],
                        code=code,
                    ),
                    line,
                )
            )
    return problems, warnings


def jump_warnings(database: Database, rows: pl.DataFrame) -> list[PreviewWarning]:
    """A warning to confirm per new or changed value more than 50 % from the year before."""
    jumps = database.query_with_frame("import_jumps", "staged_rows", rows, max_change=MAX_CHANGE)
    warnings = []
    for row in jumps.head(MAX_JUMPS_LISTED).iter_rows(named=True):
        change = format_number(row["change_percent"], 0)
        sign = "+" if row["change_percent"] > 0 else ""
        warnings.append(
            PreviewWarning(
                "endring",
                _(
                    "{place} {year}, {indicator}: {before} i {year_before} → {after} ({change} %). "
                    "Stemmer det?",
                    place=row["name"] or row["kommunenummer"],
                    year=row["year"],
                    indicator=row["indicator_name"],
                    before=format_value(row["previous_value"], row["unit"]),
                    year_before=row["year"] - 1,
                    after=format_value(row["value"], row["unit"]),
                    change=f"{sign}{change}",
                ),
                must_confirm=True,
            )
        )
    rest = jumps.height - MAX_JUMPS_LISTED
    if rest > 0:
        message = _(
            "… og {count} verdier til som endrer seg mer enn 50 % fra året før.", count=format_number(rest)
        )
        warnings.append(PreviewWarning("endring", message, must_confirm=True, count=rest))
    return warnings


def total_warnings(database: Database, rows: pl.DataFrame) -> list[PreviewWarning]:
    """A warning per share and year given without numerator and denominator: no total can be computed."""
    gaps = database.query_with_frame("import_total_gaps", "staged_rows", rows)
    warnings = []
    for row in gaps.iter_rows(named=True):
        totals = _listed(row["totals"], N_("{count} andre"), _("landet"))
        warnings.append(
            PreviewWarning(
                "totaler",
                _(
                    "{indicator} {year}: {municipalities} har verdi uten teller og nevner. Da kan ikke "
                    "verdien for {totals} regnes ut etter importen. Ta med teller og nevner (malen fra "
                    "appen har kolonner for dem).",
                    indicator=row["indicator_name"],
                    year=row["year"],
                    municipalities=_listed(row["municipalities"]),
                    totals=totals,
                ),
            )
        )
    return warnings


@dataclass(frozen=True)
class OwnChecks:
    problems: list[Problem]
    warnings: list[PreviewWarning]


def own_checks(database: Database, table, code_history: pl.DataFrame, user: User | None) -> OwnChecks:
    """The editor's scope and the names beside the numbers (preview_checks), in the same round as
    validation.py's checks."""
    allowed = writable_kommuner(user, database)
    mine = scope_text(database, sorted(user.kommuner), sorted(user.regions)) if user else ""
    municipalities = database.query("municipalities")
    scope = scope_problems(table, code_history, municipalities, allowed, mine or _("ingen kommuner"))
    name_errors, name_warnings = name_findings(table, code_history, municipalities)
    return OwnChecks([*scope, *name_errors], name_warnings)


def merged(problems: list[Problem], more: list[Problem]) -> list[Problem]:
    """Every problem once, by Excel row (problems without a row last)."""
    unique = list(dict.fromkeys([*problems, *more]))
    return sorted(unique, key=lambda p: (p.line is None, p.line or 0, p.column or "", p.message))
