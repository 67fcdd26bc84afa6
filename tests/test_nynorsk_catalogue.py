"""Nynorsk for the texts of data/catalogue (issue 17): every theme, indicator, service area and
theme-meeting category, and the pages that show them in the reader's målform."""

from __future__ import annotations

import ast
import csv
import re
from datetime import date
from pathlib import Path

import polars as pl
from conftest import ADMIN
from test_nynorsk import NYNORSK_ONLY, TELL_TALE, page_texts, run_page, tell_tales

from kompetanse.i18n import catalogue as messages_of
from kompetanse.i18n import translate, translated, using_language
from kompetanse.i18n.extract import CATALOGUE_TEXTS, data_texts
from kompetanse.indicators.comparison import catalogue
from kompetanse.indicators.references import source_with_dates
from kompetanse.store.db import open_database
from kompetanse.views.innspill import MeetingInputs, add_inputs, inputs_view
from kompetanse.views.kommuneprofil import profile_table
from kompetanse.views.om_dataene import data_coverage
from kompetanse.views.sammenlign import compare_view
from kompetanse.views.search import build_index, search
from kompetanse.views.tiltak import THEMES

CATALOGUE = Path(__file__).resolve().parents[1] / "data" / "catalogue"


def catalogue_file_texts() -> set[str]:
    """Every non-empty text in the columns a reader sees, read straight from the csv files."""
    texts = set()
    for name, columns in CATALOGUE_TEXTS.items():
        with (CATALOGUE / name).open(encoding="utf-8", newline="") as file:
            texts |= {row[column] for row in csv.DictReader(file) for column in columns if row[column]}
    return texts


def nynorsk(text: str) -> str | None:
    found = messages_of("nn").get(text)
    return found.string if found is not None else None


def test_every_row_of_every_catalogue_file_is_extracted():
    with (CATALOGUE / "indikatorer.csv").open(encoding="utf-8", newline="") as file:
        names = [row["navn"] for row in csv.DictReader(file)]
    assert set(names) <= data_texts()  # every indicator, not a chosen few
    assert data_texts() == catalogue_file_texts()  # themes, indicators, service areas, categories


def test_every_catalogue_text_has_a_nynorsk_translation():
    assert sorted(text for text in catalogue_file_texts() if not nynorsk(text)) == []


def test_no_nynorsk_catalogue_text_uses_a_bokmal_tell_tale_word():
    found = {
        text: word
        for text in catalogue_file_texts()
        for word in TELL_TALE
        if re.search(rf"\b{word}\b", nynorsk(text) or "", re.IGNORECASE)
    }
    assert found == {}


def test_the_words_of_the_catalogue_are_the_official_nynorsk_ones():
    assert translate("Ansatte per leder", "nn") == "Tilsette per leiar"
    assert translate("Sykefravær", "nn") == "Sjukefråvær"
    assert translate("Skole og SFO", "nn") == "Skule og SFO"
    assert translate("Heltid og deltid", "nn") == "Heiltid og deltid"
    assert translate("KS, PAI-registeret (statistikk om kommuneansatte)", "nn") == (
        "KS, PAI-registeret (statistikk om kommunetilsette)"
    )


def test_the_indicator_catalogue_comes_in_the_runs_language_with_the_unit_key_kept(fixture_db):
    database = open_database(fixture_db)
    try:
        with using_language("nn"):
            nn = catalogue(database)
        nb = catalogue(database)
        raw = database.query("indicator_catalogue")
    finally:
        database.close()
    leaders = nn.filter(pl.col("indicator_id") == "ansatte_per_leder").row(0, named=True)
    assert leaders["name"] == "Tilsette per leiar"
    assert leaders["source"] == "KS, PAI-registeret (statistikk om kommunetilsette)"
    assert leaders["unit"] == "ansatte per leder"  # the key the formatting rules read
    assert leaders["unit_text"] == "tilsette per leiar"  # the unit as a nynorsk reader sees it
    assert nn["unit"].to_list() == raw["unit"].to_list()
    assert nb.drop("unit_text").equals(raw)  # bokmål: the catalogue exactly as stored
    assert nb["unit_text"].to_list() == raw["unit"].to_list()


def test_a_source_without_dates_is_shown_in_the_runs_language(fixture_db):
    database = open_database(fixture_db)
    try:
        source = "KS, PAI-registeret (statistikk om kommuneansatte)"
        with using_language("nn"):
            assert source_with_dates(database, "heltid_andel", source) == (
                "KS, PAI-registeret (statistikk om kommunetilsette)"
            )
        assert source_with_dates(database, "heltid_andel", source) == source
    finally:
        database.close()


def test_a_count_of_arsverk_keeps_its_decimal_in_nynorsk():
    # indicators/tables.py shows a numerator with one decimal when its label starts with 'årsverk'.
    with (CATALOGUE / "indikatorer.csv").open(encoding="utf-8", newline="") as file:
        labels = {row["teller"] for row in csv.DictReader(file) if row["teller"]}
    assert {t for t in labels if t.startswith("årsverk")} == {
        t for t in labels if translate(t, "nn").startswith("årsverk")
    }


def test_the_theme_names_of_tiltak_have_their_nynorsk():
    assert [translate(name, "nn") for name in THEMES.values()] == [
        "Kompetanse",
        "Leiarutvikling",
        "Rekruttering",
    ]
    assert all(nynorsk(name) for name in THEMES.values())


# --- The places that show units and sources ------------------------------------------------------------


def test_om_dataene_shows_units_and_sources_in_the_runs_language(fixture_db):
    database = open_database(fixture_db)
    try:
        with using_language("nn"):
            nn = data_coverage(database)
        nb = data_coverage(database)
    finally:
        database.close()
    leaders = [row for row in nn.rows() if "ansatte_per_leder" in row][0]
    assert "Tilsette per leiar" in leaders and "tilsette per leiar" in leaders  # name and unit
    assert "KS, PAI-registeret (statistikk om kommunetilsette)" in leaders
    assert "Gjennomsnittleg tal på tilsette per leiar med personalansvar (kontrollspenn)." in leaders
    bokmal = [row for row in nb.rows() if "ansatte_per_leder" in row][0]
    assert "Ansatte per leder" in bokmal and "ansatte per leder" in bokmal


def test_kommuneprofil_shows_theme_indicator_and_source_in_the_runs_language(fixture_db):
    database = open_database(fixture_db)
    try:
        with using_language("nn"):
            nn = profile_table(database)
        nb = profile_table(database)
    finally:
        database.close()
    hadsel = nn.filter(pl.col("kommunenummer") == "1866")
    bokmal = nb.filter(pl.col("kommunenummer") == "1866")
    assert hadsel["position"].to_list() == bokmal["position"].to_list()
    row = hadsel.filter(pl.col("indicator_name") == "Tilsette i heiltidsstilling").row(0, named=True)
    assert row["theme_name"] == "Rekruttering"
    assert tell_tales(hadsel["indicator_name"].to_list() + hadsel["source"].drop_nulls().to_list()) == {}
    assert "Ansatte i heltidsstilling" in bokmal["indicator_name"].to_list()


def test_sammenlign_names_each_indicator_with_its_unit_in_the_runs_language(fixture_db):
    database = open_database(fixture_db)
    try:
        with using_language("nn"):
            nn, _ = compare_view(database, ("1866", "1868"), ("ansatte_per_leder",), 2024)
        nb, _ = compare_view(database, ("1866", "1868"), ("ansatte_per_leder",), 2024)
    finally:
        database.close()
    assert nn.table.row(0)[0] == "Tilsette per leiar (tilsette per leiar)"
    assert nb.table.row(0)[0] == "Ansatte per leder (ansatte per leder)"


def test_search_shows_nynorsk_names_and_still_finds_the_bokmal_ones(fixture_db):
    database = open_database(fixture_db)
    try:
        with using_language("nn"):
            index = build_index(database)
        bokmal_index = build_index(database)
    finally:
        database.close()
    assert search(index, "sjukefråvær")[0].entry.label == "Sjukefråvær (Rekruttering)"
    assert search(index, "sykefravær")[0].entry.label == "Sjukefråvær (Rekruttering)"
    assert search(index, "tilsette i heiltidsstilling")[0].entry.label.startswith(
        "Tilsette i heiltidsstilling"
    )
    assert search(bokmal_index, "sykefravær")[0].entry.label == "Sykefravær (Rekruttering)"


def test_service_areas_and_categories_read_from_the_database_come_in_the_runs_language(fixture_db):
    database = open_database(fixture_db)
    try:
        areas, categories = database.query("service_areas"), database.query("input_categories")
        with using_language("nn"):
            nn_areas = translated(areas, "name")["name"].to_list()
            nn_categories = translated(categories, "name")["name"].to_list()
        assert translated(areas, "name").equals(areas)  # bokmål: the frame as read
    finally:
        database.close()
    assert nn_areas[:2] == ["Barnehage", "Skule og SFO"]
    assert "Teknisk drift og eigedom" in nn_areas
    assert {"Anna", "Heiltid og deltid", "Arbeidsmiljø og sjukefråvær"} <= set(nn_categories)
    assert tell_tales(nn_areas + nn_categories) == {}


def test_innspill_counts_and_chart_name_the_categories_in_the_runs_language(fixture_db):
    database = open_database(fixture_db)
    try:
        inputs = MeetingInputs("1868", "Myre sykehjem", date(2025, 3, 1), "i_dag", ("Deltid",), "heltid")
        add_inputs(database, inputs, ADMIN)
    finally:
        database.close()
    database = open_database(fixture_db)
    try:
        region = database.query("regions").filter(pl.col("name") == "Vesterålen").row(0, named=True)
        with using_language("nn"):
            nn = inputs_view(database, region)
        nb = inputs_view(database, region)
    finally:
        database.close()
    assert "Heiltid og deltid" in nn.counts.columns and "Heltid og deltid" in nb.counts.columns
    assert nn.inputs["Kategori"].to_list() == ["Heiltid og deltid"]
    assert nb.inputs["Kategori"].to_list() == ["Heltid og deltid"]
    assert "Heiltid og deltid" in str(nn.chart_spec)


# --- Kompetansegap's indicator section ---------------------------------------------------------------


def pills(at) -> list[str]:
    """The indicator pills of the page's indicator section."""
    (group,) = [g for g in at.get("button_group") if g.proto.label in ("Velg indikator", "Vel indikator")]
    return [option.content for option in group.proto.options]


def indicator_caption(at) -> str:
    """The footnote under the chosen indicator: definition, unit, teljar/nemnar, kjelde, år."""
    return at.caption[-1].value


def test_kompetansegap_in_nynorsk_shows_nynorsk_indicator_names_and_definitions(app_db):
    at = run_page("kompetansegap", {"maal": "nn", "indikator": "dispensasjon_andel"})
    texts = page_texts(at)
    options = pills(at)
    assert options[:4] == [
        "Barnehagelærarar i grunnbemanninga",
        "Barnehagelærarårsverk",
        "Barnehagelærarårsverk som pedagognorma krev",
        "Pedagogiske leiarar med dispensasjon",
    ]
    assert "Tilsette med relevant vidareutdanning" in options
    assert "Lærarårsverk utan godkjend utdanning" in options
    assert indicator_caption(at).startswith(
        "Delen styrarar og pedagogiske leiarar som har dispensasjon frå kravet om "
        "barnehagelærarutdanning. Eining: prosent. Teljar: styrarar og pedagogiske leiarar med "
        "dispensasjon frå utdanningskravet. Nemnar: styrarar og pedagogiske leiarar."
    )
    assert {"Teljar", "Nemnar"} <= set(at.dataframe[-1].value.columns)
    assert tell_tales(texts + options) == {}


def test_kompetansegap_in_bokmal_shows_the_catalogue_as_written(app_db):
    at = run_page("kompetansegap", {"maal": "nb", "indikator": "dispensasjon_andel"})
    texts = page_texts(at)
    options = pills(at)
    assert options[:4] == [
        "Barnehagelærere i grunnbemanningen",
        "Barnehagelærerårsverk",
        "Barnehagelærerårsverk som pedagognormen krever",
        "Pedagogiske ledere med dispensasjon",
    ]
    assert indicator_caption(at).startswith(
        "Andelen styrere og pedagogiske ledere som har dispensasjon fra kravet om "
        "barnehagelærerutdanning. Enhet: prosent. Teller: styrere og pedagogiske ledere med "
        "dispensasjon fra utdanningskravet. Nevner: styrere og pedagogiske ledere."
    )
    assert {"Teller", "Nevner"} <= set(at.dataframe[-1].value.columns)
    assert not [word for word in NYNORSK_ONLY if any(re.search(rf"\b{word}\b", t) for t in texts + options)]


CODE = Path(__file__).resolve().parents[1]
LITERAL = re.compile(r'\bN?_\(\s*"((?:[^"\\]|\\.)*)"\s*[,)]')


def test_every_text_in_a_translation_call_is_in_the_catalogue_even_one_nested_in_another_call():
    # Babel's extractor does not see a _("…") inside another call's arguments; such a text was left
    # untranslated ("1 tall skjulte" on a nynorsk page). This scan reads the source as text.
    known = {message.id for message in messages_of("nn") if message.id} | {"..."}  # extract.py's own '...'

    files = [CODE / "app.py", *(CODE / "pages").glob("*.py"), *(CODE / "kompetanse").rglob("*.py")]
    missing = {
        (str(path.relative_to(CODE)), text)
        for path in files
        for text in LITERAL.findall(path.read_text(encoding="utf-8"))
        if ast.literal_eval(f'"{text}"') not in known
    }
    assert sorted(missing) == []
