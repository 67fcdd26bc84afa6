"""Every read query says its grain and its key, and the key is unique on the national database
(jaffle-shop's `unique` test); SQL lives in store/queries and nowhere else in the package."""

import re
from pathlib import Path

import pytest

from kompetanse.store.db import open_database
from kompetanse.store.schema import QUERY_DIR

REPO = Path(__file__).resolve().parent.parent
READS = sorted(path.stem for path in QUERY_DIR.glob("*.sql") if path.read_text().startswith("-- Grain:"))
# Parameters for each read that takes any, chosen so the query returns rows on the national database.
PARAMS = {
    "audit_log": {"limit": None},
    "indicator_aggregate": {
        "region_id": None,
        "indicator_id": None,
        "exclude_oslo": False,
        "economic_regions": True,
    },
    "indicator_series": {"region_id": "18009", "indicator_id": "heltid_andel"},
    "input_counts": {"region_id": "18009"},
    "latest_year": {"indicator_id": "heltid_andel"},
    "measures_in_region": {"region_id": "18009"},
    "meeting_inputs": {"region_id": "18009"},
    "members_of_regions": {"regions": ["18009", "18010"]},
    "profile_observations": {"indicator_ids": ["barnehagelaerer_andel", "tifaktor_autonomi"]},
    "municipality_projects": {"kommunenummer": "1870"},
    "municipality_regions": {"kommunenummer": "1870"},
    "project_entries": {
        "kommunenummer": None,
        "region_id": None,
        "theme": None,
        "programme": None,
        "text": None,
    },
    "project_entry_place": {"entry_id": "x"},
    "projection_bands": {"region_id": "18009", "kommunenummer": None},
    "county_projection_change": {"region_id": "18009", "start": 2026, "horizon": 2035},
    "region_boundaries": {"region_id": "18009"},
    "region_municipalities": {"region_id": "18009"},
    "region_target": {"region_id": "18009"},
    "region_years": {"region_id": "18009"},
    "values_for_year": {"indicator_id": "heltid_andel", "year": 2024},
    "protection_observations": {"years": [2023, 2024]},
    "reference_values": {"group_id": "landet"},
    "source_fetches": {"update_id": None},
    "municipalities_series": {"kommuner": ["1866", "1870"], "indicator_id": "heltid_andel"},
    "presentations": {"region_id": "18009"},
    "import_entry": {"import_id": 1},
    "competence_plans": {"kommunenummer": None, "year": None, "region_id": None},
    "tifaktor_area_results": {"kommunenummer": None},
    "import_changed_later": {"import_id": 1},
}
# Reads of a registered frame (a staged import or update) are tested through the import or update.
NEEDS_FRAME = {name for name in READS if "staged_" in (QUERY_DIR / f"{name}.sql").read_text()}
ONE_ROW = "(one row)"


def header(name: str) -> dict[str, str]:
    lines = (QUERY_DIR / f"{name}.sql").read_text(encoding="utf-8").splitlines()
    found = {}
    for line in lines:
        match = re.match(r"^-- (Grain|Key|Parameters): (.*)$", line)
        if match:
            found[match.group(1)] = match.group(2)
    return found


@pytest.fixture(scope="module")
def national(national_db):
    database = open_database(national_db)
    yield database
    database.close()


@pytest.mark.parametrize("name", READS)
def test_every_read_query_states_its_grain_key_and_parameters(name):
    found = header(name)
    assert {"Grain", "Key", "Parameters"} <= set(found), name


@pytest.mark.parametrize("name", [name for name in READS if name not in NEEDS_FRAME])
def test_the_key_of_every_read_query_is_unique_on_the_national_database(name, national):
    stated = header(name)["Key"]
    frame = national.query(name, **PARAMS.get(name, {}))
    if stated == ONE_ROW:
        assert frame.height == 1, f"{name}: says one row, has {frame.height}"
        return
    key = [column.strip() for column in stated.split("(")[0].split(",")]
    assert set(key) <= set(frame.columns), f"{name}: key {key} not among {frame.columns}"
    assert frame.height == frame.select(key).unique().height, f"{name}: key {key} is not unique"


# The login throttle's SQLite file (access/throttle.py) runs its statements from store/queries too;
# only its transaction control is written inline.
THROUGH_QUERY_FILES = re.compile(r"\.execute\((query_text\(|\"(begin immediate|commit|rollback)\")")


def test_no_module_outside_the_store_writes_sql_of_its_own():
    offenders = [
        f"{path.relative_to(REPO)}:{number}"
        for folder in ("kompetanse", "pages")
        for path in sorted((REPO / folder).rglob("*.py"))
        if "store" not in path.relative_to(REPO).parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if (re.search(r"\.(sql|execute)\(", line) and not THROUGH_QUERY_FILES.search(line))
        or re.search(r"(select\s.+\sfrom\s|insert\s+into\s|update\s+\w+\s+set\s|delete\s+from\s)", line)
    ]
    assert offenders == []
