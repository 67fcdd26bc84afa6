# ruff: noqa: F811  (fixtures are imported from fixture_server and update_support)
"""The official update against the fixture server: what it writes, what it replaces, and every failure.

Expected figures are worked out by hand from tests/fixtures/api/make_fixtures.py and kostra_tables.py
(T12562_SHARE, T14534_TOTAL and PATTERN, T07459_BASE, T14746_BASE) and the Udir kommune files.
"""

import hashlib
import json
import time

import pytest
from conftest import ADMIN, fingerprint, fixture_user, import_file
from fixture_server import API, ERRORS, Fault, api_server  # noqa: F401
from update_support import (  # noqa: F401
    EXAMPLE,
    HEADER,
    example_db,
    example_db_template,
    plan_for,
    update,
)

from kompetanse.errors import AccessDenied, KompetanseError
from kompetanse.indicators.comparison import compare_region
from kompetanse.ingest.imports import ImportRejected, plan_import, undo_import
from kompetanse.sources import runs
from kompetanse.store.backups import backups
from kompetanse.store.build import build
from kompetanse.store.db import Database, open_database

OFFICIAL = (
    "barnehagelaerer_andel",
    "omsorg_arsverk",
    "ufaglaerte_arsverk_helse",
    "ufaglaerte_andel_helse",
    "fagbrev_andel_helse",
    "hoyskole_andel_helse",
    "barnehagelaerer_ansatte_andel",
    "pedagognorm_oppfylt_andel",
    "pedagognorm_dispensasjon_andel",
)


def rows(db_path, sql: str, **params) -> list[tuple]:
    database = Database(db_path)
    try:
        return database.sql(sql, **params).rows()
    finally:
        database.close()


def observation(db_path, kommune: str, year: int, indicator: str) -> dict | None:
    database = Database(db_path)
    try:
        found = database.sql(
            "select value, numerator, denominator, source, is_example, origin, status from observation "
            "where kommunenummer = $k and year = $y and indicator_id = $i",
            k=kommune,
            y=year,
            i=indicator,
        )
        return found.row(0, named=True) if found.height else None
    finally:
        database.close()


# What an update writes


def test_an_update_fills_every_ssb_and_udir_indicator_with_the_tables_own_figures(api_server, example_db):
    message = update(example_db)
    assert message.startswith("Oppdaterte offisielle tall fra SSB, SSB KLASS og Udir Barnehagefakta")
    hadsel = observation(example_db, "1866", 2024, "barnehagelaerer_andel")
    assert (hadsel["value"], hadsel["source"], hadsel["origin"], hadsel["is_example"]) == (
        41.0,
        "SSB tabell 12562",
        "offisiell",
        False,
    )
    assert observation(example_db, "1870", 2023, "barnehagelaerer_andel")["value"] == 37.5
    assert observation(example_db, "1866", 2024, "omsorg_arsverk")["value"] == 300
    # Harstad 2024 (5503, pattern A): fagbrev 0.40 of 540 årsverk
    harstad = observation(example_db, "5503", 2024, "fagbrev_andel_helse")
    assert (harstad["numerator"], harstad["denominator"], harstad["value"]) == (216, 540, 40.0)
    # Tjeldsund 2019 = Tjeldsund 1852 (100 årsverk, pattern A: 40 fagbrev) + Skånland 1913 (60, pattern C: 30)
    tjeldsund = observation(example_db, "5512", 2019, "fagbrev_andel_helse")
    assert (tjeldsund["numerator"], tjeldsund["denominator"]) == (70, 160)
    assert tjeldsund["value"] == pytest.approx(70 / 160 * 100)
    udir = observation(example_db, "1866", 2023, "barnehagelaerer_ansatte_andel")
    assert (udir["value"], udir["source"]) == (39.7, "Udir Barnehagefakta")
    # 07459: Hadsel 2024 has 40 persons of each sex at each of 106 ages
    assert observation(example_db, "1866", 2024, "innbyggere")["value"] == 40 * 2 * 106
    assert observation(example_db, "1866", 2024, "innbyggere")["source"] == "SSB tabell 07459"


def test_official_figures_replace_every_example_row_of_their_indicator_in_every_year_and_place(
    api_server, example_db
):
    before = rows(example_db, "select count(*) from observation where indicator_id = 'heltid_andel'")
    update(example_db)
    left = rows(
        example_db,
        "select count(*) from observation where is_example and list_contains($ids, indicator_id)",
        ids=list(OFFICIAL),
    )
    assert left == [(0,)]
    # 2018 and 2025 are years no fixture table has, Bergen a municipality none has: all gone, shown as ".."
    assert observation(example_db, "1866", 2018, "barnehagelaerer_andel") is None
    assert observation(example_db, "4601", 2024, "barnehagelaerer_andel") is None
    # heltid_andel has no public source: its example rows stay, all 9 x 8 of them
    assert rows(example_db, "select count(*) from observation where indicator_id = 'heltid_andel'") == before
    assert before == [(72,)]


def test_a_figure_a_user_imported_is_kept_and_the_preview_counts_it(api_server, example_db):
    plan = plan_for(example_db)
    fagbrev = next(series for series in plan.series if series.series_id == "fagbrev_andel_helse")
    assert fagbrev.counts["rows_kept"] == 1
    update(example_db)
    own = observation(example_db, "1870", 2024, "fagbrev_andel_helse")
    assert (own["numerator"], own["denominator"], own["source"], own["origin"]) == (
        50,
        100,
        "Egen telling i Sortland",
        "import",
    )


def test_the_preview_says_per_indicator_how_many_rows_are_new_changed_removed_and_which_example_rows_go(
    api_server, example_db
):
    plan = plan_for(example_db)
    share = next(series for series in plan.series if series.series_id == "barnehagelaerer_andel")
    # 12562 has 2019, 2020, 2023 and 2024; a code not in use that year (".") gives no row
    assert (share.first_year, share.last_year) == (2019, 2024)
    assert share.counts["example_removed"] == 9 * 8  # every example row, 2018-2025, all nine places
    assert share.counts["rows_changed"] == 0 and share.counts["rows_removed"] == 0
    assert share.updated == "2026-03-16T07:00:00Z" and share.changed
    assert not plan.is_empty


def test_ssbs_symbols_are_kept_as_reasons_without_a_value(api_server, example_db):
    update(example_db)
    bo = observation(example_db, "1867", 2024, "barnehagelaerer_andel")
    assert (bo["value"], bo["status"]) == (None, ":")
    assert observation(example_db, "1868", 2024, "barnehagelaerer_andel")["status"] == ".."
    # 14534: Bø 2024's årsverk without health education are ":"; so is everything built on them
    assert observation(example_db, "1867", 2024, "ufaglaerte_andel_helse")["status"] == ":"
    assert observation(example_db, "1867", 2024, "fagbrev_andel_helse")["value"] == pytest.approx(40.0)
    # 07459: one ".." cell (women aged 85 in Øksnes 2024) makes the population missing, with its symbol
    oksnes = observation(example_db, "1868", 2024, "innbyggere")
    assert (oksnes["value"], oksnes["status"]) == (None, "..")


def test_ssbs_own_national_and_kostra_group_totals_are_stored_as_ssb_publishes_them(api_server, example_db):
    update(example_db)
    found = dict(
        (group, value)
        for group, value in rows(
            example_db,
            "select group_id, value from reference_value where indicator_id = 'barnehagelaerer_andel' "
            "and year = 2024",
        )
    )
    assert found == {
        "landet": 47.0,
        "landet_uten_oslo": 46.0,
        "kostragruppe-EKG02": 37.0,
        "kostragruppe-EKG13": 49.0,
    }
    # 14534 EKG02 2024: 5 200 årsverk, pattern A: 40 % with fagbrev
    assert rows(
        example_db,
        "select numerator, denominator, value, source from reference_value where group_id = "
        "'kostragruppe-EKG02' and year = 2024 and indicator_id = 'fagbrev_andel_helse'",
    ) == [(2080.0, 5200.0, 40.0, "SSB tabell 14534")]


def test_kostra_groups_become_regions_whose_members_come_from_klass(api_server, example_db):
    update(example_db, sources=("klass",))
    assert rows(
        example_db,
        "select region_id, name, kind, slug from region where kind = 'kostragruppe' order by region_id",
    ) == [
        ("kostragruppe-EKG02", "KOSTRA-gruppe 2", "kostragruppe", "kostra-gruppe-2"),
        ("kostragruppe-EKG11", "KOSTRA-gruppe 11", "kostragruppe", "kostra-gruppe-11"),
        ("kostragruppe-EKG13", "KOSTRA-gruppe 13", "kostragruppe", "kostra-gruppe-13"),
    ]
    members = rows(
        example_db,
        "select kommunenummer from region_member where region_id = 'kostragruppe-EKG02' order by 1",
    )
    assert [code for (code,) in members] == ["1851", "1866", "1867", "1868", "1870", "1871", "5512"]


def test_projections_go_into_population_projection_with_ages_from_100_summed(api_server, example_db):
    update(example_db, sources=("ssb",))
    columns = rows(
        example_db,
        "select column_name from information_schema.columns where table_name = 'population_projection' "
        "order by ordinal_position",
    )
    assert [name for (name,) in columns] == [
        "kommunenummer",
        "year",
        "age",
        "alternative",
        "persons",
        "source",
        "is_example",
    ]
    persons = lambda kommune, year, age, alternative: rows(
        example_db,
        "select persons from population_projection where kommunenummer = $k and year = $y and age = $a "
        "and alternative = $alt",
        k=kommune,
        y=year,
        a=age,
        alt=alternative,
    )
    # 14746: base 40 for Hadsel, +1 a year, LLML 2 fewer; two sexes; age 100 = 100..105+ (six ages)
    assert persons("1866", 2026, 0, "MMMM") == [(80.0,)]
    assert persons("1866", 2027, 0, "LLML") == [((40 + 1 - 2) * 2.0,)]
    assert persons("1866", 2026, 100, "MMMM") == [(6 * 80.0,)]
    assert persons("1870", 2030, 100, "MMMM") == [(None,)]  # women 105+ are ".." in 2030
    assert rows(example_db, "select max(age), bool_or(is_example) from population_projection") == [
        (100, False)
    ]


def test_each_response_is_logged_with_url_fetch_time_the_tables_updated_and_sha256(api_server, example_db):
    update(example_db, sources=("ssb", "klass"))
    logged = rows(
        example_db, "select source, url, http_status, fetched_at, updated, sha256 from source_fetch"
    )
    assert len(logged) == len(api_server.requests)
    klass_file = (API / "klass" / "112_correspondsAt_131.json").read_bytes()
    klass = [row for row in logged if "correspondsAt" in row[1]]
    assert klass[0][0] == "SSB KLASS 112" and klass[0][5] == hashlib.sha256(klass_file).hexdigest()
    data_12562 = [row for row in logged if "/tables/12562/data" in row[1]]
    assert data_12562 and all(row[4] == "2026-03-16T07:00:00Z" and row[2] == 200 for row in data_12562)
    assert all(row[3] is not None for row in logged)
    assert rows(example_db, "select action from audit_log order by audit_id desc limit 1") == [
        ("offisielle_tall",)
    ]
    assert backups(example_db)[0].before == "offisielle_tall"


# Running again


def test_running_the_update_twice_with_nothing_new_changes_nothing_and_says_ingen_nye_tall(
    api_server, example_db
):
    update(example_db)
    once = fingerprint(example_db)
    kept = len(backups(example_db))
    message = update(example_db)
    assert message.startswith("Ingen nye tall")
    assert fingerprint(example_db) == once
    assert len(backups(example_db)) == kept
    assert runs.attempts(example_db)[-1]["outcome"] == "ingen_nye"


def test_a_new_updated_stamp_alone_is_news_as_when_kostra_is_revised_in_june(
    api_server, example_db, tmp_path
):
    update(example_db, sources=("ssb",))
    revised = json.loads((API / "ssb" / "12562_metadata.json").read_text(encoding="utf-8"))
    revised["updated"] = "2026-06-15T06:00:00Z"
    file = tmp_path / "12562_metadata_june.json"
    file.write_text(json.dumps(revised, ensure_ascii=False), encoding="utf-8")
    api_server.serve("/ssb/tables/12562/metadata", file)
    before = rows(example_db, "select * from observation order by all")
    assert update(example_db, sources=("ssb",)).startswith("Oppdaterte")
    assert rows(example_db, "select * from observation order by all") == before
    assert rows(
        example_db, "select updated from official_series where series_id = 'barnehagelaerer_andel'"
    ) == [("2026-06-15T06:00:00Z",)]


def test_the_build_keeps_official_figures_and_never_puts_example_rows_back(api_server, example_db):
    update(example_db)
    build(example_db)  # the standard build: example data for every indicator without official figures
    assert observation(example_db, "1866", 2024, "barnehagelaerer_andel")["value"] == 41.0
    assert rows(
        example_db,
        "select count(*) from observation where is_example and list_contains($ids, indicator_id)",
        ids=list(OFFICIAL),
    ) == [(0,)]
    heltid = (
        "select count(*) > 0 from observation where is_example and indicator_id = 'heltid_andel' "
        "and kommunenummer = '1866'"
    )
    assert rows(example_db, heltid) == [(True,)]
    assert rows(example_db, "select count(*) from region where kind = 'kostragruppe'") == [(3,)]
    assert rows(example_db, "select count(*) > 0 from reference_value") == [(True,)]
    assert rows(example_db, "select count(*) > 0 from population_projection") == [(True,)]


def test_an_import_of_example_rows_for_an_indicator_with_official_figures_is_refused(
    api_server, example_db, tmp_path
):
    update(example_db, sources=("ssb",))
    file = tmp_path / "eksempel.csv"
    file.write_text(f"{HEADER}\n1866,2024,barnehagelaerer_andel,,1,2,{EXAMPLE}\n", encoding="utf-8")
    database = open_database(example_db)
    try:
        with pytest.raises(ImportRejected) as refused:
            plan_import(file.read_bytes(), file.name, database, ADMIN)
    finally:
        database.close()
    assert "eksempeldata for barnehagelaerer_andel, som har offisielle tall" in str(refused.value)


def test_an_import_over_a_symbol_row_can_be_undone_and_the_symbol_comes_back(
    api_server, example_db, tmp_path
):
    update(example_db, sources=("ssb",))
    file = tmp_path / "bo.csv"
    file.write_text(f"{HEADER}\n1867,2024,barnehagelaerer_andel,,5,10,Egen telling\n", encoding="utf-8")
    import_file(example_db, file)
    assert observation(example_db, "1867", 2024, "barnehagelaerer_andel")["value"] == 50.0
    database = open_database(example_db)
    try:
        last = database.sql("select max(import_id) from import_log").item()
        undo_import(database, last, ADMIN)
    finally:
        database.close()
    restored = observation(example_db, "1867", 2024, "barnehagelaerer_andel")
    assert (restored["value"], restored["status"], restored["origin"]) == (None, ":", "offisiell")


def test_a_dry_run_fetches_and_previews_but_writes_nothing(api_server, example_db):
    before = fingerprint(example_db)
    assert update(example_db, dry_run=True) == "Prøvekjøring: ingenting er skrevet."
    assert fingerprint(example_db) == before
    assert runs.attempts(example_db)[-1]["outcome"] == "provekjoring"


def test_only_an_admin_may_fetch_official_figures_and_an_editor_fetches_nothing(api_server, example_db):
    editor = fixture_user(example_db, "redaktor")
    with pytest.raises(AccessDenied, match="Bare en administrator kan hente offisielle tall"):
        update(example_db, user=editor)
    assert api_server.requests == []


# Every failure: a clear Norwegian message, and the database exactly as it was


def failed(db_path, **kwargs) -> str:
    before = fingerprint(db_path)
    with pytest.raises(KompetanseError) as error:
        update(db_path, **kwargs)
    assert fingerprint(db_path) == before
    assert not backups(db_path)
    assert runs.attempts(db_path)[-1]["outcome"] == "feilet"
    return str(error.value)


def test_a_label_that_moved_stops_the_update_naming_the_table_and_the_label(api_server, example_db):
    api_server.serve("/ssb/tables/12562/metadata", API / "ssb" / "12562_metadata_label_moved.json")
    message = failed(example_db)
    assert message.startswith("Tabell 12562 har ikke lenger verdien «Andel barnehagelærere i forhold til")
    assert "ingenting ble hentet" in message
    assert not api_server.requested("/ssb/tables/12562/data")  # stopped before any data was asked for


def test_http_400_with_ssbs_error_body_is_explained(api_server, example_db):
    body = (ERRORS / "400_non_existent_value.json").read_bytes()
    api_server.fail("/ssb/tables/14534/data", Fault(status=400, body=body))
    assert failed(example_db) == "SSB svarte med feil 400 for tabell 14534: Non-existent value."


def test_429_waits_as_long_as_retry_after_says_and_the_update_lands(api_server, example_db):
    api_server.fail("/ssb/tables/12562/metadata", Fault(status=429, headers={"Retry-After": "1"}))
    started = time.monotonic()
    assert update(example_db, sources=("ssb",)).startswith("Oppdaterte")
    assert time.monotonic() - started >= 1.0
    statuses = rows(example_db, "select http_status from source_fetch where url like '%12562/metadata%'")
    assert sorted(statuses) == [(200,), (429,)]


def test_429_that_does_not_pass_stops_the_update(api_server, example_db):
    api_server.fail("/klass/", *[Fault(status=429, headers={"Retry-After": "0"})] * 4)
    message = failed(example_db, sources=("klass",))
    assert "for mange på kort tid (HTTP 429)" in message


def test_a_5xx_is_retried_and_one_that_persists_stops_the_update(api_server, example_db):
    api_server.fail("/ssb/tables/14746/data", *[Fault(status=503)] * 3)
    assert failed(example_db) == "SSB svarte med feil 503 for tabell 14746."
    api_server.fail("/ssb/tables/14746/data", Fault(status=500))  # once: the retry gets through
    assert update(example_db, sources=("ssb",)).startswith("Oppdaterte")


def test_a_time_out_stops_the_update_with_a_norwegian_message(api_server, example_db):
    api_server.fail("/klass/", *[Fault(hang_s=1.0)] * 3)
    message = failed(example_db, sources=("klass",), timeout_s=0.3)
    assert message == ("KLASS svarte ikke innen 0,3 sekunder for klassifikasjon 131. Prøv igjen senere.")


def test_a_truncated_json_answer_stops_the_update(api_server, example_db):
    api_server.fail("/udir/Kommune/1866", Fault(truncate=True))
    message = failed(example_db, sources=("udir",))
    assert message == "Udir sendte et ufullstendig eller ødelagt svar for kommune 1866. Prøv igjen senere."


def test_a_failure_in_one_source_writes_nothing_from_the_others(api_server, example_db):
    api_server.fail("/udir/Kommune/1870", Fault(status=500), Fault(status=500), Fault(status=500))
    assert "feil 500" in failed(example_db)  # SSB and KLASS were fetched fine; nothing of theirs is written


def test_a_table_that_lacks_a_municipality_leaves_it_missing_never_with_example_figures(
    api_server, example_db
):
    update(example_db)
    # 14534 has no Lødingen (1851): its example rows are gone and it has no row at all
    assert rows(
        example_db,
        "select count(*) from observation where kommunenummer = '1851' and indicator_id = 'omsorg_arsverk'",
    ) == [(0,)]
    assert observation(example_db, "1866", 2024, "omsorg_arsverk")["value"] == 300


def test_the_privacy_rules_still_hide_small_figures_of_indicators_without_official_figures(
    api_server, fixture_db
):
    update(fixture_db, sources=("ssb",))
    database = open_database(fixture_db)
    try:
        heltid = compare_region(database, "18009", "heltid_andel", 2024)
    finally:
        database.close()
    bo = heltid.municipalities.filter(heltid.municipalities["kommunenummer"] == "1867").row(0, named=True)
    assert bo["value"] is None and bo["note"] is not None  # 4 of 8: a denominator below 10


def test_a_users_imported_figures_survive_an_update_and_a_rebuild(api_server, fixture_db):
    update(fixture_db, sources=("ssb",))
    build(fixture_db, scale="none")
    kept = observation(fixture_db, "1866", 2024, "barnehagelaerer_andel")
    assert (kept["numerator"], kept["denominator"], kept["origin"]) == (30, 40, "import")
    assert observation(fixture_db, "1866", 2023, "barnehagelaerer_andel")["source"] == "SSB tabell 12562"
