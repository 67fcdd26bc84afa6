"""What a writer killed half-way leaves behind, removed at the next start.

A write works on a private copy next to the database (store/writing.py) and an import keeps the
uploaded file in `importer/` before it writes (so that the log can name it). After `kill -9` the
copy stays, and so does the upload, with no import in the log. The next start of the app or the
command line removes both, but only while no other writer is at work: the lock tells.
"""

from __future__ import annotations

import os
from pathlib import Path

from kompetanse.errors import DatabaseBusyError
from kompetanse.store.db import Database
from kompetanse.store.writing import PRIVATE_FILE, remove_stale_copies, writer_lock

UPLOAD_FOLDER = "importer"


def upload_folder(db_path: Path) -> Path:
    """Where the originals of imported files are kept."""
    return Path(db_path).parent / UPLOAD_FOLDER


def keep_upload(db_path: Path, name: str, raw: bytes) -> Path:
    """Keep an uploaded file as it came, readable by the server's user only."""
    folder = upload_folder(db_path)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    stored = folder / name
    descriptor = os.open(stored, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(raw)
    os.chmod(stored, PRIVATE_FILE)
    return stored


def remove_leftovers(db_path: Path) -> list[Path]:
    """Remove private copies of dead writers and kept uploads that no import in the log names; returns
    what was removed. Does nothing while another writer holds the lock (its copy is in use)."""
    db_path = Path(db_path)
    if not db_path.exists():
        return []
    try:
        with writer_lock(db_path, timeout_s=0):
            removed = remove_stale_copies(db_path)
            folder = upload_folder(db_path)
            if folder.is_dir():
                database = Database(db_path)
                try:
                    logged = set(database.query("kept_uploads")["stored_file"].to_list())
                finally:
                    database.close()
                for path in folder.iterdir():
                    if path.is_file() and path.name not in logged:
                        path.unlink(missing_ok=True)
                        removed.append(path)
            return removed
    except DatabaseBusyError:
        return []
