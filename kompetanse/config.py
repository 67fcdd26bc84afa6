"""Where things live: the bundled data folder and the database path (env var or CLI flag)."""

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent
DATA_DIR = REPO_DIR / "data"
DEFAULT_DB_PATH = DATA_DIR / "kompetanse.duckdb"
DB_ENV_VAR = "KOMPETANSE_DB"


def database_path(explicit: str | os.PathLike | None = None) -> Path:
    """The database file: an explicit path, else $KOMPETANSE_DB, else data/kompetanse.duckdb."""
    chosen = explicit or os.environ.get(DB_ENV_VAR) or DEFAULT_DB_PATH
    return Path(chosen).expanduser().resolve()
