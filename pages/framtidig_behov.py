"""Framtidig behov: årsverk needed in barnehage and omsorg in the chosen years, recruitment per year."""

import streamlit as st

from kompetanse.i18n import _
from kompetanse.ui import assumptions, login, panels, sidebar
from kompetanse.views.framtidig_behov import future_view
from kompetanse.views.future_county import county_context
from kompetanse.views.future_data import projection_info

database = login.database()
filters = sidebar.current_filters()
region = filters.region
st.title(_("Framtidig behov: {region}", region=region["name"]))
info = projection_info(database)
if info is None:
    view = future_view(database, region, filters.kommuner, assumptions.DEFAULTS, (), 0)
    st.info(view.message, icon=":material/info:")
    st.stop()

choices = st.columns([1, 2])
horizon = assumptions.horizon(info, choices[0])
years = assumptions.years(info, choices[1])
box = st.expander(_("Forutsetninger (standardverdier og kilder; endre dem her)"), icon=":material/tune:")
chosen = assumptions.assumptions(box)
view = future_view(database, region, filters.kommuner, chosen, years, horizon, filters.focus)
st.markdown(view.intro)
for panel in view.panels:
    panels.panel(panel)
# SSB's official county projection beside the (example) municipal need, as context, never mixed in.
context = county_context(database, region["region_id"], info.start, horizon)
if context is not None:
    st.subheader(_("Fylket i SSBs offisielle framskriving"))
    st.markdown("\n".join(f"- {line}" for line in context.lines))  # our own text from SSB's figures
    st.caption(context.source)
