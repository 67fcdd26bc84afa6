"""Primary and secondary suppression of linked indicators, repeated until the audit proves them safe.

Counts, not indicators. A figure is a count of one municipality in one year (rules/links.py): the
leaders of Bø in 2024 are the value of `ledere_antall` and the denominator of five shares. A count
is hidden in every indicator that shows it (value, numerator or denominator), and so is a share
whose numerator or denominator is hidden (with either one shown, the share gives the other away).

Primary. The catalogue says which rule an indicator follows (`suppression`), the settings hold the
thresholds (`Rules`): 'antall' hides a count of persons below `min_persons`, 'andel' a share whose
denominator is below `min_denominator`, 'teller' a rate whose numerator is below `min_persons`.
A published total (region, own network, the country) below the threshold is hidden too. A share
imported with only a value, when its rule needs the numerator or denominator, is hidden: nothing
tells whether its group is small.

Secondary. The audit (rules/disclosure.py) works out, for every figure hidden by the primary rule,
the largest value an outsider can derive from everything that stays published: every figure shown
in any indicator of the family, every total that is not hidden, numerators within denominators. A
figure whose largest value stays below its threshold fails. For each failing figure, of the shown
figures in a total (or a bound) that limits it, the smallest is hidden too (ties: the lower
kommunenummer); when there is none left, those totals are hidden. Then the audit runs again, until
every figure passes. Hiding more never narrows an interval, so a figure that passed stays passed.
This covers every difference of totals at once: nested ones, overlapping networks, linked indicators.

Example data describes nobody: it is never hidden, never picked and never linked to real figures.

Reasons. Every hidden figure shows the same public note (`PUBLIC_REASON`), so the note cannot tell a
small figure from one that protects another; the detailed reason (`detail`) is for the editors of
that municipality and for admins.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import polars as pl

from kompetanse.rules.disclosure import Audit, Facts, Relation
from kompetanse.rules.links import families
from kompetanse.rules.privacy import (
    CELL_SCHEMA,
    DETAIL_LINKED,
    DETAIL_SECONDARY,
    DETAIL_SMALL,
    DETAIL_SMALL_ANSWERS,
    DETAIL_SMALL_BASE,
    DETAIL_TOTAL,
    DETAIL_TOTAL_SMALL,
    DETAIL_UNKNOWN,
    PUBLIC_REASON,
    QUANTITY,
    TOTAL_SCHEMA,
    Protection,
    Rules,
    threshold,
)

__all__ = ["PUBLIC_REASON", "protect_all"]
# The DETAIL_* reasons live in rules/privacy.py, which translates them when they are shown.
FIGURES = ("value", "numerator", "denominator")


def small_reason(rule: str, rules: Rules, total: bool = False) -> str:
    """The detailed reason for a figure below its rule's threshold."""
    n = threshold(rule, rules)
    if total:
        return DETAIL_TOTAL_SMALL.format(n=n)
    if rule == "svar":
        return DETAIL_SMALL_ANSWERS.format(n=n)
    return (DETAIL_SMALL_BASE if rule == "andel" else DETAIL_SMALL).format(n=n)


@dataclass(frozen=True)
class _Catalogue:
    """The links of one family: indicator -> [(figure, count)], numerators within denominators, rules."""

    links: dict
    within: set
    rules_of: dict


@dataclass(frozen=True)
class _Target:
    """A figure the primary rule hides: a count (one term) or a total (its members), with its threshold."""

    terms: tuple
    threshold: int


class _Family:
    """One year of one family of linked indicators (real figures only): what is published, what is hidden.

    A variable is (kommunenummer, count, amount): one count of one municipality as a row gives it.
    Rows that give the same count different amounts give different variables, so data that
    disagree never make the LP infeasible; what is hidden is decided per count (kommunenummer, count).
    """

    def __init__(
        self,
        rows: list[tuple],
        catalogue: _Catalogue,
        groups: dict,
        rules: Rules,
        reporting: dict | None = None,
    ):
        self.catalogue, self.rules = catalogue, rules
        self.reporting = reporting  # indicator -> municipalities with a figure (example data too), or None
        self.values: dict = {}  # variable -> amount
        self.figures: dict = {}  # (kommunenummer, indicator) -> {figure: variable}
        self.row_cells: dict = {}  # (kommunenummer, indicator) -> the counts (kommunenummer, count) it shows
        self.rows_of_cell: dict = defaultdict(list)
        self.primary: dict = {}  # variable -> threshold
        self.small_rows: dict = {}  # (kommunenummer, indicator) -> detailed reason
        self.unknown_rows: set = set()  # shares whose rule needs a figure that is missing
        self.relations: list = []  # every published fact, as a Relation keyed by its position
        self.publishers: list = []  # per relation: the totals (indicator, group) that publish it
        self.relations_of: dict = defaultdict(list)
        self.targets: dict = {}  # variable or (indicator, group) -> _Target
        self.hidden_totals: set = set()
        self.total_reasons: dict = {}  # (indicator, group) -> why a total is small
        self.linked_totals: set = set()  # totals hidden because the same count's total is small
        self.facts: Facts | None = None  # built at the first audit, when every relation is known
        for row in rows:
            self._row(*row)
        self.hidden_cells: set = {variable[:2] for variable in self.primary}
        self.linked_cells = frozenset(self.hidden_cells)
        if self.primary or self.unknown_rows:  # else nothing is hidden, and there is nothing to audit
            self._totals(groups)
            self._bounds()

    def _row(self, kommune: str, indicator: str, *amounts) -> None:
        row = (kommune, indicator)
        own = {}
        for figure, count in self.catalogue.links[indicator]:
            amount = amounts[FIGURES.index(figure)]
            if amount is not None:
                own[figure] = (kommune, count, float(amount))
                self.values[own[figure]] = float(amount)
        self.figures[row] = own
        self.row_cells[row] = {(kommune, count) for _, count in self.catalogue.links[indicator]}
        for cell in self.row_cells[row]:
            self.rows_of_cell[cell].append(row)
        rule = self.catalogue.rules_of[indicator]
        if rule not in QUANTITY:
            return
        variable, limit = own.get(QUANTITY[rule]), threshold(rule, self.rules)
        if variable is None:
            self.unknown_rows.add(row)
        elif variable[2] < limit:
            self.primary[variable] = max(limit, self.primary.get(variable, 0))
            self.small_rows[row] = small_reason(rule, self.rules)
            self.targets[variable] = _Target((variable,), self.primary[variable])

    def _relation(self, terms: tuple, publisher: tuple | None, index: dict, name: tuple) -> None:
        """Add a relation, or a publisher to the same one (`name` keeps the comparisons few and cheap)."""
        same = [key for key in index.setdefault(name, []) if self.relations[key].terms == terms]
        if same:
            key = same[0]
        else:
            key = len(self.relations)
            index[name].append(key)
            self.relations.append(Relation(key, terms, at_most=publisher is None))
            self.publishers.append([])
            for term in terms:
                self.relations_of[term].append(key)
        if publisher:
            self.publishers[key].append(publisher)

    def _totals(self, groups: dict) -> None:
        """Every published total as a relation (one for all the indicators that publish the same sum)."""
        index: dict = {}
        indicators_of_count = defaultdict(set)
        for indicator, parts in self.catalogue.links.items():
            for _, count in parts:
                indicators_of_count[count].add(indicator)
        for indicator, parts in self.catalogue.links.items():
            rule = self.catalogue.rules_of[indicator]
            for figure, count in parts:
                for group, kommuner in groups.items():
                    rows = (self.figures.get((kommune, indicator), {}) for kommune in kommuner)
                    terms = tuple(own[figure] for own in rows if figure in own)
                    if not terms or (figure == "value" and not self._complete(indicator, kommuner)):
                        continue
                    self._relation(terms, (indicator, group), index, (count, group))
                    small = rule in QUANTITY and QUANTITY[rule] == figure
                    limit = threshold(rule, self.rules)
                    if small and sum(term[2] for term in terms) < limit:
                        self.targets[(indicator, group)] = _Target(terms, limit)
                        self.total_reasons[(indicator, group)] = small_reason(rule, self.rules, total=True)
                        linked = {(other, group) for other in indicators_of_count[count]}
                        self.hidden_totals.update(linked)
                        self.linked_totals.update(linked)

    def _complete(self, indicator: str, kommuner: list) -> bool:
        """Whether a count's total is published: only when every member has a figure (the app's rule)."""
        return self.reporting is None or self.reporting.get(indicator, frozenset()).issuperset(kommuner)

    def _bounds(self) -> None:
        """numerator <= denominator, in every row of a share whose numerator is part of its denominator."""
        pairs = {
            (own["numerator"], own["denominator"])
            for (_, indicator), own in self.figures.items()
            if indicator in self.catalogue.within and {"numerator", "denominator"} <= own.keys()
        }
        index: dict = {}
        for pair in sorted(pairs):
            self._relation(pair, None, index, pair)

    def hidden_rows(self) -> set:
        """(kommunenummer, indicator) of every real row that shows a hidden count, or cannot be checked."""
        rows = set(self.unknown_rows)
        for cell in self.hidden_cells:
            rows.update(self.rows_of_cell[cell])
        return rows

    def _unknown(self) -> set:
        """The real figures no shown row tells: every variant of a count that only hidden rows show."""
        hidden_rows = self.hidden_rows()
        shown = {cell for row, cells in self.row_cells.items() if row not in hidden_rows for cell in cells}
        return {variable for variable in self.values if variable[:2] not in shown}

    def _audit(self) -> tuple[Audit, set]:
        if self.facts is None:
            self.facts = Facts(self.values, self.relations)
        unknown = self._unknown()
        published = [key for key in range(len(self.relations)) if self._published(key)]
        return self.facts.audit(unknown, published), unknown

    def _obvious(self) -> None:
        """The cheap first rounds, no LP needed: a total whose hidden figures add up to less than the
        threshold of a primary figure in it (one hidden figure alone, say) caps that figure below its
        threshold, so each such total hides its smallest shown figure too."""
        keys = sorted(
            {k for target in self.targets.values() for t in target.terms for k in self.relations_of[t]}
        )
        keys = [key for key in keys if not self.relations[key].at_most]
        while True:
            unknown, picks = self._unknown(), set()
            for key in keys:
                terms = self.relations[key].terms
                hidden = [term for term in terms if term in unknown]
                room = sum(self.values[term] for term in hidden)
                if self._published(key) and any(room < self._limit(term) for term in hidden):
                    candidates = self._candidates(unknown, [key])
                    if candidates:
                        picks.add(_smallest(candidates))
            if not picks:
                return
            self.hidden_cells.update(picks)

    def _limit(self, variable) -> float:
        target = self.targets.get(variable)
        return target.threshold if target else 0

    def _pick(self, audit: Audit, unknown: set, target: _Target, binding: dict, touched: set) -> list:
        """Hide one more figure, or a total, that limits a target that fails the audit; returns the
        relations it changed (empty when it waits for the next round).

        The figure is the smallest shown one, in a total (or bound) that binds the target, whose
        hiding loosens the bound. Failing that, the binding total with the fewest members is hidden,
        unless a pick in this round touched what binds the target (that pick may be enough). Failing
        that too, the smallest shown figure in a binding relation is hidden all the same: a shown
        denominator that caps a hidden numerator below its threshold has to go, and the total that
        then gives the denominator away goes in the next round."""
        touching = sorted({key for term in target.terms for key in self.relations_of[term]})
        for keys in (list(binding), touching):
            published = [key for key in keys if self._published(key)]
            candidates = self._candidates(unknown, published)
            loosening = [term for term in candidates if self._loosens(audit, term, binding)]
            if loosening:
                self.hidden_cells.add(_smallest(loosening))
                return keys
            totals = [key for key in published if set(self.publishers[key]) - self.hidden_totals]
            if totals and touched.intersection(keys):
                return []
            if totals:  # the total with the fewest members, wherever it is published
                key = min(
                    totals, key=lambda key: (len(self.relations[key].terms), sorted(self.publishers[key]))
                )
                self.hidden_totals.update(self.publishers[key])
                return keys
            if candidates and not touched.intersection(keys):
                self.hidden_cells.add(_smallest(candidates))
                return keys
        return []

    def _candidates(self, unknown: set, keys: list) -> list:
        return [term for key in keys for term in self.relations[key].terms if term not in unknown]

    def _loosens(self, audit: Audit, term: tuple, binding: dict) -> bool:
        """Whether hiding a shown figure can loosen the limit (its reduced cost in the LP is not zero):
        no published total would hold it alone (and so give it away), and the totals that bind the
        target do not cancel out for it."""
        price = 0.0
        for key in self.relations_of[term]:
            relation = self.relations[key]
            if not self._published(key):
                continue
            if not relation.at_most and key not in audit.constrained:
                return False
            price += binding.get(key, 0.0) * (-1.0 if relation.at_most and relation.terms[1] == term else 1.0)
        return abs(price) > 1e-9

    def _published(self, key: int) -> bool:
        return not self.publishers[key] or bool(set(self.publishers[key]) - self.hidden_totals)

    def protect(self) -> None:
        """Secondary suppression until every primary figure passes the audit."""
        self._obvious()
        pending = list(self.targets.values())
        while pending:
            audit, unknown = self._audit()
            results = audit.failing([(target.terms, target.threshold) for target in pending])
            failing = [(target, binding) for target, binding in zip(pending, results) if binding is not None]
            touched: set = set()
            for target, binding in failing:
                touched.update(self._pick(audit, unknown, target, binding, touched))
            if failing and not touched:  # unreachable: a finite bound always has a published total behind it
                raise RuntimeError(f"Cannot protect {failing[0][0]}")  # a bug, not a user message
            pending = [target for target, _ in failing]


def _smallest(candidates: list) -> tuple:
    """The smallest shown figure (ties: the lower kommunenummer, then the count), as its count."""
    kommune, count, _ = min(candidates, key=lambda term: (term[2], term[0], term[1]))
    return (kommune, count)


def protect_all(
    observations: pl.DataFrame, links: pl.DataFrame, groups: pl.DataFrame, rules: Rules
) -> dict[str, Protection]:
    """What every indicator hides, every year, protected together with the indicators it is linked to.

    `observations`: kommunenummer, year, indicator_id, value, numerator, denominator, is_example.
    `links`: rules/links.py. `groups`: group_id, kommunenummer: the members of every published total.
    A count's total (a sum) is published only when every member has a figure, example data included
    (indicator_aggregate.sql); the sums of numerators and denominators always are.
    """
    family_of = families(links)
    link_map: dict = defaultdict(list)
    for indicator, figure, count in links.select("indicator_id", "figure", "count").iter_rows():
        link_map[indicator].append((figure, count))
    within = set(links.filter(pl.col("within_denominator"))["indicator_id"])
    rules_of = dict(links.unique("indicator_id").select("indicator_id", "suppression").iter_rows())
    guarded = {family_of[i] for i, rule in rules_of.items() if rule in QUANTITY}
    members = {
        group: sorted(set(kommuner))
        for group, kommuner in groups.group_by("group_id").agg("kommunenummer").sort("group_id").iter_rows()
    }
    cells: dict = defaultdict(list)
    totals: dict = defaultdict(list)
    reporting: dict = defaultdict(dict)  # year -> indicator -> every municipality with a figure
    for year, indicator, kommuner in (
        observations.group_by(pl.col("year").cast(pl.Int64), "indicator_id").agg("kommunenummer").iter_rows()
    ):
        reporting[year][indicator] = frozenset(kommuner)
    frame = observations.filter(  # example data describes nobody: never hidden, and no help to an outsider
        ~pl.col("is_example").fill_null(False)
        & pl.col("indicator_id").is_in(list(link_map))
        & pl.any_horizontal(pl.col(figure).is_not_null() for figure in FIGURES)
    ).with_columns(
        family=pl.col("indicator_id").replace_strict(family_of), year=pl.col("year").cast(pl.Int64)
    )
    frame = frame.filter(pl.col("family").is_in(sorted(guarded)))
    for (_, year), part in frame.sort("year", "indicator_id", "kommunenummer").group_by(
        "family", "year", maintain_order=True
    ):
        indicators = sorted(set(part["indicator_id"]))  # a fixed order: the same answer on every run
        catalogue = _Catalogue({i: link_map[i] for i in indicators}, within & set(indicators), rules_of)
        one = _Family(
            part.select("kommunenummer", "indicator_id", *FIGURES).rows(),
            catalogue,
            members,
            rules,
            reporting[year],
        )
        one.protect()
        for kommune, indicator in sorted(one.hidden_rows()):
            cells[indicator].append((kommune, year, PUBLIC_REASON, _row_reason(one, kommune, indicator)))
        for indicator, group in sorted(one.hidden_totals):
            reason = one.total_reasons.get((indicator, group))
            reason = reason or (DETAIL_LINKED if (indicator, group) in one.linked_totals else DETAIL_TOTAL)
            totals[indicator].append((group, year, PUBLIC_REASON, reason))
    return {
        indicator: Protection(
            pl.DataFrame(cells[indicator], schema=CELL_SCHEMA, orient="row"),
            pl.DataFrame(totals[indicator], schema=TOTAL_SCHEMA, orient="row"),
        )
        for indicator in link_map
    }


def _row_reason(family: _Family, kommune: str, indicator: str) -> str:
    if (kommune, indicator) in family.unknown_rows:
        return DETAIL_UNKNOWN
    if (kommune, indicator) in family.small_rows:
        return family.small_rows[(kommune, indicator)]
    if family.row_cells[(kommune, indicator)] & family.linked_cells:
        return DETAIL_LINKED
    return DETAIL_SECONDARY
