"""Small numbers hidden as SSB and KS do: ':' and a reason instead of a figure that could point to a person.

Primary suppression. The catalogue says which rule an indicator follows (`indicator.suppression`);
the thresholds are settings an admin changes (`Rules`, read from the database's settings):
  'antall' - a count of persons: hidden below `min_persons`;
  'andel'  - a share of persons: hidden when the denominator is below `min_denominator`;
  'teller' - a rate whose numerator counts persons (apprentices per 1000): hidden below `min_persons`;
  'svar'   - a survey average (10-FAKTOR) whose denominator counts respondents: hidden below
             `min_respondents` (the survey's own anonymity limit, the setting tifaktor_min_respondents).

Secondary suppression. The app publishes a total for every region and own network and for the
country (or the country without Oslo, whichever the indicator is compared with): the sum for counts,
the sums of numerators and denominators for ratios. A hidden cell must not come out as "total minus
the shown cells". So, for each indicator and year, every published total with at least one hidden
municipality must have at least two hidden, and their summed protected quantity (the value for
'antall', the denominator for 'andel', the numerator for 'teller') must reach the rule's threshold.
Each total that falls short hides the smallest shown municipality in it (by that quantity, then by
kommunenummer) that has a value and is not example data; all such totals pick at once, and this
repeats until every total is safe or has nobody left to pick. A total that stays unsafe is hidden
itself. The rule runs over every municipality and every total at once, so a municipality's figure
is hidden in every view or in none (two views can not be combined to undo it).

Nested totals. When one published total holds all the municipalities of another (a network inside
a region, a region inside a network, any network inside the country), their difference is published
too: the larger total minus the smaller. `with_differences` adds it as a total of its own, and if it
cannot be protected, the smaller of the two is hidden. Differences between SSB's economic regions
and the country need no such care: the regions divide the country, so the country minus a region is
the sum of the other regions, each protected already.

Example data is exempt: it describes nobody, so it is never hidden and never picked.

An editor may see the hidden figures of their own municipalities (`reveal`): the real value, with a
note that says so. What is hidden is decided the same way for everyone. `blank` removes the figures
of hidden rows, so no chart, table or export further down can show them by mistake.

Everything here is pure: frames in, frames out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import polars as pl

SUPPRESSED = ":"
SECONDARY_REASON = "Skjult for at et annet skjult tall ikke skal kunne regnes ut."
TOTAL_REASON = "Skjult fordi et skjult kommunetall ellers kunne regnes ut fra summen."
REVEALED_NOTE = "Vist uskjult fordi du er redaktør for kommunen; skjult for andre."
# The figure a rule protects, and so the one secondary suppression adds up.
QUANTITY = {"antall": "value", "andel": "denominator", "teller": "numerator", "svar": "denominator"}
FIGURES = ("value", "numerator", "denominator")


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


def primary_reason(rule: str | None, rules: Rules) -> str | None:
    """The Norwegian reason a figure under the threshold is hidden, naming the configured number."""
    if rule == "andel":
        return f"Skjult av personvernhensyn: færre enn {rules.min_denominator} personer i grunnlaget."
    if rule == "svar":
        return f"Skjult av personvernhensyn: færre enn {rules.min_respondents} svar."
    if rule in QUANTITY:
        return f"Skjult av personvernhensyn: færre enn {rules.min_persons} personer."
    return None


def rule_text(rule: str | None, rules: Rules) -> str:
    """The rule in a few words, for Om dataene: 'nevner under 10 skjules'."""
    return {
        "antall": f"færre enn {rules.min_persons} personer skjules",
        "andel": f"nevner under {rules.min_denominator} skjules",
        "teller": f"teller under {rules.min_persons} skjules",
        "svar": f"færre enn {rules.min_respondents} svar skjules",
    }.get(rule or "", "")


def reason_expr(rule: str | None, is_example: pl.Expr, rules: Rules) -> pl.Expr:
    """A polars expression: the reason a row is hidden by the primary rule, or null."""
    reason = primary_reason(rule, rules)
    if reason is None:
        return pl.lit(None, dtype=pl.String)
    hidden = pl.col(QUANTITY[rule]) < threshold(rule, rules)
    return pl.when(hidden.fill_null(False) & ~is_example.fill_null(False)).then(pl.lit(reason))


def mark_primary(
    frame: pl.DataFrame, rule: str | None, rules: Rules, example_column: str = "is_example"
) -> pl.DataFrame:
    """Add `note`: the primary reason, or null. The figures stay (see `blank`)."""
    return frame.with_columns(note=reason_expr(rule, pl.col(example_column), rules))


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


# Secondary suppression

HIDDEN_CELLS = {"kommunenummer": pl.String, "year": pl.Int64, "note": pl.String}
HIDDEN_TOTALS = {"group_id": pl.String, "year": pl.Int64, "note": pl.String}


@dataclass(frozen=True)
class Protection:
    """What one indicator hides, every year: municipal cells and published totals."""

    cells: pl.DataFrame  # kommunenummer, year, note: every hidden municipality-year and why
    totals: pl.DataFrame  # group_id, year, note: totals that cannot be protected otherwise

    @classmethod
    def nothing(cls) -> Protection:
        return cls(pl.DataFrame(schema=HIDDEN_CELLS), pl.DataFrame(schema=HIDDEN_TOTALS))


def with_differences(groups: pl.DataFrame, partitioned: Iterable[str] = ()) -> pl.DataFrame:
    """The published totals plus every difference of two nested ones, with `hides`: the total to hide
    when the group cannot be protected (itself, or the smaller of the two for a difference).

    `partitioned`: totals that divide the country between them (SSB's economic regions) and the
    national totals; nesting among those alone adds nothing (see the module docstring).
    """
    members = {
        group_id: frozenset(codes)
        for group_id, codes in groups.group_by("group_id").agg(pl.col("kommunenummer")).iter_rows()
    }
    skip = set(partitioned)
    rows = [
        (f"{larger} uten {smaller}", code, smaller)
        for larger, outer in members.items()
        for smaller, inner in members.items()
        if inner < outer and not (larger in skip and smaller in skip)
        for code in sorted(outer - inner)
    ]
    schema = {"group_id": pl.String, "kommunenummer": pl.String, "hides": pl.String}
    derived = pl.DataFrame(rows, schema=schema, orient="row")
    own = groups.select("group_id", "kommunenummer").with_columns(hides=pl.col("group_id"))
    return pl.concat([own, derived])


def _unsafe(in_groups: pl.DataFrame, hidden: pl.DataFrame, limit: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(group_id, year) of the totals that give a hidden cell away, and every member flagged `hidden`."""
    flagged = in_groups.join(
        hidden.with_columns(hidden=pl.lit(True)), on=["kommunenummer", "year"], how="left"
    ).with_columns(pl.col("hidden").fill_null(False))
    unsafe = (
        flagged.group_by("group_id", "year")
        .agg(
            n_hidden=pl.col("hidden").sum(),
            hidden_quantity=pl.col("quantity").filter(pl.col("hidden")).fill_null(0).sum(),
        )
        .filter((pl.col("n_hidden") > 0) & ((pl.col("n_hidden") < 2) | (pl.col("hidden_quantity") < limit)))
        .select("group_id", "year")
    )
    return unsafe, flagged


def protect(cells: pl.DataFrame, groups: pl.DataFrame, rule: str | None, rules: Rules) -> Protection:
    """Primary and secondary suppression for one indicator (see the module docstring).

    `cells`: kommunenummer, year, value, numerator, denominator, is_example: every municipality
    that has a figure, every year. `groups`: group_id, kommunenummer: the members of every
    published total, and optionally `hides` (see `with_differences`).
    """
    if "hides" not in groups.columns:
        groups = groups.with_columns(hides=pl.col("group_id"))
    limit = threshold(rule, rules)
    if limit is None or cells.is_empty():
        return Protection.nothing()
    marked = mark_primary(cells, rule, rules)
    primary = marked.filter(pl.col("note").is_not_null()).select(
        "kommunenummer", pl.col("year").cast(pl.Int64), "note"
    )
    if primary.is_empty():
        return Protection.nothing()
    years = primary["year"].unique().implode()
    base = marked.filter(pl.col("year").cast(pl.Int64).is_in(years)).select(
        "kommunenummer",
        pl.col("year").cast(pl.Int64),
        quantity=pl.col(QUANTITY[rule]).cast(pl.Float64),
        candidate=pl.col("value").is_not_null() & ~pl.col("is_example").fill_null(False),
    )
    in_groups = groups.select("group_id", "kommunenummer").join(base, on="kommunenummer")
    hidden = primary.select("kommunenummer", "year")
    while True:
        unsafe, flagged = _unsafe(in_groups, hidden, limit)
        picks = (
            flagged.join(unsafe, on=["group_id", "year"], how="semi")
            .filter(~pl.col("hidden") & pl.col("candidate"))
            .sort(["quantity", "kommunenummer"], nulls_last=True)
            .group_by("group_id", "year", maintain_order=True)
            .first()
            .select("kommunenummer", "year")
            .unique()
        )
        if picks.is_empty():
            break
        hidden = pl.concat([hidden, picks])
    secondary = hidden.join(primary, on=["kommunenummer", "year"], how="anti").with_columns(
        note=pl.lit(SECONDARY_REASON)
    )
    hides = groups.select("group_id", "hides").unique()
    totals = unsafe.join(hides, on="group_id").select(group_id="hides", year="year").unique()
    return Protection(
        cells=pl.concat([primary, secondary]).sort("year", "kommunenummer"),
        totals=totals.with_columns(note=pl.lit(TOTAL_REASON)).sort("year", "group_id"),
    )


def with_hidden_cells(frame: pl.DataFrame, protection: Protection) -> pl.DataFrame:
    """Add `note` to municipal rows (kommunenummer, year): why the cell is hidden, or null."""
    cells = protection.cells.with_columns(pl.col("year").cast(frame.schema["year"]))
    return frame.join(cells, on=["kommunenummer", "year"], how="left")


def with_hidden_total(
    frame: pl.DataFrame, protection: Protection, group_id: str, rule: str | None, rules: Rules
) -> pl.DataFrame:
    """An aggregate (one row per year) with `note`: the primary rule, or a total that must stay hidden."""
    totals = protection.totals.filter(pl.col("group_id") == group_id).select(
        pl.col("year").cast(frame.schema["year"]), total_note="note"
    )
    marked = mark_primary(frame, rule, rules, "has_example").join(totals, on="year", how="left")
    return blank(marked.with_columns(note=pl.coalesce("note", "total_note")).drop("total_note"))


def reveal(frame: pl.DataFrame, kommuner: Iterable[str]) -> pl.DataFrame:
    """Add `revealed`: hidden rows of these municipalities keep their figures and lose their note."""
    revealed = pl.col("note").is_not_null() & pl.col("kommunenummer").is_in(sorted(kommuner))
    return frame.with_columns(revealed=revealed).with_columns(
        note=pl.when(pl.col("revealed")).then(None).otherwise(pl.col("note"))
    )


def shown(frame: pl.DataFrame, kommuner: Iterable[str] = ()) -> pl.DataFrame:
    """Municipal rows as one reader sees them: their own revealed (`revealed`), the rest hidden."""
    return blank(reveal(frame, kommuner))


def display_note(note: str | None, revealed: bool | None) -> str:
    """What the Merknad column and the tooltip say about a figure."""
    return note or (REVEALED_NOTE if revealed else "")


def display_note_expr() -> pl.Expr:
    """`display_note` for a frame with `note` and `revealed`, null when there is nothing to say."""
    return pl.when(pl.col("revealed").fill_null(False)).then(pl.lit(REVEALED_NOTE)).otherwise(pl.col("note"))
