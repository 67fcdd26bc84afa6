"""Roles and scopes: who may change what, checked by every write function before it writes.

Roles: a reader only reads; an editor changes the data of the municipalities in their scope
(named municipalities, or every municipality of named regions); an admin changes anything,
manages users, networks and settings, and may undo any import. The command line runs as the
operator of the server (whoever can run it can change the file anyway) and counts as an admin.

Every write function in the package takes the `User` who asks and calls `require_*` here before
it writes, so the rule is the same in the app, the command line and the tests.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import polars as pl

from kompetanse.errors import AccessDenied, KompetanseError
from kompetanse.i18n import N_, _
from kompetanse.store.db import Database

ROLES = {"reader": "leser", "editor": "redaktør", "admin": "administrator"}
ROLE_ALIASES = {"leser": "reader", "redaktor": "editor", "redaktør": "editor", "administrator": "admin"}
# The roles in the catalogue (shown with _(ROLES[role])), and what a refusal says the user wanted to do:
# every `what` the code passes to require_* and to ui/login.py's gates, translated where it is shown.
ROLE_TEXTS = (N_("leser"), N_("redaktør"), N_("administrator"))
REFUSALS = (
    N_("importere data"),
    N_("importere tall"),
    N_("angre importer"),
    N_("administrere brukere, innstillinger og se endringsloggen"),
    N_("legge til eller endre brukere"),
    N_("slå av eller på brukere"),
    N_("bytte passord"),
    N_("endre innstillinger"),
    N_("lage eller endre nettverk"),
    N_("slette nettverk"),
    N_("gjenopprette en sikkerhetskopi"),
    N_("hente offisielle tall"),
    N_("sette mål for regionen"),
    N_("fjerne mål for regionen"),
    N_("lagre presentasjoner"),
    N_("slette presentasjoner"),
    N_("lagre presentasjoner for regionen"),
    N_("registrere innspill"),
    N_("legge til kategorier"),
    N_("registrere kompetanseplaner"),
    N_("lagre tiltak og resultater"),
    N_("legge inn eller endre oppføringer"),
)


@dataclass(frozen=True)
class User:
    """Someone logged in (or the command line). `kommuner`/`regions` limit an editor's writes."""

    username: str
    display_name: str
    role: str
    kommuner: frozenset[str] = field(default_factory=frozenset)
    regions: frozenset[str] = field(default_factory=frozenset)
    via: str = "passord"  # 'passord', 'oidc' or 'kommandolinje'

    @property
    def log_name(self) -> str:
        """How the user appears in logs: 'kari (redaktør)'."""
        return f"{self.username} ({ROLES[self.role]})"

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def can_write(self) -> bool:
        return self.role in ("editor", "admin")


def command_line_user(os_user: str) -> User:
    """The operator at the command line: an admin, logged as cli:NAME."""
    return User(f"cli:{os_user}", os_user, "admin", via="kommandolinje")


def normalise_role(text: str) -> str:
    role = ROLE_ALIASES.get(text.strip().lower(), text.strip().lower())
    if role not in ROLES:
        raise KompetanseError(
            _("Ukjent rolle «{role}». Velg reader (leser), editor (redaktør) eller admin.", role=text)
        )
    return role


def writable_kommuner(user: User | None, database: Database) -> frozenset[str] | None:
    """The municipalities whose data the user may change; None means all (admin)."""
    if user is None or not user.can_write:
        return frozenset()
    if user.is_admin:
        return None
    from_regions = (
        database.query("members_of_regions", regions=sorted(user.regions))["kommunenummer"].to_list()
        if user.regions
        else []
    )
    return frozenset(user.kommuner) | frozenset(from_regions)


def require_login(user: User | None, what: str) -> User:
    if user is None:
        raise AccessDenied(_("Du må logge inn for å {what}.", what=_(what)))
    return user


def require_admin(user: User | None, what: str) -> User:
    user = require_login(user, what)
    if not user.is_admin:
        raise AccessDenied(
            _(
                "Bare en administrator kan {what}. Du er logget inn som {role}.",
                what=_(what),
                role=_(ROLES[user.role]),
            )
        )
    return user


def require_writer(user: User | None, what: str) -> User:
    user = require_login(user, what)
    if not user.can_write:
        raise AccessDenied(_("Du er logget inn som leser og kan ikke {what}.", what=_(what)))
    return user


def require_municipalities(
    user: User | None, kommuner: Iterable[str | None], database: Database, what: str
) -> User:
    """Refuse unless the user may change every one of these municipalities; the message names the others.

    `None` in `kommuner` stands for something that belongs to no single municipality (a region-wide
    entry): only an admin or an editor with a region scope may change that.
    """
    user = require_writer(user, what)
    allowed = writable_kommuner(user, database)
    if allowed is None:
        return user
    wanted = set(kommuner)
    if None in wanted and not user.regions:
        raise AccessDenied(
            _(
                "Du kan ikke {what} for en hel region; du er redaktør bare for enkeltkommuner. "
                "Spør en administrator.",
                what=_(what),
            )
        )
    outside = sorted(code for code in wanted - {None} if code not in allowed)
    if outside:
        names = _names(database, outside)
        mine = _names(database, sorted(allowed)) or _("ingen kommuner")
        raise AccessDenied(
            _(
                "Du kan ikke {what} for {names}. Du er redaktør for {mine}.",
                what=_(what),
                names=names,
                mine=mine,
            )
        )
    return user


def require_region(user: User | None, region_id: str, database: Database, what: str) -> User:
    """An editor may change a region's own data (a target) when the region or all its members are theirs.
    A region that does not exist is refused for everyone, the admin too."""
    user = require_login(user, what)
    if region_id not in set(database.query("regions")["region_id"]):
        raise KompetanseError(_("Fant ingen region eller nettverk «{region}».", region=region_id))
    if user.is_admin or (user.can_write and region_id in user.regions):
        return user
    members = database.query("region_municipalities", region_id=region_id)["kommunenummer"].to_list()
    return require_municipalities(user, members or [None], database, what)


def _names(database: Database, codes: list[str], limit: int = 8) -> str:
    found = database.query("municipalities").filter(pl.col("kommunenummer").is_in(codes))
    names = dict(zip(found["kommunenummer"], found["name"]))
    unknown = _("ukjent")
    shown = [f"{names.get(code, unknown)} ({code})" for code in codes[:limit]]
    if len(codes) > limit:
        shown.append(_("{count} til", count=len(codes) - limit))
    if len(shown) == 1:
        return shown[0]
    return _("{first} og {last}", first=", ".join(shown[:-1]), last=shown[-1])
