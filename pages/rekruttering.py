"""Rekruttering: positions, applicants, apprentices, fagbrev, full-time and sickness absence side by side."""

import streamlit as st

from kompetanse import ui
from kompetanse.comparison import theme_indicators
from kompetanse.indicator_view import indicator_view

filters = ui.current_filters()
region = filters.region
st.title(f"Rekruttering: {region['name']}")
st.markdown(
    "Får kommunene tak i og beholder de folk? Lærlinger vises også per 1000 innbyggere mot KS' anbefaling "
    "om minst 2."
)
options = ui.cached(theme_indicators, "rekruttering")
chosen = ui.page_choice("Velg indikator", options, "indikator")
ui.indicator_detail(
    ui.cached(indicator_view, region, chosen, filters.year, filters.kommuner, filters.show_measures)
)
