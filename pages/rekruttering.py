"""Rekruttering: positions, applicants, apprentices, fagbrev, full-time and sickness absence side by side."""

import streamlit as st

from kompetanse import ui

filters = ui.current_filters()
region = filters.region
st.title(f"Rekruttering: {region['name']}")
st.markdown(
    "Får kommunene tak i og beholder de folk? Lærlinger vises også per 1000 innbyggere mot KS' anbefaling "
    "om minst 2."
)
ui.indicator_section("rekruttering", heading=None)
