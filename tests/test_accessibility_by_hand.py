"""What axe cannot see (issue 17, item 2): the page's language and title, tasks done with the keyboard
alone with a visible focus, the charts' text alternatives in the page, and reflow at 320 CSS px and
at 200 % zoom."""

from __future__ import annotations

import re

import pytest
from conftest import PASSWORD
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from test_accessibility import PAGES, PREVIEWED, settled
from test_browser import browser, server, wait_until_rendered  # noqa: F401 (fixtures)
from test_contrast import ratio

pytestmark = pytest.mark.browser
APP_TITLE = "Kompetanse og rekruttering"
TAB_LIMIT = 120  # Tab presses before a test gives up looking for an element


def new_page(browser, width=1280, height=720, scale=1):  # noqa: F811
    context = browser.new_context(
        viewport={"width": width, "height": height}, device_scale_factor=scale, locale="nb-NO"
    )
    return context, context.new_page()


FOCUSED = "() => { const e = document.activeElement; return e ? e.outerHTML.slice(0, 200) : ''; }"


def tab_to(page, test: str, arg=None, backwards: bool = False) -> None:
    """Press Tab (or Shift+Tab) until `test(document.activeElement, arg)` holds, as a keyboard user would."""
    check = f"arg => {{ const e = document.activeElement; return !!e && ({test}); }}"
    for _ in range(TAB_LIMIT):
        if page.evaluate(check, arg):
            return
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
    pytest.fail(f"Tab never reached {test} ({arg}); focus is on {page.evaluate(FOCUSED)}")


def assert_focus_is_visible(page) -> None:
    """The focused element looks different from the same element unfocused (WCAG 2.4.7): a picture
    of it and its surroundings with the focus, then with the focus taken away, must differ."""
    page.evaluate("() => document.activeElement.scrollIntoView({block: 'center'})")
    # An expander that has just opened still grows for a moment: measure once the element stands still.
    box, previous = None, "start"
    for _ in range(40):
        page.wait_for_timeout(100)
        box = page.evaluate(
            """() => { const r = document.activeElement.getBoundingClientRect();
            return {x: Math.max(r.x - 6, 0), y: Math.max(r.y - 6, 0),
                    width: r.width + 12, height: r.height + 12}; }"""
        )
        if box == previous:
            break
        previous = box
    assert box["width"] > 12 and box["height"] > 12, page.evaluate(FOCUSED)
    focused = page.screenshot(clip=box, animations="disabled")
    page.evaluate("() => { window.__focused = document.activeElement; document.activeElement.blur(); }")
    page.wait_for_timeout(150)
    blurred = page.screenshot(clip=box, animations="disabled")
    page.evaluate("() => window.__focused.focus({focusVisible: true})")
    page.wait_for_timeout(150)
    assert focused != blurred, f"no visible focus on {page.evaluate(FOCUSED)}"


def choose_file_with_enter(page):
    """Enter on the focused upload button opens the file chooser. Streamlit's uploader (react-dropzone)
    now and then lets the first Enter pass without opening it (about one run in five here, with the
    focus on the button and no script running); a keyboard user then presses Enter again, and so do we,
    once."""
    for attempt in range(2):
        try:
            with page.expect_file_chooser(timeout=10_000 if attempt == 0 else 30_000) as chooser:
                page.keyboard.press("Enter")
            return chooser.value
        except PlaywrightTimeout:
            if attempt == 1:
                raise
    raise AssertionError("unreachable")


IN_SIDEBAR = "e.closest(\"[data-testid='stSidebar']\") !== null"


def test_with_the_keyboard_alone_one_chooses_a_region_changes_page_and_opens_a_search_hit(server, browser):  # noqa: F811
    context, page = new_page(browser)
    try:
        page.goto(f"{server}/")
        wait_until_rendered(page, charts=3)
        # Choose a region: the sidebar's first picker.
        tab_to(
            page,
            f"{IN_SIDEBAR} && e.getAttribute('aria-label') !== null && e.getAttribute('role') === 'combobox'",
        )
        assert_focus_is_visible(page)
        page.keyboard.type("Lofoten")
        page.keyboard.press("Enter")
        page.wait_for_selector("h1:has-text('Oversikt: Lofoten')", timeout=30_000)
        settled(page)
        # Change page: the link in the sidebar's navigation.
        tab_to(page, "e.tagName === 'A' && e.textContent.includes(arg)", "Kompetansegap", backwards=True)
        assert_focus_is_visible(page)
        page.keyboard.press("Enter")
        page.wait_for_selector("h1:has-text('Kompetansegap: Lofoten')", timeout=30_000)
        settled(page)
        # Search and open a hit.
        tab_to(page, f"{IN_SIDEBAR} && e.tagName === 'INPUT' && e.type === 'text' && !e.getAttribute('role')")
        assert_focus_is_visible(page)
        page.keyboard.type("oksnes")
        page.keyboard.press("Enter")
        page.wait_for_selector("text=Øksnes kommune (Vesterålen, Nordland)", timeout=30_000)
        tab_to(page, "e.tagName === 'A' && e.textContent.includes(arg)", "Øksnes kommune (Vesterålen")
        assert_focus_is_visible(page)
        page.keyboard.press("Enter")
        page.wait_for_selector("h1:has-text('Kommuneprofil: Øksnes')", timeout=30_000)
    finally:
        context.close()


def test_with_the_keyboard_alone_one_logs_in_and_picks_a_file_to_import(server, browser):  # noqa: F811
    context, page = new_page(browser)
    try:
        page.goto(f"{server}/importer?region=vesteralen")
        settled(page)
        tab_to(page, "e.tagName === 'SUMMARY' && e.textContent.includes('Logg inn')", backwards=True)
        assert_focus_is_visible(page)
        page.keyboard.press("Enter")
        tab_to(page, "e.getAttribute('aria-label') === 'Brukernavn'")
        assert_focus_is_visible(page)
        page.keyboard.type("redaktor")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Passord"
        page.keyboard.type(PASSWORD)
        page.keyboard.press("Enter")  # submits the form
        page.wait_for_selector("text=Innlogget: redaktor", timeout=30_000)
        page.wait_for_selector("[data-testid='stFileUploader']", timeout=30_000)
        settled(page)
        in_dropzone = (
            "e.tagName === 'BUTTON' && e.closest(\"[data-testid='stFileUploaderDropzone']\") !== null"
        )
        tab_to(page, in_dropzone)
        assert_focus_is_visible(page)
        tab_to(page, in_dropzone)  # still there (the check above gave it back)
        chooser = choose_file_with_enter(page)
        chooser.set_files(files=[{"name": "hadsel.csv", "mimeType": "text/csv", "buffer": PREVIEWED}])
        page.wait_for_selector("text=Dette endres", timeout=30_000)
        settled(page)
        tab_to(page, "e.tagName === 'BUTTON' && e.textContent.includes('Importer 1 verdi')")
        assert_focus_is_visible(page)
    finally:
        context.close()


def test_with_the_keyboard_alone_one_starts_and_steps_through_the_slides(server, browser):  # noqa: F811
    context, page = new_page(browser)
    try:
        page.goto(f"{server}/presentasjon?region=vesteralen&visninger=programmes,bar:barnehagelaerer_andel")
        settled(page)
        tab_to(page, "e.tagName === 'BUTTON' && e.textContent.includes('Start presentasjon')")
        assert_focus_is_visible(page)
        page.keyboard.press("Enter")
        page.wait_for_selector("h1:has-text('Kompetanse og rekruttering: Vesterålen')", timeout=30_000)
        settled(page)
        tab_to(page, "e.tagName === 'BUTTON' && e.textContent.includes('Neste')")
        assert_focus_is_visible(page)
        page.keyboard.press("Enter")
        page.wait_for_function("() => location.search.includes('lysbilde=1')", timeout=30_000)
        page.wait_for_selector("h1:has-text('Lederutvikling: lederprogrammer')", timeout=30_000)
        settled(page)
        page.keyboard.press("Escape")
        page.wait_for_selector("h1:has-text('Presentasjon: Vesterålen')", timeout=30_000)
    finally:
        context.close()


CHART_NAMES = """() => [...document.querySelectorAll("[data-testid='stVegaLiteChart']")].map(chart => {
    const svg = chart.querySelector('svg');
    const named = svg && svg.closest('[role=graphics-document]');
    const marks = [...chart.querySelectorAll('svg [role=graphics-symbol]')]
        .filter(mark => !mark.closest('[aria-hidden=true]')).length;
    return {name: named ? named.getAttribute('aria-label') : null, marks};
})"""
OVERFLOW = """() => {
    const main = document.querySelector("[data-testid='stMain']");
    const page = document.scrollingElement;
    const cut = [...document.querySelectorAll("[data-testid='stMain'] h1, [data-testid='stMain'] p")]
        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
        .map(e => e.textContent.slice(0, 40));
    const sideways = Math.max(page.scrollWidth - page.clientWidth, main.scrollWidth - main.clientWidth);
    return sideways > 1 || cut.length ? {sideways, cut} : null;
}"""
# Every colour Vega fills a chart's text with, as the browser computes it (Streamlit's chart theme too).
TEXT_FILLS = """() => [...new Set([...document.querySelectorAll("[data-testid='stVegaLiteChart'] svg text")]
    .filter(t => t.textContent.trim() && getComputedStyle(t).opacity === '1')
    .map(t => getComputedStyle(t).fill))]"""


def hex_colour(rgb: str) -> str:
    """'rgb(92, 93, 102)' -> '#5C5D66'."""
    return "#" + "".join(f"{int(part):02X}" for part in re.findall(r"\d+", rgb)[:3])


# WCAG 1.4.10: 320 CSS px wide; 1.4.4: a 1280x720 window at 200 % zoom lays out as 640x360 CSS px.
REFLOW = {"320 CSS px": (320, 640), "200 % zoom": (640, 360)}


def test_every_page_is_in_bokmal_has_its_own_title_names_its_charts_and_reflows(server, browser):  # noqa: F811
    """One load per page: language (3.1.1), title (2.4.2), each chart named by its text alternative
    with its marks hidden (1.1.1), every text in a chart at 4.5:1 (1.4.3, which axe does not check
    in SVG), and no sideways scrolling or cut-off text at 320 px and at 200 % (1.4.10, 1.4.4)."""
    context, page = new_page(browser)
    titles, problems, charts = {}, {}, 0
    try:
        for path in PAGES:
            page.set_viewport_size({"width": 1280, "height": 720})
            page.goto(f"{server}/{path}")
            settled(page)
            if page.evaluate("document.documentElement.lang") != "nb":
                problems[f"{path}: lang"] = page.evaluate("document.documentElement.lang")
            if "lysbilde" not in path:  # a slide has the presentation page's title
                titles[path] = page.title()
            for fill in page.evaluate(TEXT_FILLS):
                if ratio(hex_colour(fill), "#FFFFFF") < 4.5:
                    problems[f"{path}: chart text {fill}"] = round(ratio(hex_colour(fill), "#FFFFFF"), 2)
            for chart in page.evaluate(CHART_NAMES):
                charts += 1
                name = chart["name"] or ""
                if not (": " in name and name.endswith(".")) or chart["marks"]:
                    problems[f"{path}: chart {charts}"] = chart
            for where, (width, height) in REFLOW.items():
                page.set_viewport_size({"width": width, "height": height})
                page.wait_for_timeout(500)
                settled(page)
                seen = page.evaluate(OVERFLOW)
                if seen:
                    problems[f"{path}: {where}"] = seen
            if path == "sammenlign?region=vesteralen":
                page.screenshot(path="tests/artifacts/reflow-320-sammenlign.png", full_page=True)
    finally:
        context.close()
    assert not problems, problems
    assert charts >= 15
    assert all(title.endswith(f" – {APP_TITLE}") for title in titles.values()), titles
    assert len(set(titles.values())) == len(titles), titles  # no two pages share a title
    assert titles["?region=vesteralen"] == f"Oversikt – {APP_TITLE}"
    assert titles["tilgjengelighet"] == f"Tilgjengelighet – {APP_TITLE}"


def test_esc_closes_a_charts_tooltip(server, browser):  # noqa: F811
    context, page = new_page(browser)
    tooltip = "() => document.querySelector('#vg-tooltip-element.visible') !== null"
    try:
        page.goto(f"{server}/kompetansegap?region=vesteralen")
        settled(page)
        bar = page.locator("[data-testid='stVegaLiteChart'] g.mark-rect path").first
        bar.scroll_into_view_if_needed()
        bar.hover()
        page.wait_for_function(tooltip, timeout=10_000)
        page.keyboard.press("Escape")
        page.wait_for_function(f"() => !({tooltip})()", timeout=10_000)
    finally:
        context.close()
