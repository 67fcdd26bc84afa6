"""What a person's browser gets in nynorsk: <html lang="nn"> (WCAG 3.1.1) and the page in nynorsk."""

import re
from pathlib import Path

import pytest
from test_browser import browser, server, wait_until_rendered  # noqa: F401 (fixtures)

from kompetanse.i18n import translate
from kompetanse.ui.browser import TEXTS

pytestmark = pytest.mark.browser

# Streamlit's texts that read differently in the two målformer ('Velg alle' / 'Vel alle').
DIFFERENT = {text: translate(text, "nn") for text in TEXTS.values() if translate(text, "nn") != text}
SHOWN = """() => {
    const parts = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) parts.push(walker.currentNode.nodeValue.trim());
    for (const element of document.querySelectorAll('[placeholder], [title], [aria-label]')) {
        for (const name of ['placeholder', 'title', 'aria-label']) {
            parts.push((element.getAttribute(name) || '').trim());
        }
    }
    return parts.filter(Boolean);
}"""


def test_oversikt_with_maal_nn_tells_the_browser_the_page_is_nynorsk(server, browser):  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="nn-NO")
    page = context.new_page()
    try:
        page.goto(f"{server}/?maal=nn")
        wait_until_rendered(page, charts=3)
        page.wait_for_function("document.documentElement.lang === 'nn'", timeout=15_000)
        assert page.evaluate("document.documentElement.lang") == "nn"
        assert page.get_by_role("heading", name="Oversikt: Vesterålen").count() >= 1
        assert page.title() == "Oversikt – Kompetanse og rekruttering"
        shown = set(page.evaluate(SHOWN))
        assert sorted(shown & set(DIFFERENT)) == []  # no bokmål text of Streamlit's own
        assert shown & set(DIFFERENT.values())  # ... and some of them in nynorsk
        page.get_by_text("Bokmål", exact=True).click()  # the switch: back to bokmål, and lang follows
        page.wait_for_function("document.documentElement.lang === 'nb'", timeout=15_000)
        page.wait_for_timeout(1500)
        shown = set(page.evaluate(SHOWN))
        assert sorted(shown & set(DIFFERENT.values())) == []  # the nynorsk texts went with the switch
    finally:
        context.close()


def test_a_download_from_a_nynorsk_page_is_in_nynorsk(server, browser):  # noqa: F811
    # Streamlit builds the file after the run, in a thread of its own: the run's målform must go with it.
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="nn-NO")
    page = context.new_page()
    try:
        page.goto(f"{server}/rekruttering?region=vesteralen&indikator=heltid_andel&maal=nn")
        wait_until_rendered(page, charts=3)
        button = page.locator("[data-testid='stDownloadButton'] button").filter(has_text="Tidsserie (CSV)")
        with page.expect_download(timeout=30_000) as info:
            button.first.click()
        text = Path(info.value.path()).read_bytes().decode("utf-8-sig")
    finally:
        context.close()
    header, *rows = text.splitlines()
    assert "Teljar" in header.split(";") and "Nemnar" in header.split(";") and "Kjelde" in header.split(";")
    numerators = [row.split(";")[header.split(";").index("Teljar")] for row in rows]
    assert numerators and all(re.fullmatch(r"-?\d+(,\d+)?", value) for value in numerators if value)
    # (in bokmål's words the «Teljar» column was not known as a number and came out as «12.0»)


def test_a_function_kept_for_later_runs_in_the_language_of_the_run_that_made_it():
    from kompetanse.i18n import _, keeping_language, using_language

    with using_language("nn"):
        later = keeping_language(lambda: _("Teller"))
    assert _("Teller") == "Teller" and later() == "Teljar"
