"""A workaround for how Streamlit 1.67 learns that the app uses st.navigation (its private page manager).

With a `pages/` folder, Streamlit treats the app as a legacy multipage app until app.py has once
called st.navigation, and until then it runs a linked page file on its own, without our sidebar,
login and filters: the first visit after a server start that goes straight to /kompetansegap.
Telling it that the app uses st.navigation and rerunning sends this and every later run through
app.py, which then opens the linked page (a browser test covers it).
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def through_app_py() -> None:
    """Before any figure is read: make sure this run went through app.py (login, filters)."""
    if PagesManager.uses_pages_directory:
        run_through_app_py()


def run_through_app_py() -> None:
    """Rerun a page that ran without app.py, this time through app.py."""
    PagesManager.uses_pages_directory = False
    st.rerun()
