"""The log of every write (who, when, what), as the admin page and `python -m kompetanse audit` show it."""

from __future__ import annotations

import polars as pl

from kompetanse.i18n import N_, _
from kompetanse.store.cache import per_version
from kompetanse.store.db import Database

ACTIONS = {
    "bygg": N_("Bygging fra pakkede data"),
    "oppgradering": N_("Oppgradering av databasen"),
    "import": N_("Import"),
    "angre_import": N_("Angret import"),
    "tiltak": N_("Tiltak og resultater"),
    "innspill": N_("Innspill fra temamøte"),
    "kategori": N_("Ny kategori"),
    "mål": N_("Mål for regionen"),
    "nettverk": N_("Nettverk"),
    "slett_nettverk": N_("Slettet nettverk"),
    "bruker": N_("Bruker"),
    "passord": N_("Passord"),
    "innstilling": N_("Innstilling"),
    "gjenoppretting": N_("Gjenoppretting"),
}


def audit_log(database: Database, limit: int | None = None) -> pl.DataFrame:
    """Every write, newest first."""
    return database.query("audit_log", limit=limit)


@per_version(reveal=False)
def audit_table(database: Database, limit: int | None = 500) -> pl.DataFrame:
    """The log with Norwegian headings and times, in the run's language."""
    log = audit_log(database, limit)
    return log.select(
        **{
            _("Tid"): pl.col("logged_at").dt.strftime("%d.%m.%Y %H:%M:%S"),
            _("Bruker"): pl.col("username"),
            _("Handling"): pl.col("action").replace({key: _(text) for key, text in ACTIONS.items()}),
            _("Detaljer"): pl.col("detail"),
        }
    )
