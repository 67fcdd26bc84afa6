"""Sammenlign: any 2-8 municipalities, also across regions, on any indicators, with ranks."""

import streamlit as st

from kompetanse import ui
from kompetanse.views.sammenlign import MAX_MUNICIPALITIES, MIN_MUNICIPALITIES, compare_view

filters = ui.current_filters()
st.title("Sammenlign kommuner")
st.markdown(
    f"Velg {MIN_MUNICIPALITIES}–{MAX_MUNICIPALITIES} kommuner, også fra ulike regioner, "
    "og indikatorene du vil se."
)

municipalities = ui.municipality_choice(filters.region)
indicators = ui.indicator_choice()
year = filters.year or ui.newest_year(indicators)

if not MIN_MUNICIPALITIES <= len(municipalities) <= MAX_MUNICIPALITIES:
    st.warning(f"Velg mellom {MIN_MUNICIPALITIES} og {MAX_MUNICIPALITIES} kommuner.")
elif not indicators:
    st.warning("Velg minst én indikator.")
else:
    view = ui.cached(compare_view, municipalities, indicators, year)
    if view.is_example:
        ui.example_badge()
    ui.table(view.table, view.numeric_columns)
    st.vega_lite_chart(view.chart_spec, width="stretch")
    st.subheader("Plass i landet")
    ui.table(view.ranks, [c for c in view.ranks.columns if c != "Indikator"])
    st.caption(view.footnote)
    ui.export_buttons("sammenlign", f"Sammenligning {year}", view.chart_spec, view.table, view.footnote)
