"""Own networks: a coordinator's named list of municipalities, kept beside SSB's regions."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from kompetanse.access.roles import User, require_admin
from kompetanse.errors import KompetanseError
from kompetanse.i18n import N_, _
from kompetanse.rules.names import slugify
from kompetanse.rules.regions import resolve_municipality
from kompetanse.store.db import Database

MAX_NAME_LENGTH = 80
# Stored with the network (the data's source column): kept in bokmål, translated where it is shown.
NETWORK_SOURCE = N_("Eget nettverk, definert av koordinator")


@dataclass(frozen=True)
class Network:
    region_id: str
    name: str
    members: list[str]  # kommunenummer


def network_id(name: str) -> str:
    return f"nettverk-{slugify(name)}"


def plan_network(database: Database, name: str, members: list[str]) -> Network:
    """Validate a network before it is saved; raises KompetanseError with a Norwegian message."""
    name = " ".join(name.split())
    if not name or not slugify(name):
        raise KompetanseError(_("Nettverket må ha et navn."))
    if len(name) > MAX_NAME_LENGTH:
        raise KompetanseError(_("Navnet kan ha høyst {count} tegn.", count=MAX_NAME_LENGTH))
    if not members:
        raise KompetanseError(_("Nettverket må ha minst én kommune."))
    region_id = network_id(name)
    taken = database.query("regions").filter(
        (pl.col("slug") == slugify(name)) & (pl.col("region_id") != region_id)
    )
    if taken.height:
        raise KompetanseError(
            _("Navnet «{name}» er allerede brukt av regionen {region}.", name=name, region=taken["name"][0])
        )
    municipalities = database.query("municipalities")
    history = database.query("code_history")
    codes = sorted({resolve_municipality(text, municipalities, history) for text in members})
    return Network(region_id, name, codes)


def save_network(database: Database, network: Network, by: User | None) -> None:
    """Create or replace a network in one transaction (admin only)."""
    user = require_admin(by, N_("lage eller endre nettverk"))
    detail = f"{network.name}: {', '.join(network.members)}"
    with database.writing(by=user, action="nettverk", detail=detail) as writer:
        writer.run("delete_network_members", region_id=network.region_id)
        writer.run("delete_network", region_id=network.region_id)
        writer.run(
            "insert_network",
            region_id=network.region_id,
            name=network.name,
            slug=slugify(network.name),
            source=NETWORK_SOURCE,
        )
        for kommunenummer in network.members:
            writer.run("insert_network_member", region_id=network.region_id, kommunenummer=kommunenummer)


def delete_network(database: Database, region_id: str, by: User | None) -> None:
    """Remove an own network (admin only; SSB's regions cannot be removed)."""
    user = require_admin(by, N_("slette nettverk"))
    with database.writing(by=user, action="slett_nettverk", detail=region_id) as writer:
        writer.run("delete_network_members", region_id=region_id)
        writer.run("delete_network", region_id=region_id)
