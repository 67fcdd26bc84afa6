"""Small numbers hidden as SSB and KS do: ':' and one public reason instead of a figure that could point
to a person. The rules and how a hidden figure is shown; what is hidden is worked out by
rules/protection.py (primary and secondary suppression, proven by the audit in rules/disclosure.py)
once per database version (store/hiding.py).

The thresholds are settings an admin changes (`Rules`); the catalogue says which rule an indicator
follows (`indicator.suppression`):
  'antall' - a count of persons: hidden below `min_persons`;
  'andel'  - a share of persons: hidden when the denominator is below `min_denominator`;
  'teller' - a rate whose numerator counts persons (apprentices per 1000): hidden below `min_persons`;
  'svar'   - a survey average (10-FAKTOR) whose denominator counts respondents: hidden below
             `min_respondents` (the survey's own anonymity limit, the setting tifaktor_min_respondents).

Every hidden figure and total carries the same public note (`PUBLIC_REASON`), so the note cannot
tell a small figure from one hidden to protect another. The detailed reason (`detail`) is kept for
the editors of that municipality, who see their own hidden figures (`reveal`), and for admins
(`details=True`); for everyone else it is removed from the frame. `blank` removes the figures of
hidden rows, so no chart, table or export further down can show them by mistake.

Everything here is pure: frames in, frames out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import polars as pl

from kompetanse.i18n import DEFAULT_LANGUAGE, N_, _, active_language, translate

SUPPRESSED = ":"
PUBLIC_REASON = N_("Skjult for å hindre at små tall kan kjennes igjen.")  # stored; translated when shown
REVEALED_NOTE = N_("Vist uskjult fordi du er redaktør for kommunen; skjult for andre.")
DETAIL_LABEL = N_("Årsak")  # before the detailed reason, for those who may see it
# The detailed reasons rules/protection.py stores (bokmål, `{n}` filled in); translated when shown
# by `translated_detail`, which finds the template and its number again.
DETAIL_SMALL = N_("Færre enn {n} personer.")
DETAIL_SMALL_BASE = N_("Færre enn {n} personer i grunnlaget.")
DETAIL_SMALL_ANSWERS = N_("Færre enn {n} svar.")
DETAIL_LINKED = N_("Et tall som også står i en annen indikator, er lite og skjult der.")
DETAIL_SECONDARY = N_("Skjult for at et annet skjult tall ikke skal kunne regnes ut.")
DETAIL_UNKNOWN = N_("Teller og nevner mangler, så det kan ikke sjekkes om grunnlaget er lite.")
DETAIL_TOTAL_SMALL = N_("Færre enn {n} personer i summen.")
DETAIL_TOTAL = N_("Skjult fordi et skjult kommunetall ellers kunne regnes ut fra summen.")
DETAILS = (
    DETAIL_SMALL,
    DETAIL_SMALL_BASE,
    DETAIL_SMALL_ANSWERS,
    DETAIL_LINKED,
    DETAIL_SECONDARY,
    DETAIL_UNKNOWN,
    DETAIL_TOTAL_SMALL,
    DETAIL_TOTAL,
)
_DETAIL_PATTERNS = [
    (re.compile(re.escape(template).replace(r"\{n\}", r"(?P<n>\d+)")), template) for template in DETAILS
]
# The figure a rule protects, and so the one secondary suppression adds up.
QUANTITY = {"antall": "value", "andel": "denominator", "teller": "numerator", "svar": "denominator"}
FIGURES = ("value", "numerator", "denominator")
CELL_SCHEMA = {"kommunenummer": pl.String, "year": pl.Int64, "note": pl.String, "detail": pl.String}
TOTAL_SCHEMA = {"group_id": pl.String, "year": pl.Int64, "note": pl.String, "detail": pl.String}


@dataclass(frozen=True)
class Rules:
    """The thresholds: counts of persons below `min_persons`, shares whose denominator is below
    `min_denominator` and survey results with fewer than `min_respondents` answers are hidden."""

    min_persons: int = 5
    min_denominator: int = 10
    min_respondents: int = 5


def threshold(rule: str | None, rules: Rules) -> int | None:
    """The smallest figure a rule lets through; None when the indicator has no rule."""
    if rule == "andel":
        return rules.min_denominator
    if rule == "svar":
        return rules.min_respondents
    return rules.min_persons if rule in QUANTITY else None


def rule_text(rule: str | None, rules: Rules) -> str:
    """The rule in a few words, for Om dataene: 'nevner under 10 skjules'."""
    if rule == "antall":
        return _("færre enn {n} personer skjules", n=rules.min_persons)
    if rule == "andel":
        return _("nevner under {n} skjules", n=rules.min_denominator)
    if rule == "teller":
        return _("teller under {n} skjules", n=rules.min_persons)
    if rule == "svar":
        return _("færre enn {n} svar skjules", n=rules.min_respondents)
    return ""


@dataclass(frozen=True)
class Protection:
    """What one indicator hides, every year: municipal cells and published totals."""

    cells: pl.DataFrame  # kommunenummer, year, note (the public reason), detail (why)
    totals: pl.DataFrame  # group_id, year, note, detail: totals hidden for being small or giving one away

    @classmethod
    def nothing(cls) -> Protection:
        return cls(pl.DataFrame(schema=CELL_SCHEMA), pl.DataFrame(schema=TOTAL_SCHEMA))


def blank(frame: pl.DataFrame) -> pl.DataFrame:
    """Remove value, numerator and denominator from every row that has a `note`."""
    hidden = pl.col("note").is_not_null()
    return frame.with_columns(
        **{
            column: pl.when(hidden).then(None).otherwise(pl.col(column))
            for column in FIGURES
            if column in frame.columns
        }
    )


def with_hidden_cells(frame: pl.DataFrame, protection: Protection) -> pl.DataFrame:
    """Add `note` and `detail` to municipal rows (kommunenummer, year): hidden and why, or null."""
    cells = protection.cells.select("kommunenummer", "year", "note", "detail").with_columns(
        pl.col("year").cast(frame.schema["year"])
    )
    return frame.join(cells, on=["kommunenummer", "year"], how="left")


def with_hidden_total(
    frame: pl.DataFrame,
    protection: Protection,
    group_id: str,
    rule: str | None,
    rules: Rules,
    details: bool = False,
) -> pl.DataFrame:
    """An aggregate (one row per year) with `note` and `detail` (kept only with `details`): hidden by
    the protection, or (as a last guard) a total of real figures below the rule's threshold."""
    grouped = frame.with_columns(group_id=pl.lit(group_id, dtype=pl.String))
    return with_hidden_totals(grouped, protection, rule, rules, details=details).drop("group_id")


def with_hidden_totals(
    frame: pl.DataFrame,
    protection: Protection,
    rule: str | None,
    rules: Rules,
    by: tuple[str, ...] = ("group_id", "year"),
    details: bool = False,
) -> pl.DataFrame:
    """Aggregates of many groups (one row per group_id and year) hidden as `with_hidden_total` hides.

    `by`: the key of a row; ('indicator_id', 'group_id', 'year') for many indicators of one rule at
    once, with the totals of each indicator's protection tagged by indicator_id.
    """
    totals = protection.totals.select(
        *by[:-1], pl.col("year").cast(frame.schema["year"]), total_note="note", total_detail="detail"
    )
    limit = threshold(rule, rules)
    small = (
        (pl.col(QUANTITY[rule]) < limit).fill_null(False) & ~pl.col("has_example").fill_null(False)
        if limit is not None
        else pl.lit(False)
    )
    marked = frame.join(totals, on=list(by), how="left").with_columns(
        note=pl.coalesce("total_note", pl.when(small).then(pl.lit(PUBLIC_REASON))),
        detail=pl.coalesce("total_detail", pl.when(small).then(pl.lit(DETAIL_TOTAL_SMALL.format(n=limit)))),
    )
    marked = marked.drop("total_note", "total_detail")
    if not details:
        marked = marked.with_columns(detail=pl.lit(None, dtype=pl.String))
    return blank(marked)


def reveal(frame: pl.DataFrame, kommuner: Iterable[str], details: bool = False) -> pl.DataFrame:
    """Add `revealed`: hidden rows of these municipalities keep their figures and lose their note;
    `detail` stays for them (and, with `details`, for every hidden row) and goes for the rest."""
    hidden = pl.col("note").is_not_null()
    revealed = hidden & pl.col("kommunenummer").is_in(sorted(kommuner))
    return frame.with_columns(
        revealed=revealed,
        detail=pl.when(revealed | (hidden & details)).then(pl.col("detail")),
    ).with_columns(note=pl.when(pl.col("revealed")).then(None).otherwise(pl.col("note")))


def shown(frame: pl.DataFrame, kommuner: Iterable[str] = (), details: bool = False) -> pl.DataFrame:
    """Municipal rows as one reader sees them: their own revealed (`revealed`), the rest hidden."""
    return blank(reveal(frame, kommuner, details))


def display_note(figures: dict | None) -> str:
    """What the Merknad column and the tooltip say about a figure (a row with note, revealed, detail)."""
    figures = figures or {}
    note, detail = figures.get("note"), figures.get("detail")
    text = _(note) if note else (_(REVEALED_NOTE) if figures.get("revealed") else "")
    return f"{text} {_(DETAIL_LABEL)}: {translated_detail(detail)}" if text and detail else text


def translated_detail(detail: str, language: str | None = None) -> str:
    """A stored detailed reason in `language` (the run's when None), its number kept; any other text
    as written."""
    language = language or active_language()
    for pattern, template in _DETAIL_PATTERNS:
        found = pattern.fullmatch(detail)
        if found:
            return translate(template, language).format(**found.groupdict())
    return translate(detail, language)


def display_note_expr(details: Iterable[str | None] = ()) -> pl.Expr:
    """`display_note` for a frame with `note`, `revealed` and `detail`, null when there is nothing to say.

    `details` are the frame's distinct `detail` texts: they are translated here, in Python, and
    handed to polars as a mapping (a Python function on polars' threads can freeze the server)."""
    note = pl.col("note").replace(PUBLIC_REASON, _(PUBLIC_REASON))
    detail = pl.col("detail")
    if active_language() != DEFAULT_LANGUAGE:  # bokmål shows the stored text as it is
        mapping = {text: translated_detail(text) for text in set(details) if text}
        detail = detail.replace(mapping) if mapping else detail
    text = pl.when(pl.col("revealed").fill_null(False)).then(pl.lit(_(REVEALED_NOTE))).otherwise(note)
    return (
        pl.when(text.is_not_null() & pl.col("detail").is_not_null())
        .then(pl.concat_str(text, pl.lit(f" {_(DETAIL_LABEL)}: "), detail))
        .otherwise(text)
    )
