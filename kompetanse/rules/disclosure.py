"""The audit: how closely an outsider can work out each hidden figure from everything that is published.

What an outsider knows, for one year and one family of linked indicators (rules/links.py): every
figure that is shown (a municipality's value, numerator and denominator), every published total
(the sum of its members' figures, for every region, own network and national total that is not
hidden), that counts are never negative, and that a numerator is at most its denominator where
that holds by definition (a share of persons). All of that is linear, so the smallest and the
largest value a hidden figure can take are two linear programs, solved with HiGHS. Shown figures
go in as numbers, so only hidden figures are unknowns, and unknowns that no published fact ties
together are solved apart (components): every LP stays small.

The protection rule. A hidden figure whose true value is below its threshold T (`min_persons` for
a count and for the numerator of a rate, `min_denominator` for the denominator of a share) is
protected when the largest value an outsider can derive for it is at least T. Then nobody can tell
it from a figure the rules would have published, or say that the group is smaller than T. A total
hidden for being small follows the same rule for the sum of its members.

The lower bound is not constrained, on purpose. SSB's protection intervals bound both sides
because in magnitude tables (turnover, wages) a close estimate from below of one firm's value
discloses that firm. Our figures are counts of persons under a threshold rule: what must not come
out is that a group is smaller than T. A lower bound says only "at least L persons", which every
published count of T or more says as well; a share whose small denominator is hidden but whose
numerator comes out exact (0 leaders over 60 out of "somewhere from 6 to 12") tells no more than
a published "0 of 10" would. The true value always lies in the interval, so a cell far below T is
the widest case (a true 0 needs the interval [0, T]).

The LPs are over real numbers, as SSB's audits (tau-argus) are. An outsider who also uses that
counts are whole numbers can, in rare overlapping cases, narrow an interval a little further.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Mapping
from dataclasses import dataclass

import highspy
import numpy as np
import polars as pl

TOLERANCE = 1e-6  # HiGHS solves to 1e-7; a bound this close to the threshold reaches it
INF = float("inf")
_SETTLED = (
    highspy.HighsModelStatus.kOptimal,
    highspy.HighsModelStatus.kUnbounded,
    highspy.HighsModelStatus.kUnboundedOrInfeasible,
)


@dataclass(frozen=True)
class Relation:
    """A published fact: the sum of `terms` is known (a total), or with `at_most`, terms[0] <= terms[1]."""

    key: Hashable
    terms: tuple[Hashable, ...]
    at_most: bool = False


def protected(upper: float, threshold: float) -> bool:
    """The protection rule: the largest value an outsider can derive reaches the threshold."""
    return upper >= threshold - TOLERANCE


class Facts:
    """Everything published in one year and family, indexed once: every figure's true value, the
    relations, and for each figure the relations it is in (so an audit looks at hidden figures only)."""

    def __init__(self, values: Mapping[Hashable, float], relations: Iterable[Relation]):
        self.values = values
        self.relations = list(relations)
        self.of: dict = {}  # figure -> [(position, coefficient)]
        self.activity = []  # per relation: sum of coefficient * true value
        for position, relation in enumerate(self.relations):
            coefficients = (1.0, -1.0) if relation.at_most else (1.0,) * len(relation.terms)
            for term, coefficient in zip(relation.terms, coefficients):
                self.of.setdefault(term, []).append((position, coefficient))
            self.activity.append(sum(c * values[t] for t, c in zip(relation.terms, coefficients)))

    def audit(self, hidden: Collection[Hashable], published: Collection[int] | None = None) -> Audit:
        """What an outsider can derive when `hidden` figures are unknown and only the relations at
        the positions `published` (all, if None) are published."""
        return Audit(self, hidden, published)


class _Union:
    """Union-find over hashable items, for the components of the LP."""

    def __init__(self):
        self.parent: dict = {}

    def find(self, item):
        parent = self.parent
        root = parent.setdefault(item, item)
        while parent[root] != root:
            root = parent[root]
        while parent[item] != root:
            parent[item], item = root, parent[item]
        return root

    def join(self, items: Iterable) -> None:
        items = iter(items)
        root = self.find(next(items))
        for item in items:
            other = self.find(item)
            if other != root:
                self.parent[other] = root


class _Program:
    """One LP in HiGHS, kept so that each new objective starts from the last basis."""

    def __init__(self, variables: list, rows: list[tuple], lowest: list[float], highest: list[float]):
        self.index = {variable: i for i, variable in enumerate(variables)}
        self.keys = [row[0] for row in rows]
        # The plain class: highspy.Highs() prints a banner on stdout before any option can be set.
        self.highs = highspy._Highs()
        self.highs.setOptionValue("output_flag", False)
        self.highs.setOptionValue("presolve", "off")  # small LPs; and Unbounded stays Unbounded
        self.highs.setOptionValue("simplex_strategy", 4)  # primal: a new objective keeps the basis feasible
        count = len(variables)
        self.highs.addVars(count, np.array(lowest, dtype=np.float64), np.array(highest, dtype=np.float64))
        starts, indices, values = [], [], []
        for _, coefficients, *_ in rows:
            starts.append(len(indices))
            indices.extend(self.index[variable] for variable in coefficients)
            values.extend(coefficients.values())
        self.highs.addRows(
            len(rows),
            np.array([row[2] for row in rows], dtype=np.float64),
            np.array([row[3] for row in rows], dtype=np.float64),
            len(indices),
            np.array(starts, dtype=np.int32),
            np.array(indices, dtype=np.int32),
            np.array(values, dtype=np.float64),
        )
        self.costed = np.array([], dtype=np.int32)

    def solve(self, variables: Iterable, maximize: bool) -> tuple[float, dict, np.ndarray | None]:
        """The optimum of the sum of `variables`, the rows that bind it (key -> dual value), and the
        optimal point."""
        highs = self.highs
        if self.costed.size:
            highs.changeColsCost(self.costed.size, self.costed, np.zeros(self.costed.size))
        weights: dict = {}
        for variable in variables:
            weights[self.index[variable]] = weights.get(self.index[variable], 0.0) + 1.0
        self.costed = np.array(list(weights), dtype=np.int32)
        highs.changeColsCost(self.costed.size, self.costed, np.array(list(weights.values())))
        highs.changeObjectiveSense(highspy.ObjSense.kMaximize if maximize else highspy.ObjSense.kMinimize)
        highs.run()
        status = highs.getModelStatus()
        if status not in _SETTLED:  # seen after a warm start that ends unbounded; from scratch it is not
            highs.clearSolver()
            highs.run()
            status = highs.getModelStatus()
        if status in (highspy.HighsModelStatus.kUnbounded, highspy.HighsModelStatus.kUnboundedOrInfeasible):
            return (INF if maximize else -INF), {}, None  # the true figures are a feasible point
        if status != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError(f"HiGHS: {highs.modelStatusToString(status)}")
        solution = highs.getSolution()
        duals = np.asarray(solution.row_dual)
        binding = {self.keys[i]: float(duals[i]) for i in np.flatnonzero(np.abs(duals) > 1e-9)}
        return highs.getInfo().objective_function_value, binding, np.asarray(solution.col_value)

    def value(self, point: np.ndarray, variables: list) -> float:
        """The sum of `variables` at a point this program found."""
        if len(variables) == 1:
            return float(point[self.index[variables[0]]])
        return float(sum(point[self.index[variable]] for variable in variables))


class Audit:
    """What an outsider can derive in one year and family: every hidden figure an unknown of an LP."""

    def __init__(self, facts: Facts, hidden: Collection[Hashable], published: Collection[int] | None = None):
        self.values = values = facts.values
        self.hidden = hidden = set(hidden)
        published = None if published is None else set(published)
        unknowns: dict = {}  # position -> {hidden figure: coefficient}
        for variable in _ordered(hidden):  # the same LP, and so the same answer, on every run
            for position, coefficient in facts.of.get(variable, ()):
                if published is None or position in published:
                    row = unknowns.setdefault(position, {})
                    row[variable] = row.get(variable, 0.0) + coefficient
        union = _Union()
        self._rows: dict = {}  # component root -> [(key, {unknown: coefficient}, lower, upper, at truth)]
        self._touching: dict = {}  # unknown -> the rows it is in
        rows = []
        for position, coefficients in unknowns.items():
            true = sum(c * values[v] for v, c in coefficients.items())
            if facts.relations[position].at_most:  # never cut off the true figures, even if the data break it
                known = facts.activity[position] - true
                rows.append((facts.relations[position].key, coefficients, -INF, max(-known, true), true))
            else:
                rows.append((facts.relations[position].key, coefficients, true, true, true))
            union.join(coefficients)
        for row in rows:
            self._rows.setdefault(union.find(next(iter(row[1]))), []).append(row)
            for variable in row[1]:
                self._touching.setdefault(variable, []).append(row)
        self._root = {variable: union.find(variable) for variable in union.parent}
        self.constrained = {row[0] for row in rows}  # keys of the relations that hold a hidden figure
        self._totals = {
            v: frozenset(r[0] for r in rows if r[2] == r[3]) for v, rows in self._touching.items()
        }
        self._programs: dict = {}

    def _variables(self, root) -> list:
        return sorted({v for row in self._rows[root] for v in row[1]}, key=repr)

    def _program(self, root) -> _Program:
        if root not in self._programs:
            variables = self._variables(root)
            lowest = [min(0.0, self.values[v]) for v in variables]  # counts are never negative
            self._programs[root] = _Program(variables, self._rows[root], lowest, [INF] * len(variables))
        return self._programs[root]

    def _split(self, target: Iterable[Hashable]) -> tuple[float, dict, bool]:
        """A target's known part, its unknowns by component, and whether one unknown is tied to nothing."""
        known, parts, free = 0.0, {}, False
        for variable in target:
            if variable not in self.hidden:
                known += self.values[variable]
            elif variable not in self._root:
                free = True
                known += min(0.0, self.values[variable])
            else:
                parts.setdefault(self._root[variable], []).append(variable)
        return known, parts, free

    def _optimum(self, target: Iterable[Hashable], maximize: bool) -> tuple[float, dict]:
        total, parts, free = self._split(target)
        if free and maximize:
            return INF, {}
        binding = {}
        for root, variables in parts.items():
            value, duals, _ = self._program(root).solve(variables, maximize)
            total += value
            binding.update(duals)
        return total, binding

    def upper(self, target: Iterable[Hashable]) -> tuple[float, dict]:
        """The largest value the sum of `target` can take, and the relations that bind it (key -> dual)."""
        return self._optimum(list(target), maximize=True)

    def interval(self, target: Iterable[Hashable]) -> tuple[float, float]:
        """The smallest and largest value the sum of `target` can take."""
        target = list(target)
        return self._optimum(target, maximize=False)[0], self._optimum(target, maximize=True)[0]

    def failing(self, targets: list[tuple[tuple, float]]) -> list[dict | None]:
        """For each (terms, threshold): None when its sum can reach the threshold (the rule holds),
        else the relations that bind its largest value (key -> dual value).

        Most are proven without an LP of their own: a hidden figure that can trade with hidden
        partners in exactly the same totals (`_swapped`), or that reaches its threshold at a point
        that lifts as many targets as one LP can (the most of sum(min(target, threshold))). Only the
        rest get an LP of their own, and every point found is tried on the ones still open.
        """
        results: list = [None] * len(targets)
        by_root: dict = {}
        for i, (terms, limit) in enumerate(targets):
            known, parts, free = self._split(terms)
            if free:
                continue
            if len(parts) != 1:
                upper, binding = self._optimum(terms, maximize=True)
                if not protected(upper, limit):
                    results[i] = binding
                continue
            variables = next(iter(parts.values()))
            need = limit - known
            if not (len(variables) == 1 and self._swapped(variables[0], need)):
                by_root.setdefault(next(iter(parts)), {})[i] = (need, variables)
        for root, open_ in by_root.items():
            program = self._program(root)
            if len(open_) > 1:
                open_ = self._lift(root, program, open_)
            while open_:
                i, (need, variables) = open_.popitem()
                upper, binding, point = program.solve(variables, maximize=True)
                if not protected(upper, need):
                    results[i] = binding
                if point is not None:
                    open_ = _short(program, point, open_)
        return results

    def _swapped(self, variable: Hashable, need: float) -> bool:
        """Whether `variable` can reach `need` by trading with other unknowns that are in exactly the
        same published totals (hidden partners): a feasible point found without an LP."""
        delta = need - self.values[variable]
        if delta <= TOLERANCE or not self._totals.get(variable):
            return delta <= TOLERANCE
        rows = self._touching[variable]
        if not _fits_all(rows, {variable: delta}, totals=False):
            return False
        keys = self._totals[variable]
        change, left = {variable: delta}, delta
        smallest = min((row for row in rows if row[2] == row[3]), key=lambda row: len(row[1]))
        for partner in smallest[1]:
            if partner == variable or self._totals[partner] != keys:
                continue
            room = min(
                self.values[partner] - min(0.0, self.values[partner]),
                _room(self._touching[partner], partner),
            )
            step = min(left, room)
            if step > TOLERANCE:
                change[partner] = -step
                left -= step
                if left <= TOLERANCE:
                    break
        if left > TOLERANCE:
            return False
        return _fits_all([row for v in change for row in self._touching[v]], change, totals=True)

    def _lift(self, root, program: _Program, open_: dict) -> dict:
        """The targets that no point of one LP can lift to their need: max sum(z) with z_i <= need_i and
        z_i <= target_i, repeated (with the lifted ones out of the objective) while that proves more."""
        variables = self._variables(root)
        order = list(open_)
        caps = [("cap", i) for i in order]
        rows = list(self._rows[root])
        for cap, i in zip(caps, order):
            coefficients = {cap: 1.0}
            for term in open_[i][1]:
                coefficients[term] = coefficients.get(term, 0.0) - 1.0
            rows.append((cap, coefficients, -INF, 0.0, 0.0))
        lowest = [min(0.0, self.values[v]) for v in variables] + [-INF] * len(caps)
        highest = [INF] * len(variables) + [open_[i][0] for i in order]
        lifting = _Program(variables + caps, rows, lowest, highest)
        while len(open_) > 1:
            _, _, point = lifting.solve([("cap", i) for i in open_], maximize=True)  # bounded by the caps
            before, open_ = len(open_), _short(program, point[: len(variables)], open_)
            if len(open_) == before:
                break
        return open_


def _ordered(items: Collection) -> list:
    """Items in a fixed order (a set of strings iterates in a different order in every process)."""
    try:
        return sorted(items)
    except TypeError:
        return sorted(items, key=repr)


def _fits_all(rows: list, change: dict, totals: bool) -> bool:
    """Whether rows still hold when the true figures change by `change` (with `totals`, the totals too)."""
    for _, coefficients, lower, upper, truth in rows:
        moved = sum(coefficients.get(variable, 0.0) * step for variable, step in change.items())
        if lower == upper:
            if totals and abs(moved) > TOLERANCE:
                return False
        elif truth + moved > upper + TOLERANCE:
            return False
    return True


def _room(rows: list, variable: Hashable) -> float:
    """How far `variable` can go down before a bound it is the larger side of (numerator <= it) breaks."""
    room = INF
    for _, coefficients, lower, upper, truth in rows:
        if lower != upper and coefficients.get(variable, 0.0) < 0:
            room = min(room, upper - truth)
    return room


def _short(program: _Program, point: np.ndarray, open_: dict) -> dict:
    """The targets (need, variables) that a feasible point does not lift to their need."""
    return {i: e for i, e in open_.items() if not protected(program.value(point, e[1]), e[0])}


def audit(cells: pl.DataFrame, totals: pl.DataFrame, at_most: pl.DataFrame | None = None) -> pl.DataFrame:
    """The interval an outsider can derive for every hidden cell: cell, value, lower, upper.

    `cells`: cell, value, hidden. `totals`: total, cell: the members of every published total (its
    sum is published). `at_most`: cell, bound: cell <= bound holds by definition.
    """
    values = dict(zip(cells["cell"], cells["value"]))
    hidden = set(cells.filter(pl.col("hidden"))["cell"])
    relations = [
        Relation(("total", total), tuple(members))
        for total, members in totals.group_by("total", maintain_order=True).agg("cell").iter_rows()
    ]
    if at_most is not None:
        pairs = at_most.select("cell", "bound").iter_rows()
        relations += [Relation(("at_most", a, b), (a, b), at_most=True) for a, b in pairs]
    solver = Facts(values, relations).audit(hidden)
    rows = [(cell, values[cell], *solver.interval([cell])) for cell in cells["cell"] if cell in hidden]
    schema = {"cell": cells.schema["cell"], "value": pl.Float64, "lower": pl.Float64, "upper": pl.Float64}
    return pl.DataFrame(rows, schema=schema, orient="row")
