"""Imports: read and validate a file, preview what would change, write it whole, undo it whole.

A file with any error writes nothing (validation.py). A valid file is first shown as a preview
(new, changed old -> new, unchanged). Writing is one transaction on a private copy of the database
(Database.writing), and records what every touched row held before, so the import can be
undone as a whole. The original file is kept next to the database.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import polars as pl

from kompetanse.access.roles import User, require_municipalities, require_writer
from kompetanse.errors import AccessDenied, DiskFullError, KompetanseError
from kompetanse.i18n import N_, _
from kompetanse.ingest import tifaktor
from kompetanse.ingest.jsonstat import ssb_table_rows
from kompetanse.ingest.plan_checks import mixed_with_official, resolve_shares
from kompetanse.ingest.preview_checks import PreviewWarning, jump_warnings, merged, own_checks, total_warnings
from kompetanse.ingest.readers import UnreadableFile, read_table
from kompetanse.ingest.validation import ImportRejected, Problem, validate_table
from kompetanse.rules.formatting import MB, count_noun, format_megabytes, format_value
from kompetanse.store.db import Database
from kompetanse.store.leftovers import keep_upload
from kompetanse.store.writing import disk_full_text, is_disk_full

__all__ = [
    "ImportPlan",
    "ImportRejected",
    "ImportSummary",
    "PreviewOutdated",
    "Problem",
    "apply_import",
    "plan_import",
    "undo_import",
]


class PreviewOutdated(KompetanseError):
    """The database changed after the preview was made: nothing was written; make a new preview."""


PREVIEW_LINES = 50
PREVIEW_ROWS_SHOWN = 1000
MAX_UPLOAD_MB = 50  # the same number as server.maxUploadSize in .streamlit/config.toml
MAX_COMMAND_LINE_MB = 500  # the operator may import bigger files, but not without bound
MAX_FILE_NAME_BYTES = 120  # leaves room for the time and checksum in front within a 255-byte file name


@dataclass
class ImportPlan:
    """Validated rows ready to write, and what the user should be told before confirming."""

    file_name: str
    sha256: str
    raw: bytes
    rows: pl.DataFrame  # observation columns
    preview: pl.DataFrame  # the new and changed rows: change ('ny' | 'endret'), key, old_value, value
    notices: list[str] = field(default_factory=list)
    planned_for: User | None = None  # whose municipality scope the rows were checked against
    made_on: int | None = None  # the newest write when the preview was made: the version it shows
    question: str | None = None  # asked in the preview before the import may be confirmed
    warnings: list[PreviewWarning] = field(default_factory=list)  # possible mistakes (preview_checks)
    # 10-FAKTOR results by service area or unit (ingest/tifaktor.py); their changes are in `preview` too
    area_rows: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=tifaktor.AREA_ROW_SCHEMA))

    @property
    def must_confirm(self) -> list[PreviewWarning]:
        """The warnings the editor must confirm before the import is written (large changes)."""
        return [warning for warning in self.warnings if warning.must_confirm]

    @property
    def confirm_count(self) -> int:
        """How many values change by more than half from the year before."""
        return sum(warning.count for warning in self.must_confirm)

    def counts(self) -> dict[str, int]:
        found = dict(self.preview.group_by("change").len().iter_rows())
        counts = {change: found.get(change, 0) for change in ("ny", "endret")}
        total = self.rows.height + self.area_rows.height
        return {**counts, "uendret": total - counts["ny"] - counts["endret"]}

    def describe(self) -> str:
        """The preview as text, as `--dry-run` prints it and the app shows it."""
        counts = self.counts()
        lines = [
            _(
                "{file_name}: {rows} gyldige rader. "
                "Nye verdier: {new}, endrede: {changed}, uendrede: {unchanged}.",
                file_name=self.file_name,
                rows=self.rows.height + self.area_rows.height,
                new=counts["ny"],
                changed=counts["endret"],
                unchanged=counts["uendret"],
            )
        ]
        changed = self.preview.filter(pl.col("change") == "endret").head(PREVIEW_LINES)
        for row in changed.iter_rows(named=True):
            lines.append(
                f"  {row['kommunenummer']} {row['name']} {row['year']} {row['indicator_name']}: "
                f"{format_value(row['old_value'], row['unit'])} → {format_value(row['value'], row['unit'])}"
            )
        if counts["endret"] > PREVIEW_LINES:
            lines.append(_("  … og {count} endringer til.", count=counts["endret"] - PREVIEW_LINES))
        for warning in self.warnings[:PREVIEW_LINES]:
            lines.append(_("  Sjekk: {warning}", warning=warning))
        if len(self.warnings) > PREVIEW_LINES:
            lines.append(_("  … og {count} merknader til.", count=len(self.warnings) - PREVIEW_LINES))
        return "\n".join(lines)


@dataclass(frozen=True)
class ImportSummary:
    import_id: int
    rows_new: int
    rows_changed: int
    rows_unchanged: int

    def describe(self, file_name: str) -> str:
        total = self.rows_new + self.rows_changed + self.rows_unchanged
        return _(
            "Importerte {total} rader fra {file_name} (import nr. {number}): {new} nye, "
            "{changed} endret, {unchanged} uendret.",
            total=total,
            file_name=file_name,
            number=self.import_id,
            new=self.rows_new,
            changed=self.rows_changed,
            unchanged=self.rows_unchanged,
        )


def preview_table(preview: pl.DataFrame) -> pl.DataFrame:
    """The new and changed values as the app shows them: indicator names, units, old -> new written
    the Norwegian way ('43,2 %', '1 340')."""
    shown = preview.head(PREVIEW_ROWS_SHOWN)
    numbers = lambda column: pl.Series(
        [format_value(v, unit) for v, unit in zip(shown[column], shown["unit"], strict=True)], dtype=pl.String
    )
    return shown.select(
        **{
            _("Endring"): pl.col("change").replace({"ny": _("Ny"), "endret": _("Endret")}),
            _("Kommune"): pl.concat_str("kommunenummer", pl.lit(" "), pl.col("name").fill_null("")),
            _("År"): pl.col("year").cast(pl.String),
            _("Indikator"): pl.col("indicator_name"),
            _("Enhet"): pl.col("unit"),
            _("Før"): numbers("old_value"),
            _("Etter"): numbers("value"),
        }
    )


def import_log_table(database: Database) -> pl.DataFrame:
    """The import log as the app shows it, newest first (headings in the run's language)."""
    log = database.query("import_log")
    stamp = lambda column: pl.col(column).dt.strftime("%d.%m.%Y %H:%M").fill_null("")
    return log.select(
        **{
            _("Nr."): pl.col("import_id"),
            _("Fil"): pl.col("file_name"),
            _("Tid"): stamp("imported_at"),
            _("Av"): pl.col("imported_by"),
            _("Nye"): pl.col("rows_new"),
            _("Endret"): pl.col("rows_changed"),
            _("Uendret"): pl.col("rows_unchanged"),
            _("Angret"): stamp("undone_at"),
        }
    )


def check_size(size: int, file_name: str, max_bytes: int) -> None:
    """Refuse a file over the size limit before anything in it is read."""
    if size > max_bytes:
        message = _(
            "Filen er {size}; største filstørrelse er {limit}. Del den opp i flere filer.",
            size=format_megabytes(size),
            limit=format_megabytes(max_bytes, 0),
        )
        raise ImportRejected(file_name, [Problem(None, None, message)])


# The answers to the preview's question, translated where they are shown.
SHARES_ANSWERS = {
    "prosent": N_("Verdiene er prosent (0,455 betyr 0,455 %)"),
    "andel": N_("Verdiene er andeler (0,455 betyr 45,5 %)"),
}


def plan_import(
    raw: bytes,
    file_name: str,
    database: Database,
    user: User | None,
    max_bytes: int = MAX_UPLOAD_MB * MB,
    shares: str | None = None,
) -> ImportPlan:
    """Read and validate a file against the registry and catalogue, and preview the changes.

    The user must be allowed to change every municipality in the file; an editor's file with
    rows for other municipalities is refused, and the message names them. A file over `max_bytes`
    (the app's upload limit unless the command line asks for more) is refused unread.
    """
    file_name = safe_file_name(file_name)
    require_writer(user, N_("importere data"))
    check_size(len(raw), file_name, max_bytes)
    try:
        table = (
            ssb_table_rows(raw)
            if raw[:4096].lstrip(b"\xef\xbb\xbf \r\n\t")[:1] == b"{"  # a slice: no copy of a big file
            else read_table(raw, file_name)
        )
    except (UnreadableFile, KompetanseError) as error:
        raise ImportRejected(file_name, [Problem(None, None, str(error))]) from None
    if table.cells.height == 0:
        raise ImportRejected(file_name, [Problem(None, None, _("Filen har ingen rader med tall."))])
    code_history, indicators = database.query("code_history"), database.query("indicator_catalogue")
    found = own_checks(database, table, code_history, user)
    area_rows = pl.DataFrame(schema=tifaktor.AREA_ROW_SCHEMA)
    try:
        if tifaktor.is_survey(table):  # a 10-FAKTOR round, perhaps with service areas and units
            areas = database.query("service_areas")
            checked, area_rows = tifaktor.read_survey(table, code_history, indicators, areas, file_name)
        else:
            checked = validate_table(table, code_history, indicators, file_name)
    except ImportRejected as rejected:
        raise ImportRejected(file_name, merged(rejected.problems, found.problems)) from None
    if found.problems:
        raise ImportRejected(file_name, merged([], found.problems))
    mixed = mixed_with_official(checked.rows, set(database.query("official_series")["series_id"].to_list()))
    if mixed is not None:
        raise ImportRejected(file_name, [mixed])
    checked.rows, question = resolve_shares(checked.rows, indicators, shares)
    try:
        kommuner = pl.concat([checked.rows["kommunenummer"], area_rows["kommunenummer"]]).unique().sort()
        require_municipalities(user, kommuner.to_list(), database, N_("importere tall"))
    except AccessDenied as denied:
        raise ImportRejected(file_name, [Problem(None, "kommunenummer", str(denied))]) from None
    _refuse_computed_shares(database, checked.rows, file_name)
    preview = database.query_with_frame("import_preview", "staged_rows", checked.rows)
    made_on = database.query("latest_write").item()
    warnings = [
        *found.warnings,
        *jump_warnings(database, checked.rows),
        *total_warnings(database, checked.rows),
    ]
    if area_rows.height:
        preview = pl.concat(
            [preview, database.query_with_frame("tifaktor_preview", "staged_area_rows", area_rows)],
            how="diagonal_relaxed",  # a survey result has no publisher's symbol
        )
    return ImportPlan(
        file_name,
        hashlib.sha256(raw).hexdigest(),
        raw,
        checked.rows,
        preview,
        checked.notices,
        user,
        made_on,
        question,
        warnings,
        area_rows,
    )


def _refuse_computed_shares(database: Database, rows: pl.DataFrame, file_name: str) -> None:
    """`kompetanseplan_andel` is computed from the recorded plans where there are any (rules/plans.py)."""
    conflicts = database.query_with_frame("plan_share_conflicts", "staged_rows", rows)
    if conflicts.height:
        places = ", ".join(f"{name} {year}" for _code, name, year in conflicts.iter_rows())
        message = _(
            "Enheter med oppdatert kompetanseplan regnes ut fra kompetanseplanene som er registrert for "
            "{places}. Endre planene på siden Kompetanseplaner i stedet, eller ta radene ut av filen.",
            places=places,
        )
        raise ImportRejected(file_name, [Problem(None, "indikator", message)])


def safe_file_name(name: str) -> str:
    """The last part of a path, with only harmless characters (no '..', no slashes, no NUL).

    Cut to MAX_FILE_NAME_BYTES in UTF-8, keeping a short extension: letters outside Latin-1 take up
    to four bytes each, and the file system counts bytes, not letters.
    """
    base = re.split(r"[\\/]", name or "")[-1]
    cleaned = re.sub(r"[^\w.\- ]", "_", base).strip(". ") or "fil"  # \w holds æ, ø, å and other letters
    stem, dot, extension = cleaned.rpartition(".")
    suffix = f".{extension}" if dot and stem and len(extension.encode()) <= 10 else ""
    stem = cleaned[: len(cleaned) - len(suffix)]
    room = MAX_FILE_NAME_BYTES - len(suffix.encode())
    return (stem.encode()[:room].decode("utf-8", errors="ignore").rstrip(". ") or "fil") + suffix


def _keep_original(db_path: Path, plan: ImportPlan, when: datetime) -> Path:
    return keep_upload(db_path, f"{when:%Y%m%d-%H%M%S}-{plan.sha256[:12]}-{plan.file_name}", plan.raw)


def apply_import(
    database: Database, plan: ImportPlan, user: User | None, *, confirmed: bool = False
) -> ImportSummary:
    """Write the rows that are new or changed, the log entry and the undo record in one transaction.

    Values that change by more than half from the year before are written only when `confirmed`.
    The database file as it was is kept as a backup first (store/writing.py).
    """
    user = require_writer(user, N_("importere data"))
    if plan.planned_for != user:
        raise AccessDenied(_("Forhåndsvisningen ble laget for en annen bruker. Last opp filen på nytt."))
    if plan.question:
        raise KompetanseError(
            _("Svar på spørsmålet i forhåndsvisningen først. {question}", question=plan.question)
        )
    if plan.must_confirm and not confirmed:
        values = count_noun(plan.confirm_count, _("verdi"), _("verdier"))
        raise KompetanseError(
            _(
                "{values} endrer seg mer enn 50 % fra året før. "
                "Sjekk tallene og bekreft at de stemmer før du importerer.",
                values=values,
            )
        )
    counts = plan.counts()
    when = datetime.now().replace(microsecond=0)
    try:
        stored = _keep_original(database.path, plan, when)
    except OSError as error:
        if is_disk_full(error):
            raise DiskFullError(disk_full_text()) from None
        raise
    try:
        detail = f"{plan.file_name}: {counts['ny']} nye, {counts['endret']} endret"
        with database.writing(by=user, action="import", detail=detail) as writer:
            if writer.one("latest_write")[0] != plan.made_on:  # checked under the write lock: no race
                raise PreviewOutdated(
                    _(
                        "Tallene er endret siden forhåndsvisningen (noen har lagret noe i mellomtiden), "
                        "så ingenting er importert. Se over den nye forhåndsvisningen og bekreft på nytt."
                    )
                )
            (import_id,) = writer.one(
                "insert_import_log",
                file_name=plan.file_name,
                sha256=plan.sha256,
                user=user.username,
                imported_at=when,
                rows_new=counts["ny"],
                rows_changed=counts["endret"],
                rows_unchanged=counts["uendret"],
                stored_file=stored.name,
            )
            with writer.frame("staged_rows", plan.rows):
                writer.run("import_record_replaced", import_id=import_id)
                writer.run("import_replace_changed", import_id=import_id)
                writer.run("import_insert_new", import_id=import_id)
            if plan.area_rows.height:
                with writer.frame("staged_area_rows", plan.area_rows):
                    writer.run("tifaktor_record_replaced", import_id=import_id)
                    writer.run("tifaktor_replace_changed", import_id=import_id)
                    writer.run("tifaktor_insert_new", import_id=import_id)
    except BaseException:
        stored.unlink(missing_ok=True)
        raise
    return ImportSummary(import_id, counts["ny"], counts["endret"], counts["uendret"])


def undo_import(database: Database, import_id: int, user: User | None) -> str:
    """Put back what one import replaced and remove what it added; refuse if later imports built on it.

    An editor may undo their own imports; an admin any.
    """
    user = require_writer(user, N_("angre importer"))
    detail = f"import nr. {import_id}"
    with database.writing(by=user, action="angre_import", detail=detail) as writer:
        found = writer.one("import_entry", import_id=import_id)
        if found is None:
            raise KompetanseError(_("Fant ingen import nr. {number}.", number=import_id))
        file_name, undone_at, imported_by = found
        if not user.is_admin and imported_by != user.username:
            raise AccessDenied(
                _(
                    "Import nr. {number} ble gjort av {user}. Du kan bare angre dine egne importer; "
                    "en administrator kan angre alle.",
                    number=import_id,
                    user=imported_by,
                )
            )
        if undone_at is not None:
            raise KompetanseError(
                _(
                    "Import nr. {number} ({file_name}) er allerede angret.",
                    number=import_id,
                    file_name=file_name,
                )
            )
        rows_gone, later = writer.one("import_changed_later", import_id=import_id)
        if rows_gone or later:
            names = ", ".join(_("nr. {number}", number=i) for i in later or []) or _("senere endringer")
            raise KompetanseError(
                _(
                    "Import nr. {number} kan ikke angres fordi noen av tallene er endret senere ({names}). "
                    "Angre de senere importene først.",
                    number=import_id,
                    names=names,
                )
            )
        writer.run("undo_delete_added", import_id=import_id)
        writer.run("undo_restore_replaced", import_id=import_id)
        writer.run("tifaktor_undo_delete_added", import_id=import_id)
        writer.run("tifaktor_undo_restore_replaced", import_id=import_id)
        writer.run(
            "mark_import_undone",
            import_id=import_id,
            at=datetime.now().replace(microsecond=0),
            user=user.username,
        )
    return _("Import nr. {number} ({file_name}) er angret.", number=import_id, file_name=file_name)
