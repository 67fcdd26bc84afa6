"""Innspill fra temamøter: record what units say, categorise it, and see which challenges are most common."""

from datetime import date

import streamlit as st

from kompetanse.errors import KompetanseError
from kompetanse.i18n import translated
from kompetanse.rules.formatting import plain_text
from kompetanse.rules.regions import members
from kompetanse.ui import login, panels, sidebar
from kompetanse.views.innspill import QUESTIONS, MeetingInputs, add_category, add_inputs, inputs_view

database = login.database()
filters = sidebar.current_filters()
region = filters.region
st.title(f"Innspill fra temamøter: {region['name']}")
st.markdown(
    "Metoden fra Kristiansund: i hver enhet svarer de ansatte på to spørsmål: hva er den største "
    "utfordringen for kompetanse og rekruttering **i dag**, og hva blir den **fremover**? Innspillene "
    "sorteres i kategorier, og tellingen viser hvilke utfordringer som går igjen i nettverket."
)
view = inputs_view(database, region)
if view.total == 0:
    st.info("Ingen innspill er registrert for kommunene i regionen ennå.")
else:
    st.vega_lite_chart(view.chart_spec, width="stretch")
    st.subheader("Innspill per kategori, kommune og enhet")
    panels.dataframe(view.counts)
    st.subheader(f"Alle innspill ({view.total})")
    panels.dataframe(view.inputs)

with st.expander("Registrer innspill fra et temamøte (for redaktører)"):
    user = login.writer("registrere innspill")
    if user is not None:
        found = members(database, region["region_id"])
        names = login.writable(user, dict(zip(found["kommunenummer"], found["name"])))
        categories = translated(database.query("input_categories"), "name")
        category_names = {
            None: "Ikke kategorisert",
            **dict(zip(categories["category_id"], categories["name"])),
        }
        with st.form("innspill"):
            kommune = st.selectbox("Kommune", list(names), format_func=names.get)
            unit = st.text_input("Enhet", max_chars=120, placeholder="For eksempel Sjøgata sykehjem")
            when = st.date_input("Møtedato", value=date.today(), format="DD.MM.YYYY")
            question = st.radio("Spørsmål", list(QUESTIONS), format_func=QUESTIONS.get, horizontal=True)
            category = st.selectbox("Kategori", list(category_names), format_func=category_names.get)
            text = st.text_area("Innspill (ett per linje)", max_chars=20000)
            if st.form_submit_button("Lagre innspillene"):
                try:
                    inputs = MeetingInputs(kommune, unit, when, question, tuple(text.splitlines()), category)
                    saved = add_inputs(database, inputs, user=user)
                except KompetanseError as error:
                    st.error(str(error))
                else:
                    st.success(f"Lagret {saved} innspill.")
        with st.form("kategori"):
            name = st.text_input("Ny kategori", max_chars=80)
            if st.form_submit_button("Legg til kategori"):
                try:
                    add_category(database, name, user)
                except KompetanseError as error:
                    st.error(str(error))
                else:
                    st.success(f"Kategorien «{plain_text(name.strip())}» er lagt til.")
