"""Norwegian number formatting: '12 345,6', '43,2 %', and SSB's '..' for a missing value.

The separators and date patterns come from Babel's locale data for the language of the run (nb and nn
write numbers alike); the rounding is Python's own, so every figure is rounded as it always was.
"""

import math
import re
from datetime import date, datetime
from functools import cache

from babel.dates import format_date
from babel.numbers import get_decimal_symbol, get_group_symbol

from kompetanse.i18n import N_, _, active_language

MISSING = ".."
THIN_GROUP = "\u00a0"  # non-breaking space between thousands, as in '12 345'
MB = 1024 * 1024  # a megabyte as Streamlit's upload limit counts it


def format_number(value: float | None, decimals: int = 0) -> str:
    """12345.6 -> '12 345,6' (decimals=1); None or NaN -> '..'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return MISSING
    group, decimal = separators(active_language())
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", decimal).replace("\0", group)


@cache
def separators(language: str) -> tuple[str, str]:
    """(thousands, decimal) of a language in Babel's CLDR data: nb and nn both ('\u00a0', ',')."""
    return get_group_symbol(language), get_decimal_symbol(language)


def format_megabytes(size_bytes: int, decimals: int = 1) -> str:
    """A size in MB, rounded up so that a file just over a limit never looks equal to it: '50,1 MB'."""
    scale = 10**decimals
    return f"{format_number(math.ceil(size_bytes / MB * scale) / scale, decimals)}{THIN_GROUP}MB"


def decimals_for(unit: str) -> int:
    """How many decimals a unit is shown with."""
    return {"antall": 0, "årsverk": 1, "prosent": 1}.get(unit, 1)


def format_value(value: float | None, unit: str) -> str:
    """A value in its unit: '43,2 %', '1 234', '12,5' (årsverk), '2,5' (per 1000)."""
    text = format_number(value, decimals_for(unit))
    if unit == "prosent" and text != MISSING:
        return f"{text}{THIN_GROUP}%"
    return text


def unit_label(unit: str) -> str:
    """The unit as a short axis or column label."""
    return {"prosent": "prosent", "antall": "antall"}.get(unit, unit)


def count_noun(count: int, singular: str, plural: str) -> str:
    """'1 kommune', '6 kommuner'."""
    return f"{format_number(count)} {singular if count == 1 else plural}"


def format_signed(value: float | None, decimals: int = 1) -> str:
    """A change with its sign: '+2,3', '-1,0', '0,0'; None -> '..'."""
    if value is None:
        return MISSING
    rounded = round(value, decimals) + 0.0  # + 0.0 turns -0.0 into 0.0
    text = format_number(rounded, decimals)
    return f"+{text}" if rounded > 0 else text


EXAMPLE_SOURCE_TEXT = N_("Eksempeldata (generert, ikke offisielle tall)")


def source_text(is_example: bool, official_source: str) -> str:
    """'Kilde: …' that never lets example data pass for an official figure."""
    if is_example:
        return _(
            "Kilde: {example}. Offisielle tall: {source}.",
            example=_(EXAMPLE_SOURCE_TEXT),
            source=_(official_source),
        )
    return _("Kilde: {source}.", source=_(official_source))


def format_day(value: object) -> str:
    """A date as Norwegians write it: '2026-03-16T07:00:00Z', a date or a datetime -> '16.03.2026'."""
    if value is None or value == "":
        return MISSING
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
    if not isinstance(value, date):
        return f"{value:%d.%m.%Y}"
    return format_date(value, "dd.MM.yyyy", locale=active_language())


def official_source_text(source: str, updated: object, fetched: object) -> str:
    """'SSB tabell 12562 (oppdatert 16.03.2026, hentet 20.11.2026)': the table, its update and our fetch."""
    parts = [_("oppdatert {day}", day=format_day(updated))] if updated else []
    parts.append(_("hentet {day}", day=format_day(fetched)))
    return f"{_(source)} ({', '.join(parts)})"


_MARKDOWN = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~:$=&@\"'])")
# GFM turns www.x, http://x and x@y into links even when their punctuation is escaped; an invisible
# zero-width space inside the word stops that and changes nothing a reader sees.
_AUTOLINK = re.compile(r"(?i)\b(https?|ftp|www|mailto|xmpp)(?=\\[:.])")
ZERO_WIDTH_SPACE = "\u200b"


def plain_text(text: str | None) -> str:
    """User or URL text for an element that renders Markdown, shown as the letters typed: every character
    Markdown acts on is escaped, so no link, autolink, image (no remote images), emphasis, colour or
    icon comes out of it; line breaks stay line breaks."""
    escaped = _MARKDOWN.sub(r"\\\1", text or "")
    escaped = _AUTOLINK.sub(lambda match: match.group(1) + ZERO_WIDTH_SPACE, escaped)
    escaped = escaped.replace("\\@", ZERO_WIDTH_SPACE + "\\@")
    return escaped.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "  \n")
