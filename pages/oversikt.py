"""Oversikt: the region's municipalities side by side on one headline indicator per theme."""

import streamlit as st

from kompetanse import ui
from kompetanse.views.oversikt import overview

filters = ui.current_filters()
view = ui.cached(overview, filters.region, filters.year, filters.kommuner)

st.title(f"Oversikt: {view.region_name}")
st.markdown(view.intro)
for column, (label, value, help_text) in zip(st.columns(len(view.key_figures)), view.key_figures):
    column.metric(label, value, help=help_text)
ui.meeting_pack_button(filters.region, filters.year)

for section in view.sections:
    st.header(section.heading, divider="gray")
    if section.view.is_example:
        ui.example_badge()
    chart_column, table_column = st.columns([3, 2], gap="large")
    chart_column.vega_lite_chart(section.view.bar_spec, width="stretch")
    with table_column:
        ui.table(section.view.table, section.view.numeric_columns)
    st.caption(section.view.footnote)
    ui.export_buttons(
        section.theme_id, section.heading, section.view.bar_spec, section.view.table, section.view.footnote
    )
