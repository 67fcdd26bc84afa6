"""The one cache: keyed by file, version and revealed municipalities, for the app and the CLI alike."""

import shutil
import threading
import time

from conftest import ADMIN, opened

from kompetanse.indicators.comparison import compare_region
from kompetanse.ingest.imports import apply_import, plan_import
from kompetanse.store import cache
from kompetanse.store.cache import per_version
from kompetanse.store.db import Database

HEADER = "kommunenummer,år,indikator,verdi,teller,nevner,kilde"


def sortland_apprentices(database: Database) -> float:
    comparison = compare_region(database, "18009", "laerlinger_antall", 2024)
    row = comparison.municipalities.filter(comparison.municipalities["kommunenummer"] == "1870")
    return row["value"][0]


def write_apprentices(path, value: int) -> None:
    database = opened(path)
    raw = f"{HEADER}\n1870,2024,laerlinger_antall,{value},,,Test\n".encode()
    apply_import(database, plan_import(raw, "laerlinger.csv", database, ADMIN), ADMIN)
    database.close()


def test_two_database_files_never_share_an_entry(fixture_db, tmp_path):
    other = tmp_path / "other" / "fixture.duckdb"
    other.parent.mkdir()
    shutil.copyfile(fixture_db, other)
    write_apprentices(other, 99)
    first, second = Database(fixture_db), Database(other)
    assert sortland_apprentices(first) != sortland_apprentices(second) == 99
    assert cache.entry_count(fixture_db) > 0 and cache.entry_count(other) > 0
    assert sortland_apprentices(first) != 99  # asked again: still its own file's answer


def test_a_write_makes_a_new_version_and_the_old_entries_go(fixture_db, monkeypatch):
    monkeypatch.setattr(cache, "PREVIOUS_KEPT_S", 0.0)  # the version before is kept no while
    before = Database(fixture_db)
    old_value = sortland_apprentices(before)
    assert cache.entry_count(fixture_db, before.version_token) > 0
    write_apprentices(fixture_db, old_value + 3)
    after = Database(fixture_db)
    assert after.version_token != before.version_token
    assert sortland_apprentices(after) == old_value + 3
    assert cache.entry_count(fixture_db, before.version_token) == 0  # the old version's entries went


def test_a_reader_of_an_old_version_does_not_put_old_answers_back(fixture_db, monkeypatch):
    monkeypatch.setattr(cache, "PREVIOUS_KEPT_S", 0.0)  # see test_versions.py for the minute it is kept
    old = Database(fixture_db)
    write_apprentices(fixture_db, 42)
    new = Database(fixture_db)
    assert sortland_apprentices(new) == 42
    entries = cache.entry_count(fixture_db, new.version_token)
    assert sortland_apprentices(old) != 42  # the old reader still sees its snapshot ...
    assert cache.entry_count(fixture_db, old.version_token) == 0  # ... but never fills the cache
    assert cache.entry_count(fixture_db, new.version_token) == entries


def test_an_editors_reader_and_a_readers_reader_get_separate_entries(fixture_db):
    calls = []

    @per_version
    def revealed(database):
        calls.append(database.revealed)
        return sorted(database.revealed)

    plain = Database(fixture_db)
    editor = plain.revealing(frozenset({"1870"}))
    assert revealed(plain) == [] and revealed(editor) == ["1870"] and revealed(plain) == []
    assert calls == [frozenset(), frozenset({"1870"})]


def test_a_function_that_reveals_nothing_is_handed_a_reader_that_reveals_nothing(fixture_db):
    @per_version(reveal=False)
    def shared(database):
        return sorted(database.revealed)

    assert shared(Database(fixture_db).revealing(frozenset({"1870"}))) == []


def test_thirty_callers_of_one_key_wait_for_one_computation(fixture_db):
    calls = []

    @per_version(reveal=False)
    def slow(database, region_id):
        calls.append(region_id)
        time.sleep(0.2)
        return region_id

    database = Database(fixture_db)
    threads = [threading.Thread(target=slow, args=(database, "18009")) for _ in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert calls == ["18009"]
