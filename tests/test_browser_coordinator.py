"""A coordinator's day in Chromium at 1280×720, 1366×768 and 1920×1080 (issue 15, items 9-11, 13, 15)."""

from __future__ import annotations

import csv
import io
import re

import pytest
from conftest import PASSWORD
from test_browser import ARTIFACTS, browser, server, wait_until_rendered  # noqa: F401 (fixtures)

from kompetanse.charts.focus import FADED_COLOUR, FOCUS_COLOUR

pytestmark = pytest.mark.browser
SIZES = [(1280, 720), (1366, 768), (1920, 1080)]
SIZE_IDS = [f"{width}x{height}" for width, height in SIZES]
# Streamlit's own English texts, as they appeared before (issue 15, item 15), and a few more.
ENGLISH = [
    "Select all",
    "matches",
    "Upload",
    "per file",
    "Drag and drop",
    "Browse files",
    "null",
    "Choose an option",
    "Choose options",
    "No results",
    "Press Enter",
    "Skip to main",
    "Running",
    "Fullscreen",
    "Download",
    "Show data",
    "Copy",
    "Help for",
    "Open",
    "Sidebar",
]


@pytest.fixture(params=SIZES, ids=SIZE_IDS)
def sized(browser, request):  # noqa: F811 (the fixture imported above)
    width, height = request.param
    context = browser.new_context(
        viewport={"width": width, "height": height}, locale="nb-NO", accept_downloads=True
    )
    page = context.new_page()
    page.size = (width, height)
    yield page
    context.close()


@pytest.fixture
def projector(browser):  # noqa: F811
    """The smallest screen only, for what does not depend on the size (the words on the pages)."""
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="nb-NO")
    page = context.new_page()
    page.size = (1280, 720)
    yield page
    context.close()


def visible_text(page) -> str:
    """What a person can read: visible text without icon names, plus placeholders and tooltips."""
    return page.evaluate(
        """() => {
        const skip = "[data-testid='stIconMaterial'], script, style, noscript";
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        const parts = [];
        while (walker.nextNode()) {
            const parent = walker.currentNode.parentElement;
            if (!parent || parent.closest(skip) || !parent.checkVisibility()) continue;
            parts.push(walker.currentNode.nodeValue);
        }
        for (const element of document.querySelectorAll('[placeholder], [title], button[aria-label]')) {
            if (!element.checkVisibility()) continue;
            for (const name of ['placeholder', 'title', 'aria-label']) {
                parts.push(element.getAttribute(name) || '');
            }
        }
        return parts.join('\\n');
    }"""
    )


def english_in(text: str) -> list[str]:
    return [word for word in ENGLISH if re.search(rf"\b{re.escape(word)}\b", text)]


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    width, height = page.size
    page.screenshot(path=str(ARTIFACTS / f"{name}-{width}x{height}.png"))


def box(page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


def test_the_table_beside_a_chart_goes_under_it_on_smaller_screens(server, sized):  # noqa: F811
    sized.goto(f"{server}/?region=vesteralen")
    wait_until_rendered(sized, charts=3)
    chart = box(sized, "[class*='st-key-beside-'] [data-testid='stVegaLiteChart']")
    table = box(sized, "[class*='st-key-beside-'] [data-testid='stDataFrame']")
    if sized.size[0] < 1500:
        assert table["y"] >= chart["y"] + chart["height"] - 1  # under the chart
        assert table["width"] >= chart["width"] - 1  # and as wide
    else:
        assert table["x"] >= chart["x"] + chart["width"]  # beside it
    title = box(sized, "h1")
    assert title["y"] < 90  # was 96 px of empty space before the title itself
    shot(sized, "oversikt")


def test_every_download_button_shows_its_whole_label(server, sized):  # noqa: F811
    sized.goto(f"{server}/rekruttering?region=vesteralen&indikator=heltid_andel")
    wait_until_rendered(sized, charts=3)
    # The buttons under the trend come last; under load they can be drawn a moment after the charts.
    sized.wait_for_selector("[data-testid='stDownloadButton'] button p:text-is('Tidsserie (CSV)')")
    labels = sized.evaluate(
        """() => [...document.querySelectorAll("[data-testid='stDownloadButton'] button p")]
            .map((p) => [p.innerText, p.scrollWidth <= p.clientWidth + 1])"""
    )
    assert ["PNG", True] in labels and ["Tidsserie (CSV)", True] in labels
    assert all(whole for _, whole in labels), labels
    shot(sized, "rekruttering-knapper")


def test_fremhev_draws_sortland_blue_and_the_others_grey_with_names_at_the_line_ends(server, sized):  # noqa: F811
    sized.goto(f"{server}/rekruttering?region=vesteralen&indikator=laerlinger_antall&fremhev=1870")
    wait_until_rendered(sized, charts=3)
    bars = sized.locator("[data-testid='stVegaLiteChart']").nth(0)
    fills = bars.evaluate(
        "chart => [...chart.querySelectorAll('g.mark-rect path')].map((p) => p.getAttribute('fill'))"
    )
    assert fills.count(FOCUS_COLOUR) == 1 and len(fills) >= 4  # Sortland, and every other bar grey
    assert set(fills) == {FOCUS_COLOUR, FADED_COLOUR}
    trend = sized.locator("[data-testid='stVegaLiteChart']").nth(2)
    names = trend.evaluate(
        "chart => [...chart.querySelectorAll('g.mark-text text')].map((t) => t.textContent)"
    )
    assert {"Sortland", "Hadsel", "Øksnes"} <= set(names)
    assert "Min kommune" in sized.locator("[data-testid='stSidebar']").inner_text()
    shot(sized, "fremhev-sortland")


def test_a_search_hit_opens_the_fagbrev_section_scrolled_into_view_and_hits_are_whole(server, sized):  # noqa: F811
    sized.goto(f"{server}/?region=vesteralen")
    wait_until_rendered(sized, charts=3)
    search = sized.locator("[data-testid='stSidebar'] input[type='text']").first
    search.fill("fagbrev")
    search.press("Enter")
    link = sized.get_by_role("link", name="Årsverk med fagbrev i omsorgstjenestene (Kompetansegap)")
    link.wait_for(timeout=30_000)
    whole = sized.evaluate(
        """() => [...document.querySelectorAll("[data-testid='stSidebar'] [data-testid='stPageLink'] p")]
            .every((p) => p.scrollWidth <= p.clientWidth + 1 && p.scrollHeight <= p.clientHeight + 1)"""
    )
    assert whole
    link.click()
    sized.wait_for_selector("h1:has-text('Kompetansegap: Vesterålen')", timeout=30_000)
    wait_until_rendered(sized, charts=4)
    sized.wait_for_function(
        """() => { const s = document.querySelector('.st-key-indikatorer');
            if (!s) return false; const top = s.getBoundingClientRect().top;
            return top >= -5 && top < window.innerHeight / 2; }""",
        timeout=15_000,
    )
    assert "til=indikator" not in sized.url and "indikator=fagbrev_andel_helse" in sized.url
    shot(sized, "sok-fagbrev")


def test_kommuneprofil_tables_show_every_row_without_a_scroll_box(server, sized):  # noqa: F811
    sized.goto(f"{server}/kommuneprofil?region=vesteralen&kommune=1866")
    sized.wait_for_selector("h1:has-text('Kommuneprofil: Hadsel')", timeout=30_000)
    wait_until_rendered(sized, charts=0)
    sized.wait_for_selector("[data-testid='stDataFrame']", timeout=30_000)
    scrolls = sized.evaluate(
        """() => [...document.querySelectorAll("[data-testid='stDataFrame'] .dvn-scroller")]
            .map((s) => s.scrollHeight - s.clientHeight)"""
    )
    assert len(scrolls) == 4 and max(scrolls) <= 1, scrolls
    shot(sized, "kommuneprofil")


def test_no_english_is_left_on_the_pages_a_coordinator_uses(server, projector):  # noqa: F811
    found = {}
    pages = (
        "?region=vesteralen",
        "kompetansegap",
        "lederutvikling",
        "tiltak",
        "innspill",
        "om_dataene",
        "kommuneprofil",
        "presentasjon?region=vesteralen",
        "tifaktor?region=vesteralen",
        "kompetanseplaner?region=vesteralen",
        "framtidig_behov?region=vesteralen",
    )
    for path in pages:
        projector.goto(f"{server}/{path}")
        projector.wait_for_selector("h1", timeout=30_000)
        wait_until_rendered(projector, charts=0)
        projector.wait_for_timeout(500)
        found[path] = english_in(visible_text(projector))
    # Sammenlign: open the municipality picker ("Select all", "No results" live in its menu).
    projector.goto(f"{server}/sammenlign?region=vesteralen")
    wait_until_rendered(projector, charts=1)
    picker = projector.locator("[data-testid='stMain'] [data-testid='stMultiSelect']").first
    picker.click()
    projector.keyboard.type("s")
    projector.wait_for_timeout(500)
    found["sammenlign, menu open"] = english_in(visible_text(projector))
    projector.keyboard.type("qqqq")
    projector.wait_for_timeout(300)
    found["sammenlign, no match"] = english_in(visible_text(projector))
    projector.keyboard.press("Escape")
    # A chart's tooltip on a hidden figure, and a typed search ("Press Enter to apply").
    projector.goto(f"{server}/rekruttering?region=vesteralen&indikator=heltid_andel")
    wait_until_rendered(projector, charts=3)
    projector.locator("[data-testid='stVegaLiteChart'] g.mark-rect path").first.hover()
    projector.wait_for_timeout(300)
    search = projector.locator("[data-testid='stSidebar'] input[type='text']").first
    search.type("heltid")
    projector.wait_for_timeout(300)
    found["rekruttering, tooltip and typing"] = english_in(visible_text(projector))
    projector.locator("[data-testid='stMainMenu'] button").first.click()
    projector.wait_for_timeout(500)
    menu = visible_text(projector)
    found["the main menu"] = english_in(menu) + [word for word in ("Record", "Made with") if word in menu]
    projector.keyboard.press("Escape")
    # The importer: the file uploader after logging in.
    projector.goto(f"{server}/importer?region=vesteralen")
    wait_until_rendered(projector, charts=0)
    sidebar = projector.locator("[data-testid='stSidebar']")
    sidebar.locator("summary:has-text('Logg inn')").click()
    sidebar.get_by_label("Brukernavn").fill("redaktor")
    sidebar.get_by_label("Passord", exact=True).fill(PASSWORD)
    sidebar.locator("[data-testid='stFormSubmitButton'] button").click()
    projector.wait_for_selector("[data-testid='stFileUploader']", timeout=30_000)
    projector.wait_for_timeout(500)
    text = visible_text(projector)
    found["importer"] = english_in(text)
    assert "Last opp" in text and "Høyst 50 MB per fil" in text
    shot(projector, "importer")
    assert {where: words for where, words in found.items() if words} == {}
    assert projector.evaluate("document.documentElement.lang") == "nb"


def test_the_whole_series_downloads_as_csv_and_opens_as_a_table(server, sized):  # noqa: F811
    if sized.size != (1920, 1080):
        pytest.skip("one size is enough for a file")
    sized.goto(f"{server}/rekruttering?region=vesteralen&indikator=heltid_andel")
    wait_until_rendered(sized, charts=3)
    with sized.expect_download(timeout=30_000) as download:
        sized.get_by_role("button", name="Tidsserie (CSV)").click()
    raw = open(download.value.path(), "rb").read()
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["År", "Kommunenummer", "Kommune"]
    sortland = next(row for row in rows if row[1] == "1870" and row[0] == "2024")
    assert sortland[5:8] == ["50", "45", "90"]  # 45 of 90
    assert download.value.suggested_filename.endswith("-tidsserie.csv")


def test_two_project_hits_in_a_row_open_tiltak_og_resultater_on_each_entry(server, sized):  # noqa: F811
    sized.goto(f"{server}/?region=vesteralen")
    wait_until_rendered(sized, charts=3)
    for query, title in (("temamøter", "Kristiansund: temamøter"), ("salangen", "Salangen: førskolelærere")):
        search = sized.locator("[data-testid='stSidebar'] input[type='text']").first
        search.fill(query)
        search.press("Enter")
        sized.get_by_role("link", name=re.compile(f"^Tiltak: {title}")).click()
        sized.wait_for_selector("h1:has-text('Tiltak og resultater')", timeout=30_000)
        sized.wait_for_selector(f"h3:has-text('{title}')", timeout=30_000)
        wait_until_rendered(sized, charts=0)
        headings = sized.locator("[data-testid='stMain'] h3").all_inner_texts()
        assert len(headings) == 1 and headings[0].startswith(title)
    assert "oppforing=salangen-sobk" in sized.url
    shot(sized, "sok-tiltak")
