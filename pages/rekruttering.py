"""Rekruttering: positions, applicants, apprentices, fagbrev, full-time and sickness absence side by side."""

import streamlit as st

from kompetanse.i18n import _
from kompetanse.ui import login, panels, sidebar

database = login.database()
filters = sidebar.current_filters()
st.title(_("Rekruttering: {name}", name=filters.region["name"]))
st.markdown(
    _(
        "Får kommunene tak i og beholder de folk? Lærlinger vises også per 1000 innbyggere mot KS' "
        "anbefaling om minst 2."
    )
)
panels.indicator_section(database, filters, "rekruttering", page="rekruttering", heading=None)
