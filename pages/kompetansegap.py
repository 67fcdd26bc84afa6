"""Kompetansegap: need versus cover, then any competence indicator side by side, over time and on a map."""

import streamlit as st

from kompetanse import ui
from kompetanse.views.kompetansegap import GAPS, care_staff_view, gap_view, share_gap_view

filters = ui.current_filters()
region = filters.region
st.title(f"Kompetansegap: {region['name']}")
st.markdown("Har kommunene fagfolkene tjenestene trenger, og hvor mange mangler?")

for spec in GAPS:
    gap = ui.cached(gap_view, region, filters.year, filters.kommuner, spec)
    st.header(gap.title, divider="gray")
    if gap.is_example:
        ui.example_badge()
    st.markdown(f"**{gap.headline}**")
    left, right = st.columns([3, 2], gap="large")
    left.vega_lite_chart(gap.chart_spec, width="stretch")
    with right:
        ui.table(gap.table, gap.numeric_columns)
    st.caption(gap.footnote)
    ui.export_buttons(spec[1], gap.title, gap.chart_spec, gap.table, gap.footnote)

care = ui.cached(care_staff_view, region, filters.year, filters.kommuner)
ui.table_section("Omsorgstjenestene: årsverk etter utdanning", care)

further = ui.cached(share_gap_view, region, filters.year, filters.kommuner, "videreutdanning_andel")
ui.table_section(f"Videreutdanning: {further.title.lower()}", further)

ui.indicator_section("kompetanse")
