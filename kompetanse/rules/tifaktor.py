"""10-FAKTOR: the factors the strategy builds leader development on, rounds, and hiding results below the
municipality.

A municipality's own result for a factor is an observation (value = score, denominator = respondents)
and is hidden by the same protection as every other figure (rules 'svar': fewer answers than the
setting `tifaktor_min_respondents`). Results for a service area or a unit are not observations; they
go through the same audited protection (`protect_all`, rules/protection.py) all the same, as cells of
their own inside published totals:

- area results are the members of the municipality's result (that total is published);
- unit results are the members of the municipality's result and of their area's result;
- a total the protection would hide cannot be hidden from here (it is the municipality's figure, or
  an area's), so all its members at that level are hidden instead: the total then tells only the sum;
- what is hidden above is hidden below: where the municipality's result is hidden (for any reason),
  all its area and unit results are; where an area's result is hidden, all its units' are. Hiding more
  never lets anyone narrow down a hidden figure, so this keeps the audit's guarantee.

Example data describes nobody and is never hidden (as everywhere). An editor sees the hidden results
of their own municipalities (privacy.reveal); every hidden result has the same note as other figures.
"""

from __future__ import annotations

import polars as pl

from kompetanse.rules.privacy import Rules
from kompetanse.rules.protection import PUBLIC_REASON, protect_all

THEME = "tifaktor"
# The 2018 strategy: the principles of 10-FAKTOR underlie competence building for leaders; it wants
# independent employees (autonomy), a climate where colleagues make each other good and the leader
# builds it (mastery climate, mastery-oriented leadership), and leaders who know how competence is
# used and developed at work (use of competence, relevant competence development).
LEADER_FACTORS = (
    "tifaktor_autonomi",
    "tifaktor_bruk_av_kompetanse",
    "tifaktor_mestringsorientert_ledelse",
    "tifaktor_relevant_kompetanseutvikling",
    "tifaktor_mestringsklima",
)
KEY = ["kommunenummer", "year", "indicator_id", "area_id", "unit"]
HIDDEN_SCHEMA = {
    "kommunenummer": pl.String,
    "year": pl.Int32,
    "indicator_id": pl.String,
    "area_id": pl.String,
    "unit": pl.String,
    "note": pl.String,
}


def rounds(years: list[int], year: int | None) -> tuple[int | None, int | None]:
    """(the round shown, the round before it): the newest year with results up to `year` (the newest
    of all when there is none up to it, or `year` is None), and the newest before that."""
    ordered = sorted(set(years))
    if not ordered:
        return None, None
    up_to = [y for y in ordered if year is None or y <= year] or ordered
    shown = up_to[-1]
    earlier = [y for y in ordered if y < shown]
    return shown, (earlier[-1] if earlier else None)


def _cell_id(*parts: pl.Expr) -> pl.Expr:
    return pl.concat_str(list(parts), separator="|")


def _protected_level(cells: pl.DataFrame, groups: pl.DataFrame, links: pl.DataFrame, rules: Rules) -> tuple:
    """protect_all over one level: (hidden cells: cell, year, indicator_id; hidden groups: group_id, year,
    indicator_id)."""
    observations = cells.select(
        kommunenummer="cell",
        year=pl.col("year").cast(pl.Int64),
        indicator_id="indicator_id",
        value=pl.lit(None, pl.Float64),
        numerator=pl.col("score") * pl.col("respondents"),
        denominator=pl.col("respondents").cast(pl.Float64),
        is_example="is_example",
    )
    found = protect_all(observations, links, groups, rules)
    hidden = [
        (cell, year, indicator)
        for indicator, protection in found.items()
        for cell, year in protection.cells.select("kommunenummer", "year").iter_rows()
    ]
    totals = [
        (group, year, indicator)
        for indicator, protection in found.items()
        for group, year in protection.totals.select("group_id", "year").iter_rows()
    ]
    return set(hidden), set(totals)


def protect_areas(results: pl.DataFrame, municipal_hidden: pl.DataFrame, links: pl.DataFrame, rules: Rules):
    """The area and unit results to hide, with the public note (see the module docstring).

    `results`: KEY + score, respondents, is_example. `municipal_hidden`: kommunenummer, year,
    indicator_id of every hidden municipal result. `links`: the link table rows of the ten factors.
    """
    if results.is_empty():
        return pl.DataFrame(schema=HIDDEN_SCHEMA)
    cells = results.with_columns(
        cell=_cell_id(pl.col("kommunenummer"), pl.col("area_id"), pl.col("unit")),
        area_cell=_cell_id(pl.col("kommunenummer"), pl.col("area_id"), pl.lit("")),
        year=pl.col("year").cast(pl.Int64),
    )
    areas, units = cells.filter(pl.col("unit") == ""), cells.filter(pl.col("unit") != "")
    hidden: set = set()
    for level, group_columns in ((areas, ["kommunenummer"]), (units, ["kommunenummer", "area_cell"])):
        if level.is_empty():
            continue
        groups = pl.concat(
            [level.select(group_id=pl.col(column), kommunenummer="cell") for column in group_columns]
        ).unique()
        cells_hidden, totals_hidden = _protected_level(level, groups, links, rules)
        hidden |= cells_hidden
        members = level.select("cell", "year", "indicator_id", *group_columns).rows(named=True)
        for row in members:  # a total that would have to go: its members go instead
            if any(
                (row[column], row["year"], row["indicator_id"]) in totals_hidden for column in group_columns
            ):
                hidden.add((row["cell"], row["year"], row["indicator_id"]))
            if (row.get("area_cell"), row["year"], row["indicator_id"]) in totals_hidden:
                hidden.add((row["area_cell"], row["year"], row["indicator_id"]))
    above = {
        (k, int(y), i) for k, y, i in municipal_hidden.select("kommunenummer", "year", "indicator_id").rows()
    }
    rows = []
    for row in cells.select(*KEY, "cell", "area_cell", "is_example").rows(named=True):
        if row["is_example"]:
            continue
        key = (row["year"], row["indicator_id"])
        if (
            (row["cell"], *key) in hidden
            or (row["kommunenummer"], *key) in above
            or (row["unit"] and (row["area_cell"], *key) in hidden)
        ):
            rows.append(tuple(row[column] for column in KEY))
    frame = pl.DataFrame(rows, schema=list(HIDDEN_SCHEMA)[:5], orient="row")
    return frame.with_columns(note=pl.lit(PUBLIC_REASON, pl.String)).cast(HIDDEN_SCHEMA)
