"""Every time series out: Excel and CSV of the whole series behind a view (issue 15, item 13)."""

import csv
import io

import openpyxl
import pytest
from conftest import ADMIN, import_file
from test_app_pages import open_page

from kompetanse.charts.style import EXAMPLE_BAND
from kompetanse.exports.series import series_csv, series_xlsx
from kompetanse.indicators.view import indicator_view
from kompetanse.rules.privacy import PUBLIC_REASON
from kompetanse.store.db import open_database

VESTERALEN = {"region_id": "18009", "name": "Vesterålen", "slug": "vesteralen", "kind": "okonomisk_region"}
HEADER = [
    "År",
    "Kommunenummer",
    "Kommune",
    "Indikator",
    "Enhet",
    "Verdi",
    "Teller",
    "Nevner",
    "Kilde",
    "Eksempeldata",
    "Merknad",
]


def series_of(db_path, indicator_id: str, kommuner=None):
    database = open_database(db_path)
    try:
        return indicator_view(database, VESTERALEN, indicator_id, 2024, kommuner).series
    finally:
        database.close()


def by_place(frame) -> dict[tuple[int, str], dict]:
    return {(row["År"], row["Kommune"]): row for row in frame.iter_rows(named=True)}


def test_the_series_has_every_year_of_every_municipality_the_region_and_the_country(fixture_db):
    series = series_of(fixture_db, "barnehagelaerer_andel")
    assert series.columns == HEADER
    rows = by_place(series)
    andoy = rows[(2023, "Andøy")]
    assert (andoy["Kommunenummer"], andoy["Verdi"], andoy["Teller"], andoy["Nevner"]) == (
        "1871",
        50.0,
        10,
        20,
    )
    assert rows[(2024, "Andøy")]["Verdi"] == 60.0  # 12 of 20
    assert andoy["Kilde"] == "Testdata for automatiske tester" and andoy["Eksempeldata"] == "nei"
    region = rows[(2024, "Vesterålen (regionen)")]
    # (12+6+30+5+27+10) / (20+15+40+10+45+20) = 90/150
    assert (region["Kommunenummer"], region["Verdi"], region["Teller"], region["Nevner"]) == (
        None,
        60.0,
        90,
        150,
    )
    assert rows[(2024, "Landet uten Oslo")]["Verdi"] == 60.0  # the same six: Oslo is left out
    assert {row["Indikator"] for row in series.iter_rows(named=True)} == {
        "Barnehagelærere i grunnbemanningen"
    }
    years = series["År"].to_list()
    assert years == sorted(years)


def test_the_series_follows_the_chosen_municipalities(fixture_db):
    series = series_of(fixture_db, "barnehagelaerer_andel", ("1866", "1870"))
    names = set(series["Kommune"].to_list())
    assert names == {"Hadsel", "Sortland", "Vesterålen (regionen)", "Landet uten Oslo"}


def test_a_hidden_figure_stays_hidden_in_the_series(fixture_db):
    rows = by_place(series_of(fixture_db, "heltid_andel"))
    bo = rows[(2024, "Bø")]  # 4 of 8: a denominator under 10
    assert (bo["Verdi"], bo["Teller"], bo["Nevner"]) == (None, None, None)
    assert bo["Merknad"] == PUBLIC_REASON


@pytest.fixture
def formula_source(fixture_db):
    path = fixture_db.parent / "formel.csv"
    path.write_text(
        'kommunenummer;år;indikator;verdi;kilde\n1866;2024;laerlinger_antall;26;=HYPERLINK("http://x","klikk")\n'
    )
    import_file(fixture_db, path, ADMIN)
    return fixture_db


def test_the_excel_file_keeps_numbers_as_numbers_and_text_as_text(formula_source):
    series = series_of(formula_source, "laerlinger_antall")
    sheet = openpyxl.load_workbook(io.BytesIO(series_xlsx(series, "Lærlinger: tidsserie", "Fotnote.")))[
        "Tidsserie"
    ]
    assert [cell.value for cell in sheet[3]] == HEADER
    rows = {(row[0].value, row[2].value): row for row in sheet.iter_rows(min_row=4) if row[0].value}
    hadsel = rows[(2024, "Hadsel")]
    assert hadsel[5].value == 26 and hadsel[5].data_type == "n"
    assert hadsel[8].value == '=HYPERLINK("http://x","klikk")' and hadsel[8].data_type == "s"
    assert sheet.cell(sheet.max_row, 1).value == "Fotnote."
    assert sheet["A2"].value is None  # imported figures only: no example band


def test_an_excel_series_with_example_data_carries_the_band(standard_db):
    series = series_of(standard_db, "heltid_andel")  # the bundled example figures
    assert (series["Eksempeldata"] == "ja").all()
    sheet = openpyxl.load_workbook(io.BytesIO(series_xlsx(series, "Heltid: tidsserie", "Fotnote.")))[
        "Tidsserie"
    ]
    assert sheet["A2"].value == EXAMPLE_BAND
    assert f"A2:{openpyxl.utils.get_column_letter(len(series.columns))}2" in {
        str(merged) for merged in sheet.merged_cells.ranges
    }


def test_the_csv_file_opens_in_norwegian_excel_and_runs_no_formula(formula_source):
    raw = series_csv(series_of(formula_source, "laerlinger_antall"))
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == HEADER
    hadsel = next(row for row in rows if row[1] == "1866" and row[0] == "2024")
    assert hadsel[5] == "26" and hadsel[8] == '\'=HYPERLINK("http://x","klikk")'
    text = series_csv(series_of(formula_source, "heltid_andel")).decode("utf-8-sig")
    shares = list(csv.reader(io.StringIO(text), delimiter=";"))
    andoy = next(row for row in shares if row[1] == "1871" and row[0] == "2023")
    assert (andoy[5], andoy[6], andoy[7]) == ("36", "18", "50")  # 18 of 50
    bo = next(row for row in shares if row[1] == "1867")
    assert bo[5:8] == ["", "", ""]


def test_theme_pages_offer_the_series_as_excel_and_csv(app_db):
    at = open_page("rekruttering", indikator="heltid_andel")
    labels = [button.proto.label for button in at.get("download_button")]
    assert "Tidsserie (Excel)" in labels and "Tidsserie (CSV)" in labels
    at = open_page("sammenlign", utvalg="1866,1870", indikatorer="heltid_andel", aar="2024")
    assert "Tidsserie (CSV)" in [button.proto.label for button in at.get("download_button")]
