"""Entry point: page navigation, the shared sidebar (search and filters kept in the URL) and the login."""

import streamlit as st

from kompetanse.errors import DatabaseError
from kompetanse.i18n import _
from kompetanse.ui import browser, language, login, sidebar

language.early_language()  # ?maal= from the link, so even an error about the database file is in it
APP_TITLE = _("Kompetanse og rekruttering")
st.set_page_config(page_title=APP_TITLE, page_icon=":material/groups:", layout="wide")

database = login.database()  # explains a missing, damaged or locked database file and stops here
user = login.current_user()
chosen = language.choose_language(database, user)  # the 'Målform' switch, ?maal=; _() uses it from here
APP_TITLE = _("Kompetanse og rekruttering")
browser.install(chosen)  # our CSS, <html lang> and Norwegian for Streamlit's own texts
pages = [
    st.Page("pages/oversikt.py", title=_("Oversikt"), icon=":material/dashboard:", default=True),
    st.Page("pages/kompetansegap.py", title=_("Kompetansegap"), icon=":material/school:"),
    st.Page("pages/lederutvikling.py", title=_("Lederutvikling"), icon=":material/supervisor_account:"),
    st.Page("pages/rekruttering.py", title=_("Rekruttering"), icon=":material/person_add:"),
    st.Page("pages/framtidig_behov.py", title=_("Framtidig behov"), icon=":material/trending_up:"),
    st.Page("pages/tifaktor.py", title=_("10-FAKTOR"), icon=":material/psychology:"),
    st.Page("pages/kompetanseplaner.py", title=_("Kompetanseplaner"), icon=":material/checklist:"),
    st.Page("pages/sammenlign.py", title=_("Sammenlign"), icon=":material/compare_arrows:"),
    st.Page("pages/kommuneprofil.py", title=_("Kommuneprofil"), icon=":material/location_city:"),
    st.Page("pages/tiltak.py", title=_("Tiltak og resultater"), icon=":material/task_alt:"),
    st.Page("pages/innspill.py", title=_("Innspill fra temamøter"), icon=":material/forum:"),
    st.Page("pages/presentasjon.py", title=_("Presentasjon"), icon=":material/slideshow:"),
    st.Page("pages/importer.py", title=_("Importer data"), icon=":material/upload_file:"),
    st.Page("pages/om_dataene.py", title=_("Om dataene"), icon=":material/info:"),
    st.Page("pages/tilgjengelighet.py", title=_("Tilgjengelighet"), icon=":material/accessibility_new:"),
]
if user is not None and user.is_admin:
    pages.append(
        st.Page("pages/administrasjon.py", title=_("Administrasjon"), icon=":material/admin_panel_settings:")
    )
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
