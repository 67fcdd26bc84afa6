"""Make Streamlit's AppTest run our st.navigation app the way the real server does.

AppTest (streamlit 1.67) decides afresh before every run whether the app uses the legacy
`pages/` folder, and says yes because the folder exists; reruns then execute the page file alone,
without app.py and its sidebar (streamlit/streamlit#9446, only partly fixed by #14217). The real
server learns on the first run that app.py calls st.navigation and keeps that. This patch pins
that answer for the test process; it changes Streamlit's bookkeeping, not our code.
"""

from streamlit.runtime.pages_manager import PagesManager

_original_init = PagesManager.__init__


def _init_without_legacy_pages(self, *args, **kwargs):
    _original_init(self, *args, **kwargs)
    PagesManager.uses_pages_directory = False


def use_navigation_in_apptest() -> None:
    """Install the patch (idempotent)."""
    PagesManager.__init__ = _init_without_legacy_pages
