"""What a person sees: the real app served by Streamlit, opened in headless Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from conftest import opened

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.browser
REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "tests" / "artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


SERVED: dict[str, Path] = {}  # url -> the database file that server serves


def server_db_path(url: str) -> Path:
    return SERVED[url]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(db: Path):
    """Start `streamlit run app.py` on `db`; returns (process, url) once it answers."""
    port = free_port()
    env = {**os.environ, "KOMPETANSE_DB": str(db)}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.headless=true",
            f"--server.port={port}",
            "--server.address=127.0.0.1",
            "--browser.gatherUsageStats=false",
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(process.stderr.read().decode()) from None
            time.sleep(0.3)
    return process, url


@pytest.fixture(scope="module")
def server(fixture_db_template, tmp_path_factory):
    """`streamlit run app.py` on a copy of the fixture database, until the module is done."""
    db = tmp_path_factory.mktemp("browser") / "browser.duckdb"
    db.write_bytes(fixture_db_template.read_bytes())
    process, url = serve(db)
    SERVED[url] = db
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


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="nb-NO")
    page = context.new_page()
    yield page
    context.close()


# Under load Streamlit reports the run over before React has drawn what it sent: wait until every
# chart and table in sight is drawn and our script (ui/browser.py) has put Norwegian in place.
RENDERED = """n => {
    const drawn = (e) => e.querySelector("svg.marks, canvas") !== null;
    const charts = [...document.querySelectorAll("[data-testid='stVegaLiteChart']")];
    const tables = [...document.querySelectorAll("[data-testid='stDataFrame']")];
    const waiting = [
        ...charts.filter((c) => !drawn(c)),
        ...tables.filter((t) => !t.querySelector(".dvn-scroller")),
    ];
    return charts.filter(drawn).length >= n && !waiting.some((e) => e.checkVisibility())
        && window.__kompetanseNorsk === true;
}"""


def wait_until_rendered(page, charts: int) -> None:
    page.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=30_000)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=30_000)
    page.wait_for_function(RENDERED, arg=charts, timeout=30_000)


def test_a_link_straight_to_a_page_works_on_a_freshly_started_server(server, page):
    # Must run first in this module: the first visit after a start is what used to break.
    page.goto(f"{server}/kompetansegap?region=vesteralen&aar=2024")
    wait_until_rendered(page, charts=4)
    assert "Kompetansegap: Vesterålen" in page.inner_text("[data-testid='stMain']")
    assert "region=Vester%C3%A5len" in page.url or "region=Vesterålen" in page.url


PAGES = [
    ("kompetansegap", 4, "Kompetansegap: Vesterålen"),
    ("lederutvikling", 4, "Lederutvikling: Vesterålen"),
    ("rekruttering", 3, "Rekruttering: Vesterålen"),
    ("sammenlign", 1, "Sammenlign kommuner"),
    ("presentasjon", 0, "Presentasjon: Vesterålen"),
]


@pytest.mark.parametrize("path, charts, heading", PAGES)
def test_each_page_renders_its_charts_at_projector_size(server, page, path, charts, heading):
    page.goto(f"{server}/{path}?region=vesteralen")
    wait_until_rendered(page, charts=charts)
    assert heading in page.inner_text("[data-testid='stMain']")
    for chart in page.locator("[data-testid='stVegaLiteChart']").all()[:charts]:
        box = chart.bounding_box()
        assert box["width"] > 300 and box["height"] > 100
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{path}.png"))


def test_home_page_shows_the_six_municipalities_and_rendered_charts(server, page):
    page.goto(f"{server}/?region=vesteralen")
    wait_until_rendered(page, charts=3)
    text = page.inner_text("[data-testid='stMain']")
    assert "Oversikt: Vesterålen" in text
    for name in ("Andøy", "Bø", "Hadsel", "Lødingen", "Sortland", "Øksnes"):
        assert name in text
    assert "Eksempeldata" in text
    chart = page.locator("[data-testid='stVegaLiteChart']").first
    box = chart.bounding_box()
    assert box["width"] > 400 and box["height"] > 150
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "oversikt.png"), full_page=True)


def test_picking_a_region_in_the_sidebar_updates_the_url(server, page):
    page.goto(server)
    wait_until_rendered(page, charts=3)
    page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").first.click()
    page.keyboard.type("Lofoten")
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.search.includes('region=Lofoten')", timeout=15_000)
    page.wait_for_selector("h1:has-text('Oversikt: Lofoten')", timeout=15_000)
    page.reload()
    page.wait_for_selector("h1:has-text('Oversikt: Lofoten')", timeout=30_000)


def test_presentation_mode_steps_through_full_screen_slides(server, page):
    page.goto(f"{server}/presentasjon?region=vesteralen&visninger=bar:barnehagelaerer_andel,programmes")
    wait_until_rendered(page, charts=0)
    page.get_by_role("button", name="Start presentasjon").click()
    page.wait_for_selector("h1:has-text('Kompetanse og rekruttering: Vesterålen')", timeout=30_000)
    page.wait_for_selector("[data-testid='stSidebar']", state="hidden", timeout=15_000)  # the sidebar is gone
    page.get_by_role("button", name="Neste").click()
    page.wait_for_selector("h1:has-text('Barnehagelærere i grunnbemanningen')", timeout=30_000)
    wait_until_rendered(page, charts=1)
    assert "lysbilde=1" in page.url
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "presentasjon-lysbilde-1.png"))
    page.get_by_role("button", name="Neste").click()
    page.wait_for_selector("h1:has-text('lederprogrammer')", timeout=30_000)
    page.get_by_role("button", name="Avslutt").click()
    page.wait_for_selector("h1:has-text('Presentasjon: Vesterålen')", timeout=30_000)


def test_search_then_open_the_municipality_profile(server, page):
    page.goto(f"{server}/?region=vesteralen")
    wait_until_rendered(page, charts=3)
    search = page.locator("[data-testid='stSidebar'] input[type='text']").first
    search.fill("oksnes")
    search.press("Enter")
    page.get_by_role("link", name="Øksnes kommune (Vesterålen, Nordland)").click()
    page.wait_for_selector("h1:has-text('Kommuneprofil: Øksnes')", timeout=30_000)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=30_000)
    text = page.inner_text("[data-testid='stMain']")
    assert "Kommunenummer 1868" in text and "Vesterålen (SSB-region)" in text
    assert "kommune=1868" in page.url
    assert page.locator("[data-testid='stDataFrame']").count() >= 1
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "kommuneprofil.png"))


def test_an_editor_logs_in_from_the_sidebar_and_gets_the_import_form(server, page):
    from conftest import PASSWORD

    page.goto(f"{server}/importer?region=vesteralen")
    wait_until_rendered(page, charts=0)
    main = page.locator("[data-testid='stMain']")
    assert "Logg inn (nederst i sidemenyen) for å importere data." in main.inner_text()
    assert page.locator("[data-testid='stFileUploader']").count() == 0
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.locator("summary:has-text('Logg inn')").click()
    sidebar.get_by_label("Brukernavn").fill("sortland")
    sidebar.get_by_label("Passord", exact=True).fill(PASSWORD)
    sidebar.locator("[data-testid='stFormSubmitButton'] button").click()
    page.wait_for_selector("[data-testid='stFileUploader']", timeout=30_000)
    assert "Innlogget: sortland, redaktør for Sortland" in sidebar.inner_text()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "importer-innlogget.png"))


def test_when_reading_requires_login_a_deep_link_on_a_fresh_server_shows_only_the_login(
    fixture_db_template, tmp_path, page
):
    from conftest import ADMIN, PASSWORD

    from kompetanse.access.settings import change_setting

    db = tmp_path / "lukket.duckdb"
    db.write_bytes(fixture_db_template.read_bytes())
    change_setting(opened(db), "view_requires_login", True, ADMIN)
    process, url = serve(db)
    try:
        page.goto(f"{url}/om_dataene")
        page.wait_for_selector("text=Denne appen krever innlogging", timeout=30_000)
        page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=30_000)
        main = page.locator("[data-testid='stMain']")
        assert page.locator("[data-testid='stDataFrame']").count() == 0
        assert "Om dataene" not in main.inner_text()
        main.get_by_label("Brukernavn").fill("leser")
        main.get_by_label("Passord", exact=True).fill(PASSWORD)
        main.locator("[data-testid='stFormSubmitButton'] button").click()
        page.wait_for_selector("h1:has-text('Om dataene')", timeout=30_000)
        page.wait_for_selector("h3:has-text('Ansatte i heltidsstilling')", timeout=30_000)  # a section each
    finally:
        process.terminate()
        process.wait(10)


def test_a_link_or_an_image_in_a_shared_url_or_an_entry_is_shown_as_text_never_as_a_link(server, page):
    # Issue 13, finding 15: ?region= text became a live link in the notice, and entries loaded images.
    bait = "[Logg inn på nytt her](https://evil.example/login) https://evil.example www.evil.example"
    page.goto(f"{server}/?region={urllib.parse.quote(bait)}")
    page.wait_for_selector("[data-testid='stToast']", timeout=30_000)
    assert "Logg inn på nytt her" in page.inner_text("[data-testid='stToast']")
    assert page.locator("a[href*='evil.example']").count() == 0
    database = opened(Path(server_db_path(server)))
    try:
        from kompetanse.access.roles import command_line_user
        from kompetanse.views.tiltak import save_entry

        entry = {
            "title": "Sporing",
            "kommunenummer": "1866",
            "programme": "Egen satsing",
            "themes": ["rekruttering"],
            "need": "![x](https://tracker.example/p.png) [klikk](https://evil.example)",
            "measures": "Linje én\nLinje to",
            "source": '=HYPERLINK("https://evil.example","klikk")',
        }
        save_entry(database, entry, command_line_user("test"))
    finally:
        database.close()
    page.goto(f"{server}/tiltak?region=vesteralen")
    page.wait_for_selector("text=Sporing", timeout=30_000)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=30_000)
    main = page.inner_text("[data-testid='stMain']").replace("\u200b", "")  # invisible: it breaks autolinks
    assert (
        "![x](https://tracker.example/p.png)" in main and '=HYPERLINK("https://evil.example","klikk")' in main
    )
    assert page.locator("img[src*='tracker.example']").count() == 0
    assert page.locator("a[href*='evil.example']").count() == 0
