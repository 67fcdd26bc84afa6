# ruff: noqa: F811  (fixtures are imported from fixture_server and update_support)
"""Official figures in the app (AppTest) and its exports: the admin button, the badge, Kilde, KOSTRA groups.

The database is tests/update_support.py's: example rows where SSB and Udir have figures, updated from
the fixture server. Values are those of tests/fixtures/api (see tests/test_update.py).
"""

import io
import json
from datetime import UTC, datetime

import openpyxl
import pytest
import streamlit as st
from conftest import fingerprint
from fixture_server import Fault, api_server  # noqa: F401
from streamlit.testing.v1 import AppTest
from test_app_pages import badges, log_in, open_page
from test_search_profile import om_dataene_fact_lines
from update_support import example_db, example_db_template, update  # noqa: F401

from kompetanse.exports.canonical_csv import export_csv
from kompetanse.exports.excel import table_xlsx
from kompetanse.indicators.view import indicator_view
from kompetanse.rules.regions import all_regions, find_region
from kompetanse.sources import runs
from kompetanse.store.db import open_database

NBSP = "\u00a0"


def today() -> str:
    """The fetch date as Kilde writes it (the fetch records keep UTC)."""
    return datetime.now(UTC).strftime("%d.%m.%Y")


@pytest.fixture
def app_on_example(example_db, monkeypatch):
    monkeypatch.setenv("KOMPETANSE_DB", str(example_db))
    st.cache_data.clear()
    st.cache_resource.clear()
    return example_db


@pytest.fixture
def updated(api_server, app_on_example):
    update(app_on_example)
    return app_on_example


def table_with(at: AppTest, label: str, key: str = "Kommune", column: str | None = None) -> dict[str, dict]:
    """The rows (keyed by `key`) of the first table that has a row `label` (and a `column`)."""
    for frame in at.dataframe:
        records = frame.value.to_dict("records")
        if column is not None and column not in frame.value.columns:
            continue
        if any(row.get(key) == label for row in records):
            return {row[key]: row for row in records}
    raise AssertionError(f"no table has a row {label!r}")


def captions(at: AppTest) -> str:
    return " ".join(caption.value for caption in at.caption)


def button(at: AppTest, label: str):
    return next(item for item in at.button if item.label == label)


# Administrasjon: "Hent offisielle tall"


def test_the_admin_fetches_official_figures_sees_what_would_change_and_writes_them_on_confirmation(
    api_server, app_on_example
):
    before = fingerprint(app_on_example)
    at = log_in(open_page(), "admin")
    at.switch_page("pages/administrasjon.py").run()
    next(box for box in at.selectbox if box.label == "Kilde").set_value("ssb")
    button(at, "Hent offisielle tall").click().run()
    assert not at.exception and not at.error
    preview = table_with(at, "Barnehagelærere i grunnbemanningen", key="Data")
    share = preview["Barnehagelærere i grunnbemanningen"]
    assert (share["Tabell"], share["År"], share["Nye"], share["Eksempeldata erstattes"]) == (
        "SSB tabell 12562",
        "2019–2024",
        "35",
        "72",
    )
    assert fingerprint(app_on_example) == before  # the preview writes nothing
    button(at, "Skriv inn de offisielle tallene").click().run()
    assert not at.exception and not at.error
    assert at.success[0].value.startswith("Oppdaterte offisielle tall fra SSB (oppdatering nr. 1)")
    database = open_database(app_on_example)
    try:
        value = database.sql(
            "select value from observation where kommunenummer = '1866' and year = 2024 "
            "and indicator_id = 'barnehagelaerer_andel'"
        ).item()
    finally:
        database.close()
    assert value == 41.0
    at.run()  # the log of the update: every response with its URL, fetch time, `updated` and SHA-256
    fetched = next(frame.value for frame in at.dataframe if "SHA-256" in frame.value.columns)
    data_12562 = fetched[fetched["Adresse"].str.contains("/tables/12562/data")]
    assert len(data_12562) >= 1 and set(data_12562["Oppdatert hos kilden"]) == {"2026-03-16T07:00:00Z"}
    assert all(len(digest) == 64 for digest in fetched["SHA-256"])


def test_the_button_says_ingen_nye_tall_when_the_database_already_has_the_newest(updated):
    at = log_in(open_page(), "admin")
    at.switch_page("pages/administrasjon.py").run()
    next(box for box in at.selectbox if box.label == "Kilde").set_value("klass")
    button(at, "Hent offisielle tall").click().run()
    assert at.info[-1].value.startswith("Ingen nye tall")
    assert not [item for item in at.button if item.label == "Skriv inn de offisielle tallene"]


def test_a_failed_fetch_in_the_app_says_why_in_norwegian_and_changes_nothing(api_server, app_on_example):
    api_server.fail("/klass/", *[Fault(status=503)] * 3)
    before = fingerprint(app_on_example)
    at = log_in(open_page(), "admin")
    at.switch_page("pages/administrasjon.py").run()
    next(box for box in at.selectbox if box.label == "Kilde").set_value("klass")
    button(at, "Hent offisielle tall").click().run()
    assert [error.value for error in at.error] == ["KLASS svarte med feil 503 for klassifikasjon 131."]
    assert fingerprint(app_on_example) == before


def test_only_an_admin_gets_the_button(api_server, app_on_example):
    at = log_in(open_page(), "redaktor")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/administrasjon.py")  # an editor has no Administrasjon page at all
    assert not [item for item in at.button if item.label == "Hent offisielle tall"]
    assert api_server.requests == []


# The badge and Kilde


def test_before_the_update_the_ssb_indicators_carry_the_example_badge(app_on_example):
    at = open_page("kompetansegap", indikator="barnehagelaerer_andel")
    assert badges(at) >= 1
    assert "Kilde: Eksempeldata" in captions(at)


def test_after_the_update_the_badge_is_gone_exactly_where_the_figures_are_official(updated):
    at = open_page("kompetansegap", indikator="barnehagelaerer_andel", aar="2024")
    assert badges(at) == 0
    assert f"Kilde: SSB tabell 12562 (oppdatert 16.03.2026, hentet {today()})." in captions(at)
    assert f"Kilde: SSB tabell 14534 (oppdatert 15.06.2026, hentet {today()})." in captions(at)
    rows = table_with(at, "Hadsel", column="Verdi")
    assert rows["Hadsel"]["Verdi"] == f"41,0{NBSP}%"
    assert (rows["Bø"]["Verdi"], rows["Bø"]["Merknad"]) == (":", "Skjult av kilden («:»).")
    assert (rows["Øksnes"]["Verdi"], rows["Øksnes"]["Merknad"]) == ("..", "Mangler hos kilden («..»).")
    # heltid_andel has no public source: still example data, still the badge
    at = open_page("rekruttering", indikator="heltid_andel")
    assert badges(at) >= 1


def test_exports_name_the_table_and_its_dates_and_hold_no_example_rows_of_official_indicators(
    updated, tmp_path
):
    database = open_database(updated)
    try:
        region = find_region(all_regions(database), "vesteralen")
        panel = indicator_view(database, region, "barnehagelaerer_andel", 2024)
        workbook = openpyxl.load_workbook(
            io.BytesIO(table_xlsx(panel.table, "Barnehagelærere", panel.footnote))
        )
        out = tmp_path / "eksport.csv"
        export_csv(database, out)
    finally:
        database.close()
    cells = [cell for row in workbook.active.iter_rows(values_only=True) for cell in row if cell]
    assert any(f"SSB tabell 12562 (oppdatert 16.03.2026, hentet {today()})" in str(cell) for cell in cells)
    assert not panel.is_example
    lines = out.read_text(encoding="utf-8").splitlines()
    share = [line for line in lines if ",barnehagelaerer_andel," in line]
    assert "1866,2024,barnehagelaerer_andel,41,,,SSB tabell 12562" in share
    assert not [line for line in share if "Eksempeldata" in line]
    assert not [line for line in share if line.startswith("1867,2024,")]  # Bø's ":" has no figure to export


# KOSTRA groups


def test_the_kostra_group_is_a_reference_next_to_region_and_country_on_the_theme_page(updated):
    at = open_page("kompetansegap", indikator="barnehagelaerer_andel", aar="2024")
    rows = table_with(at, "KOSTRA-gruppe 2", column="Verdi")
    assert rows["KOSTRA-gruppe 2"]["Verdi"] == f"37,0{NBSP}%"
    assert rows["KOSTRA-gruppe 2"]["Merknad"].startswith("SSBs tall for KOSTRA-gruppen til Lødingen, Hadsel")
    assert rows["Landet uten Oslo"]["Verdi"] == f"46,0{NBSP}%"  # SSB's EAKUO, not recomputed
    assert rows["Landet uten Oslo"]["Merknad"] == "Tallet slik SSB tabell 12562 publiserer det."
    rules = [
        spec
        for spec in (json.loads(chart.proto.spec) for chart in at.get("vega_lite_chart"))
        if '"label": "KOSTRA-gruppe 2"' in json.dumps(spec)
    ]
    assert rules  # the bar chart draws the group's value as a rule


def test_sammenlign_shows_each_municipalitys_kostra_group_beside_the_country(updated):
    at = open_page("sammenlign", utvalg="1866,0301", indikatorer="barnehagelaerer_andel", aar="2024")
    row = table_with(at, "Barnehagelærere i grunnbemanningen (prosent)", key="Indikator")[
        "Barnehagelærere i grunnbemanningen (prosent)"
    ]
    assert (row["Hadsel"], row["Oslo"], row["Landet"]) == (
        f"41,0{NBSP}% (2.)",
        f"49,0{NBSP}% (1.)",
        f"46,0{NBSP}% (uten Oslo)",
    )
    assert (row["KOSTRA-gruppe 2"], row["KOSTRA-gruppe 13"]) == (f"37,0{NBSP}%", f"49,0{NBSP}%")
    assert "KOSTRA-gruppe 2: Hadsel; KOSTRA-gruppe 13: Oslo" in captions(at)


def test_kommuneprofil_shows_the_kostra_group_beside_region_and_country(updated):
    at = open_page("kommuneprofil", kommune="1866")
    row = table_with(at, "Barnehagelærere i grunnbemanningen", key="Indikator")[
        "Barnehagelærere i grunnbemanningen"
    ]
    assert (row["Verdi"], row["Landet"], row["KOSTRA-gruppen"]) == (
        f"41,0{NBSP}%",
        f"46,0{NBSP}%",
        f"37,0{NBSP}%",
    )
    assert row["Kilde"] == f"SSB tabell 12562 (oppdatert 16.03.2026, hentet {today()})"
    assert "KOSTRA-gruppe 2 (KOSTRA-gruppe)" in at.markdown[0].value


def test_a_kostra_group_is_a_region_one_can_pick_with_ssbs_value_as_its_own(updated):
    at = open_page(region="kostra-gruppe-2", aar="2024")
    assert at.title[0].value == "Oversikt: KOSTRA-gruppe 2"
    assert "Tjeldsund" in at.markdown[0].value  # its members come from KLASS 112
    at.switch_page("pages/kompetansegap.py").run()
    rows = table_with(at, "KOSTRA-gruppe 2 (SSB)", column="Verdi")
    assert rows["KOSTRA-gruppe 2 (SSB)"]["Verdi"] == f"37,0{NBSP}%"


# Om dataene


def test_om_dataene_says_per_indicator_whether_it_is_official_and_per_source_when_it_last_ran(
    updated, api_server
):
    api_server.fail("/udir/Kommune/0301", *[Fault(status=500)] * 3)
    with pytest.raises(Exception, match="Udir svarte med feil 500"):
        update(updated, sources=("udir",))
    at = open_page("om_dataene")
    facts = {line.split(" · ")[0]: line.split(" · ") for line in om_dataene_fact_lines(at)}
    assert (
        f"Tallene: Offisielle tall: SSB tabell 12562 (oppdatert 16.03.2026, hentet {today()})"
        in facts["Id: barnehagelaerer_andel"]
    )
    assert "Tallene: Eksempeldata" in facts["Id: heltid_andel"]
    sources = table_with(at, "SSB", key="Kilde")
    assert sources["SSB"]["Resultat"] == "oppdatert"
    assert sources["Udir Barnehagefakta"]["Resultat"] == "feilet"
    assert sources["Udir Barnehagefakta"]["Melding"] == "Udir svarte med feil 500 for kommune 0301."
    assert runs.last_runs(updated)["udir"]["outcome"] == "feilet"
