"""Lederutvikling: progress towards the region's target, leader programmes, and leader indicators."""

import streamlit as st

from kompetanse.i18n import _
from kompetanse.ui import login, panels, sidebar
from kompetanse.ui.targets import target_section
from kompetanse.views.lederutvikling import DEFAULT_TARGET_INDICATOR, programme_view

database = login.database()
filters = sidebar.current_filters()
region = filters.region
st.title(_("Lederutvikling: {name}", name=region["name"]))
st.markdown(_("Får lederne opplæringen de trenger, og når regionen målet sitt?"))

target_section(database, region, filters.year, DEFAULT_TARGET_INDICATOR)

panels.panel(programme_view(database, region, filters.year, filters.kommuner, filters.focus))
panels.indicator_section(database, filters, "lederutvikling", page="lederutvikling")
