"""Own networks: a name and a list of municipalities, stored beside SSB's economic regions."""

import pytest
from conftest import ADMIN, fingerprint, opened
from streamlit.testing.v1 import AppTest
from test_cli import cli

from kompetanse.access.networks import delete_network, plan_network, save_network
from kompetanse.errors import KompetanseError
from kompetanse.rules.regions import all_regions, find_region, members, named_region
from kompetanse.store.build import build
from kompetanse.store.db import open_database


def define(db_path, name, municipalities):
    database = open_database(db_path)
    try:
        network = plan_network(database, name, municipalities)
    finally:
        database.close()
    save_network(opened(db_path), network, ADMIN)
    return network


def member_names(db_path, name):
    database = open_database(db_path)
    try:
        region = find_region(all_regions(database), name)
        return region, members(database, region["region_id"])["name"].to_list()
    finally:
        database.close()


def test_a_network_is_stored_with_municipalities_given_by_name_or_old_or_new_code(fixture_db):
    define(fixture_db, "Sør-Troms samarbeid", ["salangen", "5520", "1924", "Lavangen"])
    region, names = member_names(fixture_db, "sor-troms SAMARBEID")
    assert region["kind"] == "nettverk"
    assert names == ["Bardu", "Lavangen", "Målselv", "Salangen"]


def test_saving_a_network_again_replaces_its_members(fixture_db):
    define(fixture_db, "Kystnettverket", ["Øksnes", "Bø"])
    define(fixture_db, "Kystnettverket", ["Andøy"])
    assert member_names(fixture_db, "kystnettverket")[1] == ["Andøy"]


def test_a_network_survives_a_rebuild_of_the_bundled_data(fixture_db):
    define(fixture_db, "Kystnettverket", ["Øksnes", "Bø"])
    build(fixture_db, scale="none")
    assert member_names(fixture_db, "Kystnettverket")[1] == ["Bø", "Øksnes"]


def test_a_network_can_be_removed(fixture_db):
    network = define(fixture_db, "Kystnettverket", ["Øksnes"])
    delete_network(opened(fixture_db), network.region_id, ADMIN)
    database = open_database(fixture_db)
    assert find_region(all_regions(database), "Kystnettverket") is None
    database.close()


@pytest.mark.parametrize(
    "name, municipalities, message",
    [
        ("", ["Øksnes"], "Nettverket må ha et navn."),
        ("x" * 81, ["Øksnes"], "Navnet kan ha høyst 80 tegn."),
        ("Nytt nettverk", [], "Nettverket må ha minst én kommune."),
        ("VESTERÅLEN", ["Øksnes"], "Navnet «VESTERÅLEN» er allerede brukt av regionen Vesterålen."),
        ("Nytt nettverk", ["Atlantis"], "Fant ingen kommune som heter «Atlantis»."),
        ("Nytt nettverk", ["9998"], "Kommunenummer 9998 finnes ikke."),
        (
            "Nytt nettverk",
            ["1850"],
            "Kommunenummer 1850 ble delt: Tysfjord ble delt mellom Narvik og Hamarøy",
        ),
    ],
)
def test_an_invalid_network_is_refused_in_norwegian_and_nothing_is_written(
    fixture_db, name, municipalities, message
):
    before = fingerprint(fixture_db)
    with pytest.raises(KompetanseError) as refused:
        define(fixture_db, name, municipalities)
    assert message in str(refused.value)
    assert fingerprint(fixture_db) == before


def test_the_cli_names_regions_case_and_accent_insensitively(fixture_db):
    result = cli("region", "show", "VESTERALEN", "--db", str(fixture_db))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1:] == [
        "  1871 Andøy",
        "  1867 Bø",
        "  1866 Hadsel",
        "  1851 Lødingen",
        "  1870 Sortland",
        "  1868 Øksnes",
    ]


def test_the_cli_creates_and_removes_a_network_but_never_an_ssb_region(fixture_db):
    created = cli("network", "add", "Kystnettverket", "oksnes", "1867", "--db", str(fixture_db))
    assert created.returncode == 0, created.stderr
    assert "Lagret nettverket «Kystnettverket» med 2 kommuner." in created.stdout
    refused = cli("network", "remove", "vesteralen", "--db", str(fixture_db))
    assert refused.returncode == 1
    assert "kan ikke slettes" in refused.stderr
    removed = cli("network", "remove", "kystnettverket", "--db", str(fixture_db))
    assert removed.returncode == 0, removed.stderr


def test_a_network_can_be_opened_in_the_app_by_its_name(app_db):
    define(app_db, "Kystnettverket", ["Øksnes", "Bø", "Andøy"])
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.query_params["region"] = "kystnettverket"
    at.run()
    assert at.title[0].value == "Oversikt: Kystnettverket"
    assert "Andøy, Bø og Øksnes" in at.markdown[0].value
    rows = {row["Kommune"]: row for row in at.dataframe[0].value.to_dict("records")}
    # (12 + 6 + 10) / (20 + 15 + 20) from the fixture file
    assert rows["Kystnettverket (nettverket)"]["Verdi"] == "50,9\u00a0%"


def test_the_per_version_lookup_names_the_same_region_as_find_region_and_sees_a_new_network(fixture_db):
    database = open_database(fixture_db)
    try:
        regions = all_regions(database)
        for row in regions.iter_rows(named=True):
            for text in (row["region_id"], row["name"], row["name"].upper(), f" {row['slug']} "):
                assert named_region(database, text) == find_region(regions, text), text
        assert named_region(database, "Atlantis") is None and named_region(database, "") is None
        assert named_region(database, "sor-troms samarbeid") is None
    finally:
        database.close()
    define(fixture_db, "Sør-Troms samarbeid", ["salangen", "5520"])
    database = open_database(fixture_db)
    try:
        assert named_region(database, "sor-troms samarbeid")["kind"] == "nettverk"  # a new version
    finally:
        database.close()
