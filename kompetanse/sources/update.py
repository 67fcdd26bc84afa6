"""An official update: compare what was fetched with the database (the preview), then write it whole.

`plan_update` turns a `Fetched` bundle (sources/fetching.py) into an `UpdatePlan`: the rows to
write, and per indicator (or projections, or KOSTRA groups) how many rows are new, changed or gone,
how many example rows the official figures replace, and whether the table's own `updated` moved.
Nothing is written. `apply_update` writes a plan in one transaction through the write door (backup
and audit line included): official rows replace example rows of the same indicator everywhere and
earlier official rows of the fetched years; a figure a user imported is kept. A plan in which
nothing changed is "Ingen nye tall" and writes nothing at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

import polars as pl

from kompetanse.access.roles import User, require_admin
from kompetanse.errors import AccessDenied, KompetanseError
from kompetanse.i18n import N_, _, translated
from kompetanse.rules.formatting import format_number
from kompetanse.rules.names import slugify
from kompetanse.sources.fetching import KOSTRA_SERIES, PROJECTION_SERIES, SOURCE_NAMES, Fetched, TableFetch
from kompetanse.sources.rows import MUNICIPAL_SCHEMA, REFERENCE_SCHEMA
from kompetanse.store.db import Database

NOTHING_NEW = N_("Ingen nye tall")
MISSING = ".."
PROJECTION_COLUMNS = {
    "kommunenummer": pl.String,
    "year": pl.Int32,
    "age": pl.Int32,
    "alternative": pl.String,
    "persons": pl.Float64,
    "source": pl.String,
}
GROUP_COLUMNS = {
    "kommunenummer": pl.String,
    "region_id": pl.String,
    "name": pl.String,
    "slug": pl.String,
    "source": pl.String,
}
COUNTS = (
    "rows_new",
    "rows_changed",
    "rows_unchanged",
    "rows_kept",
    "rows_removed",
    "example_removed",
    "references_changed",
    "references_removed",
)
KEPT = ("rows_unchanged", "rows_kept")
NOT_INDICATORS = (PROJECTION_SERIES, KOSTRA_SERIES)


@dataclass(frozen=True)
class SeriesPlan:
    """What an update does to one indicator (or to the projections, or the KOSTRA groups)."""

    series_id: str
    name: str
    source: str  # 'SSB tabell 12562'
    table_id: str
    updated: str | None
    updated_before: str | None
    held_before: bool
    first_year: int | None
    last_year: int | None
    municipalities: int
    counts: dict[str, int]
    fetched_at: datetime

    @property
    def changed(self) -> bool:
        """New, changed or removed rows or totals, or a new `updated` (KOSTRA's June revision)."""
        moved = any(value for key, value in self.counts.items() if key not in KEPT)
        return moved or not self.held_before or self.updated != self.updated_before


@dataclass
class UpdatePlan:
    """The rows an update would write and what that changes, for the preview and `apply_update`."""

    fetched: Fetched
    rows: pl.DataFrame  # observation rows: MUNICIPAL_SCHEMA
    references: pl.DataFrame  # REFERENCE_SCHEMA
    projection: pl.DataFrame | None
    groups: pl.DataFrame | None
    series: tuple[SeriesPlan, ...]
    planned_for: User
    notices: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not any(series.changed for series in self.series)

    def total(self, key: str) -> int:
        """One count summed over the indicators (projections and KOSTRA groups are counted apart)."""
        return sum(s.counts.get(key, 0) for s in self.series if s.series_id not in NOT_INDICATORS)


@dataclass(frozen=True)
class UpdateSummary:
    update_id: int
    indicators: int
    rows_new: int
    rows_changed: int
    rows_removed: int
    example_removed: int
    sources: tuple[str, ...]

    def describe(self) -> str:
        names = [SOURCE_NAMES[source] for source in self.sources]
        if len(names) > 1:
            names = [_("{first} og {last}", first=", ".join(names[:-1]), last=names[-1])]
        new, changed, removed = (
            format_number(n) for n in (self.rows_new, self.rows_changed, self.rows_removed)
        )
        text = _(
            "Oppdaterte offisielle tall fra {names} (oppdatering nr. {number}): "
            "{indicators} indikatorer, {new} nye, {changed} endrede og {removed} fjernede rader.",
            names=names[0],
            number=self.update_id,
            indicators=self.indicators,
            new=new,
            changed=changed,
            removed=removed,
        )
        if self.example_removed:
            replaced = format_number(self.example_removed)
            text += " " + _("{count} rader med eksempeldata er erstattet av offisielle tall.", count=replaced)
        return text


def utc_naive(iso: str) -> datetime:
    """An ISO 8601 time (as the fetch records write it) as a naive UTC timestamp for the database."""
    moment = datetime.fromisoformat(iso)
    return (moment.astimezone(UTC) if moment.tzinfo else moment).replace(tzinfo=None)


def _fetched_at(table: TableFetch, fallback: datetime) -> datetime:
    times = [utc_naive(record.fetched_at) for record in table.records]
    return max(times) if times else fallback


def _rows(fetched: Fetched, known: set[str], catalogue: set[str], notices: list[str]) -> pl.DataFrame:
    """Every table's municipal rows, for today's municipalities; a value without a symbol is `..`."""
    frames = [table.municipal for table in fetched.tables if table.municipal.height]
    rows = pl.concat(frames) if frames else pl.DataFrame(schema=MUNICIPAL_SCHEMA)
    unknown = rows.filter(~pl.col("indicator_id").is_in(sorted(catalogue)))["indicator_id"].unique().sort()
    if unknown.len():
        raise KompetanseError(
            _(
                "Indikatoren {indicator} finnes ikke i katalogen (data/catalogue/indikatorer.csv). "
                "Bygg databasen på nytt (python -m kompetanse build) og prøv igjen.",
                indicator=unknown[0],
            )
        )
    outside = rows.filter(~pl.col("kommunenummer").is_in(sorted(known)))["kommunenummer"].unique().sort()
    if outside.len():
        notices.append(
            _(
                "Tallene for {count} kommunenummer som ikke er dagens kommuner, er utelatt ({first}).",
                count=outside.len(),
                first=", ".join(outside.head(5).to_list()),
            )
        )
    rows = rows.filter(pl.col("kommunenummer").is_in(sorted(known)))
    if rows.select("kommunenummer", "year", "indicator_id").is_duplicated().any():
        raise KompetanseError(
            _("To kilder ga tall for samme kommune, år og indikator. Ingenting ble skrevet.")
        )
    return _with_missing_status(rows).cast(MUNICIPAL_SCHEMA)


def _with_missing_status(frame: pl.DataFrame) -> pl.DataFrame:
    """A row without a value and without the publisher's symbol says `..` (missing)."""
    return frame.with_columns(
        status=pl.when(pl.col("value").is_null() & pl.col("status").is_null())
        .then(pl.lit(MISSING))
        .otherwise(pl.col("status"))
    )


def _references(fetched: Fetched, catalogue: set[str]) -> pl.DataFrame:
    frames = [table.reference for table in fetched.tables if table.reference.height]
    frame = pl.concat(frames) if frames else pl.DataFrame(schema=REFERENCE_SCHEMA)
    return _with_missing_status(frame.filter(pl.col("indicator_id").is_in(sorted(catalogue)))).cast(
        REFERENCE_SCHEMA
    )


def _groups(table: TableFetch, known: set[str], notices: list[str]) -> pl.DataFrame:
    groups = table.kostra_groups
    outside = groups.filter(~pl.col("kommunenummer").is_in(sorted(known)))
    if outside.height:
        notices.append(
            _(
                "KLASS 112 har {count} kommuner som ikke er dagens kommuner i databasen; de er utelatt.",
                count=outside.height,
            )
        )
    groups = groups.filter(pl.col("kommunenummer").is_in(sorted(known)))
    valid = groups["valid_from"].max()
    source = f"SSB KLASS 112 (KOSTRA-grupper), gyldig {valid:%d.%m.%Y}" if valid else "SSB KLASS 112"
    return groups.select(
        "kommunenummer",
        region_id=pl.lit("kostragruppe-") + pl.col("group_code"),
        name=pl.col("group_name"),
        slug=pl.Series([slugify(name) for name in groups["group_name"]], dtype=pl.String),
        source=pl.lit(source),
    ).cast(GROUP_COLUMNS)


def _by_key(frame: pl.DataFrame, key: str) -> dict[str, dict]:
    return {row[key]: row for row in frame.iter_rows(named=True)}


def plan_update(database: Database, fetched: Fetched, user: User | None) -> UpdatePlan:
    """Compare the fetched tables with the database and say what an update would change (writes nothing)."""
    user = require_admin(user, N_("hente offisielle tall"))
    notices: list[str] = []
    catalogue = translated(database.query("indicator_catalogue"), "name")  # names as the reader reads
    names = dict(zip(catalogue["indicator_id"], catalogue["name"]))
    known = set(database.query("municipalities")["kommunenummer"].to_list())
    rows = _rows(fetched, known, set(names), notices)
    references = _references(fetched, set(names))
    counted = _by_key(database.query_with_frame("official_preview", "staged_rows", rows), "indicator_id")
    totals = _by_key(
        database.query_with_frame("reference_preview", "staged_references", references), "indicator_id"
    )
    held = _by_key(database.query("official_series"), "series_id")
    projection = groups = None
    series = []
    for table in fetched.tables:
        fetched_at = _fetched_at(table, fetched.started_at)
        parts: list[tuple[str, str, dict]] = []
        if table.projection is not None:
            projection = table.projection.select(list(PROJECTION_COLUMNS)).cast(PROJECTION_COLUMNS)
            found = database.query_with_frame("projection_preview", "staged_projection", projection)
            parts.append((PROJECTION_SERIES, N_("Befolkningsframskriving"), found.row(0, named=True)))
        elif table.kostra_groups is not None:
            groups = _groups(table, known, notices)
            found = database.query_with_frame("kostra_group_preview", "staged_groups", groups)
            extent = {"first_year": None, "last_year": None, "municipalities": groups.height}
            parts.append((KOSTRA_SERIES, N_("KOSTRA-grupper"), {**found.row(0, named=True), **extent}))
        for indicator in table.indicators:
            if indicator not in counted:
                if indicator in names:
                    notices.append(
                        _(
                            "{table} hadde ingen tall for «{indicator}»; de er uendret.",
                            table=table.label,
                            indicator=_(names[indicator]),
                        )
                    )
                continue
            reference = totals.get(indicator, {})
            parts.append((indicator, names[indicator], {**counted[indicator], **reference}))
        for series_id, name, found in parts:
            before = held.get(series_id)
            counts = {key: int(found.get(key) or 0) for key in COUNTS}
            series.append(
                SeriesPlan(
                    series_id,
                    name,
                    table.label,
                    table.table,
                    table.updated,
                    before["updated"] if before else None,
                    before is not None,
                    found.get("first_year"),
                    found.get("last_year"),
                    int(found.get("municipalities") or 0),
                    counts,
                    fetched_at,
                )
            )
    return UpdatePlan(fetched, rows, references, projection, groups, tuple(series), user, notices)


def _records(plan: UpdatePlan, update_id: int) -> pl.DataFrame:
    rows = [
        {
            "update_id": update_id,
            "source": table.label,
            "url": record.url,
            "method": record.method,
            "http_status": record.status,
            "fetched_at": utc_naive(record.fetched_at),
            "updated": record.updated,
            "sha256": record.sha256,
            "size_bytes": record.size,
        }
        for table in plan.fetched.tables
        for record in table.records
    ]
    schema = {
        "update_id": pl.Int32,
        "source": pl.String,
        "url": pl.String,
        "method": pl.String,
        "http_status": pl.Int32,
        "fetched_at": pl.Datetime("us"),
        "updated": pl.String,
        "sha256": pl.String,
        "size_bytes": pl.Int64,
    }
    return pl.DataFrame(rows, schema=schema)


def apply_update(database: Database, plan: UpdatePlan, user: User | None) -> UpdateSummary:
    """Write the plan in one transaction (backup first); a plan in which nothing changed is refused."""
    user = require_admin(user, N_("hente offisielle tall"))
    if plan.planned_for != user:
        raise AccessDenied(_("Forhåndsvisningen ble laget for en annen bruker. Hent tallene på nytt."))
    if plan.is_empty:
        raise KompetanseError(_("Ingen nye tall: ingenting å skrive."))
    sources = plan.fetched.sources
    changed = [series for series in plan.series if series.changed]
    counts = {key: plan.total(key) for key in ("rows_new", "rows_changed", "rows_removed", "example_removed")}
    detail = (
        f"{', '.join(SOURCE_NAMES[source] for source in sources)}: {len(changed)} serier, "
        f"{counts['rows_new']} nye, {counts['rows_changed']} endret, {counts['rows_removed']} fjernet"
    )
    with database.writing(by=user, action="offisielle_tall", detail=detail) as writer:
        (update_id,) = writer.one(
            "insert_official_update",
            started_at=plan.fetched.started_at,
            finished_at=datetime.now().replace(microsecond=0),
            run_by=user.log_name,
            sources=list(sources),
            from_year=plan.fetched.from_year,
            **counts,
        )
        with writer.frame("staged_rows", plan.rows):
            for step in (
                "official_remove_examples",
                "official_remove_absent",
                "official_remove_replaced",
                "official_insert_new",
            ):
                writer.run(step)
        with writer.frame("staged_references", plan.references):
            writer.run("reference_replace")
        if plan.projection is not None:
            with writer.frame("staged_projection", plan.projection):
                writer.run("projection_replace")
        if plan.groups is not None:
            with writer.frame("staged_groups", plan.groups):
                writer.run("kostra_group_replace")
        writer.insert("source_fetch", _records(plan, update_id))
        for series in changed:
            writer.run(
                "upsert_official_series",
                series_id=series.series_id,
                source=series.source,
                table_id=series.table_id,
                updated=series.updated,
                fetched_at=series.fetched_at,
                update_id=update_id,
                first_year=series.first_year,
                last_year=series.last_year,
                municipalities=series.municipalities,
            )
    indicators = sum(1 for s in changed if s.series_id not in NOT_INDICATORS)
    return UpdateSummary(
        update_id,
        indicators,
        counts["rows_new"],
        counts["rows_changed"],
        counts["rows_removed"],
        counts["example_removed"],
        sources,
    )
