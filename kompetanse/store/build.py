"""Build or refresh the database from the bundled files in data/ (idempotent).

Bundled data (registry, regions, catalogue, population, example data, project entries,
boundaries) is replaced as a whole; what users added (imported observations, own networks,
edited project entries, the import log) is kept. Building twice gives the same database.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import duckdb
import polars as pl

from kompetanse.config import DATA_DIR
from kompetanse.rules.observations import conform
from kompetanse.sources import boundaries, catalogue, example_data, population, projects, registry
from kompetanse.store.db import Database, latest_schema_version, open_database, write_transaction

Scale = Literal["standard", "national", "none"]
EXAMPLE_YEARS: dict[str, tuple[int, ...]] = {
    "standard": example_data.STANDARD_YEARS,
    "national": example_data.NATIONAL_YEARS,
    "none": (),
}

DELETE_BUNDLED = """
delete from county;
delete from municipality;
delete from code_history;
delete from region_member where region_id in (select region_id from region where kind = 'okonomisk_region');
delete from region where kind = 'okonomisk_region';
delete from theme;
delete from indicator;
delete from observation where origin = 'pakke';
delete from project_entry where origin = 'pakke';
delete from boundary;
"""


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame, *, ignore: bool = False) -> None:
    """Insert a frame by column name; with `ignore`, rows whose key exists are left as they are."""
    verb = "insert or ignore" if ignore else "insert"
    con.register("incoming_frame", frame)
    try:
        con.execute(f"{verb} into {table} by name select * from incoming_frame")  # table: internal constant
    finally:
        con.unregister("incoming_frame")


def bundled_observations(data_dir: Path, scale: Scale) -> pl.DataFrame:
    """Official population figures plus (unless scale='none') the example data set."""
    indicators = catalogue.read_indicators(data_dir)
    people = population.read_population(data_dir)
    parts = [conform(population.population_observations(people))]
    years = EXAMPLE_YEARS[scale]
    if years:
        parts.append(example_data.example_observations(people, indicators, years))
    return pl.concat(parts).sort("kommunenummer", "year", "indicator_id")


def build(
    db_path: Path, data_dir: Path = DATA_DIR, scale: Scale = "standard", by: str = "system"
) -> dict[str, int]:
    """Create or refresh the database at `db_path`; returns row counts per table."""
    regions, members = registry.read_economic_regions(data_dir)
    frames = [
        ("county", registry.read_counties(data_dir)),
        ("municipality", registry.read_municipalities(data_dir)),
        ("code_history", registry.read_code_history(data_dir)),
        ("region", regions),
        ("region_member", members),
        ("theme", catalogue.read_themes(data_dir)),
        ("indicator", catalogue.read_indicators(data_dir)),
        ("project_entry", projects.read_projects(data_dir).with_columns(origin=pl.lit("pakke"))),
        ("boundary", boundaries.read_boundaries(data_dir)),
    ]
    observations = bundled_observations(data_dir, scale).with_columns(origin=pl.lit("pakke"))
    with write_transaction(Path(db_path), by=by, action="bygg", detail=f"pakkede data ({scale})") as con:
        con.execute(DELETE_BUNDLED)
        for table, frame in frames:
            # An entry an editor has changed keeps its id and wins over the bundled text.
            _insert(con, table, frame, ignore=table == "project_entry")
        _insert(con, "observation", observations, ignore=True)
        _insert(con, "input_category", catalogue.read_input_categories(data_dir), ignore=True)
        con.execute(
            "insert or replace into meta (key, value) values ('bundle_scale', $scale)",
            {"scale": scale},
        )
        counts = {
            table: con.execute(f"select count(*) from {table}").fetchone()[0]  # internal names
            for table, _ in frames + [("observation", None)]
        }
    return counts


def open_current(db_path: Path, *, build_if_missing: bool = False) -> Database:
    """Open for reading. A database from an older schema is migrated and its bundled data refreshed
    (new catalogue columns, new indicators), keeping what users added; a missing one is built on request.
    """
    db_path = Path(db_path)
    if build_if_missing and not db_path.exists():
        build(db_path)
    database = open_database(db_path, migrate_older=False)
    if database.schema_version < latest_schema_version():
        recorded = database.sql("select value from meta where key = 'bundle_scale'")
        database.close()
        build(db_path, scale=recorded.item() if recorded.height else "standard")
        database = open_database(db_path)
    return database
