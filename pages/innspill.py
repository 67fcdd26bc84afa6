"""Innspill fra temamøter: record what units say, categorise it, and see which challenges are most common."""

from datetime import date

import streamlit as st

from kompetanse.errors import KompetanseError
from kompetanse.i18n import N_, _, translated
from kompetanse.rules.formatting import plain_text
from kompetanse.rules.regions import members
from kompetanse.ui import login, panels, sidebar
from kompetanse.views.innspill import (
    QUESTIONS,
    UNCATEGORISED,
    MeetingInputs,
    add_category,
    add_inputs,
    inputs_view,
)

database = login.database()
filters = sidebar.current_filters()
region = filters.region
st.title(_("Innspill fra temamøter: {region}", region=region["name"]))
st.markdown(
    _(
        "Metoden fra Kristiansund: i hver enhet svarer de ansatte på to spørsmål: hva er den største "
        "utfordringen for kompetanse og rekruttering **i dag**, og hva blir den **fremover**? "
        "Innspillene sorteres i kategorier, og tellingen viser hvilke utfordringer som går igjen i "
        "nettverket."
    )
)
view = inputs_view(database, region)
if view.total == 0:
    st.info(_("Ingen innspill er registrert for kommunene i regionen ennå."))
else:
    st.vega_lite_chart(view.chart_spec, width="stretch")
    st.subheader(_("Innspill per kategori, kommune og enhet"))
    panels.dataframe(view.counts)
    st.subheader(_("Alle innspill ({count})", count=view.total))
    panels.dataframe(view.inputs)

with st.expander(_("Registrer innspill fra et temamøte (for redaktører)")):
    user = login.writer(N_("registrere innspill"))
    if user is not None:
        found = members(database, region["region_id"])
        names = login.writable(user, dict(zip(found["kommunenummer"], found["name"])))
        categories = translated(database.query("input_categories"), "name")
        category_names = {
            None: _(UNCATEGORISED),
            **{category: _(name) for category, name in zip(categories["category_id"], categories["name"])},
        }
        with st.form("innspill"):
            kommune = st.selectbox(_("Kommune"), list(names), format_func=names.get)
            unit = st.text_input(_("Enhet"), max_chars=120, placeholder=_("For eksempel Sjøgata sykehjem"))
            when = st.date_input(_("Møtedato"), value=date.today(), format="DD.MM.YYYY")
            question = st.radio(
                _("Spørsmål"), list(QUESTIONS), format_func=lambda q: _(QUESTIONS[q]), horizontal=True
            )
            category = st.selectbox(_("Kategori"), list(category_names), format_func=category_names.get)
            text = st.text_area(_("Innspill (ett per linje)"), max_chars=20000)
            if st.form_submit_button(_("Lagre innspillene")):
                try:
                    inputs = MeetingInputs(kommune, unit, when, question, tuple(text.splitlines()), category)
                    saved = add_inputs(database, inputs, user=user)
                except KompetanseError as error:
                    st.error(str(error))
                else:
                    st.success(_("Lagret {count} innspill.", count=saved))
        with st.form("kategori"):
            name = st.text_input(_("Ny kategori"), max_chars=80)
            if st.form_submit_button(_("Legg til kategori")):
                try:
                    add_category(database, name, user)
                except KompetanseError as error:
                    st.error(str(error))
                else:
                    st.success(_("Kategorien «{name}» er lagt til.", name=plain_text(name.strip())))
