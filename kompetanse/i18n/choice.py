"""Which language a run starts in when the link does not say: the municipality's målform, then the
installation's setting. Pure: the caller hands in what the database and the session know."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from kompetanse.i18n import DEFAULT_LANGUAGE, LANGUAGES

# The registry's values (data/registry/kommuner_fakta_aprestmo.csv, uncertain); 'Nøytral' decides nothing.
MAALFORM_LANGUAGE = {"Nynorsk": "nn", "Bokmål": "nb"}


def municipality_language(maalform: str | None) -> str | None:
    """'Nynorsk' -> 'nn', 'Bokmål' -> 'nb', 'Nøytral' or unknown -> None."""
    return MAALFORM_LANGUAGE.get((maalform or "").strip())


def agreed_language(codes: Iterable[str], maalform: Mapping[str, str]) -> str | None:
    """The language the municipalities that chose one agree on, or None (none chose, or they differ)."""
    chosen = {municipality_language(maalform.get(code)) for code in codes} - {None}
    return chosen.pop() if len(chosen) == 1 else None


def majority_language(codes: Iterable[str], maalform: Mapping[str, str]) -> str | None:
    """The language more than half of the municipalities chose (a neutral one counts against both)."""
    codes = list(codes)
    for language in LANGUAGES:
        chose = sum(municipality_language(maalform.get(code)) == language for code in codes)
        if codes and chose * 2 > len(codes):
            return language
    return None


def default_language(
    setting: str,
    maalform: Mapping[str, str],
    *,
    focus: str | None = None,
    own: Iterable[str] = (),
    members: Iterable[str] = (),
) -> str:
    """The language a run starts in: the målform of the municipality in focus ('Min kommune'), else
    the one an editor's own municipalities agree on, else the one most of the region's municipalities
    chose, else the installation's setting."""
    found = (
        municipality_language(maalform.get(focus or ""))
        or agreed_language(own, maalform)
        or majority_language(members, maalform)
    )
    if found is not None:
        return found
    return setting if setting in LANGUAGES else DEFAULT_LANGUAGE
