"""Login and the gates in front of reading and writing (Streamlit).

Two ways in: `st.login` (OIDC, e.g. ID-porten or Microsoft Entra ID) when `[auth]` is configured in
.streamlit/secrets.toml, and local users with argon2-hashed passwords (`python -m kompetanse user
add`), which need no identity provider. The user is looked up in the database on every run, so a
user an admin deactivates or demotes loses their rights at once.
"""

from __future__ import annotations

import math

import streamlit as st

from kompetanse.access.roles import ROLES, User, writable_kommuner
from kompetanse.access.settings import read_settings
from kompetanse.access.throttle import LoginThrottle
from kompetanse.access.users import authenticate, find_user, user_for_email, user_from_row, users
from kompetanse.ui import cached, database

PROVIDER_LABELS = {
    "idporten": "ID-porten",
    "id-porten": "ID-porten",
    "microsoft": "Microsoft Entra ID",
    "entra": "Microsoft Entra ID",
    "google": "Google",
}
SHARED_AUTH_KEYS = {"redirect_uri", "cookie_secret", "expose_tokens"}


@st.cache_resource(show_spinner=False)
def _throttle() -> LoginThrottle:
    """One throttle per app process, shared by every session (so a new tab does not reset it)."""
    return LoginThrottle()


def oidc_providers() -> dict[str | None, str]:
    """The providers configured in secrets.toml: None for a single unnamed one, else their names."""
    try:
        auth = st.secrets.get("auth")
    except Exception:  # no secrets.toml at all
        return {}
    if not auth:
        return {}
    named = [key for key, value in auth.items() if key not in SHARED_AUTH_KEYS and hasattr(value, "keys")]
    if named:
        return {name: f"Logg inn med {PROVIDER_LABELS.get(name.lower(), name)}" for name in named}
    return {None: "Logg inn med organisasjonskonto"} if "client_id" in auth else {}


def _oidc_logged_in() -> bool:
    try:
        return bool(st.user.get("is_logged_in"))
    except Exception:
        return False


def _local_user(database_, username: str) -> User | None:
    row = find_user(database_, username)
    return user_from_row(row) if row and row["active"] else None


def current_user() -> User | None:
    """The logged-in user on this run, or None."""
    if _oidc_logged_in():
        return cached(user_for_email, st.user.get("email"), st.user.get("name"), reveal=False)
    username = st.session_state.get("username")
    return cached(_local_user, username, reveal=False) if username else None


def _scope(database_, username: str, kommuner: tuple[str, ...], regions: tuple[str, ...]) -> frozenset[str]:
    user = User(username, username, "editor", frozenset(kommuner), frozenset(regions))
    return writable_kommuner(user, database_) or frozenset()


def _editor_scope(user: User) -> frozenset[str]:
    """Every municipality an editor may change: named ones and those of their regions."""
    return cached(
        _scope, user.username, tuple(sorted(user.kommuner)), tuple(sorted(user.regions)), reveal=False
    )


def revealed_kommuner() -> frozenset[str]:
    """The municipalities whose hidden small numbers this user may see: an editor's own."""
    user = current_user()
    return _editor_scope(user) if user is not None and user.role == "editor" else frozenset()


def writable(user: User, choices: dict) -> dict:
    """The choices (kommunenummer -> label; None for the whole region) this user may write for."""
    if user.is_admin:
        return choices
    mine = _editor_scope(user)
    return {key: label for key, label in choices.items() if key in mine or (key is None and user.regions)}


def describe(user: User) -> str:
    """'Kari Nilsen, redaktør for Sortland og Vesterålen'."""
    text = f"{user.display_name}, {ROLES[user.role]}"
    if user.role == "editor":
        names = dict(zip(*cached(_municipality_names, reveal=False)))
        regions = dict(zip(*cached(_region_names, reveal=False)))
        scope = [names.get(code, code) for code in sorted(user.kommuner)]
        scope += [regions.get(region_id, region_id) for region_id in sorted(user.regions)]
        text += " for " + (", ".join(scope[:-1]) + " og " + scope[-1] if len(scope) > 1 else scope[0])
    return text


def _municipality_names(database_) -> tuple[list[str], list[str]]:
    frame = database_.query("municipalities")
    return frame["kommunenummer"].to_list(), frame["name"].to_list()


def _region_names(database_) -> tuple[list[str], list[str]]:
    frame = database_.query("regions")
    return frame["region_id"].to_list(), frame["name"].to_list()


def _user_count(database_) -> int:
    return users(database_).height


def login_form(key: str = "login") -> None:
    """OIDC buttons (when configured) and the form for local users, with throttling."""
    for provider, label in oidc_providers().items():
        if st.button(label, key=f"{key}-{provider}", icon=":material/login:"):
            st.login(provider) if provider else st.login()
    if cached(_user_count, reveal=False) == 0:
        st.caption(
            "Ingen brukere er opprettet ennå. Lag den første med "
            "`python -m kompetanse user add NAVN --role admin`."
        )
    with st.form(key):
        name = st.text_input("Brukernavn", max_chars=64)
        password = st.text_input("Passord", type="password", max_chars=256)
        if not st.form_submit_button("Logg inn"):
            return
    name_key = f"bruker:{name.strip().lower()}"
    throttle = _throttle()
    wait = throttle.wait_s(name_key)
    if wait > 0:
        st.error(f"For mange mislykkede forsøk. Vent {math.ceil(wait)} sekunder og prøv igjen.")
        return
    user = authenticate(database(), name, password)
    if user is None:
        throttle.failed(name_key)
        st.error("Feil brukernavn eller passord.")
        return
    throttle.succeeded(name_key)
    st.session_state.username = user.username
    st.rerun()


def log_out() -> None:
    st.session_state.pop("username", None)
    if _oidc_logged_in():
        st.logout()
    st.rerun()


def account_box() -> None:
    """Who is logged in, with a log-out button; or the login form, at the foot of the sidebar."""
    user = current_user()
    with st.sidebar:
        st.divider()
        if user is None:
            with st.expander("Logg inn", icon=":material/login:"):
                login_form()
            return
        st.caption(f"Innlogget: {describe(user)}")
        if st.button("Logg ut", icon=":material/logout:"):
            log_out()


def require_viewer() -> None:
    """When reading requires login (a setting), show only the login until someone logs in."""
    if current_user() is not None or not cached(read_settings, reveal=False).view_requires_login:
        return
    st.title("Kompetanse og rekruttering")
    st.info("Denne appen krever innlogging. Logg inn for å se tallene.", icon=":material/lock:")
    login_form("login-page")
    st.stop()


def writer(what: str) -> User | None:
    """The logged-in user if they may write; otherwise say why not (and return None)."""
    user = current_user()
    if user is None:
        st.info(f"Logg inn (nederst i sidemenyen) for å {what}.", icon=":material/lock:")
        return None
    if not user.can_write:
        st.info(f"Du er logget inn som leser og kan ikke {what}.", icon=":material/lock:")
        return None
    return user


def admin(what: str) -> User | None:
    """The logged-in user if they are an admin; otherwise say why not (and return None)."""
    user = writer(what)
    if user is not None and not user.is_admin:
        st.info(f"Bare en administrator kan {what}.", icon=":material/lock:")
        return None
    return user
