"""Hidden figures stay hidden against everything that is published: linked indicators, overlapping and
nested totals (issue 13, Privacy 1-5). Every test checks the result with an outsider's audit.

`outsider` below is the attacker: it sees every figure the app shows in any indicator, every total
that is not hidden, and that a numerator is within its denominator where the catalogue says so,
and works out by LP what each hidden count can be. It is written from the published data only, not
from protection's own bookkeeping.
"""

from __future__ import annotations

from collections import defaultdict

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kompetanse.config import DATA_DIR
from kompetanse.rules.disclosure import audit, protected
from kompetanse.rules.links import parse_links, read_links
from kompetanse.rules.privacy import QUANTITY, Rules, threshold
from kompetanse.rules.protection import (
    DETAIL_LINKED,
    DETAIL_SECONDARY,
    DETAIL_TOTAL,
    DETAIL_UNKNOWN,
    PUBLIC_REASON,
    protect_all,
)
from kompetanse.sources.catalogue import read_indicators

RULES = Rules()  # 5 persons, a denominator of 10
LINKS = read_links(DATA_DIR, read_indicators(DATA_DIR))
NAMES = {
    "1851": "Lødingen",
    "1866": "Hadsel",
    "1867": "Bø",
    "1868": "Øksnes",
    "1870": "Sortland",
    "1871": "Andøy",
}
CODES = {name: code for code, name in NAMES.items()} | {"Oslo": "0301"}
OBSERVATION_SCHEMA = {
    "kommunenummer": pl.String,
    "year": pl.Int32,
    "indicator_id": pl.String,
    "value": pl.Float64,
    "numerator": pl.Float64,
    "denominator": pl.Float64,
    "is_example": pl.Boolean,
}


def observations(rows: list[tuple], year: int = 2024, is_example: bool = False) -> pl.DataFrame:
    """rows: (name, indicator, value) for counts, (name, indicator, numerator, denominator) for ratios."""
    full = []
    for name, indicator, *figures in rows:
        code = CODES.get(name, name)
        if len(figures) == 1:
            full.append((code, year, indicator, figures[0], None, None, is_example))
        else:
            numerator, denominator = figures
            value = None if not denominator else numerator / denominator * 100
            full.append((code, year, indicator, value, numerator, denominator, is_example))
    return pl.DataFrame(full, schema=OBSERVATION_SCHEMA, orient="row")


def apprentices(year: int = 2024, **counts: int) -> pl.DataFrame:
    """laerlinger_antall for the named municipalities."""
    return observations([(name, "laerlinger_antall", n) for name, n in counts.items()], year)


def groups(**members: str) -> pl.DataFrame:
    """groups(A="Bø Hadsel") -> one row per total and member municipality."""
    pairs = [(group, CODES.get(name, name)) for group, names in members.items() for name in names.split()]
    return pl.DataFrame(pairs, schema=["group_id", "kommunenummer"], orient="row")


VESTERALEN = "Lødingen Hadsel Bø Øksnes Sortland Andøy"
COUNTRY = groups(vesteralen=VESTERALEN, landet=f"{VESTERALEN} Oslo")


def hidden(protection: dict, indicator: str) -> dict[str, str]:
    """name -> detailed reason, of the hidden municipalities of one indicator."""
    return {NAMES.get(k, k): detail for k, _, _, detail in protection[indicator].cells.rows()}


def outsider(frame: pl.DataFrame, links: pl.DataFrame, members: pl.DataFrame, protection: dict, rules: Rules):
    """For every count the rules protect: (kommunenummer, count, year) -> (true value, threshold,
    lower, upper) as an outsider works them out from what is published (the true value if shown)."""
    figures = defaultdict(list)
    for indicator, figure, count in links.select("indicator_id", "figure", "count").iter_rows():
        figures[indicator].append((figure, count))
    rule_of = dict(links.unique("indicator_id").select("indicator_id", "suppression").iter_rows())
    within = set(links.filter(pl.col("within_denominator"))["indicator_id"])
    hidden_rows = {(i, k, y) for i, p in protection.items() for k, y, *_ in p.cells.rows()}
    hidden_totals = {(i, g, y) for i, p in protection.items() for g, y, *_ in p.totals.rows()}
    results = {}
    for (year,), rows in frame.group_by("year"):
        values, shown, sensitive, at_most = {}, set(), {}, []
        total_members = defaultdict(list)
        in_group, group_size, reporting = defaultdict(list), defaultdict(int), defaultdict(set)
        for group, kommune in members.unique().iter_rows():
            in_group[kommune].append(group)
            group_size[group] += 1
        for row in rows.iter_rows(named=True):
            for group in in_group[row["kommunenummer"]]:
                reporting[(row["indicator_id"], group)].add(row["kommunenummer"])
        for row in rows.iter_rows(named=True):
            indicator, kommune = row["indicator_id"], row["kommunenummer"]
            tag = ":eksempel" if row["is_example"] else ""  # example figures are other numbers
            cell = {f: f"{kommune}|{c}{tag}" for f, c in figures[indicator] if row[f] is not None}
            for f in cell:
                values[cell[f]] = row[f]
                if (indicator, kommune, year) not in hidden_rows:
                    shown.add(cell[f])
                for group in in_group[kommune]:
                    if (indicator, group, year) not in hidden_totals:
                        total_members[(indicator, f, group)].append(cell[f])
            rule = rule_of.get(indicator)
            if not row["is_example"] and rule in QUANTITY and QUANTITY[rule] in cell:
                protected_cell = cell[QUANTITY[rule]]
                if values[protected_cell] < threshold(rule, rules):
                    sensitive[protected_cell] = max(threshold(rule, rules), sensitive.get(protected_cell, 0))
            if indicator in within and {"numerator", "denominator"} <= cell.keys():
                at_most.append((cell["numerator"], cell["denominator"]))
        cells = pl.DataFrame(
            {"cell": list(values), "value": list(values.values()), "hidden": [c not in shown for c in values]}
        )
        # the app publishes a count's total only when every member has a figure (indicator_aggregate.sql)
        published = {
            key: cells_
            for key, cells_ in total_members.items()
            if key[1] != "value" or len(reporting[(key[0], key[2])]) == group_size[key[2]]
        }
        totals = pl.DataFrame(
            [(str(key), cell) for key, cells_ in published.items() for cell in cells_],
            schema=["total", "cell"],
            orient="row",
        )
        bounds = pl.DataFrame(at_most, schema=["cell", "bound"], orient="row")
        found = {cell: (lower, upper) for cell, _, lower, upper in audit(cells, totals, bounds).rows()}
        for cell, limit in sensitive.items():
            kommune, count = cell.split("|")
            lower, upper = found.get(cell, (values[cell], values[cell]))
            results[(kommune, count, year)] = (values[cell], limit, lower, upper)
    return results


def given_away(frame, members, protection, links=LINKS, rules=RULES) -> dict:
    """The protected counts an outsider can pin below their threshold: (name, count) -> (value, upper)."""
    return {
        (NAMES.get(kommune, kommune), count): (value, upper)
        for (kommune, count, _), (value, limit, _, upper) in outsider(
            frame, links, members, protection, rules
        ).items()
        if not protected(upper, limit)
    }


# Finding 1: linked indicators. Vesterålen 2024 (and Oslo, so that the country is more than the region).
LEADERS = {"Lødingen": 8, "Hadsel": 30, "Bø": 4, "Øksnes": 12, "Sortland": 25, "Andøy": 7, "Oslo": 900}
COMPLETED = {"Lødingen": 3, "Hadsel": 12, "Bø": 2, "Øksnes": 4, "Sortland": 9, "Andøy": 5, "Oslo": 300}
EMPLOYEES = {
    "Lødingen": 160,
    "Hadsel": 600,
    "Bø": 90,
    "Øksnes": 250,
    "Sortland": 520,
    "Andøy": 300,
    "Oslo": 40000,
}
LINKED = observations(
    [(name, "ledere_antall", n) for name, n in LEADERS.items()]
    + [(name, "ledere_fullfort", n) for name, n in COMPLETED.items()]
    + [(name, "lederopplaering_andel", COMPLETED[name], n) for name, n in LEADERS.items()]
    + [(name, "ansatte_per_leder", EMPLOYEES[name], n) for name, n in LEADERS.items()]
    + [(name, "ansatte_antall", n) for name, n in EMPLOYEES.items()]
)


def test_a_count_hidden_in_one_indicator_is_hidden_in_every_indicator_that_shows_it():
    """Today's privacy.protect, run per indicator, shows Bø's 4 leaders as the denominator of
    ansatte_per_leder (no rule of its own), Øksnes's 4 leaders with completed training as the
    numerator of lederopplaering_andel (Øksnes has 12 leaders), and in ledere_antall the 8 and 7
    leaders of Lødingen and Andøy that lederopplaering_andel hides as denominators below 10."""
    protection = protect_all(LINKED, LINKS, COUNTRY, RULES)
    leaders_hidden = set(hidden(protection, "ledere_antall"))
    assert {"Bø", "Lødingen", "Andøy"} <= leaders_hidden  # 4 < 5; 8 and 7 are denominators below 10
    for share in ("lederopplaering_andel", "ansatte_per_leder"):
        assert leaders_hidden <= set(hidden(protection, share))
    completed_hidden = set(hidden(protection, "ledere_fullfort"))
    assert (
        {"Lødingen", "Bø", "Øksnes"} <= completed_hidden <= set(hidden(protection, "lederopplaering_andel"))
    )
    assert hidden(protection, "ansatte_per_leder")["Bø"] == DETAIL_LINKED
    assert hidden(protection, "ansatte_antall") == {}  # employees are not small; they stay shown
    assert given_away(LINKED, COUNTRY, protection) == {}


# Finding 2: overlapping networks. A = Bø, Hadsel, Øksnes; B = Hadsel, Øksnes, Sortland.
APPRENTICES = {"Lødingen": 8, "Hadsel": 6, "Bø": 2, "Øksnes": 4, "Sortland": 12, "Andøy": 6, "Oslo": 900}
OVERLAPPING = groups(
    A="Bø Hadsel Øksnes", B="Hadsel Øksnes Sortland", vesteralen=VESTERALEN, landet=f"{VESTERALEN} Oslo"
)


def test_two_overlapping_networks_cannot_be_subtracted_to_find_a_hidden_figure():
    """Today's privacy.protect (with with_differences) hides Bø, Øksnes (4), and Hadsel, Lødingen and
    Andøy as partners, and shows Sortland (12): Bø = A - B + Sortland = 12 - 22 + 12 = 2 exactly.
    Network A alone gives nothing away; the overlap does."""
    frame = observations([(name, "laerlinger_antall", n) for name, n in APPRENTICES.items()])
    protection = protect_all(frame, LINKS, OVERLAPPING, RULES)
    assert "Bø" in hidden(protection, "laerlinger_antall")
    assert given_away(frame, OVERLAPPING, protection) == {}


def test_a_network_inside_a_region_cannot_be_subtracted_from_it():
    # N = Hadsel, Øksnes inside Vesterålen: R - N = Lødingen + Bø + Sortland + Andøy.
    frame = observations([(name, "laerlinger_antall", n) for name, n in APPRENTICES.items()])
    nested = groups(N="Hadsel Øksnes", vesteralen=VESTERALEN, landet=f"{VESTERALEN} Oslo")
    protection = protect_all(frame, LINKS, nested, RULES)
    assert given_away(frame, nested, protection) == {}
    assert len(hidden(protection, "laerlinger_antall")) >= 2


def test_the_partner_is_the_smallest_shown_figure_in_the_total_ties_by_kommunenummer():
    frame = apprentices(Bø=3, Hadsel=9, Øksnes=6, Sortland=6)
    protection = protect_all(frame, LINKS, groups(R="Bø Hadsel Øksnes Sortland"), RULES)
    # 3 + 6 >= 5: one partner is enough; Øksnes (1868) and Sortland (1870) tie at 6.
    assert hidden(protection, "laerlinger_antall") == {
        "Bø": "Færre enn 5 personer.",
        "Øksnes": DETAIL_SECONDARY,
    }


def test_hidden_figures_that_add_up_to_less_than_the_threshold_pull_in_another():
    frame = apprentices(Bø=1, Hadsel=2, Øksnes=9, Sortland=6)
    protection = protect_all(frame, LINKS, groups(R="Bø Hadsel Øksnes Sortland"), RULES)
    assert set(hidden(protection, "laerlinger_antall")) == {"Bø", "Hadsel", "Sortland"}


def test_a_total_that_cannot_be_protected_is_hidden():
    # S holds Bø alone: its total is Bø's figure, and there is nobody in S to hide with it.
    frame = observations([(name, "laerlinger_antall", n) for name, n in APPRENTICES.items()])
    members = groups(S="Bø", landet=f"{VESTERALEN} Oslo")
    protection = protect_all(frame, LINKS, members, RULES)
    assert protection["laerlinger_antall"].totals.rows() == [
        ("S", 2024, PUBLIC_REASON, "Færre enn 5 personer i summen.")
    ]
    assert given_away(frame, members, protection) == {}


def test_a_total_that_would_give_a_figure_away_when_nothing_else_can_be_hidden_is_hidden():
    # Bø (2) is hidden with Hadsel (8), its partner in T1 = Bø + Hadsel. T2 holds Hadsel alone, so
    # it gives Hadsel, and then T1 gives Bø; T2 is hidden (of the two totals, the one with fewer
    # members). Where the LP has several equally good answers, a needless partner may be hidden too.
    frame = apprentices(Bø=2, Hadsel=8, Oslo=900)
    members = groups(T1="Bø Hadsel", T2="Hadsel", landet="Bø Hadsel Oslo")
    protection = protect_all(frame, LINKS, members, RULES)
    assert {"Bø", "Hadsel"} <= set(hidden(protection, "laerlinger_antall"))
    assert protection["laerlinger_antall"].totals.rows() == [("T2", 2024, PUBLIC_REASON, DETAIL_TOTAL)]
    assert given_away(frame, members, protection) == {}


def test_a_small_total_is_hidden_in_every_indicator_that_publishes_the_same_count():
    # N holds Bø alone: its total is Bø's 4 leaders, below 5 for ledere_antall and below 10 as the
    # denominator of the shares, so N's total is hidden wherever the leaders are summed.
    frame = LINKED.filter(pl.col("kommunenummer").is_in(["1867", "1871", "0301", "1866"]))
    members = groups(N="Bø", landet="Bø Andøy Hadsel Oslo")
    protection = protect_all(frame, LINKS, members, RULES)
    reasons = {i: dict((g, d) for g, _, _, d in p.totals.rows()).get("N") for i, p in protection.items()}
    assert reasons["ledere_antall"] == "Færre enn 5 personer i summen."
    assert reasons["ansatte_per_leder"] == DETAIL_LINKED
    assert reasons["lederopplaering_andel"] == "Færre enn 10 personer i summen."
    assert reasons["ansatte_antall"] is None  # 90 employees: not small, and not the same count


def test_a_shown_denominator_that_caps_a_hidden_numerator_below_its_threshold_is_hidden_too():
    # With min_denominator 4 below min_persons 5, Bø's 4 leaders may be shown (ansatte_per_leder has
    # no rule), but they cap Bø's hidden 0 leaders with completed training at 4: known to be below 5.
    rules = Rules(min_persons=5, min_denominator=4)
    frame = observations(
        [
            ("Bø", "ledere_fullfort", 0),
            ("Bø", "lederopplaering_andel", 0, 4),
            ("Bø", "ansatte_per_leder", 40, 4),
            ("Hadsel", "ledere_fullfort", 30),
            ("Hadsel", "lederopplaering_andel", 30, 40),
            ("Hadsel", "ansatte_per_leder", 400, 40),
        ]
    )
    members = groups(landet="Bø Hadsel")
    protection = protect_all(frame, LINKS, members, rules)
    assert "Bø" in hidden(protection, "ansatte_per_leder")
    assert given_away(frame, members, protection, rules=rules) == {}


def test_every_hidden_figure_shows_the_same_public_reason_and_the_detail_says_why():
    protection = protect_all(LINKED, LINKS, COUNTRY, RULES)
    notes = {note for p in protection.values() for _, _, note, _ in p.cells.rows()}
    assert notes == {PUBLIC_REASON}
    details = hidden(protection, "ledere_antall")
    assert details["Bø"] == "Færre enn 5 personer."
    assert details["Lødingen"] == DETAIL_LINKED  # 8 leaders: fine as a count, too few as a denominator
    assert hidden(protection, "lederopplaering_andel")["Lødingen"] == "Færre enn 10 personer i grunnlaget."


def test_a_share_with_only_a_value_is_hidden_when_its_rule_needs_the_denominator():
    # heltid_andel ('andel'): 40 % of an unknown number of employees could be 2 of 5.
    frame = pl.DataFrame(
        [
            ("1867", 2024, "heltid_andel", 40.0, None, None, False),
            ("1866", 2024, "heltid_andel", 45.0, 90.0, 200.0, False),
        ],
        schema=OBSERVATION_SCHEMA,
        orient="row",
    )
    protection = protect_all(frame, LINKS, groups(R="Bø Hadsel"), RULES)
    assert hidden(protection, "heltid_andel") == {"Bø": DETAIL_UNKNOWN}


def test_a_share_with_only_a_value_is_hidden_where_a_count_it_is_made_of_is_hidden():
    # ansatte_per_leder has no rule, but 90 employees shown and 22.5 per leader give Bø's 4 leaders.
    value_only = pl.DataFrame(
        [("1867", 2024, "ansatte_per_leder", 22.5, None, None, False)],
        schema=OBSERVATION_SCHEMA,
        orient="row",
    )
    frame = pl.concat(
        [LINKED.filter(pl.col("indicator_id").is_in(["ledere_antall", "ansatte_antall"])), value_only]
    )
    protection = protect_all(frame, LINKS, COUNTRY, RULES)
    assert hidden(protection, "ansatte_per_leder") == {"Bø": DETAIL_LINKED}


def test_example_data_is_never_hidden_never_picked_and_never_linked_to_real_figures():
    # Real leaders, example shares over example leaders (one indicator is never a mix of the two).
    real = observations(
        [("Bø", "ledere_antall", 4), ("Hadsel", "ledere_antall", 30), ("Øksnes", "ledere_antall", 12)]
    )
    example = observations(
        [
            ("Bø", "lederopplaering_andel", 1, 3),
            ("Hadsel", "lederopplaering_andel", 2, 6),
            ("Øksnes", "lederopplaering_andel", 9, 40),
            ("Bø", "laerlinger_antall", 1),
        ],
        is_example=True,
    )
    frame = pl.concat([real, example])
    members = groups(R="Bø Hadsel Øksnes")
    protection = protect_all(frame, LINKS, members, RULES)
    assert hidden(protection, "ledere_antall") == {"Bø": "Færre enn 5 personer.", "Øksnes": DETAIL_SECONDARY}
    assert (
        protection["lederopplaering_andel"].cells.is_empty()
        and protection["laerlinger_antall"].cells.is_empty()
    )
    assert given_away(frame, members, protection) == {}


def test_rows_that_disagree_about_a_count_are_protected_as_two_numbers():
    # lederopplaering_andel says Bø has 5 leaders, ledere_antall 4 (two sources, two dates).
    frame = LINKED.with_columns(
        denominator=pl.when(
            (pl.col("kommunenummer") == "1867") & (pl.col("indicator_id") == "lederopplaering_andel")
        )
        .then(5.0)
        .otherwise(pl.col("denominator"))
    )
    protection = protect_all(frame, LINKS, COUNTRY, RULES)
    assert "Bø" in hidden(protection, "lederopplaering_andel") and "Bø" in hidden(protection, "ledere_antall")


def test_the_rule_is_applied_year_by_year():
    frame = pl.concat([apprentices(Bø=2, Hadsel=6, Øksnes=9), apprentices(2023, Bø=20, Hadsel=6, Øksnes=9)])
    protection = protect_all(frame, LINKS, groups(R="Bø Hadsel Øksnes"), RULES)
    assert protection["laerlinger_antall"].cells.select("kommunenummer", "year").rows() == [
        ("1866", 2024),
        ("1867", 2024),
    ]


def test_higher_thresholds_hide_more():
    frame = observations([(name, "laerlinger_antall", n) for name, n in APPRENTICES.items()])
    assert len(hidden(protect_all(frame, LINKS, COUNTRY, Rules(min_persons=8)), "laerlinger_antall")) > len(
        hidden(protect_all(frame, LINKS, COUNTRY, RULES), "laerlinger_antall")
    )


def test_a_family_without_any_rule_hides_nothing():
    frame = observations([("Bø", "stillinger_utlyst", 1), ("Hadsel", "stillinger_utlyst", 2)])
    protection = protect_all(frame, LINKS, groups(R="Bø Hadsel"), RULES)
    assert all(p.cells.is_empty() and p.totals.is_empty() for p in protection.values())


def test_the_link_table_covers_the_catalogue_and_names_only_its_indicators():
    indicators = read_indicators(DATA_DIR)
    table = pl.read_csv(DATA_DIR / "catalogue" / "indikatorlenker.csv", infer_schema=False)
    assert set(table["indikator"]) == set(indicators["indicator_id"])  # a new indicator says its links
    by_part = {(i, f): c for i, f, c, *_ in LINKS.rows()}
    assert by_part[("lederopplaering_andel", "denominator")] == by_part[("ledere_antall", "value")]
    assert by_part[("ansatte_per_leder", "numerator")] == by_part[("ansatte_antall", "value")]
    with pytest.raises(ValueError, match="ikke er i katalogen: finnes_ikke"):
        parse_links(
            pl.DataFrame({"indikator": ["finnes_ikke"], "del": ["verdi"], "telling": ["x"]}), indicators
        )


# Random small-number data with overlapping groups and linked indicators.
FAMILY = [
    "ledere_antall",
    "ledere_fullfort",
    "lederopplaering_andel",
    "ansatte_per_leder",
    "ledere_60_pluss_andel",
    "ansatte_antall",
    "heltid_andel",
    "laerlinger_antall",
    "laerlinger_per_1000_innbyggere",
]
SHARES = {"lederopplaering_andel", "ledere_60_pluss_andel", "heltid_andel", "ansatte_per_leder"}


@st.composite
def small_worlds(draw):
    """A few municipalities with small linked counts, some shares with only a value, some indicators
    example data, overlapping networks and random thresholds."""
    kommuner = [f"k{i}" for i in range(draw(st.integers(3, 6)))]
    example = draw(st.sets(st.sampled_from(FAMILY), max_size=2))
    rows = []
    for kommune in kommuner:
        leaders = draw(st.integers(0, 14))
        employees = draw(st.integers(leaders, 40))
        apprentices = draw(st.integers(0, 9))
        figures = {
            "ledere_antall": (leaders, None, None),
            "ledere_fullfort": (completed := draw(st.integers(0, leaders)), None, None),
            "lederopplaering_andel": (None, completed, leaders),
            "ansatte_per_leder": (None, employees, leaders),
            "ledere_60_pluss_andel": (None, draw(st.integers(0, leaders)), leaders),
            "ansatte_antall": (employees, None, None),
            "heltid_andel": (None, draw(st.integers(0, employees)), employees),
            "laerlinger_antall": (apprentices, None, None),
            "laerlinger_per_1000_innbyggere": (None, apprentices, draw(st.integers(200, 3000))),
        }
        for indicator in sorted(draw(st.sets(st.sampled_from(FAMILY), min_size=1))):
            value, numerator, denominator = figures[indicator]
            if value is None:
                value = numerator / denominator * 100 if denominator else None
                if indicator in SHARES and value is not None and draw(st.integers(0, 9)) == 0:
                    numerator = denominator = None  # imported with only a value
            rows.append((kommune, 2024, indicator, value, numerator, denominator, indicator in example))
    frame = pl.DataFrame(rows, schema=OBSERVATION_SCHEMA, orient="row")
    networks = draw(st.lists(st.sets(st.sampled_from(kommuner), min_size=1), max_size=3))
    pairs = [("landet", k) for k in kommuner] + [(f"n{i}", k) for i, net in enumerate(networks) for k in net]
    rules = Rules(min_persons=draw(st.integers(2, 6)), min_denominator=draw(st.integers(4, 12)))
    return frame, pl.DataFrame(pairs, schema=["group_id", "kommunenummer"], orient="row"), rules


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_worlds())
def test_after_protection_no_hidden_figure_can_be_narrowed_below_what_the_rule_allows(world):
    frame, members, rules = world
    protection = protect_all(frame, LINKS, members, rules)
    assert given_away(frame, members, protection, rules=rules) == {}
    examples = set(frame.filter(pl.col("is_example"))["indicator_id"])
    assert all(protection[indicator].cells.is_empty() for indicator in examples)
    for (indicator,), rows in frame.filter(~pl.col("is_example")).group_by("indicator_id"):
        value_only = rows.filter(pl.col("value").is_not_null() & pl.col("denominator").is_null())
        if indicator in SHARES and indicator != "ansatte_per_leder":  # a rule that needs the denominator
            assert set(value_only["kommunenummer"]) <= set(protection[indicator].cells["kommunenummer"])
