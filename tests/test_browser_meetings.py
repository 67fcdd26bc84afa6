"""A coordinator's meeting in Chromium: slides that fit the screen, the presenter's keys, takeaways
that survive a reload, and downloads that arrive every time (issue 15, items 1, 2, 3 and 8)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect
from pptx import Presentation
from test_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, serve, wait_until_rendered

from kompetanse.charts.style import EXAMPLE_BAND

pytestmark = pytest.mark.browser
SIZES = [(1280, 720), (1366, 768), (1920, 1080)]
# A long Norwegian title, a chart with three reference lines, leader programmes and a trend.
VIEWS = ",".join(
    [
        "bar:barnehagelaerer_andel",
        "bar:laerlinger_per_1000_innbyggere",
        "programmes",
        "trend:laerlinger_per_1000_innbyggere",
    ]
)
HEADINGS = [
    "Kompetanse og rekruttering: Vesterålen",
    "Kompetansegap: Barnehagelærere i grunnbemanningen",
    "Rekruttering: Lærlinger per 1000 innbyggere",
    "Lederutvikling: lederprogrammer",
    "Rekruttering: lærlinger per 1000 innbyggere over tid",
]


@pytest.fixture(scope="module")
def server(fixture_db_template, tmp_path_factory):
    db = tmp_path_factory.mktemp("browser-meetings") / "meetings.duckdb"
    db.write_bytes(fixture_db_template.read_bytes())
    process, url = serve(db)
    yield url
    process.terminate()
    process.wait(10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: apt-get install chromium (make test does it as root)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def new_page(browser, width: int = 1920, height: int = 1080):
    context = browser.new_context(
        viewport={"width": width, "height": height}, locale="nb-NO", accept_downloads=True
    )
    return context, context.new_page()


def settled(page) -> None:
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=30_000)


def slide_heading(page, text: str) -> None:
    page.wait_for_selector(f".st-key-lysbilde h1:has-text('{text}')", timeout=30_000)
    settled(page)


def geometry(page) -> dict:
    return page.evaluate(
        """() => {
          const main = document.querySelector("[data-testid='stMain']");
          const box = (selector) => { const e = document.querySelector(selector);
            return e ? e.getBoundingClientRect().toJSON() : null; };
          return {scrollTop: main.scrollTop, scrollHeight: main.scrollHeight, clientHeight: main.clientHeight,
                  title: box(".st-key-lysbilde h1"), next: box(".st-key-lysbilde-neste button"),
                  chart: box(".st-key-lysbilde [data-testid='stVegaLiteChart']"),
                  toolbar: [...document.querySelectorAll(
                    "[data-testid='stElementToolbar'], .vega-embed details")]
                    .filter(e => e.getClientRects().length > 0).length};
        }"""
    )


def assert_fits(page, width: int, height: int) -> dict:
    shape = geometry(page)
    assert shape["scrollTop"] == 0
    assert shape["scrollHeight"] <= shape["clientHeight"] + 1  # nothing below the edge
    assert 0 <= shape["title"]["top"] and shape["title"]["bottom"] <= height
    assert shape["next"]["bottom"] <= height and shape["next"]["right"] <= width
    return shape


@pytest.mark.parametrize("width, height", SIZES)
def test_every_slide_fits_the_window_and_opens_at_its_top(server, browser, width, height):
    context, page = new_page(browser, width, height)
    try:
        page.goto(f"{server}/presentasjon?region=vesteralen&visninger={VIEWS}")
        wait_until_rendered(page, charts=0)
        start = page.get_by_role("button", name="Start presentasjon")
        start.scroll_into_view_if_needed()  # the set-up page is longer than the window
        start.click()
        slide_heading(page, HEADINGS[0])
        assert_fits(page, width, height)
        for number, heading in enumerate(HEADINGS[1:], start=1):
            page.locator(".st-key-lysbilde-neste button").click()
            slide_heading(page, heading)
            wait_until_rendered(page, charts=1)
            shape = assert_fits(page, width, height)
            assert shape["chart"]["height"] > height * 0.35  # the chart takes the room the text leaves
            assert shape["chart"]["bottom"] <= shape["next"]["top"]
            assert shape["toolbar"] == 0  # no chart menu while presenting
            page.locator(".st-key-lysbilde [data-testid='stVegaLiteChart']").hover()
            assert geometry(page)["toolbar"] == 0
            assert f"lysbilde={number}" in page.url
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"lysbilde-{width}x{height}.png"))
    finally:
        context.close()


def test_the_presenters_keys_turn_the_slides_and_esc_leaves(server, browser):
    context, page = new_page(browser, 1280, 720)
    try:
        page.goto(f"{server}/presentasjon?region=vesteralen&visninger={VIEWS}&lysbilde=0")
        slide_heading(page, HEADINGS[0])
        # Opened straight from a link, the keys listen a moment after the slide shows (Streamlit runs
        # st.html's script once it has drawn it); from the set-up page they are ready beforehand.
        page.wait_for_function("() => window.kompetanseSlideKeys === true", timeout=15_000)
        steps = [
            ("ArrowRight", 1),
            ("PageDown", 2),
            ("Space", 3),
            ("ArrowDown", 4),
            ("ArrowRight", 4),  # the last slide stays the last
            ("ArrowLeft", 3),
            ("PageUp", 2),
            ("ArrowUp", 1),
        ]
        settled(page)  # a key pressed while the first run still draws can be lost (seen under load)
        for key, expected in steps:
            page.keyboard.press(key)
            try:
                page.wait_for_function(
                    f"() => location.search.includes('lysbilde={expected}')", timeout=30_000
                )
            except PlaywrightTimeout:
                pytest.fail(f"{key} did not lead to slide {expected}: {page.url}")
            slide_heading(page, HEADINGS[expected])
        page.keyboard.press("Escape")
        page.wait_for_selector("h1:has-text('Presentasjon: Vesterålen')", timeout=30_000)
        assert "lysbilde" not in page.url
        settled(page)
        page.get_by_role("button", name="Start presentasjon").click()  # started from the page, as usual:
        slide_heading(page, HEADINGS[0])
        page.keyboard.press("PageDown")  # the keys work at once
        page.wait_for_function("() => location.search.includes('lysbilde=1')", timeout=15_000)
        slide_heading(page, HEADINGS[1])
    finally:
        context.close()


def test_a_takeaway_typed_on_the_set_up_page_is_in_the_link_and_survives_a_reload(server, browser):
    context, page = new_page(browser)
    try:
        page.goto(f"{server}/presentasjon?region=vesteralen&visninger=programmes,bar:barnehagelaerer_andel")
        wait_until_rendered(page, charts=0)
        field = page.get_by_role("textbox", name="Kompetansegap: Barnehagelærere i grunnbemanningen")
        field.fill("Sortland mangler flest barnehagelærere – «det haster».")
        field.press("Enter")
        page.wait_for_function(
            "() => decodeURIComponent(location.search.replaceAll('+', ' ')).includes('det haster')",
            timeout=15_000,
        )
        settled(page)
        page.reload()
        wait_until_rendered(page, charts=0)
        field = page.get_by_role("textbox", name="Kompetansegap: Barnehagelærere i grunnbemanningen")
        expect(field).to_have_value("Sortland mangler flest barnehagelærere – «det haster».", timeout=30_000)
        link = page.url
        other, shared = new_page(browser, 1280, 720)  # someone who opens the shared link on slide 2
        try:
            shared.goto(link + "&lysbilde=2")
            slide_heading(shared, "Kompetansegap: Barnehagelærere i grunnbemanningen")
            text = shared.inner_text(".st-key-lysbilde")
            assert "Sortland mangler flest barnehagelærere – «det haster»." in text
        finally:
            other.close()
    finally:
        context.close()


def downloaded(page, button) -> bytes:
    with page.expect_download(timeout=30_000) as info:
        button.click()
    return Path(info.value.path()).read_bytes()


def test_three_downloads_in_a_row_each_deliver_their_file(server, browser, tmp_path):
    context, page = new_page(browser)
    try:
        page.goto(f"{server}/rekruttering?region=vesteralen&indikator=heltid_andel")
        wait_until_rendered(page, charts=3)
        buttons = page.locator("[data-testid='stDownloadButton'] button")
        png, svg, excel = (buttons.filter(has_text=label).first for label in ("PNG", "SVG", "Excel"))
        files = [downloaded(page, button) for button in (png, svg, excel, png, excel)]
        assert files[0][:8] == b"\x89PNG\r\n\x1a\n" and files[3][:8] == b"\x89PNG\r\n\x1a\n"
        assert b"<svg" in files[1][:500]
        for raw in (files[2], files[4]):
            path = tmp_path / "tabell.xlsx"
            path.write_bytes(raw)
            assert "xl/worksheets/sheet1.xml" in zipfile.ZipFile(path).namelist()

        page.goto(f"{server}/?region=vesteralen")
        wait_until_rendered(page, charts=3)
        pack = page.get_by_role("button", name="Last ned møtepakke (PowerPoint)")
        first_png = page.locator("[data-testid='stDownloadButton'] button").filter(has_text="PNG").first
        files = [downloaded(page, button) for button in (pack, first_png, pack)]
        assert files[0][:2] == b"PK" and files[2][:2] == b"PK" and files[1][:4] == b"\x89PNG"
        # The fixture's leader training is example data, so the pack's title slide carries the band.
        title_slide = Presentation(io.BytesIO(files[0])).slides[0]
        assert [shape.text_frame.text for shape in title_slide.shapes if shape.name == "Eksempeldata"] == [
            EXAMPLE_BAND
        ]
    finally:
        context.close()
