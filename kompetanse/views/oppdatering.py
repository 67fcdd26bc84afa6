"""The official update as people read it: the preview (text and table), and when each source last ran."""

from __future__ import annotations

from typing import TextIO

import polars as pl

from kompetanse.rules.formatting import MISSING, format_day, format_number
from kompetanse.sources.fetching import SOURCE_NAMES, SOURCES, TABLES, Progress, Step
from kompetanse.sources.runs import OUTCOMES, last_runs
from kompetanse.sources.update import SeriesPlan, UpdatePlan
from kompetanse.store.cache import per_version
from kompetanse.store.db import Database

BAR_WIDTH = 20


def join_words(words: list[str]) -> str:
    """'SSB, SSB KLASS og Udir'."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} og {words[-1]}"


def years(series: SeriesPlan) -> str:
    if series.first_year is None:
        return ""
    if series.first_year == series.last_year:
        return str(series.first_year)
    return f"{series.first_year}–{series.last_year}"


def _updated(series: SeriesPlan) -> str:
    if series.updated is None:
        return "ikke oppgitt"
    if series.updated_before and series.updated_before != series.updated:
        return f"{format_day(series.updated_before)} → {format_day(series.updated)}"
    return format_day(series.updated)


def _line(series: SeriesPlan) -> str:
    counts = series.counts
    parts = [
        f"{format_number(counts['rows_new'])} nye",
        f"{format_number(counts['rows_changed'])} endrede",
        f"{format_number(counts['rows_removed'])} fjernet",
    ]
    if counts["example_removed"]:
        parts.append(f"{format_number(counts['example_removed'])} rader eksempeldata erstattes")
    if counts["rows_kept"]:
        parts.append(f"{format_number(counts['rows_kept'])} egne importer beholdes")
    if counts["references_changed"]:
        parts.append(f"{format_number(counts['references_changed'])} nye eller endrede SSB-/landstall")
    span = years(series)
    where = f"{span}, " if span else ""
    state = "" if series.changed else " Ingen endring."
    updated = f" (oppdatert {_updated(series)})" if series.updated else ""
    return (
        f"  {series.source}{updated}: {series.name}, {where}"
        f"{format_number(series.municipalities)} kommuner: {', '.join(parts)}.{state}"
    )


def describe_plan(plan: UpdatePlan) -> str:
    """The preview as text, as `oppdater --dry-run` prints it and the admin page shows it."""
    records = plan.fetched.records
    size = sum(record.size for record in records) / 1_000_000
    names = join_words([SOURCE_NAMES[source] for source in plan.fetched.sources])
    lines = [f"Hentet fra {names}: {len(records)} svar ({format_number(size, 1)} MB)."]
    lines += [_line(series) for series in plan.series]
    lines += [f"Merk: {notice}" for notice in plan.notices]
    return "\n".join(lines)


def preview_table(plan: UpdatePlan) -> pl.DataFrame:
    """One row per indicator (and the projections and KOSTRA groups): what the update would change."""
    rows = [
        {
            "Tabell": series.source,
            "Data": series.name,
            "År": years(series),
            "Kommuner": format_number(series.municipalities),
            "Nye": format_number(series.counts["rows_new"]),
            "Endrede": format_number(series.counts["rows_changed"]),
            "Fjernet": format_number(series.counts["rows_removed"]),
            "Eksempeldata erstattes": format_number(series.counts["example_removed"]),
            "Egne importer beholdes": format_number(series.counts["rows_kept"]),
            "Oppdatert hos kilden": _updated(series),
            "Endres": "ja" if series.changed else "nei",
        }
        for series in plan.series
    ]
    return pl.DataFrame(rows)


def progress_text(step: Step) -> str:
    """One table's progress as a line: 'SSB tabell 12562 [██████████] 2 svar, ferdig' (2 of 7 tables)."""
    if step.expected:
        filled = min(BAR_WIDTH, round(BAR_WIDTH * step.responses / step.expected))
        count = f"{step.responses}/{step.expected} svar"
    else:
        filled = BAR_WIDTH if step.done else min(BAR_WIDTH - 1, step.responses * 4)
        count = f"{step.responses} svar"
    filled = BAR_WIDTH if step.done else filled
    bar = "█" * filled + "·" * (BAR_WIDTH - filled)
    return f"[{step.index}/{step.tables}] {step.table:<24} [{bar}] {count}{', ferdig' if step.done else ''}"


def progress_printer(stream: TextIO) -> Progress:
    """A progress line per table on `stream`: redrawn in place on a terminal, one line per table elsewhere."""

    def show(step: Step) -> None:
        if stream.isatty():
            print(f"\r{progress_text(step)}", end="\n" if step.done else "", file=stream, flush=True)
        elif step.done:
            print(progress_text(step), file=stream, flush=True)

    return show


@per_version(reveal=False)
def updates(database: Database) -> pl.DataFrame:
    """The official updates that wrote something, newest first."""
    return database.query("official_updates")


def source_runs(database: Database) -> pl.DataFrame:
    """Per source: its tables, when it last ran and how that went, and its last update that wrote."""
    runs = last_runs(database.path)
    written = updates(database)
    rows = []
    for source in SOURCES:
        run = runs.get(source)
        wrote = written.filter(pl.col("sources").list.contains(source)).head(1)
        rows.append(
            {
                "Kilde": SOURCE_NAMES[source],
                "Tabeller": ", ".join(label for label, _ in TABLES[source]),
                "Sist kjørt": _stamp(run["finished_at"]) if run else "aldri",
                "Resultat": OUTCOMES[run["outcome"]] if run else "",
                "Melding": run["message"] if run and run["outcome"] == "feilet" else "",
                "Sist oppdatert": f"{wrote['finished_at'][0]:%d.%m.%Y %H:%M}" if wrote.height else MISSING,
            }
        )
    return pl.DataFrame(rows)


def _stamp(iso: str) -> str:
    try:
        return f"{format_day(iso)} {iso[11:16]}"
    except (TypeError, IndexError):
        return str(iso)


def updates_table(database: Database) -> pl.DataFrame:
    """The updates that wrote something, as the admin page shows them."""
    stamp = lambda column: pl.col(column).dt.strftime("%d.%m.%Y %H:%M")
    return updates(database).select(
        **{
            "Nr.": pl.col("update_id"),
            "Ferdig": stamp("finished_at"),
            "Av": pl.col("run_by"),
            "Kilder": pl.col("sources").list.eval(pl.element().replace(SOURCE_NAMES)).list.join(", "),
            "Nye": pl.col("rows_new"),
            "Endrede": pl.col("rows_changed"),
            "Fjernet": pl.col("rows_removed"),
            "Eksempeldata erstattet": pl.col("example_removed"),
        }
    )


def fetches_table(database: Database, update_id: int | None = None) -> pl.DataFrame:
    """Every response an update received: source, URL, fetched-at (UTC), the table's `updated`, SHA-256."""
    return database.query("source_fetches", update_id=update_id).select(
        **{
            "Oppdatering": pl.col("update_id"),
            "Kilde": pl.col("source"),
            "Adresse": pl.col("url"),
            "Status": pl.col("http_status"),
            "Hentet (UTC)": pl.col("fetched_at").dt.strftime("%d.%m.%Y %H:%M:%S"),
            "Oppdatert hos kilden": pl.col("updated").fill_null(""),
            "SHA-256": pl.col("sha256"),
            "Byte": pl.col("size_bytes"),
        }
    )
