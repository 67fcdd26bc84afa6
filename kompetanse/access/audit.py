"""The log of every write (who, when, what), as the admin page and `python -m kompetanse audit` show it."""

from __future__ import annotations

import polars as pl

from kompetanse.store.cache import per_version
from kompetanse.store.db import Database

ACTIONS = {
    "bygg": "Bygging fra pakkede data",
    "oppgradering": "Oppgradering av databasen",
    "import": "Import",
    "angre_import": "Angret import",
    "tiltak": "Tiltak og resultater",
    "innspill": "Innspill fra temamøte",
    "kategori": "Ny kategori",
    "mål": "Mål for regionen",
    "nettverk": "Nettverk",
    "slett_nettverk": "Slettet nettverk",
    "bruker": "Bruker",
    "passord": "Passord",
    "innstilling": "Innstilling",
    "gjenoppretting": "Gjenoppretting",
}


def audit_log(database: Database, limit: int | None = None) -> pl.DataFrame:
    """Every write, newest first."""
    return database.query("audit_log", limit=limit)


@per_version(reveal=False)
def audit_table(database: Database, limit: int | None = 500) -> pl.DataFrame:
    """The log with Norwegian headings and times."""
    log = audit_log(database, limit)
    return log.select(
        Tid=pl.col("logged_at").dt.strftime("%d.%m.%Y %H:%M:%S"),
        Bruker=pl.col("username"),
        Handling=pl.col("action").replace(ACTIONS),
        Detaljer=pl.col("detail"),
    )
