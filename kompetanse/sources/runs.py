"""Runs of the official update (the command line and the admin button alike), and the log of every run.

`prepare` fetches the chosen sources and plans the update (the preview); `finish` writes it, or
says "Ingen nye tall", or only shows it (a dry run). Every run is logged, with its outcome, in a
small JSON-lines file next to the database (`kompetanse-oppdateringer.jsonl`), not in the database:
a run that fails or finds nothing new must leave the database exactly as it was, yet Om dataene
shows when each source last ran and whether it failed. The database itself records every run that
wrote (official_update, source_fetch).
"""

from __future__ import annotations

import fcntl
import json
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from kompetanse.access.roles import User, require_admin
from kompetanse.errors import KompetanseError
from kompetanse.i18n import N_, _
from kompetanse.sources.fetching import SOURCES, Clients, Progress, fetch_official
from kompetanse.sources.update import UpdatePlan, apply_update, plan_update
from kompetanse.store.db import Database

LOG_SUFFIX = "-oppdateringer.jsonl"
UPDATED, NOTHING, DRY_RUN, FAILED = "oppdatert", "ingen_nye", "provekjoring", "feilet"
# How a run ended, as the log's table shows it (translated there: _(OUTCOMES[outcome])).
OUTCOMES = {
    UPDATED: N_("oppdatert"),
    NOTHING: N_("ingen nye tall"),
    DRY_RUN: N_("prøvekjøring"),
    FAILED: N_("feilet"),
}
UNEXPECTED = N_("Noe gikk galt som programmet ikke ventet ({name}). Databasen er uendret.")


def failure_text(error: Exception) -> str:
    """What the log says about a failed run: the Norwegian message, or that something unexpected happened."""
    return str(error) if isinstance(error, KompetanseError) else _(UNEXPECTED, name=type(error).__name__)


def log_path(db_path: Path) -> Path:
    """The run log of the database at `db_path`: kompetanse.duckdb -> kompetanse-oppdateringer.jsonl."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.stem + LOG_SUFFIX)


def record(
    db_path: Path,
    sources: Sequence[str],
    by: str,
    started: datetime,
    outcome: str,
    message: str,
    update_id: int | None = None,
) -> None:
    """Append one run to the log (a line each, under a lock, so two runs never interleave)."""
    line = json.dumps(
        {
            "started_at": started.isoformat(timespec="seconds"),
            "finished_at": datetime.now().isoformat(timespec="seconds"),
            "by": by,
            "sources": list(sources),
            "outcome": outcome,
            "message": message[:2000],
            "update_id": update_id,
        },
        ensure_ascii=False,
    )
    path = log_path(db_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        handle.write(line + "\n")
        handle.flush()
        fcntl.flock(handle, fcntl.LOCK_UN)


def attempts(db_path: Path) -> list[dict]:
    """Every logged run, oldest first; a line that cannot be read (a run killed mid-write) is skipped."""
    path = log_path(db_path)
    if not path.exists():
        return []
    found = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict) and entry.get("outcome") in OUTCOMES:
            found.append(entry)
    return found


def last_runs(db_path: Path) -> dict[str, dict]:
    """The newest logged run of each source (a dry run counts: it fetched too)."""
    newest: dict[str, dict] = {}
    for entry in attempts(db_path):
        for source in entry.get("sources") or ():
            if source in SOURCES:
                newest[source] = entry
    return newest


def prepare(
    database: Database,
    user: User | None,
    sources: Sequence[str],
    from_year: int | None = None,
    progress: Progress | None = None,
    clients: Clients | None = None,
    on: date | None = None,
) -> UpdatePlan:
    """Fetch the sources and plan the update; a failure is logged and raised, and nothing is written."""
    user = require_admin(user, N_("hente offisielle tall"))
    started = datetime.now()
    try:
        fetched = fetch_official(
            sources,
            database.query("municipalities")["kommunenummer"].to_list(),
            database.query("code_history"),
            from_year,
            progress,
            clients,
            on,
        )
        return plan_update(database, fetched, user)
    except Exception as error:
        record(database.path, sources, user.log_name, started, FAILED, failure_text(error))
        raise


def finish(database: Database, plan: UpdatePlan, user: User | None, dry_run: bool = False) -> str:
    """Write the plan (or only log a dry run, or "Ingen nye tall") and say what happened, in Norwegian."""
    user = require_admin(user, N_("hente offisielle tall"))
    sources, started = plan.fetched.sources, plan.fetched.started_at
    if dry_run:
        message = _("Prøvekjøring: ingenting er skrevet.")
        record(database.path, sources, user.log_name, started, DRY_RUN, message)
        return message
    if plan.is_empty:
        message = _(
            "Ingen nye tall: databasen har allerede de nyeste tallene fra kildene. Ingenting er endret."
        )
        record(database.path, sources, user.log_name, started, NOTHING, message)
        return message
    try:
        summary = apply_update(database, plan, user)
    except Exception as error:
        record(database.path, sources, user.log_name, started, FAILED, failure_text(error))
        raise
    message = summary.describe()
    record(database.path, sources, user.log_name, started, UPDATED, message, summary.update_id)
    return message
