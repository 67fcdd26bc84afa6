"""Entry point: page navigation and the shared sidebar (region picker)."""

import streamlit as st

from kompetanse import ui

st.set_page_config(page_title="Kompetanse og rekruttering", page_icon=":material/groups:", layout="wide")

pages = [
    st.Page("pages/oversikt.py", title="Oversikt", icon=":material/dashboard:", default=True),
]
navigation = st.navigation(pages)
ui.database()
ui.region_picker()
navigation.run()
