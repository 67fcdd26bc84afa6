"""Small numbers are hidden as SSB does, unless the data are example data; no hidden number can be
worked out from a published total and the numbers that are shown (secondary suppression, proven by
the audit: see tests/test_protection.py for linked indicators and overlapping networks)."""

import polars as pl
import pytest

from kompetanse.config import DATA_DIR
from kompetanse.rules.links import read_links
from kompetanse.rules.privacy import (
    PUBLIC_REASON,
    REVEALED_NOTE,
    Protection,
    Rules,
    shown,
    with_hidden_cells,
    with_hidden_total,
)
from kompetanse.rules.protection import DETAIL_SECONDARY, DETAIL_TOTAL, protect_all
from kompetanse.sources.catalogue import read_indicators

RULES = Rules()  # the defaults: 5 persons, a denominator of 10
LINKS = read_links(DATA_DIR, read_indicators(DATA_DIR))
# One indicator per rule, none linked to the others in the fixtures below.
INDICATOR = {"antall": "fagbrev_bestatt", "andel": "heltid_andel", "teller": "laerlinger_per_1000_innbyggere"}
INDICATOR[None] = "stillinger_utlyst"
SCHEMA = {
    "kommunenummer": pl.String,
    "year": pl.Int32,
    "indicator_id": pl.String,
    "value": pl.Float64,
    "numerator": pl.Float64,
    "denominator": pl.Float64,
    "is_example": pl.Boolean,
}


def cells(*rows, rule="antall", year=2024) -> pl.DataFrame:
    """rows: (kommunenummer, value[, numerator, denominator[, is_example]]) of one indicator in one year."""
    full = [tuple(row) + (None, None, False)[len(row) - 2 :] for row in rows]
    return pl.DataFrame(
        [(code, year, INDICATOR[rule], value, n, d, example) for code, value, n, d, example in full],
        schema=SCHEMA,
        orient="row",
    )


def groups(**members: str) -> pl.DataFrame:
    """groups(A="a b c", B="c d") -> one row per total and member."""
    pairs = [(group, code) for group, codes in members.items() for code in codes.split()]
    return pl.DataFrame(pairs, schema=["group_id", "kommunenummer"], orient="row")


def protect(frame: pl.DataFrame, members: pl.DataFrame, rule="antall", rules=RULES) -> Protection:
    return protect_all(frame, LINKS, members, rules)[INDICATOR[rule]]


def hidden(protection: Protection) -> dict[str, str]:
    """kommunenummer -> 'primær' or 'sekundær' (from the detailed reason; the note is always the same)."""
    assert set(protection.cells["note"]) <= {PUBLIC_REASON}
    return {
        code: "sekundær" if detail == DETAIL_SECONDARY else "primær"
        for code, _, _, detail in protection.cells.rows()
    }


@pytest.mark.parametrize(
    "rule, value, numerator, denominator, hidden_",
    [
        ("antall", 4, None, None, True),
        ("antall", 0, None, None, True),
        ("antall", 5, None, None, False),
        ("andel", 50.0, 4, 8, True),
        ("andel", 40.0, 4, 10, False),
        ("andel", 40.0, None, None, True),  # no denominator given: it could be small (issue 13, finding 5)
        ("teller", 1.5, 3, 2000, True),
        ("teller", 2.5, 5, 2000, False),
        (None, 2, None, None, False),
    ],
)
def test_suppression_rules(rule, value, numerator, denominator, hidden_):
    # a second, large municipality so that the total does not give the first away
    frame = cells(
        ("a", value, numerator, denominator), ("b", 50.0, 50, 100) if rule else ("b", 50.0), rule=rule
    )
    frame = frame.with_columns(
        value=pl.when(pl.col("kommunenummer") == "b")
        .then(pl.lit(50.0 if rule != "teller" else 2.5))
        .otherwise("value")
    )
    protection = protect(frame, groups(R="a b"), rule)
    row = shown(with_hidden_cells(frame, protection)).row(0, named=True)
    assert (row["note"] is not None) == hidden_
    if hidden_:
        assert row["value"] is None and row["numerator"] is None and row["denominator"] is None
        assert row["note"] == PUBLIC_REASON and row["detail"] is None
    else:
        assert row["value"] == value


@pytest.mark.parametrize(
    "rule, rules, value, numerator, denominator, detail",
    [
        ("antall", Rules(min_persons=8), 7, None, None, "Færre enn 8 personer."),
        ("antall", Rules(min_persons=3), 4, None, None, None),
        ("teller", Rules(min_persons=8), 1.2, 6, 5000, "Færre enn 8 personer."),
        ("andel", Rules(min_denominator=20), 50.0, 9, 18, "Færre enn 20 personer i grunnlaget."),
        ("andel", Rules(min_denominator=5), 50.0, 4, 8, None),
    ],
)
def test_the_thresholds_come_from_the_rules_and_the_detailed_reason_names_them(
    rule, rules, value, numerator, denominator, detail
):
    frame = cells(("a", value, numerator, denominator), rule=rule)
    found = dict((code, why) for code, _, _, why in protect(frame, groups(), rule, rules).cells.rows())
    assert found.get("a") == detail


def test_example_data_is_never_hidden():
    protection = protect(cells(("a", 2, None, None, True), ("b", 30, None, None, True)), groups(R="a b"))
    assert protection.cells.is_empty() and protection.totals.is_empty()


def test_a_single_hidden_cell_in_a_region_gets_a_partner():
    protection = protect(cells(("a", 3), ("b", 12), ("c", 9)), groups(R="a b c"))
    assert hidden(protection) == {"a": "primær", "c": "sekundær"}
    assert protection.totals.is_empty()


@pytest.mark.parametrize(
    "rule, rows, partner",
    [
        ("antall", [("a", 2), ("b", 30), ("c", 6), ("d", 7)], "c"),
        ("antall", [("a", 2), ("d", 6), ("c", 6)], "c"),  # a tie: the lower kommunenummer
        # a share: the smallest denominator, not the smallest share
        ("andel", [("a", 50.0, 4, 8), ("b", 10.0, 4, 40), ("c", 90.0, 18, 20)], "c"),
        # a rate per 1000: the smallest numerator, not the smallest rate
        ("teller", [("a", 0.6, 3, 5000), ("b", 0.5, 9, 18000), ("c", 3.0, 6, 2000)], "c"),
    ],
)
def test_the_partner_is_the_smallest_shown_cell_by_the_protected_quantity(rule, rows, partner):
    protection = protect(cells(*rows, rule=rule), groups(R=" ".join(row[0] for row in rows)), rule)
    assert hidden(protection) == {"a": "primær", partner: "sekundær"}


def test_hidden_cells_whose_sum_is_below_the_threshold_pull_in_another():
    # 1 + 2 persons hidden together still give away that the two have 3 between them
    protection = protect(cells(("a", 1), ("b", 2), ("c", 9), ("d", 6)), groups(R="a b c d"))
    assert hidden(protection) == {"a": "primær", "b": "primær", "d": "sekundær"}


def test_a_cell_hidden_for_one_region_is_hidden_in_every_total_that_contains_it():
    # b (6) is hidden to protect a (2) in R = a + b + c. The network N = b + d + e also holds b: with
    # d and e shown, N gives b = 6 exactly and then R gives a = 2. So one more figure goes, c (then
    # a + c = 11) or d (then b + d = 13 and a + b = 8); either lets a reach 5.
    protection = protect(
        cells(("a", 2), ("b", 6), ("c", 9), ("d", 7), ("e", 20)),
        groups(R="a b c", N="b d e", landet="a b c d e"),
    )
    found = hidden(protection)
    assert found in (
        {"a": "primær", "b": "sekundær", "c": "sekundær"},
        {"a": "primær", "b": "sekundær", "d": "sekundær"},
    )
    assert protection.totals.is_empty()


def test_the_rule_is_applied_year_by_year():
    both_years = pl.concat([cells(("a", 2), ("b", 6), ("c", 9)), cells(("a", 20), ("b", 6), year=2023)])
    protection = protect(both_years, groups(R="a b c"))
    assert protection.cells.select("kommunenummer", "year").rows() == [("a", 2024), ("b", 2024)]


def test_a_total_that_cannot_be_protected_is_hidden_itself():
    # a is the only member of S: S's total would be a's figure
    protection = protect(cells(("a", 2), ("b", 6), ("c", 9)), groups(S="a", landet="a b c"))
    assert hidden(protection) == {"a": "primær", "b": "sekundær"}
    assert protection.totals.rows() == [("S", 2024, PUBLIC_REASON, "Færre enn 5 personer i summen.")]


def test_a_network_inside_a_region_cannot_be_subtracted_from_it_to_find_a_hidden_cell():
    # a's partner in R is b (6), which lies in the network N = b + c. With c shown, N gives b, and R
    # gives a; hiding c too leaves R - N = a + d, and d (20) shown gives a. So d goes as well (or a total).
    rows = [("a", 2), ("b", 6), ("c", 9), ("d", 20), ("e", 30)]
    members = groups(R="a b c d", N="b c", S="e", landet="a b c d e")
    protection = protect(cells(*rows), members)
    found, hidden_totals = set(hidden(protection)), set(protection.totals["group_id"])
    assert "a" in found and len(found) >= 2
    a_pinned_by_difference = {"R", "N"}.isdisjoint(hidden_totals) and "d" not in found and {"b", "c"} <= found
    a_pinned_by_partner = "R" not in hidden_totals and found & {"b", "c", "d"} == set()
    assert not a_pinned_by_difference and not a_pinned_by_partner


def test_a_difference_that_cannot_be_protected_hides_the_smaller_total():
    # R - N = {a}: nobody else there to hide, so N's total (the one with fewer members) is hidden.
    rows = [("a", 2), ("b", 6), ("c", 9), ("d", 30)]
    protection = protect(cells(*rows), groups(R="a b c", N="b c", landet="a b c d"))
    assert ("N", 2024, PUBLIC_REASON, DETAIL_TOTAL) in protection.totals.rows()


def test_example_data_is_never_hidden_and_never_picked_as_a_partner():
    rows = [("a", 2), ("b", 1, None, None, True), ("c", 6, None, None, True), ("d", 30)]
    protection = protect(cells(*rows), groups(R="a b c d"))
    assert hidden(protection) == {"a": "primær", "d": "sekundær"}


def test_an_indicator_without_a_rule_hides_nothing():
    protection = protect(cells(("a", 2), ("b", 6), rule=None), groups(R="a b"), None)
    assert protection.cells.is_empty() and protection.totals.is_empty()


def test_higher_thresholds_hide_more():
    rows, members = [("a", 3), ("b", 6), ("c", 7), ("d", 9), ("e", 30)], groups(R="a b c d e")
    assert set(hidden(protect(cells(*rows), members, rules=Rules(min_persons=5)))) == {"a", "b"}
    assert hidden(protect(cells(*rows), members, rules=Rules(min_persons=8))) == {
        "a": "primær",
        "b": "primær",
        "c": "primær",
    }


def test_an_editor_sees_their_own_hidden_figures_marked_and_every_other_hidden_figure_stays_hidden():
    frame = cells(("a", 2), ("b", 6), ("c", 9))
    noted = with_hidden_cells(frame, protect(frame, groups(R="a b c")))
    public = {row["kommunenummer"]: row for row in shown(noted).iter_rows(named=True)}
    editor = {row["kommunenummer"]: row for row in shown(noted, {"a", "c"}).iter_rows(named=True)}
    assert public["a"]["value"] is None and public["b"]["value"] is None
    assert public["a"]["detail"] is None and public["b"]["detail"] is None
    assert (editor["a"]["value"], editor["a"]["note"], editor["a"]["revealed"]) == (2.0, None, True)
    assert editor["a"]["detail"] == "Færre enn 5 personer."  # why their own figure is hidden
    assert (editor["b"]["value"], editor["b"]["note"], editor["b"]["detail"]) == (None, PUBLIC_REASON, None)
    assert (editor["c"]["value"], editor["c"]["revealed"]) == (9.0, False)  # never hidden: no marker
    assert REVEALED_NOTE.startswith("Vist uskjult fordi du er redaktør")


def test_a_total_is_hidden_when_the_protection_says_so_or_when_it_is_small_and_only_admins_see_why():
    totals = pl.DataFrame(
        {
            "year": [2023, 2024],
            "value": [3.0, 40.0],
            "numerator": [None, None],
            "denominator": [None, None],
            "has_example": [False, False],
        },
        schema={
            "year": pl.Int32,
            "value": pl.Float64,
            "numerator": pl.Float64,
            "denominator": pl.Float64,
            "has_example": pl.Boolean,
        },
    )
    protection = Protection(
        Protection.nothing().cells,
        pl.DataFrame({"group_id": ["S"], "year": [2024], "note": [PUBLIC_REASON], "detail": [DETAIL_TOTAL]}),
    )
    rows = with_hidden_total(totals, protection, "S", "antall", RULES).rows(named=True)
    assert [(row["value"], row["note"], row["detail"]) for row in rows] == [
        (None, PUBLIC_REASON, None),
        (None, PUBLIC_REASON, None),
    ]
    admin = with_hidden_total(totals, protection, "S", "antall", RULES, details=True).rows(named=True)
    assert [row["detail"] for row in admin] == ["Færre enn 5 personer i summen.", DETAIL_TOTAL]
    other = with_hidden_total(totals, protection, "R", "antall", RULES).rows(named=True)
    assert other[1]["value"] == 40.0 and other[1]["note"] is None
