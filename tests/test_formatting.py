"""Numbers as Norwegians write them."""

import pytest

from kompetanse.rules.formatting import format_number, format_value
from kompetanse.rules.names import slugify

NBSP = "\u00a0"


@pytest.mark.parametrize(
    "value, decimals, expected",
    [
        (12345.6, 1, f"12{NBSP}345,6"),
        (1234567, 0, f"1{NBSP}234{NBSP}567"),
        (0.05, 1, "0,1"),
        (-2.5, 1, "-2,5"),
        (None, 1, ".."),
        (float("nan"), 0, ".."),
    ],
)
def test_format_number(value, decimals, expected):
    assert format_number(value, decimals) == expected


@pytest.mark.parametrize(
    "value, unit, expected",
    [
        (43.2, "prosent", f"43,2{NBSP}%"),
        (43, "prosent", f"43,0{NBSP}%"),
        (5594340, "antall", f"5{NBSP}594{NBSP}340"),
        (12.25, "årsverk", "12,2"),
        (2.53, "per 1000 innbyggere", "2,5"),
        (None, "prosent", ".."),
    ],
)
def test_format_value_in_its_unit(value, unit, expected):
    assert format_value(value, unit) == expected


@pytest.mark.parametrize(
    "text, slug",
    [
        ("Vesterålen", "vesteralen"),
        ("VESTERÅLEN", "vesteralen"),
        (" vesteralen ", "vesteralen"),
        ("Øksnes", "oksnes"),
        ("Bærum", "baerum"),
        ("Sortland - Suortá", "sortland-suorta"),
        ("Asker/Bærum", "asker-baerum"),
    ],
)
def test_names_are_matched_case_and_accent_insensitively(text, slug):
    assert slugify(text) == slug
