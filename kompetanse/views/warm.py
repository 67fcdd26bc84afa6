"""Compute the views most visitors need first, once per data version, before anyone asks.

After an import every process sees a new version and its cache starts empty; without warming, the
first visitor would compute the country-wide tables for everyone (a second or more). The app calls
`warm` in a background thread as soon as it sees a new version (ui/state.py); concurrent visitors
asking for the same view wait for that one computation (store/cache.py) instead of repeating it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from kompetanse.indicators.comparison import catalogue, protection
from kompetanse.rules.regions import DEFAULT_REGION_ID, all_regions, members, municipalities, region_years
from kompetanse.store.db import Database
from kompetanse.views.kommuneprofil import country_need, profile_rows
from kompetanse.views.om_dataene import data_coverage
from kompetanse.views.oversikt import overview
from kompetanse.views.search import build_index
from kompetanse.views.tifaktor_kommune import factor_rows

log = logging.getLogger(__name__)


def _default_region(database: Database) -> dict | None:
    regions = all_regions(database)
    rows = regions.filter(regions["region_id"] == DEFAULT_REGION_ID)
    return rows.row(0, named=True) if rows.height else None


def _front_page(database: Database) -> None:
    """Oversikt as a link opens it: the default region, its newest year, every municipality."""
    region = _default_region(database)
    if region is None:
        return
    years = region_years(database, region["region_id"])
    members(database, region["region_id"])
    overview(database, region, years[0] if years else None, None)


def steps(database: Database) -> list[tuple[str, Callable[[], object]]]:
    """What is warmed, in order: what a shared link opens first, then the country-wide tables."""
    return [
        ("registry", lambda: (catalogue(database), all_regions(database), municipalities(database))),
        ("oversikt", lambda: _front_page(database)),
        (
            "protection",
            lambda: [protection(database, row) for row in catalogue(database).iter_rows(named=True)],
        ),
        ("kommuneprofil", lambda: profile_rows(database)),
        ("10-faktor", lambda: factor_rows(database)),
        ("framtidig behov", lambda: country_need(database)),
        ("search", lambda: build_index(database)),
        ("om dataene", lambda: data_coverage(database)),
    ]


def warm(database: Database, still_current: Callable[[], bool] = lambda: True) -> dict[str, float]:
    """Compute every step for this version (seconds per step); stop when a newer version has come."""
    spent = {}
    for name, step in steps(database):
        if not still_current():
            break
        started = time.perf_counter()
        step()
        spent[name] = time.perf_counter() - started
    log.info("warmed %s: %s", database.path.name, ", ".join(f"{k} {v:.2f} s" for k, v in spent.items()))
    return spent
