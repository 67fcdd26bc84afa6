"""Lederutvikling: progress towards the region's target, leader programmes, and leader indicators."""

import streamlit as st

from kompetanse import ui
from kompetanse.views.lederutvikling import programme_view, target_progress

filters = ui.current_filters()
region = filters.region
st.title(f"Lederutvikling: {region['name']}")
st.markdown("Får lederne opplæringen de trenger, og når regionen målet sitt?")

st.header("Mål for regionen", divider="gray")
progress = ui.cached(target_progress, region, filters.year)
for target in progress:
    st.progress(min(1.0, (target.share or 0) / 100), text=target.text)
if not progress:
    st.info("Ingen mål er satt for denne regionen ennå.")
ui.target_editor(region)

programmes = ui.cached(programme_view, region, filters.year, filters.kommuner)
st.header("Lederprogrammer", divider="gray")
if programmes.is_example:
    ui.example_badge()
st.vega_lite_chart(programmes.chart_spec, width="stretch")
ui.table(programmes.table, programmes.numeric_columns)
st.caption(programmes.footnote)
ui.export_buttons(
    "programmer", "Lederprogrammer", programmes.chart_spec, programmes.table, programmes.footnote
)

ui.indicator_section("lederutvikling")
