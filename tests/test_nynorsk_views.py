"""Nynorsk on the pages of the views slice (issue 17): Tiltak, Innspill, Kommuneprofil, Sammenlign,
Om dataene and Presentasjon. Each page in nynorsk shows nynorsk texts and no bokmål tell-tale word;
in bokmål it is as before and shows no nynorsk word."""

from __future__ import annotations

import re

from test_nynorsk import NYNORSK_ONLY, page_texts, run_page, tell_tales

from kompetanse.i18n import using_language
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
