"""Compute the views most visitors need first, once per data version, before anyone asks.

After an import every process sees a new version and its cache starts empty; without warming, the
first visitor would compute the country-wide tables for everyone (a second or more). The app calls
`warm` in a background thread as soon as it sees a new version (ui/reader.py), and serves the new
version once it is warm. Warming computes the front page and the country-wide tables, then asks the
new version for every view visitors had from the version before, the most recently used first
(store/cache.Call): the regions, years, languages and pages people actually have open, with no list
of pages here to fall behind the pages. Concurrent visitors asking for the same view wait for that
one computation (store/cache.py) instead of repeating it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from kompetanse.access.users import users
from kompetanse.indicators.comparison import catalogue, protection
from kompetanse.rules.regions import (
    DEFAULT_REGION_ID,
    all_regions,
    member_names,
    members,
    municipalities,
    named_region,
    region_choices,
    region_years,
)
from kompetanse.store.cache import calls_of
from kompetanse.store.db import Database
from kompetanse.views.kommuneprofil import country_need, profile_rows
from kompetanse.views.om_dataene import indicator_sections
from kompetanse.views.oversikt import overview
from kompetanse.views.saved_presentations import saved_presentations
from kompetanse.views.search import build_index
from kompetanse.views.targets import target_progress
from kompetanse.views.tifaktor_kommune import factor_rows

log = logging.getLogger(__name__)
MAX_REPLAYED = 1000  # views asked again after an import, at most (the cache holds 4 096 results)


def _default_region(database: Database) -> dict | None:
    regions = all_regions(database)
    rows = regions.filter(regions["region_id"] == DEFAULT_REGION_ID)
    return rows.row(0, named=True) if rows.height else None


def _front_page(database: Database) -> None:
    """Oversikt as a link opens it (ui/sidebar.py): the default region, its newest year, every
    municipality, no focus, the change since the first year; the arguments as the page passes them."""
    region = _default_region(database)
    if region is None:
        return
    named_region(database, region["name"])  # a link names its region
    years = region_years(database, region["region_id"])
    members(database, region["region_id"])
    member_names(database, region["region_id"])  # the sidebar's pickers
    year = years[0] if years else None
    earlier = sorted(y for y in years if year is None or y < year)
    overview(database, region, year, None, None, earlier[0] if earlier else None)
    saved_presentations(database, region["region_id"])
    target_progress(database, region, year)


def replay(database: Database, previous: str, still_current: Callable[[], bool]) -> int:
    """Ask this version for every view cached for the version `previous`, the most recently used first;
    how many were asked. A view the new version cannot give (a region that is gone) is left to the
    visitor who asks for it, who then gets the page's own message."""
    asked = 0
    for call in calls_of(database.path, previous)[:MAX_REPLAYED]:
        if not still_current():
            break
        try:
            call(database)
        except Exception as error:  # a background nicety: the visitor who asks gets the error
            log.info("not warmed: %s (%s)", call.function.__qualname__, error)
        asked += 1
    return asked


def steps(database: Database) -> list[tuple[str, Callable[[], object]]]:
    """What is warmed, in order: what a shared link opens first, then the country-wide tables."""
    return [
        (
            "registry",
            lambda: [lookup(database) for lookup in (catalogue, region_choices, municipalities, users)],
        ),
        ("oversikt", lambda: _front_page(database)),
        (
            "protection",
            lambda: [protection(database, row) for row in catalogue(database).iter_rows(named=True)],
        ),
        ("kommuneprofil", lambda: profile_rows(database)),
        ("10-faktor", lambda: factor_rows(database)),
        ("framtidig behov", lambda: country_need(database)),
        ("search", lambda: build_index(database)),
        ("om dataene", lambda: indicator_sections(database)),
    ]


def warm(
    database: Database, still_current: Callable[[], bool] = lambda: True, previous: str | None = None
) -> dict[str, float]:
    """Compute every step for this version, then what visitors had of the version `previous` (seconds
    per step); stop when a newer version has come."""
    spent = {}
    for name, step in steps(database):
        if not still_current():
            break
        started = time.perf_counter()
        step()
        spent[name] = time.perf_counter() - started
    if previous is not None and still_current():
        started = time.perf_counter()
        replay(database, previous, still_current)
        spent["asked again"] = time.perf_counter() - started
    log.info("warmed %s: %s", database.path.name, ", ".join(f"{k} {v:.2f} s" for k, v in spent.items()))
    return spent
