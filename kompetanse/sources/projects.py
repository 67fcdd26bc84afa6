"""Project entries (Behov, Mål, Tiltak, Resultat, Forankring) bundled in data/prosjekter."""

import tomllib
from pathlib import Path

import polars as pl

PROJECT_FILE = Path("prosjekter") / "prosjekter.toml"

PROJECT_SCHEMA = {
    "entry_id": pl.String,
    "title": pl.String,
    "kommunenummer": pl.String,
    "region_id": pl.String,
    "programme": pl.String,
    "period_start": pl.Int32,
    "period_end": pl.Int32,
    "themes": pl.List(pl.String),
    "measures_start": pl.Int32,
    "need": pl.String,
    "goal": pl.String,
    "measures": pl.String,
    "result": pl.String,
    "anchoring": pl.String,
    "source": pl.String,
}


def read_projects(data_dir: Path) -> pl.DataFrame:
    """One row per bundled project entry."""
    with open(data_dir / PROJECT_FILE, "rb") as handle:
        entries = tomllib.load(handle)["prosjekt"]
    rows = [
        {
            "entry_id": entry["id"],
            "title": entry["tittel"],
            "kommunenummer": entry.get("kommunenummer"),
            "region_id": entry.get("region"),
            "programme": entry["program"],
            "period_start": entry.get("periode_start"),
            "period_end": entry.get("periode_slutt"),
            "themes": entry["tema"],
            "measures_start": entry.get("tiltak_start"),
            "need": entry["behov"].strip(),
            "goal": entry["maal"].strip(),
            "measures": entry["tiltak"].strip(),
            "result": entry["resultat"].strip(),
            "anchoring": entry["forankring"].strip(),
            "source": entry["kilde"],
        }
        for entry in entries
    ]
    return pl.DataFrame(rows, schema=PROJECT_SCHEMA)
