"""The Streamlit helpers (the only package that imports Streamlit): cached database access, shared
filters and widgets; `ui.login` holds login and the gates in front of reading and writing.

Filters live in the sidebar (drawn by app.py on every page, so they survive page changes) and in
the URL, so any view is a link: ?region=Vesterålen&aar=2024&kommuner=1866,1868&tiltak=1
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import polars as pl
import streamlit as st

from kompetanse.config import database_path
from kompetanse.errors import DatabaseMissingError, KompetanseError
from kompetanse.rules import regions as region_domain
from kompetanse.store.build import build, open_current
from kompetanse.store.db import Database, list_backups

EXAMPLE_BADGE = "Eksempeldata"
EXAMPLE_HELP = (
    "Genererte tall som viser hvordan verktøyet virker. De er ikke offisielle tall og skal "
    "ikke brukes som fakta om kommunen."
)
SYMBOLS_HELP = "«..» = mangler tall. «:» = skjult av personvernhensyn (grunnen står i kolonnen Merknad)."


@dataclass(frozen=True)
class Filters:
    region: dict
    year: int | None
    kommuner: tuple[str, ...] | None  # None: every municipality of the region
    show_measures: bool


@st.cache_resource(validate=lambda database: database.is_current(), show_spinner=False)
def _open(path: str) -> Database:
    return open_current(Path(path))


def database() -> Database:
    """The process-wide read-only database; builds it from data/ on first start.

    A file that is missing although backups of it exist is not rebuilt (that would hide the loss);
    the app says how to restore it instead. Any problem with the file is explained in Norwegian on
    the page, and the app keeps running: the next rerun tries again.
    """
    _through_app_py()
    path = database_path()
    try:
        if not path.exists():
            if list_backups(path):
                raise DatabaseMissingError(
                    f"Databasefilen {path.name} mangler, men det finnes sikkerhetskopier av den. Be den "
                    "som drifter løsningen gjenopprette den nyeste (python -m kompetanse restore)."
                )
            with st.spinner("Bygger databasen fra filene i data/ (første oppstart) …"):
                build(path)
        return _open(str(path))
    except KompetanseError as error:
        st.error(str(error), icon=":material/database:")
        st.stop()


@st.cache_data(show_spinner=False, max_entries=1024)
def _run_cached(function_key: str, path: str, token: str, revealed: tuple, args: tuple, _function):
    return _function(database().revealing(frozenset(revealed)), *args)


def cached(function, *args, reveal: bool = True):
    """`function(database, *args)`, cached per database version, reader and (small, hashable) arguments.

    An editor's reader reveals the hidden small numbers of their own municipalities (privacy.py);
    `reveal=False` is for lookups that show no figures (users, names).
    """
    db = database()
    key = f"{function.__module__}.{function.__qualname__}"
    revealed = tuple(sorted(login.revealed_kommuner())) if reveal else ()
    return _run_cached(key, str(db.path), db.version_token, revealed, args, function)


def _query(database: Database, name: str, **params):
    return database.query(name, **params)


def query(name: str, **params):
    """A named query, cached per database version."""
    return (
        cached(_query, name, *()) if not params else cached(_query_with, name, tuple(sorted(params.items())))
    )


def _query_with(database: Database, name: str, params: tuple):
    return database.query(name, **dict(params))


def regions():
    """All regions and networks."""
    return query("regions")


def _int_param(key: str) -> int | None:
    """A whole number from the URL, or None for anything else.

    `str.isdigit` alone lets through '²' and 5 000 digits, on which `int()` raises.
    """
    text = st.query_params.get(key, "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 9 else None


def _set_param(key: str, value: str | None) -> None:
    if value is None:
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get(key) != value:
        st.query_params[key] = value


def _region_picker() -> dict:
    frame = regions()
    by_id = {row["region_id"]: row for row in frame.iter_rows(named=True)}
    if st.session_state.get("region_id") not in by_id:
        asked = st.query_params.get("region")
        found = region_domain.find_region(frame, asked)
        if asked and found is None:
            st.toast(f"Fant ikke regionen «{asked}». Viser Vesterålen.")
        st.session_state.region_id = (found or by_id[region_domain.DEFAULT_REGION_ID])["region_id"]
    st.sidebar.selectbox(
        "Region eller nettverk",
        options=list(by_id),
        key="region_id",
        format_func=lambda region_id: region_domain.region_label(by_id[region_id]),
    )
    chosen = by_id[st.session_state.region_id]
    _set_param("region", chosen["name"])
    return chosen


def _year_picker(region_id: str) -> int | None:
    years = query("region_years", region_id=region_id)["year"].to_list()
    if not years:
        st.sidebar.caption("Ingen tall for denne regionen ennå.")
        _set_param("aar", None)
        return None
    if st.session_state.get("year") not in years:
        asked = _int_param("aar")
        st.session_state.year = asked if asked in years else years[0]
    st.sidebar.selectbox("År", options=years, key="year", help="Standard er nyeste år med tall.")
    _set_param("aar", str(st.session_state.year))
    return st.session_state.year


def _municipality_picker(region_id: str) -> tuple[str, ...] | None:
    members = query("region_municipalities", region_id=region_id)
    names = dict(zip(members["kommunenummer"], members["name"]))
    if st.session_state.get("kommuner_region") != region_id:
        asked = [code for code in st.query_params.get("kommuner", "").split(",") if code in names]
        st.session_state.kommuner = asked or list(names)
        st.session_state.kommuner_region = region_id
    st.session_state.kommuner = [code for code in st.session_state.kommuner if code in names]
    st.sidebar.multiselect(
        "Kommuner", options=list(names), key="kommuner", format_func=names.get, placeholder="Alle kommunene"
    )
    chosen = st.session_state.kommuner
    every = not chosen or len(chosen) == len(names)
    _set_param("kommuner", None if every else ",".join(chosen))
    return None if every else tuple(sorted(chosen))


def sidebar_filters() -> Filters:
    """Draw the shared filters (region, year, municipalities, measures) and keep them in the URL."""
    region = _region_picker()
    year = _year_picker(region["region_id"])
    kommuner = _municipality_picker(region["region_id"])
    if "show_measures" not in st.session_state:
        st.session_state.show_measures = st.query_params.get("tiltak") == "1"
    st.sidebar.toggle(
        "Vis tiltak i utviklingen", key="show_measures", help="Prosjekttiltak med startår som markører."
    )
    _set_param("tiltak", "1" if st.session_state.show_measures else None)
    filters = Filters(region, year, kommuner, st.session_state.show_measures)
    st.session_state.filters = filters
    return filters


def current_filters() -> Filters:
    """The filters chosen in the sidebar on this run."""
    if "filters" not in st.session_state:
        _run_through_app_py()
    return st.session_state.filters


def _through_app_py() -> None:
    """Before any figure is read: make sure this run went through app.py (login, filters)."""
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        _run_through_app_py()


def _run_through_app_py() -> None:
    """A page ran without app.py: the first visit after a server start was a link to a page.

    Streamlit treats an app with a pages/ folder as a legacy multipage app until app.py has once
    called st.navigation, and until then it runs a linked page file on its own, without our sidebar
    and filters. Telling it now that the app uses st.navigation and rerunning sends this and every
    later run through app.py, which then opens the linked page.
    """
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False
    st.rerun()


def example_badge() -> None:
    st.badge(EXAMPLE_BADGE, icon=":material/science:", color="orange", help=EXAMPLE_HELP)


def page_choice(label: str, options: dict[str, str], param: str) -> str:
    """A row of pills kept in the URL (`?param=id`); options maps id -> label."""
    key = f"choice_{param}"
    if st.session_state.get(key) not in options:
        asked = st.query_params.get(param)
        st.session_state[key] = asked if asked in options else next(iter(options))
    st.pills(label, options=list(options), key=key, format_func=options.get, selection_mode="single")
    if st.session_state.get(key) is None:  # pills can be clicked off; keep one chosen
        st.session_state[key] = next(iter(options))
    _set_param(param, st.session_state[key])
    return st.session_state[key]


def table(frame, numeric_columns: list[str]) -> None:
    """A display table: numbers right-aligned, the symbols explained on the value column."""
    config = {column: st.column_config.TextColumn(alignment="right") for column in numeric_columns}
    config[frame.columns[0]] = st.column_config.TextColumn(width="medium")
    if "Verdi" in numeric_columns:
        config["Verdi"] = st.column_config.TextColumn(alignment="right", help=SYMBOLS_HELP)
    st.dataframe(frame, hide_index=True, width="stretch", column_config=config)


def indicator_detail(view) -> None:
    """Side-by-side bars and map, the trend at full width, the table, then the footnote; each exportable."""
    if view.is_example:
        example_badge()
    key, name = view.indicator["indicator_id"], f"{view.indicator['name']} {view.year}"
    left, right = st.columns([3, 2], gap="large")
    with left:
        st.vega_lite_chart(view.bar_spec, width="stretch")
        export_buttons(f"bar-{key}", name, view.bar_spec, None, view.footnote)
    if view.map_spec is not None:
        with right:
            st.vega_lite_chart(view.map_spec, width="stretch")
            export_buttons(f"map-{key}", f"{name} kart", view.map_spec, None, view.footnote)
    st.vega_lite_chart(view.trend_spec, width="stretch")
    export_buttons(
        f"trend-{key}", f"{view.indicator['name']} utvikling", view.trend_spec, None, view.footnote
    )
    table(view.table, view.numeric_columns)
    st.caption(view.footnote)
    export_buttons(f"table-{key}", name, None, view.table, view.footnote)


def target_editor(region: dict) -> None:
    """Form for an editor to set the region's target (e.g. 100 leaders trained by 2026)."""
    from kompetanse.indicators.comparison import catalogue
    from kompetanse.views.lederutvikling import DEFAULT_TARGET_INDICATOR, set_target

    with st.expander("Sett eller endre mål (for redaktører)"):
        user = login.writer("sette mål for regionen")
        if user is None:
            return
        indicators = catalogue(database()).filter(pl.col("theme_id") == "lederutvikling")
        by_id = {row["indicator_id"]: row for row in indicators.iter_rows(named=True)}
        with st.form("target"):
            indicator_id = st.selectbox(
                "Indikator",
                list(by_id),
                index=list(by_id).index(DEFAULT_TARGET_INDICATOR),
                format_func=lambda i: by_id[i]["name"],
            )
            value = st.number_input("Mål", min_value=0.0, value=100.0, step=1.0)
            year = st.number_input(
                "Innen år", min_value=2000, max_value=2100, value=datetime.now().year + 1, step=1
            )
            note = st.text_input("Merknad (valgfritt)", max_chars=500)
            if st.form_submit_button("Lagre mål"):
                try:
                    set_target(
                        database_path(),
                        database(),
                        region["region_id"],
                        by_id[indicator_id],
                        value,
                        int(year),
                        note,
                        user=user,
                    )
                except KompetanseError as error:
                    st.error(str(error))
                else:
                    st.success("Målet er lagret.")
                    st.rerun()


def municipality_choice(region: dict) -> tuple[str, ...]:
    """Any municipalities (Sammenlign), kept in the URL as ?utvalg=1866,0301."""
    from kompetanse.views.sammenlign import MAX_MUNICIPALITIES

    everyone = query("municipalities")
    labels = {
        row["kommunenummer"]: f"{row['name']} ({row['county_name'].split(' - ')[0]})"
        for row in everyone.iter_rows(named=True)
    }
    if "utvalg" not in st.session_state:
        asked = [code for code in st.query_params.get("utvalg", "").split(",") if code in labels]
        default = list(
            st.session_state.filters.kommuner
            or query("region_municipalities", region_id=region["region_id"])["kommunenummer"]
        )
        st.session_state.utvalg = (asked or default)[:MAX_MUNICIPALITIES]
    st.multiselect(
        "Kommuner",
        options=list(labels),
        key="utvalg",
        format_func=labels.get,
        max_selections=MAX_MUNICIPALITIES,
        placeholder="Skriv et kommunenavn",
    )
    _set_param("utvalg", ",".join(st.session_state.utvalg) or None)
    return tuple(st.session_state.utvalg)


def indicator_choice() -> tuple[str, ...]:
    """Any indicators (Sammenlign), kept in the URL as ?indikatorer=heltid_andel,sykefravaer_andel."""
    from kompetanse.indicators.comparison import catalogue

    rows = catalogue(database())
    labels = {
        row["indicator_id"]: f"{row['name']} ({row['theme_name']})" for row in rows.iter_rows(named=True)
    }
    if "indikatorer" not in st.session_state:
        asked = [i for i in st.query_params.get("indikatorer", "").split(",") if i in labels]
        st.session_state.indikatorer = asked or rows.filter(pl.col("is_headline"))["indicator_id"].to_list()
    st.multiselect("Indikatorer", options=list(labels), key="indikatorer", format_func=labels.get)
    _set_param("indikatorer", ",".join(st.session_state.indikatorer) or None)
    return tuple(st.session_state.indikatorer)


def newest_year(indicator_ids: tuple[str, ...]) -> int | None:
    """The newest year with figures for the first indicator (when the region has none)."""
    for indicator_id in indicator_ids:
        year = query("latest_year", indicator_id=indicator_id)["year"][0]
        if year is not None:
            return year
    return None


def template_download() -> None:
    """Download an Excel template for a theme, for the region in the sidebar."""
    from kompetanse.ingest.templates import theme_template

    filters = current_filters()
    themes = {
        "kompetanse": "Kompetansegap",
        "lederutvikling": "Lederutvikling",
        "rekruttering": "Rekruttering",
    }
    with st.expander("Last ned en mal å fylle ut"):
        theme_id = st.selectbox("Tema", list(themes), format_func=themes.get)
        year = filters.year or datetime.now().year - 1
        st.download_button(
            f"Last ned mal for {themes[theme_id].lower()} ({filters.region['name']}, {year})",
            data=lambda: theme_template(database(), filters.region, theme_id, themes[theme_id], year),
            file_name=f"mal-{theme_id}-{filters.region['slug']}-{year}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )


def indicator_section(theme_id: str, heading: str | None = "Indikatorer") -> None:
    """Pills with the theme's indicators (kept in the URL) and the chosen one in detail."""
    from kompetanse.indicators.comparison import theme_indicators
    from kompetanse.indicators.view import indicator_view

    filters = current_filters()
    if heading:
        st.header(heading, divider="gray")
    chosen = page_choice("Velg indikator", cached(theme_indicators, theme_id), "indikator")
    indicator_detail(
        cached(indicator_view, filters.region, chosen, filters.year, filters.kommuner, filters.show_measures)
    )


def table_section(heading: str, view) -> None:
    """A heading, the example badge where needed, a table and its footnote."""
    st.header(heading, divider="gray")
    if view.is_example:
        example_badge()
    table(view.table, view.numeric_columns)
    st.caption(view.footnote)
    export_buttons(heading, heading, None, view.table, view.footnote)


def export_buttons(key: str, title: str, chart_spec: dict | None, frame, footnote: str) -> None:
    """PNG and SVG of the chart and Excel of the table, each built only when clicked."""
    from kompetanse.exports.excel import table_xlsx
    from kompetanse.exports.images import chart_png, chart_svg
    from kompetanse.rules.names import slugify

    name = slugify(title) or "eksport"
    columns = st.columns([1, 1, 1, 5])
    if chart_spec is not None:
        columns[0].download_button(
            "PNG",
            data=lambda: chart_png(chart_spec, footnote),
            file_name=f"{name}.png",
            mime="image/png",
            key=f"png-{key}",
            icon=":material/image:",
        )
        columns[1].download_button(
            "SVG",
            data=lambda: chart_svg(chart_spec, footnote),
            file_name=f"{name}.svg",
            mime="image/svg+xml",
            key=f"svg-{key}",
            icon=":material/draw:",
        )
    if frame is not None:
        columns[2].download_button(
            "Excel",
            data=lambda: table_xlsx(frame, title, footnote),
            file_name=f"{name}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key=f"xlsx-{key}",
            icon=":material/table:",
        )


def meeting_pack_button(region: dict, year: int | None) -> None:
    """The whole region as a PowerPoint deck, one click."""
    from kompetanse.rules.names import slugify
    from kompetanse.views.presentasjon import meeting_pack

    st.download_button(
        "Last ned møtepakke (PowerPoint)",
        data=lambda: meeting_pack(database(), region, year),
        file_name=f"motepakke-{slugify(region['name'])}-{year or 'nyeste'}.pptx",
        mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
        icon=":material/slideshow:",
        type="primary",
    )


def view_choice(options: dict[str, str], default: tuple[str, ...], show: bool = True) -> tuple[str, ...]:
    """The views to present, kept in the URL as ?visninger=bar:heltid_andel,programmes.

    The choice is also kept apart from the widget, which is not drawn while presenting.
    """
    if "chosen_views" not in st.session_state:
        asked = [v for v in st.query_params.get("visninger", "").split(",") if v in options]
        st.session_state.chosen_views = asked or [v for v in default if v in options]
    if show:
        if "visninger" not in st.session_state:
            st.session_state.visninger = st.session_state.chosen_views
        st.multiselect("Visninger", options=list(options), key="visninger", format_func=options.get)
        st.session_state.chosen_views = st.session_state.visninger
    _set_param("visninger", ",".join(st.session_state.chosen_views) or None)
    return tuple(st.session_state.chosen_views)


def slide_number(view_count: int) -> int | None:
    """The slide shown (0 = title slide), or None while choosing; kept in the URL as ?lysbilde=N."""
    if "slide" not in st.session_state:
        st.session_state.slide = _int_param("lysbilde")
    slide = st.session_state.slide
    if slide is not None:
        slide = min(slide, view_count)
    _set_param("lysbilde", None if slide is None else str(slide))
    return slide


def go_to_slide(slide: int | None) -> None:
    st.session_state.slide = slide
    _set_param("lysbilde", None if slide is None else str(slide))
    st.rerun()


def municipality_param() -> str:
    """The municipality of the profile, from ?kommune=1868 (default: the first in the region)."""
    everyone = query("municipalities")
    labels = {
        row["kommunenummer"]: f"{row['name']} ({row['kommunenummer']})"
        for row in everyone.iter_rows(named=True)
    }
    if st.session_state.get("profil_kommune") not in labels:
        asked = st.query_params.get("kommune", "")
        first = query("region_municipalities", region_id=current_filters().region["region_id"])[
            "kommunenummer"
        ]
        st.session_state.profil_kommune = asked if asked in labels else first[0]
    st.selectbox("Kommune", list(labels), key="profil_kommune", format_func=labels.get)
    _set_param("kommune", st.session_state.profil_kommune)
    return st.session_state.profil_kommune


def search_box() -> None:
    """Search in the sidebar on every page: links to the municipality, region, indicator or entry."""
    from kompetanse.views.search import MAX_QUERY_CHARS, build_index, search

    text = st.sidebar.text_input(
        "Søk", key="sok", placeholder="Kommune, region, indikator …", max_chars=MAX_QUERY_CHARS
    )
    if not text.strip():
        return
    hits = search(cached(build_index), text)
    if not hits:
        st.sidebar.caption(f"Fant ingenting for «{text}».")
    for hit in hits:
        st.sidebar.page_link(hit.entry.page, label=hit.entry.label, query_params=dict(hit.entry.params))


from kompetanse.ui import login  # noqa: E402  (login uses database() and cached() defined above)
from kompetanse.ui.login import account_box, current_user, require_viewer, writer  # noqa: E402, F401
