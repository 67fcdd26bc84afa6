"""The protection is worked out once per database version, in the write that makes it, and every reader
takes the stored result (issue 13: the audit must not run on a page view)."""

from __future__ import annotations

import duckdb
import polars as pl
from conftest import ADMIN, fingerprint, opened

from kompetanse.access.networks import plan_network, save_network
from kompetanse.access.settings import change_setting
from kompetanse.ingest.imports import apply_import, plan_import
from kompetanse.rules.privacy import Rules
from kompetanse.rules.protection import protect_all
from kompetanse.store import hiding
from kompetanse.store.db import Database
from kompetanse.store.writing import write_transaction
from kompetanse.views.tiltak import save_entry

HEADER = "kommunenummer;år;indikator;verdi;teller;nevner;kilde"


def worked_out_afresh(path) -> dict[str, set]:
    """What protect_all hides when run over the whole file now: indicator -> {(kommunenummer, year)}."""
    database = Database(path)
    try:
        indicators = database.query("indicator_catalogue").select(
            "indicator_id", "aggregation", "suppression"
        )
        observations = database.sql(
            "select kommunenummer, year, indicator_id, value, numerator, denominator, is_example "
            "from observation"
        )
        settings = hiding.rules_from_settings(database.query("settings"))
        found = protect_all(
            observations, hiding.current_links(indicators), database.query("protection_groups"), settings
        )
    finally:
        database.close()
    return {
        i: set(p.cells.select("kommunenummer", "year").iter_rows())
        for i, p in found.items()
        if p.cells.height
    }


def stored(path) -> dict[str, set]:
    database = Database(path)
    try:
        cells = database.query("hidden_cells")
    finally:
        database.close()
    return {
        indicator: set(part.select("kommunenummer", "year").iter_rows())
        for (indicator,), part in cells.partition_by("indicator_id", as_dict=True).items()
    }


def test_the_stored_protection_is_what_the_audit_works_out_over_the_whole_file(fixture_db):
    assert stored(fixture_db) == worked_out_afresh(fixture_db)
    assert ("1870", 2024) in stored(fixture_db)["fagbrev_bestatt"]  # Sortland's 3


def test_an_import_a_threshold_and_a_network_each_bring_the_stored_protection_up_to_date(fixture_db):
    raw = f"{HEADER}\n1866;2024;fagbrev_bestatt;2;;;Ny telling\n".encode()  # Hadsel: 14 -> 2
    database = opened(fixture_db)
    apply_import(database, plan_import(raw, "ny.csv", database, ADMIN), ADMIN)
    database.close()
    assert ("1866", 2024) in stored(fixture_db)["fagbrev_bestatt"]
    assert stored(fixture_db) == worked_out_afresh(fixture_db)
    change_setting(opened(fixture_db), "min_persons", 8, ADMIN)
    assert ("1851", 2024) in stored(fixture_db)["fagbrev_bestatt"]  # Lødingen's 7 is below 8 now
    assert stored(fixture_db) == worked_out_afresh(fixture_db)
    database = opened(fixture_db)
    network = plan_network(
        database, "Vesterålen uten Bø", ["Andøy", "Hadsel", "Lødingen", "Sortland", "Øksnes"]
    )
    save_network(database, network, ADMIN)
    database.close()
    assert stored(fixture_db) == worked_out_afresh(fixture_db)


def test_a_write_that_changes_no_figure_leaves_the_protection_as_it_was(fixture_db):
    tables = ("hidden_cell", "hidden_total", "protection_state")
    before = {table: rows for table, rows in fingerprint(fixture_db).items() if table in tables}
    entry = {
        "title": "Heltidskultur",
        "kommunenummer": "1870",
        "programme": "Egen satsing",
        "themes": ["rekruttering"],
        "need": "Mange deltidsstillinger.",
        "measures": "Nye turnuser.",
    }
    save_entry(opened(fixture_db), entry, ADMIN)
    after = {table: rows for table, rows in fingerprint(fixture_db).items() if table in tables}
    assert after == before


def test_only_the_families_and_years_whose_figures_changed_are_worked_out_again(fixture_db):
    raw = f"{HEADER}\n1866;2023;fagbrev_bestatt;20;;;Ny telling\n".encode()  # a new year, one family
    with write_transaction(fixture_db, by="test", action="test") as writer:
        assert hiding.refresh(writer) == 0  # nothing changed since the last write
    database = opened(fixture_db)
    plan = plan_import(raw, "ny.csv", database, ADMIN)
    database.close()
    with write_transaction(fixture_db, by="test", action="test") as writer:
        with writer.frame("staged_rows", plan.rows):
            writer.execute("insert into observation select *, 'import', null, null from staged_rows")
        assert hiding.refresh(writer) == 1  # fagbrev_bestatt's family in 2023, and nothing else


def test_a_file_changed_behind_the_write_doors_back_is_still_protected_when_read(fixture_db):
    con = duckdb.connect(str(fixture_db))  # as someone with a shell might, bypassing the write door
    con.execute(
        "update observation set value = 1 where kommunenummer = '1871' and year = 2024 "
        "and indicator_id = 'fagbrev_bestatt'"
    )
    con.close()
    database = Database(fixture_db)
    try:
        protected = hiding.stored_protection(database)["fagbrev_bestatt"]
    finally:
        database.close()
    cells = set(protected.cells.select("kommunenummer", "year").iter_rows())
    assert ("1871", 2024) in cells  # Andøy's 1, which the stored protection never saw
    assert cells == worked_out_afresh(fixture_db)["fagbrev_bestatt"]


def test_the_thresholds_are_read_from_the_settings_with_the_defaults_for_the_rest():
    settings = pl.DataFrame({"key": ["min_persons"], "value": ["8"]})
    assert hiding.rules_from_settings(settings) == Rules(min_persons=8, min_denominator=10)
