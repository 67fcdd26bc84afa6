"""The language of a run: `?maal=nn|nb` in the URL, the 'Målform' switch in the sidebar, and a default
from the municipality's målform or the installation's setting (i18n/choice.py).

app.py calls `choose_language` before it draws anything with text, so page titles, the sidebar and
every view come out in one language; `activate` makes `_()` and the per-version cache use it.
"""

from __future__ import annotations

import streamlit as st

from kompetanse.access.roles import User
from kompetanse.access.settings import read_settings
from kompetanse.i18n import LANGUAGE_NAMES, LANGUAGES, _, activate, language_code
from kompetanse.i18n.choice import default_language
from kompetanse.rules import regions as region_rules
from kompetanse.store.cache import per_version
from kompetanse.store.db import Database
from kompetanse.ui.state import stored, synced

PARAM = "maal"
PAGE = "sidebar"  # the other sidebar filters' keys: 'sidebar:maal'


@per_version(reveal=False)
def maalform(database: Database) -> dict[str, str]:
    """kommunenummer -> 'Nynorsk', 'Bokmål' or 'Nøytral' (the registry's; uncertain)."""
    return dict(database.query("municipality_maalform").iter_rows())


def early_language() -> str:
    """The URL's language, before the database is open (an error about the file is said in it)."""
    language = language_code(st.query_params.get(PARAM)) or "nb"
    activate(language)
    return language


def _region_members(database: Database) -> list[str]:
    """The municipalities of the region the link or the session names (the picker is drawn later)."""
    chosen = stored(PAGE, "region")
    region = None
    if chosen is None:
        region = region_rules.named_region(database, st.query_params.get("region"))
    region_id = chosen or (region or {}).get("region_id") or region_rules.DEFAULT_REGION_ID
    return region_rules.members(database, region_id)["kommunenummer"].to_list()


def language_default(database: Database, user: User | None) -> str:
    """What this run starts in when neither the link nor the switch says."""
    focus = stored(PAGE, "fremhev") or st.query_params.get("fremhev")
    own = sorted(user.kommuner) if user is not None and user.role == "editor" else []
    return default_language(
        read_settings(database).default_language,
        maalform(database),
        focus=focus,
        own=own,
        members=_region_members(database),
    )


def choose_language(database: Database, user: User | None) -> str:
    """Draw the 'Målform' switch at the top of the sidebar, keep it in `?maal=` and activate it."""
    default = language_default(database, user)
    language = synced(
        PARAM,
        page=PAGE,
        default=default,
        valid=lambda value: value in LANGUAGES,
        parse=language_code,
        dump=lambda value: None if value == default else value,
        draw=lambda key: st.sidebar.radio(
            _("Målform"),
            options=list(LANGUAGES),
            key=key,
            format_func=LANGUAGE_NAMES.get,
            horizontal=True,
        ),
    )
    activate(language)
    return language
