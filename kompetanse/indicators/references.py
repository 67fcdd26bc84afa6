"""The publishers' own totals and where official figures come from: SSB's Landet, Landet uten Oslo and
KOSTRA-group values (and Udir's national figure), each municipality's KOSTRA group, and the Kilde line.

SSB weights its national and group figures, so they are shown as SSB publishes them and never
recomputed from the municipalities; privacy protection does not touch them (they are public already).
"""

from __future__ import annotations

import polars as pl

from kompetanse.i18n import N_, _
from kompetanse.rules.formatting import official_source_text
from kompetanse.store.cache import per_version
from kompetanse.store.db import Database

STATUS_HIDDEN = ":"
# What a publisher's symbol means, in the Merknad column (catalogue texts, translated when used).
STATUS_NOTES = {
    ":": N_("Skjult av kilden («:»)."),
    "..": N_("Mangler hos kilden («..»)."),
    "-": N_("Null («-»)."),
}
TOTAL_SCHEMA = {
    "year": pl.Int32,
    "value": pl.Float64,
    "numerator": pl.Float64,
    "denominator": pl.Float64,
    "n_reporting": pl.Int64,
    "n_members": pl.Int64,
    "has_example": pl.Boolean,
    "sources": pl.String,
    "note": pl.String,
    "detail": pl.String,
    "published_by": pl.String,
}

GROUP_SCHEMA = {
    "group_id": pl.String,
    "group_name": pl.String,
    "kommuner": pl.List(pl.String),
    "members": pl.String,
    **TOTAL_SCHEMA,
}


def status_note(status: str | None) -> str | None:
    """The Merknad for a publisher's symbol, or None."""
    if not status:
        return None
    return (
        _(STATUS_NOTES[status]) if status in STATUS_NOTES else _("Kildens symbol «{status}».", status=status)
    )


def hidden_by_source() -> pl.Expr:
    """`note` for rows the publisher marked ':' (shown as ':', like our own hidden figures), in the
    run's language (the frames it goes into are cached per language)."""
    return pl.when(pl.col("status") == STATUS_HIDDEN).then(pl.lit(_(STATUS_NOTES[STATUS_HIDDEN])))


@per_version(reveal=False)
def _published(database: Database, group_id: str) -> pl.DataFrame:
    return database.query("reference_values", group_id=group_id)


def published_total(database: Database, indicator_id: str, group_id: str) -> pl.DataFrame | None:
    """The publisher's own total for a group every year, shaped like a computed one; None if it has none."""
    rows = _published(database, group_id).filter(pl.col("indicator_id") == indicator_id)
    if rows.is_empty():
        return None
    return rows.select(
        pl.col("year").cast(pl.Int32),
        "value",
        "numerator",
        "denominator",
        n_reporting=pl.lit(None, dtype=pl.Int64),
        n_members=pl.lit(None, dtype=pl.Int64),
        has_example=pl.lit(False),
        sources=pl.col("source"),
        note=hidden_by_source(),
        detail=pl.lit(None, dtype=pl.String),
        published_by=pl.col("source"),
    ).cast(TOTAL_SCHEMA)


@per_version(reveal=False)
def kostra_groups(database: Database) -> pl.DataFrame:
    """kommunenummer, group_id, group_name: each municipality's KOSTRA group (empty before an update)."""
    return database.query("kostra_groups")


def group_of(database: Database, kommunenummer: str) -> dict | None:
    """The KOSTRA group of one municipality, or None."""
    rows = kostra_groups(database).filter(pl.col("kommunenummer") == kommunenummer)
    return rows.row(0, named=True) if rows.height else None


def kostra_group_totals(database: Database) -> pl.DataFrame:
    """SSB's own value of every KOSTRA group (group_id), every indicator and year, with `note` for ':'."""
    frames = [
        _published(database, group_id).with_columns(group_id=pl.lit(group_id), note=hidden_by_source())
        for group_id in kostra_groups(database)["group_id"].unique().sort()
    ]
    schema = {
        "group_id": pl.String,
        "indicator_id": pl.String,
        "year": pl.Int32,
        "value": pl.Float64,
        "note": pl.String,
    }
    if not frames:
        return pl.DataFrame(schema=schema)
    return pl.concat(frames, how="diagonal_relaxed").select([pl.col(c).cast(t) for c, t in schema.items()])


def group_totals(database: Database, indicator_id: str, members: pl.DataFrame) -> pl.DataFrame:
    """SSB's value for the KOSTRA group of each of `members` (kommunenummer, name), every year.

    group_id, group_name, kommuner and members (codes and names of `members` in the group), then the
    total's columns; only groups SSB publishes a value for.
    """
    joined = members.join(kostra_groups(database), on="kommunenummer", how="inner")
    frames = []
    for (group_id, group_name), part in joined.group_by("group_id", "group_name", maintain_order=True):
        total = published_total(database, indicator_id, group_id)
        if total is not None:
            frames.append(
                total.with_columns(
                    group_id=pl.lit(group_id),
                    group_name=pl.lit(group_name),
                    kommuner=pl.lit(part["kommunenummer"].to_list(), dtype=pl.List(pl.String)),
                    members=pl.lit(", ".join(part["name"].to_list())),
                )
            )
    if not frames:
        return pl.DataFrame(schema=GROUP_SCHEMA)
    return pl.concat(frames).select(list(GROUP_SCHEMA)).sort("group_id", "year")


@per_version(reveal=False)
def official_series(database: Database) -> dict[str, dict]:
    """series id (an indicator id, 'befolkningsframskriving', 'kostragrupper') -> its official source."""
    return {row["series_id"]: row for row in database.query("official_series").iter_rows(named=True)}


def source_with_dates(database: Database, indicator_id: str, source: str) -> str:
    """A row's source, in the run's language, with the table's update date and our fetch date when it
    came from an update."""
    series = official_series(database).get(indicator_id)
    if series is None or series["source"] != source:
        return _(source)
    return official_source_text(source, series["updated"], series["fetched_at"])


def sources_text(database: Database, indicator_id: str, sources: list[str]) -> str:
    """Several sources of one indicator, each with its dates: 'SSB tabell 12562 (oppdatert …, hentet …)'."""
    return "; ".join(source_with_dates(database, indicator_id, source) for source in sources)
