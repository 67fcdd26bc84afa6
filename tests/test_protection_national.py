"""Nothing hidden can be worked out at national scale (issue 13, Privacy 3), checked from outside.

A national database (all 357 municipalities, the 85 economic regions, the country with and without
Oslo, five own networks of which two overlap) with real-looking small counts, written through the
write door as an import is (which works out the protection). Then an outsider reads what the app
publishes to an anonymous visitor, through the functions the pages call: every municipality of every
indicator (Sammenlign), every region's, network's and the country's total. From that alone, the link
table and the catalogue's aggregation rules, it sets up its own linear programs (HiGHS through highspy,
written here, not kompetanse/rules/disclosure.py) and finds, for every hidden count below its
threshold, the largest value it can have. The README's rule: that largest value is at least the
threshold (5 persons; a denominator of 10).
"""

from __future__ import annotations

import shutil
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import highspy
import numpy as np
import polars as pl
import pytest
from conftest import ADMIN

from kompetanse.access.networks import network_id, plan_network, save_network
from kompetanse.config import DATA_DIR
from kompetanse.indicators.comparison import (
    aggregate,
    catalogue,
    country_values,
    economic_region_totals,
    national_totals,
)
from kompetanse.store.db import open_database
from kompetanse.store.writing import write_transaction

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from bench_protection import NETWORKS, read, real_looking

pytestmark = pytest.mark.slow
FIGURE = {"verdi": "value", "teller": "numerator", "nevner": "denominator"}
# The README's rule: which figure of an indicator is the count a rule looks at, and its threshold.
RULE = {
    "antall": ("value", 5),
    "andel": ("denominator", 10),
    "teller": ("numerator", 5),
    "svar": ("denominator", 5),
}
TOLERANCE = 1e-6


@pytest.fixture(scope="module")
def national(national_db, tmp_path_factory) -> tuple[Path, int]:
    """The national database with real-looking figures for the newest example year, and that year."""
    path = tmp_path_factory.mktemp("national") / "national.duckdb"
    shutil.copyfile(national_db, path)
    observations, indicators, _ = read(path)
    year = int(observations.filter(pl.col("is_example"))["year"].max())
    looking = real_looking(observations.filter(pl.col("year") == year), indicators)
    rows = looking.filter(pl.col("value").is_not_null()).with_columns(
        source=pl.lit("Import"), origin=pl.lit("import"), import_id=pl.lit(None)
    )
    with write_transaction(path, by="test", action="import") as writer:
        writer.execute("delete from observation where is_example")
        writer.insert("observation", rows)
    database = open_database(path)
    for name, members in NETWORKS.items():
        save_network(database, plan_network(database, name, members), ADMIN)
    database.close()
    return path, year


def published(path: Path, year: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    """What an anonymous visitor sees: every municipality's figures and every total, in one year."""
    database = open_database(path)
    indicators = catalogue(database)
    cells = []
    for indicator in indicators.iter_rows(named=True):
        frame = country_values(database, indicator, year)
        cells.append(
            frame.select("kommunenummer", "value", "numerator", "denominator").with_columns(
                indicator_id=pl.lit(indicator["indicator_id"])
            )
        )
    parts = [economic_region_totals(database, indicators), national_totals(database, indicators)]
    for name in NETWORKS:
        for indicator in indicators.iter_rows(named=True):
            total = aggregate(database, indicator, network_id(name))
            parts.append(
                total.with_columns(
                    indicator_id=pl.lit(indicator["indicator_id"]), group_id=pl.lit(network_id(name))
                )
            )
    columns = ["indicator_id", "group_id", "year", "value", "numerator", "denominator", "published_by"]
    with_source = [
        part if "published_by" in part.columns else part.with_columns(published_by=pl.lit(None, pl.String))
        for part in parts
    ]
    totals = pl.concat([part.select(columns) for part in with_source], how="vertical_relaxed")
    database.close()
    return pl.concat(cells, how="vertical_relaxed"), totals.filter(pl.col("year") == year)


class Outsider:
    """Unknown counts and what is known about them: linear equalities, x >= 0, numerator <= denominator."""

    def __init__(self):
        self.index: dict[tuple, int] = {}
        self.rows: list[tuple[dict[int, float], float]] = []  # sum(coef * x) == rhs
        self.at_most: list[tuple[int, int]] = []  # x[a] <= x[b]
        self.lower: dict[int, float] = defaultdict(float)
        self.upper: dict[int, float] = defaultdict(lambda: highspy.kHighsInf)

    def var(self, key: tuple) -> int:
        return self.index.setdefault(key, len(self.index))

    def largest(self, sums: dict[str, dict[tuple, float]] | None = None) -> dict:
        """The largest value of every unknown, and of every named sum of unknowns (key -> coef), by
        one small LP per connected group of unknowns (a sum's largest value is that of its parts)."""
        parent = list(range(len(self.index)))

        def root(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for variables in [list(coefs) for coefs, _ in self.rows] + [list(pair) for pair in self.at_most]:
            for other in variables[1:]:
                parent[root(other)] = root(variables[0])
        groups, rows_of, pairs_of = defaultdict(list), defaultdict(list), defaultdict(list)
        objectives = defaultdict(list)  # root -> [(name, {variable: coef})]
        for key, i in self.index.items():
            groups[root(i)].append(i)
            objectives[root(i)].append((key, {i: 1.0}))
        for name, coefs in (sums or {}).items():
            parts = defaultdict(dict)
            for key, coef in coefs.items():
                parts[root(self.index[key])][self.index[key]] = coef
            for group, part in parts.items():
                objectives[group].append((name, part))
        for coefs, rhs in self.rows:
            rows_of[root(next(iter(coefs)))].append((coefs, rhs))
        for pair in self.at_most:
            pairs_of[root(pair[0])].append(pair)
        found = defaultdict(float)
        for group, members in groups.items():
            for name, upper in self._solve(members, rows_of[group], pairs_of[group], objectives[group]):
                found[name] += upper
        return found

    def _solve(self, members, rows, pairs, objectives) -> list[tuple[object, float]]:
        local = {i: n for n, i in enumerate(members)}
        size, inf = len(members), highspy.kHighsInf
        lp = highspy.Highs()
        lp.setOptionValue("output_flag", False)
        lp.addVars(
            size, np.array([self.lower[i] for i in members]), np.array([self.upper[i] for i in members])
        )
        for coefs, rhs in rows:
            idx = np.array([local[i] for i in coefs], dtype=np.int32)
            lp.addRow(rhs, rhs, len(idx), idx, np.array(list(coefs.values()), dtype=float))
        for a, b in pairs:
            lp.addRow(-inf, 0.0, 2, np.array([local[a], local[b]], dtype=np.int32), np.array([1.0, -1.0]))
        lp.changeObjectiveSense(highspy.ObjSense.kMaximize)
        found = []
        for name, objective in objectives:
            costs = np.zeros(size)
            for i, coef in objective.items():
                costs[local[i]] = coef
            lp.changeColsCost(size, np.arange(size, dtype=np.int32), costs)
            lp.run()
            status = lp.getModelStatus()
            if status == highspy.HighsModelStatus.kUnbounded:
                found.append((name, float("inf")))
            else:
                assert status == highspy.HighsModelStatus.kOptimal, lp.modelStatusToString(status)
                found.append((name, lp.getInfo().objective_function_value))
        return found


@dataclass
class Publication:
    """One year's figures as they are (`truth`), what a visitor reads, and the public structure."""

    truth: pl.DataFrame
    cells: pl.DataFrame
    totals: pl.DataFrame
    kind: dict[str, dict]
    in_group: dict[str, list[str]]


def publication(path: Path, year: int) -> Publication:
    cells, totals = published(path, year)
    database = open_database(path)
    truth = database.sql(
        "select kommunenummer, indicator_id, value, numerator, denominator from observation where year = $y",
        y=year,
    )
    kinds = database.sql("select indicator_id, aggregation, suppression, scale from indicator")
    members = database.sql("select region_id as group_id, kommunenummer from region_member")
    everyone = database.sql("select kommunenummer from municipality")["kommunenummer"].to_list()
    database.close()
    in_group = defaultdict(list)
    for group, kommune in members.iter_rows():
        in_group[group].append(kommune)
    in_group["landet"] = everyone
    in_group["landet_uten_oslo"] = [k for k in everyone if k != "0301"]
    kind = {row["indicator_id"]: row for row in kinds.iter_rows(named=True)}
    return Publication(truth, cells, totals, kind, in_group)


def narrowed(seen: Publication, all_but_small: bool = False) -> tuple[dict, dict]:
    """The counts and totals below their threshold, and those the outsider pins below it: key ->
    (threshold, largest value). With `all_but_small`, as if only the small counts were hidden (no protection
    beyond the primary rule, no hidden totals): a check that the outsider finds what that gives away."""
    links = pl.read_csv(DATA_DIR / "catalogue" / "indikatorlenker.csv", infer_schema=False)
    count_of = {(i, FIGURE[part]): count for i, part, count, _ in links.iter_rows()}
    within = {i for i, _, _, of in links.iter_rows() if of == "ja"}
    shown = {(r["indicator_id"], r["kommunenummer"]): r for r in seen.cells.iter_rows(named=True)}
    fixed: dict[tuple, float] = {}  # a count the visitor reads somewhere
    variable_of: dict[tuple, tuple] = {}  # (indicator, kommune, figure) -> the count's key
    sensitive: dict[tuple, int] = {}  # count key -> threshold, for counts below their rule's threshold
    pairs: list[tuple[tuple, tuple]] = []  # numerator <= denominator
    for row in seen.truth.iter_rows(named=True):
        indicator, kommune = row["indicator_id"], row["kommunenummer"]
        public = shown.get((indicator, kommune), {})
        for figure in ("value", "numerator", "denominator"):
            if row[figure] is None or (indicator, figure) not in count_of:
                continue
            # Rows that disagree about a count are two numbers to an outsider, not one.
            key = (kommune, count_of[(indicator, figure)], row[figure])
            variable_of[(indicator, kommune, figure)] = key
            if public.get(figure) is not None or all_but_small:
                assert all_but_small or public[figure] == pytest.approx(row[figure])
                fixed[key] = row[figure]
        rule = seen.kind[indicator]["suppression"]
        if rule in RULE and (indicator, kommune, RULE[rule][0]) in variable_of:
            key = variable_of[(indicator, kommune, RULE[rule][0])]
            if key[2] < RULE[rule][1]:
                sensitive[key] = RULE[rule][1]
        both = [variable_of.get((indicator, kommune, f)) for f in ("numerator", "denominator")]
        if indicator in within and None not in both:
            pairs.append(tuple(both))
    if all_but_small:
        fixed = {key: value for key, value in fixed.items() if key not in sensitive}
    assert not set(sensitive) & set(fixed), "a count below its threshold is shown"

    outsider = Outsider()
    for key in sensitive:
        outsider.var(key)
    for a, b in pairs:
        if a in fixed and b in fixed:
            continue
        if b in fixed:
            outsider.upper[outsider.var(a)] = min(outsider.upper[outsider.var(a)], fixed[b])
        elif a in fixed:
            outsider.lower[outsider.var(b)] = max(outsider.lower[outsider.var(b)], fixed[a])
        else:
            outsider.at_most.append((outsider.var(a), outsider.var(b)))

    def add(terms: list[tuple[tuple, float]], rhs: float) -> None:
        coefs: dict[int, float] = defaultdict(float)
        for key, coef in terms:
            if key in fixed:
                rhs -= coef * fixed[key]
            else:
                coefs[outsider.var(key)] += coef
        if coefs:
            outsider.rows.append((dict(coefs), rhs))

    totals = seen.totals.filter(pl.col("published_by").is_null())
    if all_but_small:  # every total as it is, none hidden
        totals = truth_totals(seen)
    for total in totals.iter_rows(named=True):
        indicator, group = total["indicator_id"], total["group_id"]
        parts = {
            figure: [
                (variable_of[(indicator, k, figure)], 1.0)
                for k in seen.in_group[group]
                if (indicator, k, figure) in variable_of
            ]
            for figure in ("value", "numerator", "denominator")
        }
        for figure, terms in parts.items():
            if total[figure] is not None and terms:
                add(terms, total[figure])
        ratio = seen.kind[indicator]["aggregation"] == "forhold"
        if (
            ratio
            and total["value"] is not None
            and (total["numerator"] is None or total["denominator"] is None)
        ):
            scale = seen.kind[indicator]["scale"]  # value = sum(numerator) / sum(denominator) * scale
            add(
                [(key, scale) for key, _ in parts["numerator"]]
                + [(key, -total["value"]) for key, _ in parts["denominator"]],
                0.0,
            )
    # Totals below their threshold (the README: "a total hidden for being small follows the same rule
    # for its sum"): what the app would publish, from the figures as they are.
    small_totals: dict[tuple, tuple[float, int, dict]] = {}  # (indicator, group) -> (constant, T, terms)
    published_total = {(t["indicator_id"], t["group_id"]): t for t in totals.iter_rows(named=True)}
    for indicator, rule in ((i, k["suppression"]) for i, k in seen.kind.items()):
        if rule not in RULE:
            continue
        figure, limit = RULE[rule]
        for group, kommuner in seen.in_group.items():
            keys = [
                variable_of[(indicator, k, figure)] for k in kommuner if (indicator, k, figure) in variable_of
            ]
            if not keys or (figure == "value" and len(keys) < len(kommuner)):
                continue  # a count's total is published only when every member has a figure
            if sum(key[2] for key in keys) >= limit or all_but_small:
                continue
            shown_total = published_total.get((indicator, group), {})
            assert shown_total.get(figure) is None and shown_total.get("value") is None, (indicator, group)
            constant = sum(fixed[key] for key in keys if key in fixed)
            terms = {key: 1.0 for key in keys if key not in fixed}
            for key in terms:
                outsider.var(key)
            small_totals[(indicator, group)] = (constant, limit, terms)
    upper = outsider.largest({name: terms for name, (_, _, terms) in small_totals.items()})
    pinned = {key: (limit, upper[key]) for key, limit in sensitive.items() if upper[key] < limit - TOLERANCE}
    for name, (constant, limit, _) in small_totals.items():
        if constant + upper[name] < limit - TOLERANCE:
            pinned[name] = (limit, constant + upper[name])
    return sensitive | {name: limit for name, (_, limit, _) in small_totals.items()}, pinned


def truth_totals(seen: Publication) -> pl.DataFrame:
    """Every group's sums of every figure, as an app without protection would publish them."""
    pairs = [(group, kommune) for group, kommuner in seen.in_group.items() for kommune in kommuner]
    members = pl.DataFrame(pairs, schema=["group_id", "kommunenummer"], orient="row")
    return (
        seen.truth.join(members, on="kommunenummer")
        .group_by("indicator_id", "group_id")
        .agg(pl.col("value").sum(), pl.col("numerator").sum(), pl.col("denominator").sum())
    )


@pytest.fixture(scope="module")
def seen(national) -> Publication:
    return publication(*national)


def test_no_hidden_count_can_be_worked_out_below_its_threshold_from_everything_published(seen):
    sensitive, pinned = narrowed(seen)
    assert len(sensitive) > 500  # small counts are everywhere in real-looking data
    assert pinned == {}


def test_the_outsider_finds_what_hiding_only_the_small_counts_would_give_away(seen):
    """The check of the check: without secondary suppression and hidden totals, it pins many."""
    sensitive, pinned = narrowed(seen, all_but_small=True)
    assert len(pinned) > len(sensitive) // 4
