"""Oversikt: the region's municipalities side by side on one headline indicator per theme."""

import streamlit as st

from kompetanse.rules.names import slugify
from kompetanse.ui import login, panels, sidebar
from kompetanse.ui.targets import target_section
from kompetanse.views.oversikt import overview
from kompetanse.views.presentasjon import meeting_pack

database = login.database()
filters = sidebar.current_filters()
view = overview(database, filters.region, filters.year, filters.kommuner, filters.focus, filters.since)

st.title(f"Oversikt: {view.region_name}")
st.markdown(view.intro)
for column, (label, value, help_text) in zip(st.columns(len(view.key_figures)), view.key_figures):
    column.metric(label, value, help=help_text)
st.download_button(
    "Last ned møtepakke (PowerPoint)",
    data=lambda: meeting_pack(database, filters.region, filters.year),
    file_name=f"motepakke-{slugify(filters.region['name'])}-{filters.year or 'nyeste'}.pptx",
    mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
    icon=":material/slideshow:",
    type="primary",
)
for panel in view.panels:
    panels.panel(panel)
target_section(database, filters.region, filters.year)
