"""Which data version a run is served right after a write: the version before while the new one warms
(its views are cached, so a full meeting room does not wait for the new one's), the new one once warm
or after MAX_STALE_S at the latest, and at once to the session that wrote it."""

from __future__ import annotations

import threading

import pytest
from conftest import ADMIN, opened
from streamlit.testing.v1 import AppTest
from test_app_pages import open_page as visit

from kompetanse.access.settings import change_setting, read_settings
from kompetanse.rules.regions import DEFAULT_REGION_ID, all_regions, find_region
from kompetanse.store import cache
from kompetanse.ui import reader
from kompetanse.views.oversikt import overview
from kompetanse.views.warm import warm


@pytest.fixture
def served(fixture_db, monkeypatch):
    """The app's reader of a private fixture file, warming in the background, from a clean start."""
    monkeypatch.setenv("KOMPETANSE_DB", str(fixture_db))
    monkeypatch.setenv("KOMPETANSE_WARM", "1")
    for name in ("_reader", "_pending", "_stale_since"):
        monkeypatch.setattr(reader, name, None)
    first = reader._open()
    join_warming()
    return first


def join_warming() -> None:
    for thread in threading.enumerate():
        if thread.name == "kompetanse-warm":
            thread.join(120)


def write(database) -> None:
    """Any write makes a new version: a setting every page reads."""
    change_setting(database, "tifaktor_min_respondents", 4, ADMIN)


def test_right_after_a_write_runs_are_served_the_version_before_until_the_new_one_is_warm(served):
    write(served)
    during = reader._open()
    assert during is served and not during.is_current()  # the version before, whole, with its views cached
    join_warming()
    after = reader._open()
    assert after.is_current() and after.version_token != served.version_token
    assert read_settings(after).tifaktor_min_respondents == 4
    assert "kompetanse.views.oversikt.overview" in cache.computed(after)  # warm before it was served


def test_the_version_before_is_served_from_its_cached_views(served):
    assert "kompetanse.views.oversikt.overview" in cache.computed(served)
    write(served)
    during = reader._open()
    kept = cache.computed(during)
    assert "kompetanse.views.oversikt.overview" in kept  # still cached: nothing is computed again for it


def test_a_new_version_that_takes_too_long_to_warm_is_served_as_it_is(served, monkeypatch):
    monkeypatch.setattr(reader, "MAX_STALE_S", 0.0)
    write(served)
    assert reader._open().is_current()


def test_the_limit_is_well_inside_the_time_the_cache_keeps_the_version_before():
    assert reader.MAX_STALE_S * 2 <= cache.PREVIOUS_KEPT_S


def writing_session() -> None:
    """An app session that writes, then reads again in the same run (as the import page does)."""
    import streamlit as st
    from conftest import ADMIN

    from kompetanse.access.settings import change_setting, read_settings
    from kompetanse.ui import reader

    before = reader._open()
    change_setting(before, "tifaktor_min_respondents", 4, ADMIN)
    after = reader._open()
    st.write(f"{after.is_current()} {read_settings(after).tifaktor_min_respondents}")


def test_the_session_that_wrote_is_served_its_new_version_at_once(served):
    at = AppTest.from_function(writing_session, default_timeout=60).run()
    assert not at.exception, at.exception
    assert at.markdown[0].value == "True 4"
    join_warming()


def test_without_background_warming_every_run_is_served_the_newest_version(served, monkeypatch):
    monkeypatch.setenv("KOMPETANSE_WARM", "0")
    write(served)
    assert reader._open().is_current()


def test_a_reader_of_the_version_before_still_sees_that_version_whole(served):
    region = find_region(all_regions(served), DEFAULT_REGION_ID)
    before = overview(served, region, 2024, None)
    write(served)
    assert overview(reader._open(), region, 2024, None) is before  # the same cached object
    join_warming()
    assert opened(served.path).version_token == reader._open().version_token


def asked(database) -> set[tuple]:
    """Every call cached for the database's version: function, reader, language and arguments."""
    return {
        (call.function.__qualname__, call.audience, call.language, repr(call.args), repr(call.kwargs))
        for call in cache.calls_of(database.path, database.version_token)
    }


def test_warming_asks_the_new_version_for_every_view_visitors_had_of_the_version_before(
    fixture_db, monkeypatch
):
    monkeypatch.setenv("KOMPETANSE_DB", str(fixture_db))
    visit("kompetansegap")
    visit("tifaktor", maal="nn")  # in nynorsk: a view's texts are part of it
    old = opened(fixture_db)
    had = asked(old)
    assert any(language == "nn" for _name, _who, language, *_ in had)
    write(old)
    new = opened(fixture_db)
    warm(new, previous=old.version_token)
    assert had <= asked(new)
    computed = cache.entry_count(fixture_db, new.version_token)
    visit("kompetansegap")
    visit("tifaktor", maal="nn")
    assert cache.entry_count(fixture_db, new.version_token) == computed  # both pages came from the cache


def test_the_front_page_a_shared_link_opens_is_warm_before_the_first_visitor(fixture_db, monkeypatch):
    monkeypatch.setenv("KOMPETANSE_DB", str(fixture_db))
    database = opened(fixture_db)
    warm(database)
    warmed = asked(database)
    visit("oversikt")
    computed_by_the_visit = {name for name, *_ in asked(database) - warmed}
    assert computed_by_the_visit <= {"maalform"}  # the language lookup lives in ui/ and costs a query
