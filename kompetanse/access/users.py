"""Who may change what: users, roles, municipality scopes, password hashes and login throttling.

Roles: a reader only reads; an editor changes the data of the municipalities in their scope
(named municipalities, or every municipality of named regions); an admin changes anything,
manages users, networks and settings, and may undo any import. The command line runs as the
operator of the server (whoever can run it can change the file anyway) and counts as an admin.

Every write function in the package takes the `User` who asks and calls `require_*` here before
it writes, so the rule is the same in the app, the command line and the tests.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path

import polars as pl
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from kompetanse.errors import AccessDenied, KompetanseError
from kompetanse.store.db import Database, write_transaction

ROLES = {"reader": "leser", "editor": "redaktør", "admin": "administrator"}
ROLE_ALIASES = {"leser": "reader", "redaktor": "editor", "redaktør": "editor", "administrator": "admin"}
MIN_PASSWORD_LENGTH = 10
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,63}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

UPSERT_USER = """
insert or replace into app_user
    (username, display_name, role, kommuner, regions, password_hash, email, active, created_by, created_at)
values ($username, $display_name, $role, $kommuner, $regions, $password_hash, $email, true, $by, $at)
"""
SET_ACTIVE = "update app_user set active = $active where username = $username"
SET_PASSWORD = "update app_user set password_hash = $password_hash where username = $username"
FIND_USERS = "select * from app_user order by username"
REGION_MEMBERS = """
select region_member.kommunenummer
from region_member
where list_contains($regions, region_member.region_id)
"""

_hasher = PasswordHasher()  # argon2id with the library's recommended cost and a random salt


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
        raise KompetanseError(f"Ukjent rolle «{text}». Velg reader (leser), editor (redaktør) eller admin.")
    return role


def hash_password(password: str) -> str:
    """A salted argon2id hash (argon2-cffi)."""
    return _hasher.hash(password)


def password_matches(password_hash: str | None, password: str) -> bool:
    """True when the password fits the hash; never raises for a wrong or missing one."""
    if not password_hash:
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise KompetanseError(f"Passordet må ha minst {MIN_PASSWORD_LENGTH} tegn.")


# Who may write what


def writable_kommuner(user: User | None, database: Database) -> frozenset[str] | None:
    """The municipalities whose data the user may change; None means all (admin)."""
    if user is None or not user.can_write:
        return frozenset()
    if user.is_admin:
        return None
    from_regions = (
        database.sql(REGION_MEMBERS, regions=sorted(user.regions))["kommunenummer"].to_list()
        if user.regions
        else []
    )
    return frozenset(user.kommuner) | frozenset(from_regions)


def require_login(user: User | None, what: str) -> User:
    if user is None:
        raise AccessDenied(f"Du må logge inn for å {what}.")
    return user


def require_admin(user: User | None, what: str) -> User:
    user = require_login(user, what)
    if not user.is_admin:
        raise AccessDenied(f"Bare en administrator kan {what}. Du er logget inn som {ROLES[user.role]}.")
    return user


def require_writer(user: User | None, what: str) -> User:
    user = require_login(user, what)
    if not user.can_write:
        raise AccessDenied(f"Du er logget inn som leser og kan ikke {what}.")
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
            f"Du kan ikke {what} for en hel region; du er redaktør bare for enkeltkommuner. "
            "Spør en administrator."
        )
    outside = sorted(code for code in wanted - {None} if code not in allowed)
    if outside:
        names = _names(database, outside)
        mine = _names(database, sorted(allowed)) or "ingen kommuner"
        raise AccessDenied(f"Du kan ikke {what} for {names}. Du er redaktør for {mine}.")
    return user


def require_region(user: User | None, region_id: str, database: Database, what: str) -> User:
    """An editor may change a region's own data (a target) when the region or all its members are theirs."""
    user = require_login(user, what)
    if user.is_admin or (user.can_write and region_id in user.regions):
        return user
    members = database.query("region_municipalities", region_id=region_id)["kommunenummer"].to_list()
    return require_municipalities(user, members or [None], database, what)


def _names(database: Database, codes: list[str], limit: int = 8) -> str:
    found = database.query("municipalities").filter(pl.col("kommunenummer").is_in(codes))
    names = dict(zip(found["kommunenummer"], found["name"]))
    shown = [f"{names.get(code, 'ukjent')} ({code})" for code in codes[:limit]]
    if len(codes) > limit:
        shown.append(f"{len(codes) - limit} til")
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " og " + shown[-1]


# Users in the database


def users(database: Database) -> pl.DataFrame:
    return database.sql(FIND_USERS)


def user_from_row(row: dict, via: str = "passord") -> User:
    return User(
        username=row["username"],
        display_name=row["display_name"],
        role=row["role"],
        kommuner=frozenset(row["kommuner"] or []),
        regions=frozenset(row["regions"] or []),
        via=via,
    )


def find_user(database: Database, username: str) -> dict | None:
    rows = users(database).filter(pl.col("username") == username.strip().lower())
    return rows.row(0, named=True) if rows.height else None


def authenticate(database: Database, username: str, password: str) -> User | None:
    """The active local user with this name and password, or None (the same for every failure)."""
    row = find_user(database, username)
    if row is None or not row["active"]:
        password_matches(_dummy_hash(), password)  # the same work, so timing does not tell names apart
        return None
    return user_from_row(row) if password_matches(row["password_hash"], password) else None


def user_for_email(database: Database, email: str | None, name: str | None) -> User | None:
    """The user an OIDC login stands for: a registered e-mail gets its role; anyone else is a reader."""
    if not email:
        return None
    email = email.strip().lower()
    rows = users(database).filter(pl.col("email") == email)
    if rows.height:
        row = rows.row(0, named=True)
        return user_from_row(row, via="oidc") if row["active"] else None
    return User(email, name or email, "reader", via="oidc")


def plan_user(
    database: Database,
    username: str,
    role: str,
    *,
    display_name: str | None = None,
    kommuner: Iterable[str] = (),
    regions: Iterable[str] = (),
    email: str | None = None,
) -> dict:
    """Check a new or changed user against the registry; returns the row to save."""
    from kompetanse.access.networks import resolve_municipality
    from kompetanse.rules.regions import all_regions, find_region

    username = username.strip().lower()
    if not USERNAME.match(username):
        raise KompetanseError(
            "Brukernavnet må ha 2–64 tegn: små bokstaver a–z, tall, punktum, bindestrek, _ eller @."
        )
    role = normalise_role(role)
    codes = sorted(
        {
            resolve_municipality(text, database.query("municipalities"), database.query("code_history"))
            for text in kommuner
        }
    )
    region_ids = []
    for text in regions:
        region = find_region(all_regions(database), text)
        if region is None:
            raise KompetanseError(f"Fant ingen region eller nettverk som heter «{text}».")
        region_ids.append(region["region_id"])
    if role == "editor" and not codes and not region_ids:
        raise KompetanseError("En redaktør må ha minst én kommune (--kommune) eller region (--region).")
    if role != "editor" and (codes or region_ids):
        raise KompetanseError("Bare redaktører har kommuner eller regioner; en administrator har alle.")
    if email is not None and not EMAIL.match(email.strip()):
        raise KompetanseError(f"«{email}» er ikke en gyldig e-postadresse.")
    return {
        "username": username,
        "display_name": (display_name or username).strip()[:100],
        "role": role,
        "kommuner": codes,
        "regions": sorted(set(region_ids)),
        "email": email.strip().lower() if email else None,
    }


def save_user(db_path: Path, database: Database, row: dict, password: str | None, by: User) -> None:
    """Create or replace a user (admin only); a new local user needs a password, an OIDC user an e-mail."""
    require_admin(by, "legge til eller endre brukere")
    existing = find_user(database, row["username"])
    if password is not None:
        check_password(password)
        password_hash = hash_password(password)
    else:
        password_hash = existing["password_hash"] if existing else None
    if password_hash is None and not row["email"]:
        raise KompetanseError(
            "En ny bruker trenger et passord eller en e-postadresse for innlogging med OIDC."
        )
    scope = ", ".join(row["kommuner"] + row["regions"]) or "alle"
    with write_transaction(
        db_path, by=by.log_name, action="bruker", detail=f"{row['username']}: {ROLES[row['role']]} ({scope})"
    ) as con:
        con.execute(
            UPSERT_USER,
            {
                **row,
                "password_hash": password_hash,
                "by": by.log_name,
                "at": datetime.now().replace(microsecond=0),
            },
        )


def set_user_active(db_path: Path, database: Database, username: str, active: bool, by: User) -> None:
    require_admin(by, "slå av eller på brukere")
    if find_user(database, username) is None:
        raise KompetanseError(f"Fant ingen bruker som heter «{username}».")
    with write_transaction(
        db_path,
        by=by.log_name,
        action="bruker",
        detail=f"{username}: {'aktivert' if active else 'deaktivert'}",
    ) as con:
        con.execute(SET_ACTIVE, {"username": username.strip().lower(), "active": active})


def set_password(db_path: Path, database: Database, username: str, password: str, by: User) -> None:
    """An admin sets anyone's password; a user may set their own."""
    require_login(by, "bytte passord")
    if not by.is_admin and by.username != username:
        raise AccessDenied("Du kan bare bytte ditt eget passord.")
    if find_user(database, username) is None:
        raise KompetanseError(f"Fant ingen bruker som heter «{username}».")
    check_password(password)
    with write_transaction(db_path, by=by.log_name, action="passord", detail=username) as con:
        con.execute(SET_PASSWORD, {"username": username, "password_hash": hash_password(password)})


# Throttling


@dataclass
class LoginThrottle:
    """Slows down guessing: after `free_attempts` failures for a name (or from one address), each
    further attempt waits twice as long as the last, up to `max_wait_s`. A success clears the name.

    Kept in memory by the app process (a restart clears it), so checking costs no write.
    """

    free_attempts: int = 5
    first_wait_s: float = 30.0
    max_wait_s: float = 900.0
    clock: Callable[[], float] = time.monotonic
    _failures: dict[str, int] = field(default_factory=dict)
    _locked_until: dict[str, float] = field(default_factory=dict)

    def wait_s(self, *keys: str) -> float:
        """Seconds until any of these keys (a username, an address) may try again; 0 when free."""
        now = self.clock()
        return max([0.0, *(self._locked_until.get(key, 0.0) - now for key in keys if key)])

    def failed(self, *keys: str) -> None:
        now = self.clock()
        for key in filter(None, keys):
            count = self._failures.get(key, 0) + 1
            self._failures[key] = count
            if count >= self.free_attempts:
                wait = min(self.first_wait_s * 2 ** (count - self.free_attempts), self.max_wait_s)
                self._locked_until[key] = now + wait

    def succeeded(self, key: str) -> None:
        self._failures.pop(key, None)
        self._locked_until.pop(key, None)


@cache
def _dummy_hash() -> str:
    return hash_password("ingen-slik-bruker-finnes")
