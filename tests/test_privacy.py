"""Small numbers are hidden as SSB does, unless the data are example data; no hidden number can be
worked out from a published total and the numbers that are shown (secondary suppression)."""

import polars as pl
import pytest

from kompetanse.rules.privacy import (
    REVEALED_NOTE,
    SECONDARY_REASON,
    TOTAL_REASON,
    Protection,
    Rules,
    blank,
    mark_primary,
    protect,
    shown,
    with_differences,
    with_hidden_cells,
    with_hidden_total,
)

RULES = Rules()  # the defaults: 5 persons, a denominator of 10
FIGURES = {"value": pl.Float64, "numerator": pl.Float64, "denominator": pl.Float64, "is_example": pl.Boolean}


def one(rule, value=None, numerator=None, denominator=None, is_example=False, rules=RULES):
    frame = pl.DataFrame(
        {
            "value": [value],
            "numerator": [numerator],
            "denominator": [denominator],
            "is_example": [is_example],
        },
        schema=FIGURES,
    )
    return blank(mark_primary(frame, rule, rules)).row(0, named=True)


@pytest.mark.parametrize(
    "rule, value, numerator, denominator, hidden",
    [
        ("antall", 4, None, None, True),
        ("antall", 0, None, None, True),
        ("antall", 5, None, None, False),
        ("andel", 50.0, 4, 8, True),
        ("andel", 40.0, 4, 10, False),
        ("andel", 40.0, None, None, False),  # no denominator given: nothing to judge by
        ("teller", 1.5, 3, 2000, True),
        ("teller", 2.5, 5, 2000, False),
        (None, 2, None, None, False),
        ("", 2, None, None, False),
    ],
)
def test_suppression_rules(rule, value, numerator, denominator, hidden):
    row = one(rule, value, numerator, denominator)
    assert (row["note"] is not None) == hidden
    if hidden:
        assert row["value"] is None and row["numerator"] is None and row["denominator"] is None
        assert row["note"].startswith("Skjult av personvernhensyn")
    else:
        assert row["value"] == value


@pytest.mark.parametrize(
    "rule, rules, value, numerator, denominator, reason",
    [
        ("antall", Rules(min_persons=8), 7, None, None, "Skjult av personvernhensyn: færre enn 8 personer."),
        ("antall", Rules(min_persons=3), 4, None, None, None),
        ("teller", Rules(min_persons=8), 1.2, 6, 5000, "Skjult av personvernhensyn: færre enn 8 personer."),
        (
            "andel",
            Rules(min_denominator=20),
            50.0,
            9,
            18,
            "Skjult av personvernhensyn: færre enn 20 personer i grunnlaget.",
        ),
        ("andel", Rules(min_denominator=5), 50.0, 4, 8, None),
    ],
)
def test_the_thresholds_come_from_the_rules_and_the_reason_names_them(
    rule, rules, value, numerator, denominator, reason
):
    assert one(rule, value, numerator, denominator, rules=rules)["note"] == reason


def test_example_data_is_never_hidden():
    row = one("antall", 2, is_example=True)
    assert row["value"] == 2 and row["note"] is None


# Secondary suppression: a cell is (kommunenummer, value[, numerator, denominator[, is_example]]) in
# one year; `groups` names the members of each published total.


def cells(*rows, year=2024) -> pl.DataFrame:
    full = [tuple(row) + (None, None, False)[len(row) - 2 :] for row in rows]
    return pl.DataFrame(
        [
            (code, year, value, numerator, denominator, example)
            for code, value, numerator, denominator, example in full
        ],
        schema={"kommunenummer": pl.String, "year": pl.Int32, **FIGURES},
        orient="row",
    )


def groups(**members: str) -> pl.DataFrame:
    """groups(A="a b c", B="c d") -> one row per total and member."""
    pairs = [(group, code) for group, codes in members.items() for code in codes.split()]
    return pl.DataFrame(pairs, schema=["group_id", "kommunenummer"], orient="row")


def hidden(protection: Protection) -> dict[str, str]:
    """kommunenummer -> 'primær' or 'sekundær'."""
    return {
        row["kommunenummer"]: "sekundær" if row["note"] == SECONDARY_REASON else "primær"
        for row in protection.cells.iter_rows(named=True)
    }


def test_a_single_hidden_cell_in_a_region_gets_a_partner():
    protection = protect(cells(("a", 3), ("b", 12), ("c", 9)), groups(R="a b c"), "antall", RULES)
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
    protection = protect(cells(*rows), groups(R=" ".join(row[0] for row in rows)), rule, RULES)
    assert hidden(protection) == {"a": "primær", partner: "sekundær"}


def test_hidden_cells_whose_sum_is_below_the_threshold_pull_in_another():
    # 1 + 2 persons hidden together still give away that the two have 3 between them
    protection = protect(cells(("a", 1), ("b", 2), ("c", 9), ("d", 6)), groups(R="a b c d"), "antall", RULES)
    assert hidden(protection) == {"a": "primær", "b": "primær", "d": "sekundær"}


def test_a_cell_hidden_for_one_region_is_hidden_in_every_total_that_contains_it():
    # b is hidden to protect a in R; then the network N, which also holds b, needs a partner for b.
    protection = protect(
        cells(("a", 2), ("b", 6), ("c", 9), ("d", 7), ("e", 20)),
        groups(R="a b c", N="b d e", landet="a b c d e"),
        "antall",
        RULES,
    )
    assert hidden(protection) == {"a": "primær", "b": "sekundær", "d": "sekundær"}


def test_the_rule_is_applied_year_by_year():
    both_years = pl.concat([cells(("a", 2), ("b", 6), ("c", 9)), cells(("a", 20), ("b", 6), year=2023)])
    protection = protect(both_years, groups(R="a b c"), "antall", RULES)
    assert protection.cells.select("kommunenummer", "year").rows() == [("a", 2024), ("b", 2024)]


def test_a_total_that_cannot_be_protected_is_hidden_itself():
    # a is the only municipality of S with a figure: S's total would be a's figure
    protection = protect(
        cells(("a", 2), ("b", 6), ("c", 9)), groups(S="a x", landet="a b c x"), "antall", RULES
    )
    assert hidden(protection) == {"a": "primær", "b": "sekundær"}
    assert protection.totals.rows() == [("S", 2024, TOTAL_REASON)]


def test_a_network_inside_a_region_cannot_be_subtracted_from_it_to_find_a_hidden_cell():
    # a's partner b lies in the network N, which then hides c. R - N = a + d, and d is shown:
    # without the difference total, a would be R's total minus N's total minus d.
    rows = [("a", 2), ("b", 6), ("c", 9), ("d", 20), ("e", 30)]
    members = groups(R="a b c d", N="b c", S="e", landet="a b c d e")
    without = protect(cells(*rows), members, "antall", RULES)
    assert hidden(without) == {"a": "primær", "b": "sekundær", "c": "sekundær"}
    protection = protect(cells(*rows), with_differences(members, ["R", "S", "landet"]), "antall", RULES)
    assert hidden(protection) == {"a": "primær", "b": "sekundær", "c": "sekundær", "d": "sekundær"}


def test_a_difference_that_cannot_be_protected_hides_the_smaller_total():
    # R - N = {a}: nobody else there to hide, so N's total is hidden instead.
    rows = [("a", 2), ("b", 6), ("c", 9), ("d", 30)]
    members = groups(R="a b c", N="b c", landet="a b c d")
    protection = protect(cells(*rows), with_differences(members, ["R", "landet"]), "antall", RULES)
    assert protection.totals.filter(pl.col("group_id") == "N").height == 1


def test_economic_regions_and_the_country_add_no_difference_totals():
    members = groups(R="a b", S="c d", landet="a b c d", N="a c")
    derived = with_differences(members, ["R", "S", "landet"]).filter(pl.col("hides") != pl.col("group_id"))
    assert sorted(set(derived["group_id"])) == ["landet uten N"]


def test_example_data_is_never_hidden_and_never_picked_as_a_partner():
    rows = [("a", 2), ("b", 1, None, None, True), ("c", 6, None, None, True), ("d", 30)]
    protection = protect(cells(*rows), groups(R="a b c d"), "antall", RULES)
    assert hidden(protection) == {"a": "primær", "d": "sekundær"}


def test_an_indicator_without_a_rule_hides_nothing():
    protection = protect(cells(("a", 2), ("b", 6)), groups(R="a b"), None, RULES)
    assert protection.cells.is_empty() and protection.totals.is_empty()


def test_higher_thresholds_hide_more():
    rows, members = [("a", 3), ("b", 6), ("c", 7), ("d", 9), ("e", 30)], groups(R="a b c d e")
    assert set(hidden(protect(cells(*rows), members, "antall", Rules(min_persons=5)))) == {"a", "b"}
    assert hidden(protect(cells(*rows), members, "antall", Rules(min_persons=8))) == {
        "a": "primær",
        "b": "primær",
        "c": "primær",
    }


def test_an_editor_sees_their_own_hidden_figures_marked_and_every_other_hidden_figure_stays_hidden():
    frame = cells(("a", 2), ("b", 6), ("c", 9))
    noted = with_hidden_cells(frame, protect(frame, groups(R="a b c"), "antall", RULES))
    public = {row["kommunenummer"]: row for row in shown(noted).iter_rows(named=True)}
    editor = {row["kommunenummer"]: row for row in shown(noted, {"a", "c"}).iter_rows(named=True)}
    assert public["a"]["value"] is None and public["b"]["value"] is None
    assert (editor["a"]["value"], editor["a"]["note"], editor["a"]["revealed"]) == (2.0, None, True)
    assert (editor["b"]["value"], editor["b"]["note"]) == (None, SECONDARY_REASON)  # not theirs
    assert (editor["c"]["value"], editor["c"]["revealed"]) == (9.0, False)  # never hidden: no marker
    assert REVEALED_NOTE.startswith("Vist uskjult fordi du er redaktør")


def test_a_total_is_hidden_by_the_primary_rule_or_when_it_cannot_be_protected():
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
            **{k: v for k, v in FIGURES.items() if k != "is_example"},
            "has_example": pl.Boolean,
        },
    )
    protection = Protection(
        Protection.nothing().cells, pl.DataFrame({"group_id": ["S"], "year": [2024], "note": [TOTAL_REASON]})
    )
    rows = with_hidden_total(totals, protection, "S", "antall", RULES).rows(named=True)
    assert [(row["value"], row["note"]) for row in rows] == [
        (None, "Skjult av personvernhensyn: færre enn 5 personer."),
        (None, TOTAL_REASON),
    ]
    other = with_hidden_total(totals, protection, "R", "antall", RULES).rows(named=True)
    assert other[1]["value"] == 40.0 and other[1]["note"] is None
