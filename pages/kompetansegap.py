"""Kompetansegap: need versus cover, then any competence indicator side by side, over time and on a map."""

import streamlit as st

from kompetanse.i18n import _
from kompetanse.ui import login, panels, sidebar
from kompetanse.views.kompetansegap import GAPS, care_staff_view, gap_view, share_gap_view

database = login.database()
filters = sidebar.current_filters()
region = filters.region
st.title(_("Kompetansegap: {region}", region=region["name"]))
st.markdown(_("Har kommunene fagfolkene tjenestene trenger, og hvor mange mangler?"))

for spec in GAPS:
    panels.panel(gap_view(database, region, filters.year, filters.kommuner, spec, filters.focus))
panels.panel(care_staff_view(database, region, filters.year, filters.kommuner))
panels.panel(share_gap_view(database, region, filters.year, filters.kommuner, "videreutdanning_andel"))
panels.indicator_section(database, filters, "kompetanse", page="kompetansegap")
