"""Entry point: page navigation and the shared sidebar (filters kept in the URL)."""

import streamlit as st

from kompetanse import ui

st.set_page_config(page_title="Kompetanse og rekruttering", page_icon=":material/groups:", layout="wide")

pages = [
    st.Page("pages/oversikt.py", title="Oversikt", icon=":material/dashboard:", default=True),
    st.Page("pages/kompetansegap.py", title="Kompetansegap", icon=":material/school:"),
    st.Page("pages/lederutvikling.py", title="Lederutvikling", icon=":material/supervisor_account:"),
    st.Page("pages/rekruttering.py", title="Rekruttering", icon=":material/person_add:"),
    st.Page("pages/sammenlign.py", title="Sammenlign", icon=":material/compare_arrows:"),
    st.Page("pages/kommuneprofil.py", title="Kommuneprofil", icon=":material/location_city:"),
    st.Page("pages/tiltak.py", title="Tiltak og resultater", icon=":material/task_alt:"),
    st.Page("pages/innspill.py", title="Innspill fra temamøter", icon=":material/forum:"),
    st.Page("pages/presentasjon.py", title="Presentasjon", icon=":material/slideshow:"),
    st.Page("pages/importer.py", title="Importer data", icon=":material/upload_file:"),
    st.Page("pages/om_dataene.py", title="Om dataene", icon=":material/info:"),
]
navigation = st.navigation(pages)
ui.database()
ui.search_box()
ui.sidebar_filters()
navigation.run()
