"""The sidebar every page shares: search, and the filters kept in the URL.

Filters live in the sidebar (drawn by app.py on every page, so they survive page changes) and in
the URL, so any view is a link:
?region=Vesterålen&aar=2024&kommuner=1866,1868&tiltak=1&fremhev=1870&siden=2019
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from kompetanse.i18n import _
from kompetanse.rules import regions as region_rules
from kompetanse.rules.formatting import plain_text
from kompetanse.ui.navigation import run_through_app_py
from kompetanse.ui.state import int_param, list_param, stored, synced
from kompetanse.views.search import MAX_QUERY_CHARS, build_index, search

PAGE = "sidebar"


@dataclass(frozen=True)
class Filters:
    region: dict
    year: int | None
    kommuner: tuple[str, ...] | None  # None: every municipality of the region
    show_measures: bool
    focus: str | None = None  # "Min kommune": drawn in colour, the others grey
    since: int | None = None  # tables show the change since this year


def _region_picker(database) -> dict:
    choices = region_rules.region_choices(database)
    asked = st.query_params.get("region")
    if asked and region_rules.named_region(database, asked) is None and stored(PAGE, "region") is None:
        st.toast(
            _("Fant ikke regionen «{name}». Viser Vesterålen.", name=plain_text(asked))
        )  # link text is no Markdown
    region_id = synced(
        "region",
        page=PAGE,
        default=region_rules.DEFAULT_REGION_ID,
        valid=lambda value: value in choices,
        parse=lambda text: (region_rules.named_region(database, text) or {}).get("region_id"),
        dump=lambda value: choices[value][0]["name"],
        draw=lambda key: st.sidebar.selectbox(
            _("Region eller nettverk"),
            options=list(choices),
            key=key,
            format_func=lambda value: choices[value][1],
        ),
    )
    return choices[region_id][0]


def _year_picker(years: list[int]) -> int | None:
    if not years:
        st.sidebar.caption(_("Ingen tall for denne regionen ennå."))
        synced("aar", page=PAGE, default=None, valid=lambda value: value is None, dump=lambda value: None)
        return None
    return synced(
        "aar",
        page=PAGE,
        default=years[0],
        valid=lambda value: value in years,
        parse=int_param,
        dump=str,
        draw=lambda key: st.sidebar.selectbox(
            _("År"), options=years, key=key, help=_("Standard er nyeste år med tall.")
        ),
    )


def _municipality_picker(names: dict[str, str]) -> tuple[str, ...] | None:
    everyone = list(names)
    chosen = synced(
        "kommuner",
        page=PAGE,
        default=everyone,
        valid=lambda value: isinstance(value, list) and all(code in names for code in value),
        parse=lambda text: [code for code in list_param(text) if code in names] or None,
        dump=lambda value: None if not value or len(value) == len(names) else ",".join(value),
        draw=lambda key: st.sidebar.multiselect(
            _("Kommuner"),
            options=everyone,
            key=key,
            format_func=names.get,
            placeholder=_("Alle kommunene"),
        ),
    )
    every = not chosen or len(chosen) == len(names)
    return None if every else tuple(sorted(chosen))


def _focus_picker(names: dict[str, str]) -> str | None:
    none = ""  # an option of its own: a selectbox shows its placeholder for None
    chosen = synced(
        "fremhev",
        page=PAGE,
        default=none,
        valid=lambda value: value == none or value in names,
        parse=lambda text: text if text in names else None,
        dump=lambda value: value or None,
        draw=lambda key: st.sidebar.selectbox(
            _("Min kommune"),
            options=[none, *names],
            key=key,
            format_func={none: _("Ingen (alle i samme farge)"), **names}.get,  # translated in the run
            help=_("Kommunen vises i farge og de andre i grått i alle søylediagrammer og utviklingskurver."),
        ),
    )
    return chosen or None


def _since_picker(every_year: list[int], year: int | None) -> int | None:
    years = sorted(year_ for year_ in every_year if year is None or year_ < year)
    if not years:
        return None
    return synced(
        "siden",
        page=PAGE,
        default=years[0],
        valid=lambda value: value in years,
        parse=int_param,
        dump=lambda value: None if value == years[0] else str(value),
        draw=lambda key: st.sidebar.selectbox(
            _("Endring siden"),
            options=years,
            key=key,
            help=_("Tabellene viser endringen fra dette året til året du har valgt (standard: første år)."),
        ),
    )


def sidebar_filters(database) -> Filters:
    """Draw the shared filters (region, year, municipalities, measures) and keep them in the URL."""
    region = _region_picker(database)
    years = region_rules.region_years(database, region["region_id"])
    names = region_rules.member_names(database, region["region_id"])
    year = _year_picker(years)
    kommuner = _municipality_picker(names)
    focus = _focus_picker(names)
    since = _since_picker(years, year)
    show_measures = synced(
        "tiltak",
        page=PAGE,
        default=False,
        valid=lambda value: isinstance(value, bool),
        parse=lambda text: text == "1",
        dump=lambda value: "1" if value else None,
        draw=lambda key: st.sidebar.toggle(
            _("Vis tiltak i utviklingen"), key=key, help=_("Prosjekttiltak med startår som markører.")
        ),
    )
    filters = Filters(region, year, kommuner, show_measures, focus, since)
    st.session_state.filters = filters
    return filters


def current_filters() -> Filters:
    """The filters chosen in the sidebar on this run."""
    if "filters" not in st.session_state:
        run_through_app_py()
    return st.session_state.filters


def search_box(database) -> None:
    """Search in the sidebar on every page: links to the municipality, region, indicator or entry."""
    text = st.sidebar.text_input(
        _("Søk"), key="sok", placeholder=_("Kommune, region, indikator …"), max_chars=MAX_QUERY_CHARS
    )
    if not text.strip():
        return
    hits = search(build_index(database), text)
    if not hits:
        st.sidebar.caption(_("Fant ingenting for «{text}».", text=plain_text(text)))
    for hit in hits:
        st.sidebar.page_link(hit.entry.page, label=hit.entry.label, query_params=dict(hit.entry.params))
