"""Oversikt: the region's municipalities side by side on one headline indicator per theme."""

import streamlit as st

from kompetanse.i18n import _, keeping_language
from kompetanse.ui import login, panels, sidebar
from kompetanse.ui.targets import target_section
from kompetanse.views.oversikt import overview
from kompetanse.views.saved_presentations import DEFAULT_PACK, pack, pack_file_name, saved_presentations

database = login.database()
filters = sidebar.current_filters()
view = overview(database, filters.region, filters.year, filters.kommuner, filters.focus, filters.since)

st.title(_("Oversikt: {region}", region=view.region_name))
st.markdown(view.intro)
for column, (label, value, help_text) in zip(st.columns(len(view.key_figures)), view.key_figures):
    column.metric(label, value, help=help_text)
saved = [
    presentation.name for presentation in saved_presentations(database, filters.region["region_id"]).values()
]
default_name = _(DEFAULT_PACK)  # a format_func may be called after the run: translated here
pack_name = (
    st.selectbox(
        _("Møtepakke"),
        [DEFAULT_PACK, *saved],
        format_func=lambda name: default_name if name == DEFAULT_PACK else name,
        help=_("Presentasjoner lagret på siden Presentasjon."),
    )
    if saved
    else DEFAULT_PACK
)
st.download_button(
    _("Last ned møtepakke (PowerPoint)"),
    data=keeping_language(lambda: pack(database, filters.region, filters.year, pack_name)),
    file_name=pack_file_name(pack_name, filters.region, filters.year),
    mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
    icon=":material/slideshow:",
    type="primary",
    on_click="ignore",  # see panels.export_buttons
)
for panel in view.panels:
    panels.panel(panel)
target_section(database, filters.region, filters.year)
