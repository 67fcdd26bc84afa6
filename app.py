"""Entry point: page navigation, the shared sidebar (search and filters kept in the URL) and the login."""

from pathlib import Path

import streamlit as st

from kompetanse.errors import DatabaseError
from kompetanse.i18n import N_, _
from kompetanse.ui import browser, language, login, sidebar
from kompetanse.ui.navigation import navigation_pages

PAGES = (  # file, title, icon; the first is the default page
    ("pages/oversikt.py", N_("Oversikt"), ":material/dashboard:"),
    ("pages/kompetansegap.py", N_("Kompetansegap"), ":material/school:"),
    ("pages/lederutvikling.py", N_("Lederutvikling"), ":material/supervisor_account:"),
    ("pages/rekruttering.py", N_("Rekruttering"), ":material/person_add:"),
    ("pages/framtidig_behov.py", N_("Framtidig behov"), ":material/trending_up:"),
    ("pages/tifaktor.py", N_("10-FAKTOR"), ":material/psychology:"),
    ("pages/kompetanseplaner.py", N_("Kompetanseplaner"), ":material/checklist:"),
    ("pages/sammenlign.py", N_("Sammenlign"), ":material/compare_arrows:"),
    ("pages/kommuneprofil.py", N_("Kommuneprofil"), ":material/location_city:"),
    ("pages/tiltak.py", N_("Tiltak og resultater"), ":material/task_alt:"),
    ("pages/innspill.py", N_("Innspill fra temamøter"), ":material/forum:"),
    ("pages/presentasjon.py", N_("Presentasjon"), ":material/slideshow:"),
    ("pages/importer.py", N_("Importer data"), ":material/upload_file:"),
    ("pages/om_dataene.py", N_("Om dataene"), ":material/info:"),
    ("pages/tilgjengelighet.py", N_("Tilgjengelighet"), ":material/accessibility_new:"),
)
ADMIN_PAGE = ("pages/administrasjon.py", N_("Administrasjon"), ":material/admin_panel_settings:")

language.early_language()  # ?maal= from the link, so even an error about the database file is in it
APP_TITLE = _("Kompetanse og rekruttering")
st.set_page_config(page_title=APP_TITLE, page_icon=":material/groups:", layout="wide")

database = login.database()  # explains a missing, damaged or locked database file and stops here
user = login.current_user()
chosen = language.choose_language(database, user)  # the 'Målform' switch, ?maal=; _() uses it from here
APP_TITLE = _("Kompetanse og rekruttering")
browser.install(chosen)  # our CSS, <html lang> and Norwegian for Streamlit's own texts
listed = PAGES + ((ADMIN_PAGE,) if user is not None and user.is_admin else ())
here = Path(__file__).absolute().parent  # __file__ may be relative (AppTest): absolute, not resolved
pages = navigation_pages(here, tuple((path, _(title), icon) for path, title, icon in listed))
navigation = st.navigation(pages)
# WCAG 2.4.2: each page its own title in the browser tab (the first call's title would name every page).
st.set_page_config(page_title=f"{navigation.title} – {APP_TITLE}")
login.require_viewer()
try:
    sidebar.search_box(database)
    sidebar.sidebar_filters(database)
    login.account_box()
    navigation.run()
except DatabaseError as error:  # the file is bad in a way opening it did not show, or went bad meanwhile
    st.error(str(error), icon=":material/database:")
