"""The audit: the interval an outsider can derive for a hidden figure, worked out by hand and by LP."""

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kompetanse.rules.disclosure import Facts, Relation, audit, protected

VESTERALEN = {"bo": 4.0, "hadsel": 30.0, "oksnes": 20.0, "sortland": 12.0}


def cells(values: dict, hidden: str) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "cell": list(values),
            "value": list(values.values()),
            "hidden": [c in hidden.split() for c in values],
        }
    )


def totals(**members: str) -> pl.DataFrame:
    """totals(A="a b c") -> one row per total and member."""
    pairs = [(total, cell) for total, codes in members.items() for cell in codes.split()]
    return pl.DataFrame(pairs, schema=["total", "cell"], orient="row")


def intervals(frame: pl.DataFrame) -> dict:
    return {cell: (lower, upper) for cell, _, lower, upper in frame.rows()}


def test_a_figure_hidden_alone_in_a_total_comes_out_exactly():
    found = audit(cells(VESTERALEN, "bo"), totals(R="bo hadsel oksnes sortland"))
    assert intervals(found) == {"bo": (4.0, 4.0)}


def test_two_hidden_figures_in_one_total_can_each_be_anything_up_to_their_sum():
    found = audit(cells(VESTERALEN, "bo sortland"), totals(R="bo hadsel oksnes sortland"))
    assert intervals(found) == {"bo": (0.0, 16.0), "sortland": (0.0, 16.0)}


def test_overlapping_totals_give_a_figure_away_that_neither_gives_alone():
    # A = Bø + Hadsel + Øksnes = 54, B = Hadsel + Øksnes + Sortland = 62, Sortland shown (12):
    # Hadsel + Øksnes = 62 - 12 = 50, so Bø = 54 - 50 = 4 although A has three hidden figures.
    found = audit(
        cells(VESTERALEN, "bo hadsel oksnes"), totals(A="bo hadsel oksnes", B="hadsel oksnes sortland")
    )
    assert intervals(found) == {"bo": (4.0, 4.0), "hadsel": (0.0, 50.0), "oksnes": (0.0, 50.0)}


def test_with_sortland_hidden_too_the_overlap_leaves_intervals_worked_out_by_hand():
    # Bø + Hadsel = 54 - 20 = 34 and Hadsel + Sortland = 62 - 20 = 42: Hadsel in [0, 34],
    # Bø = 34 - Hadsel in [0, 34], Sortland = 42 - Hadsel in [8, 42].
    found = audit(
        cells(VESTERALEN, "bo hadsel sortland"), totals(A="bo hadsel oksnes", B="hadsel oksnes sortland")
    )
    assert intervals(found) == {"bo": (0.0, 34.0), "hadsel": (0.0, 34.0), "sortland": (8.0, 42.0)}


def test_a_numerator_is_bounded_by_its_denominator():
    # x + y = 9 with x <= 4 (its denominator, shown): x in [0, 4], y = 9 - x in [5, 9].
    values = {"x": 3.0, "y": 6.0, "den": 4.0}
    found = audit(cells(values, "x y"), totals(R="x y"), pl.DataFrame({"cell": ["x"], "bound": ["den"]}))
    assert intervals(found) == {"x": (0.0, 4.0), "y": (5.0, 9.0)}


def test_bounds_and_totals_together_narrow_a_numerator():
    # Leaders completed f <= leaders l. Hadsel's leaders are shown (12), so Bø's come out of their
    # total: l_bo = 15 - 12 = 3, hence f_bo <= 3; f_ha = 14 - f_bo <= 12 = l_ha, hence f_bo >= 2.
    values = {"f_bo": 2.0, "f_ha": 12.0, "l_bo": 3.0, "l_ha": 12.0}
    bounds = pl.DataFrame({"cell": ["f_bo", "f_ha"], "bound": ["l_bo", "l_ha"]})
    found = audit(cells(values, "f_bo f_ha l_bo"), totals(F="f_bo f_ha", L="l_bo l_ha"), bounds)
    assert intervals(found) == {"f_bo": (2.0, 3.0), "f_ha": (11.0, 12.0), "l_bo": (3.0, 3.0)}


def test_a_hidden_figure_in_no_published_total_has_no_upper_bound():
    found = audit(cells(VESTERALEN, "bo"), totals(B="hadsel oksnes sortland"))
    assert intervals(found) == {"bo": (0.0, float("inf"))}


def test_the_sum_of_hidden_figures_is_exact_when_their_total_is_published():
    solver = Facts(VESTERALEN, [Relation("R", tuple(VESTERALEN))]).audit({"bo", "sortland"})
    assert solver.interval(["bo", "sortland"]) == (16.0, 16.0)
    upper, binding = solver.upper(["bo"])
    assert (upper, list(binding)) == (16.0, ["R"])  # the total that limits Bø, for picking a partner


@pytest.mark.parametrize("upper, threshold, passes", [(5.0, 5, True), (4.9999999, 5, True), (4.99, 5, False)])
def test_the_rule_is_met_when_the_upper_bound_reaches_the_threshold(upper, threshold, passes):
    assert protected(upper, threshold) is passes


def test_the_audit_prints_nothing(capfd):
    audit(cells(VESTERALEN, "bo sortland"), totals(R="bo hadsel oksnes sortland"))
    assert capfd.readouterr() == ("", "")  # HiGHS's banner would break a CLI that writes CSV to stdout


@st.composite
def systems(draw):
    """Random small systems: values, hidden figures, overlapping totals, a few bounds, thresholds."""
    n = draw(st.integers(3, 8))
    names = [f"c{i}" for i in range(n)]
    values = {name: float(draw(st.integers(0, 15))) for name in names}
    hidden = {name for name in names if draw(st.booleans())}
    groups = draw(st.lists(st.sets(st.sampled_from(names), min_size=1), min_size=1, max_size=4))
    relations = [Relation(("total", i), tuple(sorted(group))) for i, group in enumerate(groups)]
    for i, (a, b) in enumerate(
        draw(st.lists(st.tuples(st.sampled_from(names), st.sampled_from(names)), max_size=3))
    ):
        if a != b and values[a] <= values[b]:
            relations.append(Relation(("bound", i), (a, b), at_most=True))
    targets = [((name,), draw(st.integers(1, 12))) for name in sorted(hidden)]
    if len(hidden) > 1:
        targets.append((tuple(sorted(hidden))[:2], draw(st.integers(1, 20))))
    return values, hidden, relations, targets


@settings(max_examples=150, deadline=None)
@given(systems())
def test_the_quick_verdicts_agree_with_one_lp_per_figure(system):
    """`failing` proves most figures without an LP of their own (partners, one shared point); it must
    give the verdict one LP per figure gives."""
    values, hidden, relations, targets = system
    facts = Facts(values, relations)
    verdicts = facts.audit(hidden).failing(targets)
    for (terms, threshold), verdict in zip(targets, verdicts):
        upper, _ = facts.audit(hidden).upper(terms)
        assert (verdict is None) == protected(upper, threshold)
