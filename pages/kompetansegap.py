"""Kompetansegap: need versus cover, then any competence indicator side by side, over time and on a map."""

import streamlit as st

from kompetanse import ui
from kompetanse.comparison import theme_indicators
from kompetanse.gaps import GAPS, care_staff_view, gap_view, share_gap_view
from kompetanse.indicator_view import indicator_view

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

care = ui.cached(care_staff_view, region, filters.year, filters.kommuner)
st.header("Omsorgstjenestene: årsverk etter utdanning", divider="gray")
if care.is_example:
    ui.example_badge()
ui.table(care.table, care.numeric_columns)
st.caption(care.footnote)

further = ui.cached(share_gap_view, region, filters.year, filters.kommuner, "videreutdanning_andel")
st.header(f"Videreutdanning: {further.title.lower()}", divider="gray")
if further.is_example:
    ui.example_badge()
ui.table(further.table, further.numeric_columns)
st.caption(further.footnote)

st.header("Indikatorer", divider="gray")
options = ui.cached(theme_indicators, "kompetanse")
chosen = ui.page_choice("Velg indikator", options, "indikator")
ui.indicator_detail(
    ui.cached(indicator_view, region, chosen, filters.year, filters.kommuner, filters.show_measures)
)
