"""Normalising Norwegian names so that 'Vesterålen', 'vesteralen' and 'VESTERÅLEN' match."""

import re
import unicodedata

_NORWEGIAN_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ä": "a", "ö": "o"})


def slugify(text: str) -> str:
    """Lowercase ascii with hyphens: 'Sortland - Suortá' -> 'sortland-suorta'."""
    lowered = text.strip().lower().translate(_NORWEGIAN_LETTERS)
    decomposed = unicodedata.normalize("NFKD", lowered)
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-")
