"""The app's pages for st.navigation, and a workaround for how Streamlit 1.67 learns that the app
uses st.navigation (its private page manager).

Pages (app.py lists them): `st.Page("pages/x.py")` finds its file on the disk (a realpath of every
part of the path) and checks title and icon each time it is made, about 1 ms of every run for our
15 pages. `navigation_pages` makes them once per process and list (the titles are in the run's
language) and hands each run shallow copies: st.navigation marks the page it returns as the one
that may run and Page.run unmarks it, so shared objects would let two sessions' runs interfere.

Runs outside app.py: with a `pages/` folder, Streamlit treats the app as a legacy multipage app
until app.py has once called st.navigation, and until then it runs a linked page file on its own,
without our sidebar, login and filters: the first visit after a server start that goes straight to
/kompetansegap. Telling it that the app uses st.navigation and rerunning sends this and every later
run through app.py, which then opens the linked page (a browser test covers it).
"""

from __future__ import annotations

import copy
import threading
from pathlib import Path

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner import get_script_run_ctx

PageSpec = tuple[str, str, str]  # the page's file, its title in the run's language, its icon
_made: dict[tuple, list[st.Page]] = {}
_made_lock = threading.Lock()


def navigation_pages(folder: Path, listed: tuple[PageSpec, ...]) -> list[st.Page]:
    """st.Page for each (file in `folder`, title, icon), the first the default page: fresh copies of
    pages made once."""
    key = (str(folder), listed)
    with _made_lock:
        made = _made.get(key)
    if made is None:
        made = [
            st.Page(folder / path, title=title, icon=icon, default=number == 0)
            for number, (path, title, icon) in enumerate(listed)
        ]
        if get_script_run_ctx() is not None:  # outside a run st.Page makes only a stub: not kept
            with _made_lock:
                _made[key] = made  # a few lists: each language, with and without the admin page
    return [copy.copy(page) for page in made]


def through_app_py() -> None:
    """Before any figure is read: make sure this run went through app.py (login, filters)."""
    if PagesManager.uses_pages_directory:
        run_through_app_py()


def run_through_app_py() -> None:
    """Rerun a page that ran without app.py, this time through app.py."""
    PagesManager.uses_pages_directory = False
    st.rerun()
