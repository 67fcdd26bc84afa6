"""Build or refresh the database from the bundled files in data/ (idempotent).

Bundled data (registry, regions, catalogue, population, example data, project entries,
boundaries) is replaced as a whole; what users added (imported observations, own networks,
edited project entries, the import log) is kept, and so is what an official update fetched
(official rows, SSB's totals, KOSTRA groups, projections): an indicator with official figures
gets no example rows back. Building twice gives the same database.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path
from typing import Literal

import polars as pl

from kompetanse.config import DATA_DIR
from kompetanse.rules.future_need import in_bands
from kompetanse.rules.observations import conform
from kompetanse.rules.plans import plan_shares
from kompetanse.sources import (
    boundaries,
    catalogue,
    example_data,
    example_tifaktor,
    population,
    projects,
    registry,
)
from kompetanse.sources.example_projections import example_projections
from kompetanse.sources.projections import read_county_projections, read_population_by_age
from kompetanse.store.db import Database, open_database
from kompetanse.store.leftovers import remove_leftovers
from kompetanse.store.schema import latest_schema_version
from kompetanse.store.writing import Writer, write_transaction

Scale = Literal["standard", "national", "none"]
EXAMPLE_YEARS: dict[str, tuple[int, ...]] = {
    "standard": example_data.STANDARD_YEARS,
    "national": example_data.NATIONAL_YEARS,
    "none": (),
}


def bundled_observations(data_dir: Path, scale: Scale) -> pl.DataFrame:
    """Official population figures plus (unless scale='none') the example data set."""
    indicators = catalogue.read_indicators(data_dir)
    people = population.read_population(data_dir)
    parts = [conform(population.population_observations(people))]
    years = EXAMPLE_YEARS[scale]
    if years:
        parts.append(example_data.example_observations(people, indicators, years))
        parts.append(example_tifaktor.example_tifaktor_observations(people, years))
    return pl.concat(parts).sort("kommunenummer", "year", "indicator_id")


def refresh_plan_shares(
    writer: Writer, today: date, kommunenummer: str | None = None, year: int | None = None
) -> None:
    """Work `kompetanseplan_andel` out anew from the competence plans (rules/plans.py), for one
    municipality-year or for all that have plans; a municipality-year whose last plan is gone loses it."""
    plans = writer.query("competence_plans", kommunenummer=kommunenummer, year=year, region_id=None)
    keys = plans.select("kommunenummer", "year").unique()
    if kommunenummer is not None and year is not None:
        keys = pl.DataFrame({"kommunenummer": [kommunenummer], "year": [year]}, schema=keys.schema)
    with writer.frame("plan_share_keys", keys):
        writer.run("plan_share_delete")
    with writer.frame("plan_shares", plan_shares(plans, today)):
        writer.run("plan_share_insert")


def bundled_projections(data_dir: Path, scale: Scale) -> pl.DataFrame | None:
    """Example projections (flagged is_example) in the need model's age bands, unless scale='none'.

    Stored in bands, not single years: 2.7 million single-year rows took 15 s and 200 MB per build,
    the 214 200 banded rows take 2 s and 18 MB, and the need model reads nothing finer.
    """
    if not EXAMPLE_YEARS[scale]:
        return None
    return in_bands(example_projections(read_population_by_age(data_dir)))


def catalogue_digest(data_dir: Path = DATA_DIR) -> str:
    """SHA-256 of the bundled catalogue files (data/catalogue/*.csv, names and contents)."""
    digest = hashlib.sha256()
    for path in sorted((data_dir / "catalogue").glob("*.csv")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


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
        ("service_area", catalogue.read_service_areas(data_dir)),
        (
            "county_projection",
            read_county_projections(data_dir).select(
                county_code="fylkesnummer",
                year="year",
                alternative="alternative",
                persons="persons",
                source="source",
            ),
        ),
    ]
    years = EXAMPLE_YEARS[scale]
    examples = []  # 10-FAKTOR by service area and competence plans for Vesterålen (example_tifaktor.py)
    if years:
        people = population.read_population(data_dir)
        examples = [
            ("tifaktor_result", example_tifaktor.example_area_results(people, years)),
            ("competence_plan", example_tifaktor.example_plans(data_dir)),
        ]
    observations = bundled_observations(data_dir, scale).with_columns(origin=pl.lit("pakke"))
    projections = bundled_projections(data_dir, scale)
    with write_transaction(Path(db_path), by=by, action="bygg", detail=f"pakkede data ({scale})") as writer:
        writer.run("delete_bundled")
        for table, frame in frames:
            # An entry an editor has changed keeps its id and wins over the bundled text.
            writer.insert(table, frame, ignore=table == "project_entry")
        writer.insert("observation", observations, ignore=True)
        # Official figures from an update stay (they are not bundled), and example data never joins them.
        writer.run("drop_examples_if_official")
        # Example projections are bundled data too: renewed on every build, gone once SSB's are fetched.
        writer.run("delete_example_projections")
        if projections is not None:
            writer.insert("population_projection", projections, ignore=True)
        writer.run("drop_example_projections_if_official")
        writer.insert("input_category", catalogue.read_input_categories(data_dir), ignore=True)
        for table, frame in examples:  # what an editor recorded or imported for the same key wins
            writer.insert(table, frame.with_columns(origin=pl.lit("pakke")), ignore=True)
        refresh_plan_shares(writer, date.today())
        writer.run("set_bundle_scale", scale=scale)
        writer.run("set_bundle_catalogue", digest=catalogue_digest(data_dir))
        counts = {table: writer.count(table) for table, _ in frames + [("observation", None)]}
    return counts


def open_current(db_path: Path, *, build_if_missing: bool = False) -> Database:
    """Open for reading. A database from an older schema, or built from another catalogue (a new or
    changed indicator row in data/catalogue), is migrated and its bundled data refreshed, keeping what
    users added and what was fetched; a missing one is built on request.
    """
    db_path = Path(db_path)
    remove_leftovers(db_path)  # of a writer killed half-way (store/leftovers.py)
    if build_if_missing and not db_path.exists():
        build(db_path)
    database = open_database(db_path, migrate_older=False)
    if database.schema_version < latest_schema_version() or _other_catalogue(database):
        recorded = database.query("bundle_scale")
        database.close()
        build(db_path, scale=recorded.item() if recorded.height else "standard")
        database = open_database(db_path)
    return database


def _other_catalogue(database: Database) -> bool:
    """Whether the database was built from a catalogue other than the bundled one (or before the digest
    was kept). A newer schema is the gateway's refusal to give, not ours."""
    if database.schema_version > latest_schema_version():
        return False
    recorded = database.query("bundle_catalogue")
    return not recorded.height or recorded.item() != catalogue_digest()
