"""Framtidig behov in nynorsk (issue 17): the page, the assumptions under every chart, in the table and
in the Excel export, the user's own choices marked as such, the meeting pack's slides; bokmål as before.

Two kinds of text on the page belong to other slices and are left out of the tell-tale check: the
names of the staffing indicators in the footnotes' «Dagens tal» (catalogue texts, data/catalogue)
and the charts' text alternatives (charts/describe.py). Both are removed by what they are, not by
word, so the check tightens by itself once those slices are in."""

from __future__ import annotations

import io
import json
import re
import shutil

import openpyxl
import pytest
from behov_fixture import HAND_WORKED, make_behov_db
from streamlit.testing.v1 import AppTest
from test_nynorsk import NYNORSK_ONLY, deck_texts, page_texts, tell_tales

from kompetanse.exports.excel import table_xlsx
from kompetanse.i18n import translate, using_language
from kompetanse.indicators.comparison import catalogue
from kompetanse.rules.future_assumptions import AssumptionError, Assumptions, assumptions_text
from kompetanse.rules.regions import region_choices
from kompetanse.sources.example_projections import EXAMPLE_PROJECTION_SOURCE
from kompetanse.store.db import open_database
from kompetanse.views.framtidig_behov import SECTORS, future_view, municipality_lines
from kompetanse.views.kommuneprofil import country_need
from kompetanse.views.presentasjon import available_views, build_views, deck

ASSUMED = Assumptions.from_params(HAND_WORKED)
YEARS = (2030, 2035, 2040)
NN_HEADINGS = [
    "Barnehage: barnehagelærarar",
    "Omsorg: årsverk i omsorgstenestene",
    "Befolkninga i arbeidsalder (20–66 år)",
    "Føresetnader",
]
NB_HEADINGS = [
    "Barnehage: barnehagelærere",
    "Omsorg: årsverk i omsorgstjenestene",
    "Befolkningen i arbeidsalder (20–66 år)",
    "Forutsetninger",
]


@pytest.fixture(scope="module")
def behov_path(fixture_db_template, tmp_path_factory):
    return make_behov_db(fixture_db_template, tmp_path_factory.mktemp("behov-nn"))


@pytest.fixture(scope="module")
def database(behov_path):
    database = open_database(behov_path)
    yield database
    database.close()


@pytest.fixture
def vesteralen(database):
    return region_choices(database)["18009"][0]


@pytest.fixture
def behov_app(behov_path, tmp_path, monkeypatch):
    import streamlit as st

    path = tmp_path / "behov.duckdb"
    shutil.copyfile(behov_path, path)
    monkeypatch.setenv("KOMPETANSE_DB", str(path))
    st.cache_data.clear()
    st.cache_resource.clear()
    return path


def open_behov(**query: str) -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.query_params["region"] = "Vesterålen"
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    at.switch_page("pages/framtidig_behov.py").run()
    assert not at.exception, at.exception
    return at


def table_rows(at: AppTest, index: int, key: str) -> dict[str, dict]:
    return {row[key]: row for row in at.dataframe[index].value.to_dict("records")}


def staffing_names(database, language: str) -> list[str]:
    """The staffing indicators' names as the footnotes' «Dagens tal» shows them (catalogue texts)."""
    wanted = {indicator for sector in SECTORS.values() for indicator in sector[3]}
    with using_language(language):
        rows = catalogue(database).filter(catalogue(database)["indicator_id"].is_in(list(wanted)))
    return sorted(rows["name"].to_list(), key=len, reverse=True)


def without(texts: list[str], names: list[str]) -> list[str]:
    """The texts with the catalogue's names taken out (they are the catalogue slice's to translate)."""
    for name in names:
        texts = [text.replace(name, "") for text in texts]
    return texts


def chart_texts(at: AppTest) -> list[str]:
    """Every chart's spec without its text alternative (charts/describe.py is another slice's)."""
    specs = []
    for chart in at.get("vega_lite_chart"):
        spec = json.loads(chart.proto.spec)
        spec.pop("description", None)
        specs.append(json.dumps(spec, ensure_ascii=False))
    return specs


def widget_texts(at: AppTest) -> list[str]:
    return [text for w in at.number_input for text in (w.label, w.help or "", w.placeholder or "") if text]


def test_framtidig_behov_in_nynorsk_shows_nynorsk_headings_tables_footnotes_and_charts(behov_app, database):
    at = open_behov(maal="nn", **HAND_WORKED)
    assert at.title[0].value == "Framtidig behov: Vesterålen"
    assert [header.value for header in at.header] == NN_HEADINGS
    assert at.subheader[0].value == "Fylket i den offisielle framskrivinga til SSB"
    assert at.expander[0].label == "Føresetnader (standardverdiar og kjelder; endre dei her)"
    assert at.markdown[0].value.startswith("Kor mange årsverk treng barnehagane og omsorgstenestene")
    assert list(at.dataframe[1].value.columns) == [
        "Kommune",
        "I dag",
        "Behov 2030",
        "Behov 2035",
        "Behov 2040",
        "Fleire innan 2035",
        "Av desse med fagbrev",
        "Av desse med høgare helsefagleg utdanning",
        "Avgang innan 2035",
        "Rekruttere eller utdanne per år",
    ]
    assert table_rows(at, 0, "Kommune")["Sortland"]["Fleire innan 2035"] == "13,0"
    headlines = [markdown.value for markdown in at.markdown]
    assert (
        "**Vesterålen treng 40 fleire årsverk i omsorg innan 2035: 16 med fagbrev og 14 med høgare "
        "helsefagleg utdanning. Med avgangen må 16 årsverk rekrutterast eller utdannast per år.**"
    ) in headlines
    assert any(text.startswith("**I Vesterålen blir det 198 færre innbyggjarar") for text in headlines)
    charts = chart_texts(at)
    assert len(charts) == 5 and all('"title": "År"' in spec for spec in charts)
    assert '"Horisont 2035"' in charts[1] and '"title": "Låg"' in charts[1] and '"title": "Høg"' in charts[1]
    texts = page_texts(at) + widget_texts(at) + charts
    assert tell_tales(without(texts, staffing_names(database, "nn"))) == {}


def test_the_assumptions_print_in_nynorsk_with_their_defaults_sources_and_the_users_own_marked(behov_app):
    at = open_behov(maal="nn", **HAND_WORKED)
    table = at.dataframe[3].value
    assert list(table.columns) == ["Føresetnad", "Verdi", "Standard", "Kjelde"]
    rows = table_rows(at, 3, "Føresetnad")
    assert rows["Avgang til pensjon per år"]["Verdi"] == "2\u00a0% (eige val)"
    assert rows["Avgang til pensjon per år"]["Standard"] == "rekna ut per kommune"
    assert rows["Avgang til pensjon per år"]["Kjelde"] == "Valt av brukaren"
    norm = rows["Barn under 3 år per barnehagelærar"]
    assert (norm["Verdi"], norm["Standard"]) == ("7", "7")
    assert norm["Kjelde"] == "Barnehagelova § 26 / forskrift om pedagogisk bemanning"
    assert rows["Framskrivingsalternativ"]["Verdi"] == "Hovudalternativet (MMMM)"
    # Under every chart: the same paragraph, the user's choices said to be the user's.
    footnotes = [caption.value for caption in at.caption if "Føresetnader:" in caption.value]
    assert len(footnotes) == 4
    for footnote in footnotes:
        assert "Befolkninga er befolkningsframskrivinga til SSB, hovudalternativet (MMMM)" in footnote
        assert "2\u00a0% av dagens årsverk går av kvart år (valt av brukaren)" in footnote
        assert "vekta 1, 2, 4 og 8 (valt av brukaren)" in footnote
    assert "Eige val, ikkje verdien til SSB eller standardverdien (84,4\u00a0%)." in [
        c.value for c in at.caption
    ]
    retirement = next(w for w in at.number_input if w.label.startswith("Avgang til pensjon per år"))
    assert retirement.label == "Avgang til pensjon per år (prosent)"
    assert retirement.help.startswith("Standard: rekna ut per kommune. Kjelde: Rekna ut for kvar kommune")


def test_an_assumption_changed_on_the_nynorsk_page_is_marked_as_the_users_in_nynorsk(behov_app):
    at = open_behov(maal="nn")
    widget = next(w for w in at.number_input if w.label.startswith("Barn frå 3 år per barnehagelærar"))
    widget.set_value(10.0).run()
    assert at.query_params["maal"] == "nn"
    assert "Eige val, ikkje verdien til SSB eller standardverdien (14)." in [c.value for c in at.caption]
    rows = table_rows(at, 3, "Føresetnad")
    assert rows["Barn frå 3 år per barnehagelærar"]["Verdi"] == "10 (eige val)"
    assert rows["Barn frå 3 år per barnehagelærar"]["Kjelde"] == "Valt av brukaren"
    footnote = next(c.value for c in at.caption if "Føresetnader:" in c.value)
    assert "per 7 barn under 3 år og per 10 barn frå 3 år (valt av brukaren)" in footnote


def test_impossible_assumptions_are_explained_in_nynorsk(behov_app):
    at = open_behov(maal="nn", v0="0", v67="0", v80="0", v90="0")
    assert at.error[0].value == (
        "Minst éi av omsorgsvektene må vere større enn 0. Viser standardføresetnadene."
    )
    with using_language("nn"), pytest.raises(AssumptionError) as error:
        Assumptions.from_params({"pa": "65.5"})
    assert str(error.value) == "«Pensjonsalder» må vere eit heiltal; fekk «65.5»."
    with using_language("nn"), pytest.raises(AssumptionError) as error:
        Assumptions.from_params({"bu3": "0"})
    assert str(error.value) == "«Barn under 3 år per barnehagelærar» må liggje mellom 1 og 30; fekk «0»."


def test_framtidig_behov_in_bokmal_is_as_before_and_has_no_nynorsk_word(behov_app):
    at = open_behov(maal="nb", **HAND_WORKED)
    assert at.title[0].value == "Framtidig behov: Vesterålen"
    assert [header.value for header in at.header] == NB_HEADINGS
    assert at.subheader[0].value == "Fylket i SSBs offisielle framskriving"
    assert list(at.dataframe[3].value.columns) == ["Forutsetning", "Verdi", "Standard", "Kilde"]
    rows = table_rows(at, 3, "Forutsetning")
    assert rows["Avgang til pensjon per år"]["Verdi"] == "2\u00a0% (eget valg)"
    assert rows["Avgang til pensjon per år"]["Kilde"] == "Valgt av brukeren"
    footnote = next(c.value for c in at.caption if "Forutsetninger:" in c.value)
    assert "2\u00a0% av dagens årsverk går av hvert år (valgt av brukeren)" in footnote
    texts = page_texts(at) + widget_texts(at) + chart_texts(at)
    assert not [word for word in NYNORSK_ONLY if any(re.search(rf"\b{word}\b", t) for t in texts)]


def test_the_example_projection_and_its_assumptions_are_named_in_nynorsk():
    assert translate(EXAMPLE_PROJECTION_SOURCE, "nn") == (
        "Eksempeldata (framskrivne av kompetanse frå befolkninga 1. januar, ikkje framskrivinga til SSB)"
    )
    with using_language("nn"):
        text = assumptions_text(Assumptions(retirement_age=65), start_year=2026, example=True)
    assert text.startswith(
        "Føresetnader: Befolkninga er eksempeldata framskrivne av kompetanse frå befolkninga 1. januar "
        "2026 (ikkje tal frå SSB), hovudalternativet (MMMM);"
    )
    assert "til dei er 65 år (valt av brukaren)" in text and tell_tales([text]) == {}
    bokmal = assumptions_text(Assumptions(retirement_age=65), start_year=2026, example=True)
    assert "til de er 65 år (valgt av brukeren)" in bokmal


def test_the_framtidig_behov_slides_are_in_nynorsk(database, vesteralen, tmp_path):
    with using_language("nn"):
        views = available_views(database)
        slides = build_views(database, vesteralen, None, ("behov:barnehage", "behov:omsorg"), ASSUMED, 2035)
        (tmp_path / "behov.pptx").write_bytes(deck(vesteralen, slides))
    assert views["behov:omsorg"] == "Framtidig behov – Omsorg: årsverk i omsorgstenestene"
    texts = deck_texts(tmp_path / "behov.pptx")
    barnehage, omsorg = texts[1], texts[2]
    assert barnehage[0] == "Framtidig behov – Barnehage: barnehagelærarar"
    assert omsorg[0] == "Framtidig behov – Omsorg: årsverk i omsorgstenestene"
    assert omsorg[1].startswith("Vesterålen treng 40 fleire årsverk i omsorg innan 2035")
    assert any("(valt av brukaren)" in text for text in omsorg)
    # The pictures' alt text is charts/describe.py's (the last texts of a slide); the rest is ours.
    ours = [text for slide in texts[1:] for text in slide if not text.startswith("Søylediagram")]
    assert tell_tales(without(ours, staffing_names(database, "nn"))) == {}


def test_the_excel_export_of_the_assumptions_is_in_nynorsk(database, vesteralen):
    with using_language("nn"):
        panel = future_view(database, vesteralen, None, ASSUMED, YEARS, 2035).panel("behov-forutsetninger")
        sheet = openpyxl.load_workbook(
            io.BytesIO(table_xlsx(panel.table, panel.table_name, panel.footnote, panel.is_example))
        ).active
    cells = [str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert cells[0] == "Framtidig behov føresetnader"
    assert [sheet.cell(3, column).value for column in range(1, 5)] == [
        "Føresetnad",
        "Verdi",
        "Standard",
        "Kjelde",
    ]
    assert "Valt av brukaren" in cells and "2\u00a0% (eige val)" in cells
    assert cells[-1].startswith("Føresetnader: Befolkninga er befolkningsframskrivinga til SSB")
    assert tell_tales(cells) == {}


def test_kommuneprofil_says_the_need_in_nynorsk(database, vesteralen):
    with using_language("nn"):
        lines, _example = municipality_lines(database, "1870", country_need(database))
    assert lines[0].startswith("Barnehage: ") and "fleire barnehagelærarårsverk innan 2035" in lines[0]
    assert "med høgare helsefagleg utdanning" in lines[1] and tell_tales(list(lines)) == {}
