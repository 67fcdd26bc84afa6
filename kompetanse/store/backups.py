"""Backups kept before every import, undo and restore, and putting one back (`kompetanse restore`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kompetanse.access.roles import User, require_admin
from kompetanse.errors import KompetanseError
from kompetanse.i18n import N_, _
from kompetanse.store.db import Database
from kompetanse.store.writing import list_backups, write_transaction

_NAME = re.compile(r"-(\d{8}-\d{6})-\d{6}-(\w+)\.duckdb$")
# The writes a backup is taken before, as the list names them.
BEFORE = {"import": N_("import"), "angre_import": N_("angre import"), "gjenoppretting": N_("gjenoppretting")}


@dataclass(frozen=True)
class Backup:
    path: Path
    taken_at: datetime
    before: str  # the write it was taken before: 'import', 'angre_import', 'gjenoppretting'
    size_bytes: int

    def describe(self, number: int) -> str:
        size = f"{self.size_bytes / 1e6:.1f}".replace(".", ",")
        before = BEFORE.get(self.before, self.before.replace("_", " "))
        return _(
            "{number}: {time}, før {before} ({size} MB)",
            number=number,
            time=f"{self.taken_at:%d.%m.%Y %H:%M:%S}",
            before=_(before),
            size=size,
        )


def backups(db_path: Path) -> list[Backup]:
    """The backups of the database, newest first."""
    found = []
    for path in list_backups(db_path):
        match = _NAME.search(path.name)
        if match:
            taken = datetime.strptime(match.group(1), "%Y%m%d-%H%M%S")
            found.append(Backup(path, taken, match.group(2), path.stat().st_size))
    return found


def choose_backup(db_path: Path, which: str | None) -> Backup:
    """A backup by its number in the list (1 = newest; the default) or its file name."""
    available = backups(db_path)
    if not available:
        raise KompetanseError(_("Det finnes ingen sikkerhetskopier av denne databasen ennå."))
    if which is None or which.strip() == "":
        return available[0]
    if which.isdigit() and 1 <= int(which) <= len(available):
        return available[int(which) - 1]
    for backup in available:
        if backup.path.name == Path(which).name:
            return backup
    raise KompetanseError(
        _("Fant ingen sikkerhetskopi «{which}». Se listen med «restore --list».", which=which)
    )


def restore_backup(db_path: Path, backup: Backup, by: User | None) -> str:
    """Put a backup back in place (admin only). The current file is kept as a backup first, so a
    restore can itself be undone; a backup that cannot be opened is refused before anything changes.
    """
    user = require_admin(by, N_("gjenopprette en sikkerhetskopi"))
    Database(backup.path).close()  # raises a Norwegian error for a damaged or too new file
    detail = f"fra {backup.path.name}"
    with write_transaction(
        db_path, by=user.log_name, action="gjenoppretting", detail=detail, source=backup.path
    ):
        pass
    return _(
        "Databasen er gjenopprettet fra sikkerhetskopien {time}.", time=f"{backup.taken_at:%d.%m.%Y %H:%M:%S}"
    )
