"""The official update as people read it: the preview (text and table), and when each source last ran."""

from __future__ import annotations

from typing import TextIO

import polars as pl

from kompetanse.i18n import _
from kompetanse.rules.formatting import MISSING, format_day, format_number
from kompetanse.sources.fetching import SOURCE_NAMES, SOURCES, TABLES, Progress, Step
from kompetanse.sources.runs import OUTCOMES, last_runs
from kompetanse.sources.update import SeriesPlan, UpdatePlan
from kompetanse.store.cache import per_version
from kompetanse.store.db import Database

BAR_WIDTH = 20


def join_words(words: list[str]) -> str:
    """'SSB, SSB KLASS og Udir'."""
    if len(words) == 1:
        return words[0]
    return _("{first} og {last}", first=", ".join(words[:-1]), last=words[-1])


def years(series: SeriesPlan) -> str:
    if series.first_year is None:
        return ""
    if series.first_year == series.last_year:
        return str(series.first_year)
    return f"{series.first_year}–{series.last_year}"


def _updated(series: SeriesPlan) -> str:
    if series.updated is None:
        return _("ikke oppgitt")
    if series.updated_before and series.updated_before != series.updated:
        return f"{format_day(series.updated_before)} → {format_day(series.updated)}"
    return format_day(series.updated)


def _line(series: SeriesPlan) -> str:
    counts = series.counts
    parts = [
        _("{count} nye", count=format_number(counts["rows_new"])),
        _("{count} endrede", count=format_number(counts["rows_changed"])),
        _("{count} fjernet", count=format_number(counts["rows_removed"])),
    ]
    if counts["example_removed"]:
        parts.append(
            _("{count} rader eksempeldata erstattes", count=format_number(counts["example_removed"]))
        )
    if counts["rows_kept"]:
        parts.append(_("{count} egne importer beholdes", count=format_number(counts["rows_kept"])))
    if counts["references_changed"]:
        parts.append(
            _("{count} nye eller endrede SSB-/landstall", count=format_number(counts["references_changed"]))
        )
    span = years(series)
    where = f"{span}, " if span else ""
    state = "" if series.changed else " " + _("Ingen endring.")
    updated = " " + _("(oppdatert {day})", day=_updated(series)) if series.updated else ""
    municipalities = _("{count} kommuner", count=format_number(series.municipalities))
    name = _(series.name)  # a catalogue text (the indicator's name), or the projection's or the groups'
    return f"  {series.source}{updated}: {name}, {where}{municipalities}: {', '.join(parts)}.{state}"


def describe_plan(plan: UpdatePlan) -> str:
    """The preview as text, as `oppdater --dry-run` prints it and the admin page shows it."""
    records = plan.fetched.records
    size = sum(record.size for record in records) / 1_000_000
    names = join_words([SOURCE_NAMES[source] for source in plan.fetched.sources])
    fetched = _(
        "Hentet fra {names}: {count} svar ({size} MB).",
        names=names,
        count=len(records),
        size=format_number(size, 1),
    )
    lines = [fetched, *[_line(series) for series in plan.series]]
    lines += [_("Merk: {notice}", notice=notice) for notice in plan.notices]
    return "\n".join(lines)


def preview_table(plan: UpdatePlan) -> pl.DataFrame:
    """One row per indicator (and the projections and KOSTRA groups): what the update would change."""
    rows = [
        {
            _("Tabell"): series.source,
            _("Data"): _(series.name),
            _("År"): years(series),
            _("Kommuner"): format_number(series.municipalities),
            _("Nye"): format_number(series.counts["rows_new"]),
            _("Endrede"): format_number(series.counts["rows_changed"]),
            _("Fjernet"): format_number(series.counts["rows_removed"]),
            _("Eksempeldata erstattes"): format_number(series.counts["example_removed"]),
            _("Egne importer beholdes"): format_number(series.counts["rows_kept"]),
            _("Oppdatert hos kilden"): _updated(series),
            _("Endres"): _("ja") if series.changed else _("nei"),
        }
        for series in plan.series
    ]
    return pl.DataFrame(rows)


def progress_text(step: Step) -> str:
    """One table's progress as a line: 'SSB tabell 12562 [██████████] 2 svar, ferdig' (2 of 7 tables)."""
    if step.expected:
        filled = min(BAR_WIDTH, round(BAR_WIDTH * step.responses / step.expected))
        count = _("{done}/{expected} svar", done=step.responses, expected=step.expected)
    else:
        filled = BAR_WIDTH if step.done else min(BAR_WIDTH - 1, step.responses * 4)
        count = _("{done} svar", done=step.responses)
    filled = BAR_WIDTH if step.done else filled
    bar = "█" * filled + "·" * (BAR_WIDTH - filled)
    done = ", " + _("ferdig") if step.done else ""
    return f"[{step.index}/{step.tables}] {step.table:<24} [{bar}] {count}{done}"


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
    rows, outcomes = [], {outcome: _(text) for outcome, text in OUTCOMES.items()}
    for source in SOURCES:
        run = runs.get(source)
        wrote = written.filter(pl.col("sources").list.contains(source)).head(1)
        rows.append(
            {
                _("Kilde"): SOURCE_NAMES[source],
                _("Tabeller"): ", ".join(label for label, _table in TABLES[source]),
                _("Sist kjørt"): _stamp(run["finished_at"]) if run else _("aldri"),
                _("Resultat"): outcomes[run["outcome"]] if run else "",
                _("Melding"): run["message"] if run and run["outcome"] == "feilet" else "",
                _("Sist oppdatert"): f"{wrote['finished_at'][0]:%d.%m.%Y %H:%M}" if wrote.height else MISSING,
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
            _("Nr."): pl.col("update_id"),
            _("Ferdig"): stamp("finished_at"),
            _("Av"): pl.col("run_by"),
            _("Kilder"): pl.col("sources").list.eval(pl.element().replace(SOURCE_NAMES)).list.join(", "),
            _("Nye"): pl.col("rows_new"),
            _("Endrede"): pl.col("rows_changed"),
            _("Fjernet"): pl.col("rows_removed"),
            _("Eksempeldata erstattet"): pl.col("example_removed"),
        }
    )


def fetches_table(database: Database, update_id: int | None = None) -> pl.DataFrame:
    """Every response an update received: source, URL, fetched-at (UTC), the table's `updated`, SHA-256."""
    return database.query("source_fetches", update_id=update_id).select(
        **{
            _("Oppdatering"): pl.col("update_id"),
            _("Kilde"): pl.col("source"),
            _("Adresse"): pl.col("url"),
            _("Status"): pl.col("http_status"),
            _("Hentet (UTC)"): pl.col("fetched_at").dt.strftime("%d.%m.%Y %H:%M:%S"),
            _("Oppdatert hos kilden"): pl.col("updated").fill_null(""),
            "SHA-256": pl.col("sha256"),
            _("Byte"): pl.col("size_bytes"),
        }
    )
