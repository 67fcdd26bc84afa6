"""Nynorsk on Lederutvikling, Rekruttering, 10-FAKTOR and Kompetanseplaner (issue 17): each page with
?maal=nn shows nynorsk headings and none of the bokmål tell-tale words in what this slice translated,
and with ?maal=nb it is as before."""

from __future__ import annotations

import json
import re

from test_nynorsk import NYNORSK_ONLY, run_page, tell_tales


def nynorsk_words(texts: list[str]) -> list[str]:
    return [word for word in NYNORSK_ONLY if any(re.search(rf"\b{word}\b", t) for t in texts)]


def chart_specs(at) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("vega_lite_chart")]


def chart_titles(at) -> list[str]:
    found = []
    for spec in chart_specs(at):
        title = spec.get("title")
        found.append(title.get("text") if isinstance(title, dict) else title)
    return [str(title) for title in found]


# --- Lederutvikling and Rekruttering ---------------------------------------------------------------


def test_lederutvikling_in_nynorsk_shows_the_leader_programmes_without_a_bokmal_word(app_db):
    at = run_page("lederutvikling", {"maal": "nn"})
    assert at.title[0].value == "Leiarutvikling: Vesterålen"
    assert at.markdown[0].value == "Får leiarane opplæringa dei treng, og når regionen målet sitt?"
    assert "Leiarprogram" in [header.value for header in at.header]
    columns = list(map(str, at.dataframe[0].value.columns))
    assert columns[:4] == [
        "Kommune",
        "Rett Kurs!: deltakarar",
        "Rett Kurs!: fullført",
        "Rett Kurs!: fullføringsgrad",
    ]
    programme = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    assert programme["title"]["text"] == "Leiarprogram: deltakarar og fullført, 2024"
    assert programme["description"].startswith("Søylediagram: Leiarprogram: deltakarar og fullført, 2024.")
    footnote = next(caption.value for caption in at.caption if caption.value.startswith("Deltakarar:"))
    # The indicator section below the programmes shows catalogue texts of indicators another slice
    # translates, so the parts this slice translated are checked.
    assert (
        tell_tales([at.title[0].value, at.markdown[0].value, *columns, footnote, json.dumps(programme)]) == {}
    )


def test_lederutvikling_in_bokmal_is_as_before(app_db):
    at = run_page("lederutvikling", {"maal": "nb"})
    assert at.title[0].value == "Lederutvikling: Vesterålen"
    assert "Lederprogrammer" in [header.value for header in at.header]
    assert list(map(str, at.dataframe[0].value.columns))[1] == "Rett Kurs!: deltakere"
    programme = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    assert programme["title"]["text"] == "Lederprogrammer: deltakere og fullført, 2024"
    footnote = next(caption.value for caption in at.caption if caption.value.startswith("Deltakere:"))
    assert footnote.endswith("Kilde: egen innsamling i nettverket.")
    assert nynorsk_words([at.title[0].value, footnote, json.dumps(programme)]) == []


def test_rekruttering_in_nynorsk_has_a_nynorsk_title_and_introduction(app_db):
    at = run_page("rekruttering", {"maal": "nn"})
    assert at.title[0].value == "Rekruttering: Vesterålen"
    assert at.markdown[0].value.startswith("Får kommunane tak i og held dei på folk?")
    assert tell_tales([at.markdown[0].value]) == {}


def test_rekruttering_in_bokmal_is_as_before(app_db):
    at = run_page("rekruttering", {"maal": "nb"})
    assert at.markdown[0].value == (
        "Får kommunene tak i og beholder de folk? Lærlinger vises også per 1000 innbyggere mot KS' "
        "anbefaling om minst 2."
    )
