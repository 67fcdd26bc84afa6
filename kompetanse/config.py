"""Where things live: the bundled data folder and the database path (env var or CLI flag)."""

import functools
import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent
DATA_DIR = REPO_DIR / "data"
DEFAULT_DB_PATH = DATA_DIR / "kompetanse.duckdb"
DB_ENV_VAR = "KOMPETANSE_DB"


def database_path(explicit: str | os.PathLike | None = None) -> Path:
    """The database file: an explicit path, else $KOMPETANSE_DB, else data/kompetanse.duckdb."""
    chosen = os.fspath(explicit or os.environ.get(DB_ENV_VAR) or DEFAULT_DB_PATH)
    return _resolved(chosen, "" if os.path.isabs(chosen) else os.getcwd())


@functools.lru_cache(maxsize=64)
def _resolved(chosen: str, folder: str) -> Path:
    """The absolute path, once per process for each setting (and working folder, for a relative one):
    every page run asks for it several times, and resolving stats each part of the path. A symlink
    on the way is read when the setting is first used; pointing it elsewhere takes a restart."""
    return (Path(folder) / Path(chosen).expanduser()).resolve()


WARM_ENV_VAR = "KOMPETANSE_WARM"


def warms_in_background() -> bool:
    """Whether the app computes each new data version's common views in the background ($KOMPETANSE_WARM)."""
    return os.environ.get(WARM_ENV_VAR, "1").strip().lower() not in ("0", "false", "no", "nei")


STATIC_DIR = REPO_DIR / "static"  # served by Streamlit at /app/static/ (server.enableStaticServing)
