"""Users in the database: finding, authenticating, adding and changing them (admins only)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime

import polars as pl

from kompetanse.access.passwords import _dummy_hash, check_password, hash_password, password_matches
from kompetanse.access.roles import ROLES, User, normalise_role, require_admin, require_login
from kompetanse.errors import AccessDenied, KompetanseError
from kompetanse.i18n import N_, _
from kompetanse.rules.regions import all_regions, find_region, municipalities, resolve_municipality
from kompetanse.store.cache import per_version
from kompetanse.store.db import Database

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,63}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@per_version(reveal=False)
def users(database: Database) -> pl.DataFrame:
    """Every user, by name."""
    return database.query("users")


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


def scope_text(database: Database, kommuner: Iterable[str] = (), regions: Iterable[str] = ()) -> str:
    """An editor's scope by name: 'Sortland (1870), Vesterålen'; ids nobody knows any more stay ids."""
    found = municipalities(database)
    municipality_names = dict(zip(found["kommunenummer"], found["name"]))
    regions_found = all_regions(database)
    region_names = dict(zip(regions_found["region_id"], regions_found["name"]))
    parts = [f"{municipality_names[c]} ({c})" if c in municipality_names else c for c in kommuner]
    parts += [region_names.get(region_id, region_id) for region_id in regions]
    return ", ".join(parts)


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
    username = username.strip().lower()
    if not USERNAME.match(username):
        raise KompetanseError(
            _("Brukernavnet må ha 2–64 tegn: små bokstaver a–z, tall, punktum, bindestrek, _ eller @.")
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
            raise KompetanseError(_("Fant ingen region eller nettverk som heter «{name}».", name=text))
        region_ids.append(region["region_id"])
    if role == "editor" and not codes and not region_ids:
        raise KompetanseError(_("En redaktør må ha minst én kommune (--kommune) eller region (--region)."))
    if role != "editor" and (codes or region_ids):
        raise KompetanseError(_("Bare redaktører har kommuner eller regioner; en administrator har alle."))
    if email is not None and not EMAIL.match(email.strip()):
        raise KompetanseError(_("«{email}» er ikke en gyldig e-postadresse.", email=email))
    return {
        "username": username,
        "display_name": (display_name or username).strip()[:100],
        "role": role,
        "kommuner": codes,
        "regions": sorted(set(region_ids)),
        "email": email.strip().lower() if email else None,
    }


def save_user(database: Database, row: dict, password: str | None, by: User) -> None:
    """Create or replace a user (admin only); a new local user needs a password, an OIDC user an e-mail."""
    require_admin(by, N_("legge til eller endre brukere"))
    existing = find_user(database, row["username"])
    if password is not None:
        check_password(password)
        password_hash = hash_password(password)
    else:
        password_hash = existing["password_hash"] if existing else None
    if password_hash is None and not row["email"]:
        raise KompetanseError(
            _("En ny bruker trenger et passord eller en e-postadresse for innlogging med OIDC.")
        )
    scope = ", ".join(row["kommuner"] + row["regions"]) or "alle"
    detail = f"{row['username']}: {ROLES[row['role']]} ({scope})"
    with database.writing(by=by, action="bruker", detail=detail) as writer:
        writer.run(
            "upsert_user",
            **row,
            password_hash=password_hash,
            by=by.log_name,
            at=datetime.now().replace(microsecond=0),
        )


def set_user_active(database: Database, username: str, active: bool, by: User) -> None:
    """Turn a user's access on or off (admin only)."""
    require_admin(by, N_("slå av eller på brukere"))
    if find_user(database, username) is None:
        raise KompetanseError(_("Fant ingen bruker som heter «{name}».", name=username))
    detail = f"{username}: {'aktivert' if active else 'deaktivert'}"
    with database.writing(by=by, action="bruker", detail=detail) as writer:
        writer.run("set_user_active", username=username.strip().lower(), active=active)


def set_password(database: Database, username: str, password: str, by: User) -> None:
    """An admin sets anyone's password; a user may set their own."""
    require_login(by, N_("bytte passord"))
    if not by.is_admin and by.username != username:
        raise AccessDenied(_("Du kan bare bytte ditt eget passord."))
    if find_user(database, username) is None:
        raise KompetanseError(_("Fant ingen bruker som heter «{name}».", name=username))
    check_password(password)
    with database.writing(by=by, action="passord", detail=username) as writer:
        writer.run("set_user_password", username=username, password_hash=hash_password(password))
