"""Oversikt: the region's municipalities side by side on one headline indicator per theme."""

import streamlit as st

from kompetanse import ui
from kompetanse.overview import overview

region = ui.current_region()
view = ui.cached(overview, region["region_id"])

st.title(f"Oversikt: {region['name']}")
st.markdown(view.intro)
columns = st.columns(len(view.key_figures))
for column, (label, value, help_text) in zip(columns, view.key_figures):
    column.metric(label, value, help=help_text)

for section in view.sections:
    st.header(section.heading, divider="gray")
    if section.is_example:
        ui.example_badge()
    chart_column, table_column = st.columns([3, 2], gap="large")
    with chart_column:
        st.vega_lite_chart(section.chart_spec, width="stretch")
    with table_column:
        st.dataframe(
            section.table,
            hide_index=True,
            width="stretch",
            column_config={
                c: st.column_config.TextColumn(alignment="right") for c in section.numeric_columns
            },
        )
    st.caption(section.footnote)
