"""The only module that imports Streamlit: cached database access and shared widgets."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from kompetanse import regions as region_domain
from kompetanse.build import build
from kompetanse.config import database_path
from kompetanse.db import Database, open_database
from kompetanse.errors import KompetanseError

EXAMPLE_BADGE = "Eksempeldata"
EXAMPLE_HELP = (
    "Genererte tall som viser hvordan verktøyet virker. De er ikke offisielle tall og skal "
    "ikke brukes som fakta om kommunen."
)


@st.cache_resource(validate=lambda database: database.is_current(), show_spinner=False)
def _open(path: str) -> Database:
    return open_database(Path(path))


def database() -> Database:
    """The process-wide read-only database; builds it from data/ on first start."""
    path = database_path()
    try:
        if not path.exists():
            with st.spinner("Bygger databasen fra filene i data/ (første oppstart) …"):
                build(path)
        return _open(str(path))
    except KompetanseError as error:
        st.error(str(error))
        st.stop()


@st.cache_data(show_spinner=False)
def _regions(path: str, token: str):
    return region_domain.all_regions(database())


def regions():
    """All regions and networks (cached per database version)."""
    db = database()
    return _regions(str(db.path), db.version_token)


def region_picker() -> dict:
    """Sidebar picker for region or network, kept in the URL as ?region=Name."""
    frame = regions()
    by_id = {row["region_id"]: row for row in frame.iter_rows(named=True)}
    if "region_id" not in st.session_state or st.session_state.region_id not in by_id:
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
    if st.query_params.get("region") != chosen["name"]:
        st.query_params["region"] = chosen["name"]
    return chosen


def current_region() -> dict:
    """The region chosen in the sidebar."""
    return next(r for r in regions().iter_rows(named=True) if r["region_id"] == st.session_state.region_id)


def example_badge() -> None:
    st.badge(EXAMPLE_BADGE, icon=":material/science:", color="orange", help=EXAMPLE_HELP)


@st.cache_data(show_spinner=False, max_entries=1024)
def _run_cached(function_key: str, path: str, token: str, args: tuple, _function):
    return _function(database(), *args)


def cached(function, *args):
    """`function(database, *args)`, cached per database version and (small, hashable) arguments."""
    db = database()
    key = f"{function.__module__}.{function.__qualname__}"
    return _run_cached(key, str(db.path), db.version_token, args, function)
