"""Small numbers are hidden as SSB does, unless the data are example data."""

import polars as pl
import pytest

from kompetanse.privacy import suppress, suppress_row


def one(rule, value=None, numerator=None, denominator=None, is_example=False):
    frame = pl.DataFrame(
        {
            "value": [value],
            "numerator": [numerator],
            "denominator": [denominator],
            "is_example": [is_example],
        },
        schema={
            "value": pl.Float64,
            "numerator": pl.Float64,
            "denominator": pl.Float64,
            "is_example": pl.Boolean,
        },
    )
    return suppress(frame, rule).row(0, named=True)


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


def test_example_data_is_never_hidden():
    row = one("antall", 2, is_example=True)
    assert row["value"] == 2 and row["note"] is None


def test_a_region_row_follows_the_same_rule():
    row = suppress_row({"value": 3.0, "numerator": None, "denominator": None, "has_example": False}, "antall")
    assert row["value"] is None and "færre enn 5 personer" in row["note"]
    assert suppress_row(None, "antall") is None
