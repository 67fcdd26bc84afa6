"""No cached view and no table computed per data version ever serves a previous version.

The numbers are worked out by hand from tests/fixtures/observasjoner.csv: in Vesterålen the share of
preschool teachers (barnehagelaerer_andel, 2024) is 12/20, 6/15, 30/40, 5/10, 27/45 and Øksnes (1868)
10/20, so the region has 90/150 = 60,0 % and Øksnes 50,0 % is fifth of six (tied with Lødingen, which
sorts first). The import below gives Øksnes 20/20 = 100,0 %: first of six, and the region (and the
country without Oslo, which in the fixture holds only these six) 100/150 = 66,7 %.
"""

import threading
import time

import pytest
from conftest import import_file, opened

from kompetanse.indicators.comparison import catalogue
from kompetanse.rules.regions import DEFAULT_REGION_ID, all_regions
from kompetanse.store import cache
from kompetanse.ui import reader
from kompetanse.views.kommuneprofil import municipality_profile, profile_rows, profile_table
from kompetanse.views.oversikt import overview
from kompetanse.views.warm import warm

NBSP = "\u00a0"
INDICATOR = "barnehagelaerer_andel"
ROW = "Barnehagelærere i grunnbemanningen"
BEFORE = {"Verdi": f"50,0{NBSP}%", "Regionen": f"60,0{NBSP}%", "Landet": f"60,0{NBSP}%", "Plass": "5 av 6"}
AFTER = {"Verdi": f"100,0{NBSP}%", "Regionen": f"66,7{NBSP}%", "Landet": f"66,7{NBSP}%", "Plass": "1 av 6"}


@pytest.fixture
def new_figures(tmp_path):
    path = tmp_path / "oksnes.csv"
    path.write_text(
        "kommunenummer,år,indikator,verdi,teller,nevner,kilde\n"
        "1868,2024,barnehagelaerer_andel,,20,20,Ny telling\n",
        encoding="utf-8",
    )
    return path


def profile_cells(database) -> dict[str, str]:
    """What Kommuneprofil shows for Øksnes' preschool teachers."""
    rows = municipality_profile(database, "1868").table.to_dicts()
    row = next(row for row in rows if row["Indikator"] == ROW)
    return {
        "Verdi": row["Verdi"],
        "Regionen": row["Regionen"],
        "Landet": row["Landet"],
        "Plass": row["Plass i regionen"],
    }


def table_value(database) -> float:
    """The precomputed profile table's value for Øksnes' preschool teachers."""
    rows = profile_rows(database)["1868"]
    return rows.filter(rows["indicator_name"] == ROW)["value"].item()


def overview_value(database) -> str:
    """Oversikt's table cell for Øksnes in the preschool-teacher panel."""
    region = (
        all_regions(database)
        .filter(all_regions(database)["region_id"] == DEFAULT_REGION_ID)
        .row(0, named=True)
    )
    panel = next(
        panel for panel in overview(database, region, 2024, None).panels if panel.key == "kompetanse"
    )
    return next(row["Verdi"] for row in panel.table.to_dicts() if row["Kommune"] == "Øksnes")


def test_after_an_import_the_profile_the_profile_table_and_oversikt_show_the_new_figures(
    fixture_db, new_figures
):
    old = opened(fixture_db)
    assert profile_cells(old) == BEFORE
    assert table_value(old) == 50.0
    assert overview_value(old) == f"50,0{NBSP}%"
    import_file(fixture_db, new_figures)
    new = opened(fixture_db)
    assert new.version_token != old.version_token
    assert profile_cells(new) == AFTER
    assert table_value(new) == 100.0
    assert overview_value(new) == f"100,0{NBSP}%"


def test_readers_of_older_versions_asking_late_never_change_what_the_newest_shows(
    fixture_db, new_figures, tmp_path, monkeypatch
):
    # "a while" is a minute; a loaded machine may take longer than that over this test
    monkeypatch.setattr(cache, "PREVIOUS_KEPT_S", 3600.0)
    oldest = opened(fixture_db)
    catalogue(oldest)
    import_file(fixture_db, new_figures)
    previous = opened(fixture_db)
    assert profile_cells(previous) == AFTER
    again = tmp_path / "again.csv"  # a second import that changes something else
    again.write_text(
        "kommunenummer,år,indikator,verdi,teller,nevner,kilde\n1868,2024,laerlinger_antall,9,,,Ny telling\n",
        encoding="utf-8",
    )
    import_file(fixture_db, again)
    newest = opened(fixture_db)
    assert profile_cells(newest) == AFTER  # the newest version is now the newest the cache has seen
    warm(oldest)  # background warmings of older versions that finish after the swaps
    warm(previous)
    assert profile_cells(oldest) == BEFORE  # each right for its reader's snapshot ...
    assert profile_cells(previous) == AFTER
    assert not cache.computed(oldest)  # ... the oldest kept for nobody, the one before kept a while
    assert "kompetanse.views.kommuneprofil.profile_rows" in cache.computed(previous)
    assert "kompetanse.views.kommuneprofil.profile_rows" in cache.computed(newest)  # not pushed out
    assert profile_cells(newest) == AFTER
    assert table_value(newest) == 100.0
    assert profile_table(newest) is profile_table(newest)  # the newest version's table is the cached one


def test_a_revealing_reader_gets_its_own_profile_table(fixture_db):
    everyone = opened(fixture_db)
    editor = everyone.revealing(frozenset({"1867"}))
    assert profile_table(editor) is not profile_table(everyone)
    assert profile_table(everyone).filter(profile_table(everyone)["revealed"]).is_empty()


def wait_for(condition, seconds: float = 90.0) -> None:
    """Poll until `condition()` holds (a generous bound for a loaded machine; not a timing check)."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the background work did not happen"
        time.sleep(0.2)


def join_warming() -> None:
    for thread in threading.enumerate():
        if thread.name == "kompetanse-warm":
            thread.join(120)


def test_the_app_warms_a_new_version_in_the_background_before_anyone_asks(
    fixture_db, new_figures, monkeypatch
):
    monkeypatch.setenv("KOMPETANSE_DB", str(fixture_db))
    monkeypatch.setenv("KOMPETANSE_WARM", "1")
    monkeypatch.setattr(reader, "_reader", None)
    first = reader._open()
    join_warming()
    assert "kompetanse.views.kommuneprofil.profile_rows" in cache.computed(first)
    import_file(fixture_db, new_figures)
    wait_for(lambda: reader._reader is not first)  # the watcher, not a visitor, opened the new version
    join_warming()
    second = reader._reader
    assert second.version_token != first.version_token
    warmed = cache.computed(second)
    assert {"kompetanse.views.kommuneprofil.profile_rows", "kompetanse.views.oversikt.overview"} <= warmed
    assert table_value(second) == 100.0
    assert profile_cells(second) == AFTER
