"""The app's pages (ui/navigation.py) in the real app (AppTest): made once per process and language,
every run navigating with copies of its own."""

import streamlit as st
from streamlit.testing.v1 import AppTest
from test_app_pages import log_in, open_page

from kompetanse.ui import navigation


def page_inits(monkeypatch) -> list[str]:
    """Every st.Page Streamlit makes from here on, by title (a spy on Streamlit's class, not on ours),
    with none made before in this process (another test may have opened the app in nynorsk)."""
    monkeypatch.setattr(navigation, "_made", {})
    made = []
    original = st.Page.__init__

    def counting(self, page, *args, **kwargs):
        made.append(kwargs.get("title"))
        original(self, page, *args, **kwargs)

    monkeypatch.setattr(st.Page, "__init__", counting)
    return made


def test_a_run_after_the_first_makes_no_page_object_of_its_own(app_db, monkeypatch):
    made = page_inits(monkeypatch)
    at = open_page()
    assert made.count("Oversikt") == 1
    made.clear()
    at.run()
    at.switch_page("pages/kompetansegap.py").run()
    assert not at.exception
    assert at.title[0].value.startswith("Kompetansegap")
    assert made == []


def test_the_pages_of_another_language_and_the_admin_page_are_made_once_each(app_db, monkeypatch):
    made = page_inits(monkeypatch)
    open_page()
    nynorsk = open_page(maal="nn")
    nynorsk.run()
    assert made.count("Kompetanseplanar") == 1  # the nynorsk list, once
    admin = log_in(open_page(), "admin")
    admin.switch_page("pages/administrasjon.py").run()
    assert not admin.exception
    assert admin.title[0].value == "Administrasjon"
    assert made.count("Administrasjon") == 1


def test_each_run_navigates_with_copies_so_marking_its_page_leaves_other_runs_alone():
    def script():
        from pathlib import Path

        import streamlit as st

        from kompetanse.config import REPO_DIR
        from kompetanse.ui.navigation import navigation_pages

        listed = (("pages/oversikt.py", "Oversikt", ":material/dashboard:"),)
        first, second = navigation_pages(REPO_DIR, listed), navigation_pages(Path(REPO_DIR), listed)
        first[0]._can_be_called = True  # what st.navigation does to the page it returns
        st.session_state.found = (
            first[0] is not second[0],
            getattr(second[0], "_can_be_called", False),
            second[0].title,
            str(second[0]._page),
        )

    at = AppTest.from_function(script, default_timeout=30)
    at.run()
    assert not at.exception
    distinct, marked, title, path = at.session_state.found
    assert distinct and not marked and title == "Oversikt"
    assert path.endswith("pages/oversikt.py")
