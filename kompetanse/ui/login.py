"""Who is using the app on this run: login, the gates in front of reading and writing, and the
database as this user may see it.

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
from kompetanse.access.throttle import LoginThrottle, throttle_path
from kompetanse.access.users import authenticate, find_user, user_for_email, user_from_row, users
from kompetanse.i18n import N_, _
from kompetanse.rules.regions import all_regions, municipalities
from kompetanse.store.cache import per_version
from kompetanse.store.db import Database
from kompetanse.ui.state import reader

PROVIDER_LABELS = {
    "idporten": "ID-porten",
    "id-porten": "ID-porten",
    "microsoft": "Microsoft Entra ID",
    "entra": "Microsoft Entra ID",
    "google": "Google",
}
# The roles as describe() shows them (access/roles.py ROLES), for the catalogue.
ROLE_TEXTS = (N_("leser"), N_("redaktør"), N_("administrator"))
SHARED_AUTH_KEYS = {"redirect_uri", "cookie_secret", "expose_tokens"}


# The providers, read once per process: with no secrets.toml, every st.secrets lookup stats the files
# and raises and catches inside Streamlit, on every run. Kept with the secrets object they came from,
# because AppTest hands each run given `at.secrets` a new one (a restart reads a changed file).
_providers: tuple[object, dict[str | None, str]] | None = None


def oidc_providers() -> dict[str | None, str]:
    """The providers configured in secrets.toml: None for a single unnamed one, else their names."""
    global _providers
    secrets = st.secrets
    if _providers is None or _providers[0] is not secrets:
        _providers = (secrets, _read_providers(secrets))
    return _providers[1]


def _read_providers(secrets) -> dict[str | None, str]:
    try:
        auth = secrets.get("auth")
    except Exception:  # no secrets.toml at all
        return {}
    if not auth:
        return {}
    named = [key for key, value in auth.items() if key not in SHARED_AUTH_KEYS and hasattr(value, "keys")]
    if named:
        return {
            name: _("Logg inn med {provider}", provider=PROVIDER_LABELS.get(name.lower(), name))
            for name in named
        }
    return {None: _("Logg inn med organisasjonskonto")} if "client_id" in auth else {}


def _oidc_logged_in() -> bool:
    if not oidc_providers():  # st.user parses the secrets files again on every call
        return False
    try:
        return bool(st.user.get("is_logged_in"))
    except Exception:
        return False


@per_version(reveal=False)
def _local_user(database: Database, username: str) -> User | None:
    row = find_user(database, username)
    return user_from_row(row) if row and row["active"] else None


@per_version(reveal=False)
def _oidc_user(database: Database, email: str | None, name: str | None) -> User | None:
    return user_for_email(database, email, name)


def current_user() -> User | None:
    """The logged-in user on this run, or None (looked up in the database on every run)."""
    if _oidc_logged_in():
        return _oidc_user(reader(), st.user.get("email"), st.user.get("name"))
    username = st.session_state.get("username")
    return _local_user(reader(), username) if username else None


@per_version(reveal=False)
def _scope(database: Database, user: User) -> frozenset[str]:
    return writable_kommuner(user, database) or frozenset()


def _editor_scope(user: User) -> frozenset[str]:
    """Every municipality an editor may change: named ones and those of their regions."""
    return _scope(reader(), user)


def revealed_kommuner() -> frozenset[str]:
    """The municipalities whose hidden small numbers this user may see: an editor's own."""
    user = current_user()
    return _editor_scope(user) if user is not None and user.role == "editor" else frozenset()


def database() -> Database:
    """The database as this user may see it: an editor's own hidden figures revealed (with why),
    nobody else's; an admin sees why every figure is hidden, but not the figure."""
    user = current_user()
    return reader().revealing(revealed_kommuner(), details=user is not None and user.is_admin)


def writable(user: User, choices: dict) -> dict:
    """The choices (kommunenummer -> label; None for the whole region) this user may write for."""
    if user.is_admin:
        return choices
    mine = _editor_scope(user)
    return {key: label for key, label in choices.items() if key in mine or (key is None and user.regions)}


def describe(user: User) -> str:
    """'Kari Nilsen, redaktør for Sortland og Vesterålen'."""
    text = f"{user.display_name}, {_(ROLES[user.role])}"
    if user.role == "editor":
        found = municipalities(reader())
        names = dict(zip(found["kommunenummer"], found["name"]))
        known = all_regions(reader())
        regions = dict(zip(known["region_id"], known["name"]))
        scope = [names.get(code, code) for code in sorted(user.kommuner)]
        scope += [regions.get(region_id, region_id) for region_id in sorted(user.regions)]
        joined = (
            _("{first} og {last}", first=", ".join(scope[:-1]), last=scope[-1])
            if len(scope) > 1
            else scope[0]
        )
        text += _(" for {scope}", scope=joined)
    return text


def login_form(key: str = "login") -> None:
    """OIDC buttons (when configured) and the form for local users, with throttling."""
    for provider, label in oidc_providers().items():
        if st.button(label, key=f"{key}-{provider}", icon=":material/login:"):
            st.login(provider) if provider else st.login()
    if users(reader()).is_empty():
        st.caption(
            _(
                "Ingen brukere er opprettet ennå. Lag den første med "
                "`.venv/bin/kompetanse user add NAVN --role admin` "
                '(eller `make user ARGS="add NAVN --role admin"`).'
            )
        )
    with st.form(key):
        name = st.text_input(_("Brukernavn"), max_chars=64)
        password = st.text_input(_("Passord"), type="password", max_chars=256)
        if not st.form_submit_button(_("Logg inn")):
            return
    # In a file beside the database, never in Streamlit's cache (which any browser may clear).
    throttle = LoginThrottle(throttle_path(reader().path))
    # The client's own address also behind deploy/'s nginx: uvicorn takes it from the X-Forwarded-For
    # nginx writes, and only from nginx (deploy/cluster.py). None for this machine (AppTest: a
    # stand-in); the throttle says 'lokal'.
    address = st.context.ip_address
    address = address if isinstance(address, str) else None
    wait = throttle.attempt(name, address)  # counted before the password is checked: one atomic step
    if wait > 0:
        st.error(
            _("For mange mislykkede forsøk. Vent {seconds} sekunder og prøv igjen.", seconds=math.ceil(wait))
        )
        return
    user = authenticate(reader(), name, password)
    if user is None:
        st.error(_("Feil brukernavn eller passord."))
        return
    throttle.succeeded(name, address)
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
            with st.expander(_("Logg inn"), icon=":material/login:"):
                login_form()
            return
        st.caption(_("Innlogget: {user}", user=describe(user)))
        if st.button(_("Logg ut"), icon=":material/logout:"):
            log_out()


def require_viewer() -> None:
    """When reading requires login (a setting), show only the login until someone logs in."""
    if current_user() is not None or not read_settings(reader()).view_requires_login:
        return
    st.title(_("Kompetanse og rekruttering"))
    st.info(_("Denne appen krever innlogging. Logg inn for å se tallene."), icon=":material/lock:")
    login_form("login-page")
    st.stop()


def writer(what: str) -> User | None:
    """The logged-in user if they may write; otherwise say why not (and return None)."""
    user = current_user()
    if user is None:
        st.info(_("Logg inn (nederst i sidemenyen) for å {what}.", what=_(what)), icon=":material/lock:")
        return None
    if not user.can_write:
        st.info(_("Du er logget inn som leser og kan ikke {what}.", what=_(what)), icon=":material/lock:")
        return None
    return user


def admin(what: str) -> User | None:
    """The logged-in user if they are an admin; otherwise say why not (and return None)."""
    user = writer(what)
    if user is not None and not user.is_admin:
        st.info(_("Bare en administrator kan {what}.", what=_(what)), icon=":material/lock:")
        return None
    return user
