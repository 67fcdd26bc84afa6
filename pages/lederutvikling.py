"""Lederutvikling: progress towards the region's target, leader programmes, and leader indicators."""

from datetime import datetime

import polars as pl
import streamlit as st

from kompetanse.errors import KompetanseError
from kompetanse.indicators.comparison import catalogue
from kompetanse.ui import login, panels, sidebar
from kompetanse.views.lederutvikling import (
    DEFAULT_TARGET_INDICATOR,
    Target,
    programme_view,
    set_target,
    target_progress,
)

database = login.database()
filters = sidebar.current_filters()
region = filters.region
st.title(f"Lederutvikling: {region['name']}")
st.markdown("Får lederne opplæringen de trenger, og når regionen målet sitt?")

st.header("Mål for regionen", divider="gray")
progress = target_progress(database, region, filters.year)
for target in progress:
    st.progress(min(1.0, (target.share or 0) / 100), text=target.text)
if not progress:
    st.info("Ingen mål er satt for denne regionen ennå.")

with st.expander("Sett eller endre mål (for redaktører)"):
    user = login.writer("sette mål for regionen")
    if user is not None:
        indicators = catalogue(database).filter(pl.col("theme_id") == "lederutvikling")
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
                        database, Target(region["region_id"], indicator_id, value, int(year), note), user
                    )
                except KompetanseError as error:
                    st.error(str(error))
                else:
                    st.success("Målet er lagret.")
                    st.rerun()

panels.panel(programme_view(database, region, filters.year, filters.kommuner, filters.focus))
panels.indicator_section(database, filters, "lederutvikling", page="lederutvikling")
