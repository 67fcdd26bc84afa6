"""Data tests on the database exactly as `build` makes it: the registry, regions and example data."""

import duckdb
import pytest

from kompetanse.store.db import Database
from kompetanse.store.schema import latest_schema_version


@pytest.fixture(scope="module")
def db(standard_db):
    database = Database(standard_db)
    yield database
    database.close()


def scalar(db, sql, **params):
    return db.sql(sql, **params).item()


def test_registry_has_the_357_municipalities_valid_from_2024(db):
    assert scalar(db, "select count(*) from municipality") == 357
    assert scalar(db, "select count(distinct county_code) from municipality") == 15


def test_every_municipality_belongs_to_exactly_one_economic_region(db):
    counts = db.sql(
        "select m.kommunenummer, count(rm.region_id) as n from municipality m "
        "left join region_member rm using (kommunenummer) "
        "left join region r using (region_id) where r.kind = 'okonomisk_region' or r.kind is null "
        "group by m.kommunenummer"
    )
    assert counts.height == 357
    assert set(counts["n"].to_list()) == {1}


def test_vesteralen_is_exactly_its_six_municipalities(db):
    names = db.query("region_municipalities", region_id="18009")["name"].to_list()
    assert names == ["Andøy", "Bø", "Hadsel", "Lødingen", "Sortland", "Øksnes"]


@pytest.mark.parametrize(
    "table, column",
    [
        ("observation", "kommunenummer"),
        ("region_member", "kommunenummer"),
        ("boundary", "kommunenummer"),
    ],
)
def test_every_reference_to_a_municipality_exists(db, table, column):
    orphans = scalar(
        db, f"select count(*) from {table} where {column} not in (select kommunenummer from municipality)"
    )
    assert orphans == 0


def test_every_observation_has_a_catalogued_indicator_and_a_source(db):
    assert (
        scalar(
            db,
            "select count(*) from observation where indicator_id not in (select indicator_id from indicator)",
        )
        == 0
    )
    assert scalar(db, "select count(*) from observation where source is null or source = ''") == 0


def test_shares_lie_between_0_and_100(db):
    outside = scalar(
        db,
        "select count(*) from observation o join indicator i using (indicator_id) "
        "where i.unit = 'prosent' and (o.value < 0 or o.value > 100)",
    )
    assert outside == 0


def test_ratio_values_equal_numerator_over_denominator(db):
    worst = scalar(
        db,
        "select max(abs(o.value - o.numerator / o.denominator * i.scale)) from observation o "
        "join indicator i using (indicator_id) where i.aggregation = 'forhold'",
    )
    assert worst < 1e-9


def test_example_data_is_flagged_and_labelled_and_population_is_official(db):
    flags = db.sql(
        "select indicator_id, bool_and(is_example) as all_example, bool_or(is_example) as any_example, "
        "min(source) as source from observation group by indicator_id"
    )
    population = flags.filter(flags["indicator_id"].str.starts_with("innbyggere"))
    examples = flags.filter(~flags["indicator_id"].str.starts_with("innbyggere"))
    assert population.height == 5 and not population["any_example"].any()
    assert examples.height == 51 and examples["all_example"].all()  # 41 + the ten 10-FAKTOR factors
    assert all(source.startswith("Eksempeldata") for source in examples["source"])
    assert all(source.startswith("SSB tabell 07459") for source in population["source"])


def test_population_matches_ssb_national_total_for_2025(db):
    total = scalar(db, "select sum(value) from observation where indicator_id = 'innbyggere' and year = 2025")
    assert total == 5_594_340


def test_project_entries_from_the_source_documents_are_loaded_with_their_sources(db):
    entries = db.sql("select entry_id, kommunenummer, region_id, source from project_entry order by entry_id")
    assert entries.height == 5
    assert "18009" in entries["region_id"].to_list()
    assert {"5522", "1505", "3105"} <= set(entries["kommunenummer"].drop_nulls().to_list())
    assert all(len(source) > 20 for source in entries["source"])


def test_boundaries_exist_for_every_municipality(db):
    assert scalar(db, "select count(*) from boundary") == 357


def test_the_database_file_records_its_schema_version(standard_db):
    con = duckdb.connect(str(standard_db), read_only=True)
    try:
        version = con.execute("select value from meta where key = 'schema_version'").fetchone()[0]
        assert version == str(latest_schema_version())  # the number of the newest file in migrations/
    finally:
        con.close()
