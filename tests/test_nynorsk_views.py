"""Nynorsk on the pages of the views slice (issue 17): Tiltak, Innspill, Kommuneprofil, Sammenlign,
Om dataene and Presentasjon. Each page in nynorsk shows nynorsk texts and no bokmål tell-tale word;
in bokmål it is as before and shows no nynorsk word."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from conftest import ADMIN, FIXTURES
from test_nynorsk import NYNORSK_ONLY, page_texts, run_page, tell_tales
from test_search_profile import om_dataene_fact_lines

from kompetanse.i18n import using_language
from kompetanse.store.db import open_database
from kompetanse.views.innspill import BUNDLED_CATEGORIES, MeetingInputs, add_inputs, check_inputs
from kompetanse.views.tiltak import check_entry


def nynorsk_words(texts: list[str]) -> list[str]:
    return [word for word in NYNORSK_ONLY if any(re.search(rf"\b{word}\b", text) for text in texts)]


def test_tiltak_in_nynorsk_shows_the_entries_without_a_bokmal_word(app_db):
    at = run_page("tiltak", {"maal": "nn"})
    assert at.title[0].value == "Tiltak og resultat"
    assert at.markdown[0].value.startswith("Prosjekt i Vesterålen og kommunane der, skildra som")
    assert [box.label for box in at.main.selectbox][:3] == ["Kommune", "Tema", "Program"]
    assert at.main.expander[0].label == "Ny eller endra oppføring (for redaktørar)"
    # The cards show what the municipalities wrote (bokmål): their own texts are left out.
    sources = [caption.value for caption in at.main.caption if caption.value.startswith("Kjelde: ")]
    assert sources
    written = {
        element.value for kind in ("subheader", "markdown", "caption") for element in getattr(at.main, kind)
    }
    assert tell_tales([text for text in page_texts(at) if text not in written]) == {}


def test_tiltak_in_bokmal_is_as_before(app_db):
    at = run_page("tiltak", {"maal": "nb"})
    assert at.title[0].value == "Tiltak og resultater"
    assert at.markdown[0].value.startswith("Prosjekter i Vesterålen og kommunene der, beskrevet som")
    assert at.main.expander[0].label == "Ny eller endret oppføring (for redaktører)"
    assert nynorsk_words(page_texts(at)) == []


def test_an_entrys_problems_are_told_in_the_readers_malform():
    with using_language("nn"):
        problems = check_entry({"title": "", "themes": []})
    assert "Tittel manglar." in problems and "Vel minst eitt tema." in problems
    assert "Behov manglar." in problems
    assert tell_tales(problems) == {}
    assert "Tittel mangler." in check_entry({"title": "", "themes": []})


def record_inputs(db_path) -> None:
    database = open_database(db_path)
    try:
        inputs = MeetingInputs("1868", "Myre sykehjem", date(2025, 3, 1), "i_dag", ("Deltid",), "heltid")
        add_inputs(database, inputs, ADMIN)
    finally:
        database.close()


def test_innspill_in_nynorsk_shows_the_counts_and_the_bundled_categories_in_nynorsk(app_db):
    record_inputs(app_db)
    at = run_page("innspill", {"maal": "nn"})
    assert at.title[0].value == "Innspel frå temamøte: Vesterålen"
    assert at.main.subheader[0].value == "Innspel per kategori, kommune og eining"
    counts = at.dataframe[0].value.to_dict("records")
    assert counts[0]["Eining"] == "Myre sykehjem" and counts[0]["Heiltid og deltid"] == 1
    inputs = at.dataframe[1].value.to_dict("records")
    assert (
        inputs[0]["Spørsmål"] == "Største utfordring i dag" and inputs[0]["Kategori"] == "Heiltid og deltid"
    )
    chart = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    assert chart["encoding"]["x"]["title"] == "Innspel"
    assert tell_tales(page_texts(at)) == {}


def test_innspill_in_bokmal_is_as_before(app_db):
    record_inputs(app_db)
    at = run_page("innspill", {"maal": "nb"})
    assert at.title[0].value == "Innspill fra temamøter: Vesterålen"
    assert at.dataframe[0].value.to_dict("records")[0]["Heltid og deltid"] == 1
    assert nynorsk_words(page_texts(at)) == []


def test_the_bundled_input_categories_are_the_ones_named_for_the_catalogue():
    rows = (FIXTURES.parent.parent / "data" / "catalogue" / "innspillkategorier.csv").read_text().splitlines()
    assert tuple(row.split(",", 1)[1] for row in rows[1:]) == BUNDLED_CATEGORIES


def test_a_meetings_problems_are_told_in_the_readers_malform():
    inputs = MeetingInputs(None, " ", None, "?", ("",), None)
    with using_language("nn"):
        problems = check_inputs(inputs, set())
    assert problems[:2] == ["Vel kommune.", "Eininga manglar."]
    assert tell_tales(problems) == {}


def profile_rows(at) -> dict[str, dict]:
    return {row["Indikator"]: row for table in at.dataframe for row in table.value.to_dict("records")}


def test_kommuneprofil_in_nynorsk_names_its_columns_notes_and_headings_in_nynorsk(app_db):
    at = run_page("kommuneprofil", {"maal": "nn", "kommune": "1867"})
    assert at.title[0].value == "Kommuneprofil: Bø"
    assert "(SSB-region)" in at.markdown[0].value and "Med i:" in at.markdown[0].value
    columns = list(at.dataframe[0].value.columns)
    assert columns[:4] == ["Indikator", "År", "Verdi", "Regionen"] and "Kjelde" in columns
    rows = profile_rows(at)
    hidden = next(row for row in rows.values() if row["Verdi"] == ":")
    assert hidden["Merknad"].startswith("Skjult for å hindre at små tal kan kjennast att")
    headers = [header.value for header in at.header]
    assert "Tiltak og prosjekt" in headers and "10-FAKTOR og kompetanseplanar" in headers
    # Indicator and theme names come from the catalogue (translated indicator by indicator), and the
    # 10-FAKTOR, plan and Framtidig behov panels from their own views: the page's own texts are checked.
    own = [at.title[0].value, at.markdown[0].value, *columns, *headers]
    own += [row["Merknad"] for row in rows.values()] + [row["Plass i regionen"] for row in rows.values()]
    own += [caption.value for caption in at.main.caption if caption.value.startswith(("Nyaste", "Ingen"))]
    assert tell_tales(own) == {}


def test_kommuneprofil_in_bokmal_is_as_before(app_db):
    at = run_page("kommuneprofil", {"maal": "nb", "kommune": "1867"})
    rows = profile_rows(at)
    hidden = next(row for row in rows.values() if row["Verdi"] == ":")
    assert hidden["Merknad"].startswith("Skjult for å hindre at små tall kan kjennes igjen")
    assert "Tiltak og prosjekter" in [header.value for header in at.header]
    assert list(at.dataframe[0].value.columns)[:4] == ["Indikator", "År", "Verdi", "Regionen"]


def test_a_hidden_figures_detailed_reason_is_shown_in_the_readers_malform():
    from kompetanse.rules.privacy import DETAIL_TOTAL_SMALL, PUBLIC_REASON, display_note

    figures = {"note": PUBLIC_REASON, "detail": DETAIL_TOTAL_SMALL.format(n=5)}
    with using_language("nn"):
        assert display_note(figures).endswith("Årsak: Færre enn 5 personar i summen.")
    assert display_note(figures).endswith("Årsak: Færre enn 5 personer i summen.")


def test_sammenlign_in_nynorsk_shows_values_places_and_trends_in_nynorsk(app_db):
    at = run_page(
        "sammenlign",
        {"maal": "nn", "utvalg": "1866,0301", "indikatorer": "barnehagelaerer_andel", "aar": "2024"},
    )
    assert at.title[0].value == "Samanlikn kommunar"
    row = at.dataframe[0].value.to_dict("records")[0]
    assert row["Landet"].endswith("(utan Oslo)")
    specs = [json.loads(chart.proto.spec) for chart in at.get("vega_lite_chart")]
    trend = next(spec for spec in specs if spec.get("title", {}).get("text", "").endswith(": utvikling"))
    assert trend["layer"][0]["encoding"]["tooltip"][1]["title"] == "År"
    assert any(text.startswith("År: 2024. Talet i parentes") for text in page_texts(at))
    # The indicator picker lists the whole catalogue, translated indicator by indicator elsewhere.
    catalogue_names = {
        str(option) for box in at.multiselect if box.label == "Indikatorar" for option in box.options
    }
    assert catalogue_names
    assert tell_tales([text for text in page_texts(at) if text not in catalogue_names]) == {}


def test_sammenlign_in_bokmal_is_as_before(app_db):
    at = run_page(
        "sammenlign",
        {"maal": "nb", "utvalg": "1866,0301", "indikatorer": "barnehagelaerer_andel", "aar": "2024"},
    )
    assert at.title[0].value == "Sammenlign kommuner"
    assert at.dataframe[0].value.to_dict("records")[0]["Landet"].endswith("(uten Oslo)")
    assert any(text.startswith("År: 2024. Tallet i parentes") for text in page_texts(at))
    assert nynorsk_words(page_texts(at)) == []


def test_om_dataene_in_nynorsk_explains_the_symbols_and_lists_the_sources_in_nynorsk(app_db):
    at = run_page("om_dataene", {"maal": "nn"})
    assert at.title[0].value == "Om dataa"
    assert at.markdown[0].value.lstrip().startswith("**Symbol.** «..» tyder at talet manglar.")
    facts = [line for line in om_dataene_fact_lines(at) if line.startswith("Id: innbyggere")]
    assert "Kjelde: SSB tabell 07459" in facts[0] and "Eksempeldata: ingen" in facts[0]
    assert list(at.dataframe[0].value.columns)[:3] == ["Kjelde", "Tabellar", "Sist køyrd"]
    # The headings and definitions of each indicator come from the catalogue (translated apart).
    own = [at.title[0].value, at.markdown[0].value, *map(str, at.dataframe[0].value.columns)]
    # A fact's label is the page's; its unit and source come from the catalogue.
    facts = [fact for line in om_dataene_fact_lines(at) for fact in line.split(" · ")[1:]]
    own += [fact.split(": ", 1)[0] for fact in facts]
    own += [fact.split(": ", 1)[1] for fact in facts if fact.startswith(("Tala", "Eksempeldata"))]
    assert tell_tales(own) == {}


def test_om_dataene_in_bokmal_is_as_before(app_db):
    at = run_page("om_dataene", {"maal": "nb"})
    assert at.title[0].value == "Om dataene"
    assert at.markdown[0].value.lstrip().startswith("**Symboler.** «..» betyr at tallet mangler.")
    assert list(at.dataframe[0].value.columns)[:3] == ["Kilde", "Tabeller", "Sist kjørt"]


def test_presentasjon_in_nynorsk_shows_the_picker_and_the_buttons_in_nynorsk(app_db):
    at = run_page("presentasjon", {"maal": "nn"})
    assert at.title[0].value == "Presentasjon: Vesterålen"
    assert at.markdown[0].value.startswith("Vel visingane, skriv gjerne ditt eige hovudpoeng")
    assert at.main.multiselect[0].label == "Visingar"
    assert "Start presentasjon" in [button.label for button in at.main.button]
    assert at.main.expander[0].label == "Lagre presentasjonen (for redaktørar)"
    # The takeaway fields are named by the views' headings (views/presentasjon.py, the catalogue).
    own = [at.title[0].value, at.markdown[0].value, at.main.expander[0].label]
    own += [button.label for button in at.main.button] + [at.main.multiselect[0].label]
    assert tell_tales(own) == {}


def test_presentasjon_in_bokmal_is_as_before(app_db):
    at = run_page("presentasjon", {"maal": "nb"})
    assert at.title[0].value == "Presentasjon: Vesterålen"
    assert at.main.multiselect[0].label == "Visninger"
    assert at.main.expander[0].label == "Lagre presentasjonen (for redaktører)"
    assert nynorsk_words(page_texts(at)) == []


def test_a_saved_presentations_problems_are_told_in_the_readers_malform():
    from kompetanse.errors import KompetanseError
    from kompetanse.views.saved_presentations import clean_name

    with using_language("nn"):
        with pytest.raises(KompetanseError, match="Gi presentasjonen eit namn før du lagrar han."):
            clean_name(" ")
        with pytest.raises(KompetanseError, match="er namnet på standardvisingane"):
            clean_name("Standard møtepakke")


def test_a_time_series_is_exported_with_nynorsk_headings_and_words(fixture_db):
    from kompetanse.exports.series import series_csv
    from kompetanse.indicators.view import indicator_view

    region = {"region_id": "18009", "name": "Vesterålen", "slug": "vesteralen", "kind": "okonomisk_region"}
    database = open_database(fixture_db)
    try:
        with using_language("nn"):
            series = indicator_view(database, region, "barnehagelaerer_andel", 2024).series
            text = series_csv(series).decode("utf-8-sig")
    finally:
        database.close()
    assert series.columns[5:] == ["Verdi", "Teljar", "Nemnar", "Kjelde", "Eksempeldata", "Merknad"]
    assert set(series["Eksempeldata"].to_list()) == {"nei"}
    assert text.startswith("År;Kommunenummer;Kommune;Indikator;Eining;Verdi;Teljar;Nemnar;Kjelde")


def test_search_results_are_labelled_in_the_readers_malform(fixture_db):
    from kompetanse.views.search import build_index, search

    database = open_database(fixture_db)
    try:
        with using_language("nn"):
            nynorsk = search(build_index(database), "vesteralen")[0].entry.label
        bokmal = search(build_index(database), "vesteralen")[0].entry.label
    finally:
        database.close()
    assert (nynorsk, bokmal) == ("Vesterålen (region, 6 kommunar)", "Vesterålen (region, 6 kommuner)")


def test_a_tables_hidden_figures_are_explained_in_nynorsk_translated_before_polars_sees_them():
    import polars as pl

    from kompetanse.rules.privacy import DETAIL_SMALL, PUBLIC_REASON, display_note_expr

    frame = pl.DataFrame(
        {"note": [PUBLIC_REASON] * 3, "revealed": [False] * 3, "detail": [DETAIL_SMALL.format(n=5)] * 3}
    )
    with using_language("nn"):
        notes = frame.select(display_note_expr(frame["detail"])).to_series().to_list()
    assert set(notes) == {"Skjult for å hindre at små tal kan kjennast att. Årsak: Færre enn 5 personar."}
    bokmal = frame.select(display_note_expr(frame["detail"])).to_series().to_list()
    assert set(bokmal) == {f"{PUBLIC_REASON} Årsak: Færre enn 5 personer."}
