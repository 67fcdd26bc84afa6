"""Numbers the way Norwegians write them in a spreadsheet, column-wise in polars: '1 234,5', '43,5 %',
'1.234,5', '1,234.5', the typographic minus; and what is no number (NaN, inf, '4 5') or no whole
count of persons ('1.000': one or a thousand?).
"""

from __future__ import annotations

import polars as pl

from kompetanse.i18n import N_


def _stripped_number_text(column: str) -> pl.Expr:
    """Remove what people put around and inside numbers: spaces, NBSP, %, the typographic minus."""
    return (
        pl.col(column)
        .fill_null("")
        .str.replace_all(r"[\s\u00a0\u202f%]", "")
        .str.replace_all("\u2212", "-", literal=True)
    )


def _number_from_stripped(column: str) -> pl.Expr:
    """'1234,5' / '1.234,5' / '1,234.5' / '1234.5' (already stripped) -> float; '' -> null."""
    text = pl.col(column)
    comma, dot = text.str.find(",", literal=True), text.str.find(".", literal=True)
    comma_is_decimal = comma.is_not_null() & (dot.is_null() | (dot < comma))
    cleaned = (
        pl.when(comma_is_decimal)
        .then(text.str.replace_all(".", "", literal=True).str.replace_all(",", ".", literal=True))
        .otherwise(text.str.replace_all(",", "", literal=True))
    )
    number = cleaned.cast(pl.Float64, strict=False)
    # NaN, inf and 1e400 (which overflows to inf) are no figures: they would show up as inf or '..' in totals.
    return pl.when((text == "") | ~number.is_finite()).then(None).otherwise(number)


def _spaced_as_thousands(column: str) -> pl.Expr:
    """Spaces inside a number only as thousands separators ('1 234,5'), never '4 5' (which is not 45)."""
    text = pl.col(column).fill_null("").str.strip_chars().str.strip_chars_end("%").str.strip_chars()
    inner = text.str.contains(r"[\s\u00a0\u202f]")
    return ~inner | text.str.contains(r"^[-\u2212]?\d{1,3}([\s\u00a0\u202f]\d{3})+([.,]\d+)?$")


def parse_numbers(frame: pl.DataFrame, columns: dict[str, str]) -> pl.DataFrame:
    """Add parsed float columns (target <- source) the way Norwegians write numbers.

    In two steps, so the cleaned text is computed once per column and not once per use.
    """
    stripped = frame.with_columns(
        **{f"_{target}": _stripped_number_text(source) for source, target in columns.items()},
        **{f"_{target}_spaced": _spaced_as_thousands(source) for source, target in columns.items()},
    )
    return stripped.with_columns(
        **{
            target: pl.when(pl.col(f"_{target}_spaced")).then(_number_from_stripped(f"_{target}"))
            for target in columns.values()
        }
    ).drop(name for target in columns.values() for name in (f"_{target}", f"_{target}_spaced"))


# Counts of persons: the figure a privacy rule protects, and every value counted 'antall'. A polars
# template: the cell's text goes in at {}; translated where it is used (_(WHOLE_COUNT)).
WHOLE_COUNT = N_(
    "«{}» er ikke et helt antall personer. Skriv hele tall uten desimaler og uten punktum eller komma som "
    "tusenskille (for eksempel 1234 eller 1 234)."
)


def not_whole(text_column: str, value_column: str) -> pl.Expr:
    """A count that is not a whole number, or is written so that it could be two ('1.000': 1 or 1000?)."""
    stripped = pl.col(text_column).fill_null("").str.replace_all(r"[\s\u00a0\u202f]", "")
    ambiguous = stripped.str.contains(r"^[-\u2212]?\d{1,3}[.,]\d{3}$")
    value = pl.col(value_column)
    return value.is_not_null() & ((value != value.round(0)) | ambiguous)
