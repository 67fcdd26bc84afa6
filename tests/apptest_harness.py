"""Make Streamlit's AppTest run our st.navigation app the way the real server does, and as fast.

AppTest (streamlit 1.67) decides afresh before every run whether the app uses the legacy
`pages/` folder, and says yes because the folder exists; reruns then execute the page file alone,
without app.py and its sidebar (streamlit/streamlit#9446, only partly fixed by #14217). The real
server learns on the first run that app.py calls st.navigation and keeps that. This patch pins
that answer for the test process; it changes Streamlit's bookkeeping, not our code.

The second adjustment is for speed: every new AppTest scans every installed package's metadata for
Streamlit components (0.75 s each, a real server does it once at start-up). The installed packages
do not change during a test run, so the scan is done once per test process.
"""

import functools

import streamlit.components.v2.manifest_scanner as manifest_scanner
from streamlit.runtime.pages_manager import PagesManager

_original_init = PagesManager.__init__


def _init_without_legacy_pages(self, *args, **kwargs):
    _original_init(self, *args, **kwargs)
    PagesManager.uses_pages_directory = False


_scan_once = functools.cache(manifest_scanner.scan_component_manifests)


def use_navigation_in_apptest() -> None:
    """Install both patches (idempotent)."""
    PagesManager.__init__ = _init_without_legacy_pages
    manifest_scanner.scan_component_manifests = lambda max_workers=None: _scan_once()
