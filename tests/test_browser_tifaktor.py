"""What a person sees of 10-FAKTOR and the competence plans: the real app in headless Chromium, on the
fixture database with the rounds of tests/fixtures/tifaktor_runder.csv and the plans of
test_kompetanseplaner.py (their figures are worked out there)."""

from __future__ import annotations

import shutil

import pytest
import test_browser
from conftest import ADMIN, PASSWORD, import_file
from test_browser import ARTIFACTS, serve, wait_until_rendered
from test_kompetanseplaner import record_all
from test_tifaktor import ROUND

pytestmark = pytest.mark.browser
browser, page = test_browser.browser, test_browser.page  # the same Chromium fixtures


def svg_texts(chart) -> list[str]:
    """The text marks of a rendered Vega chart (SVG elements have no innerText)."""
    return chart.locator("svg text").evaluate_all("nodes => nodes.map(node => node.textContent)")


def serving(fixture_db_template, tmp_path_factory):
    """A server on a copy of the fixture database with both rounds and the plans."""
    db = tmp_path_factory.mktemp("browser-tifaktor") / "begge.duckdb"
    shutil.copyfile(fixture_db_template, db)
    import_file(db, ROUND)
    record_all(db, ADMIN)
    process, url = serve(db)
    yield url
    process.terminate()
    process.wait(10)


@pytest.fixture(scope="module")
def server(fixture_db_template, tmp_path_factory):
    """Shared by the tests that only read."""
    yield from serving(fixture_db_template, tmp_path_factory)


@pytest.fixture
def own_server(fixture_db_template, tmp_path_factory):
    """For a test that writes: xdist's work stealing may run a reading test after it on the same worker,
    which must not see its plan."""
    yield from serving(fixture_db_template, tmp_path_factory)


def test_the_ten_factors_are_drawn_side_by_side_with_the_change_and_each_factor_in_detail(server, page):
    page.goto(f"{server}/tifaktor?region=vesteralen&kommune=1870")
    wait_until_rendered(page, charts=5)
    main = page.locator("[data-testid='stMain']")
    text = main.inner_text()
    assert "10-FAKTOR: Vesterålen" in text
    assert (
        "De ti faktorene side om side, 2025" in text and "Endring siden forrige runde (2023 → 2025)" in text
    )
    heat = page.locator("[data-testid='stVegaLiteChart']").first
    box = heat.bounding_box()
    assert box["width"] > 900 and box["height"] > 300  # ten rows at projector size
    labels = svg_texts(heat)
    assert "★ Mestringsorientert ledelse" in labels and "Vesterålen (regionen)" in labels
    assert "3,9" in labels and ":" in labels  # Sortland's score, and Bø hidden
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "tifaktor.png"), full_page=True)


def test_plan_coverage_is_drawn_per_municipality_and_area(server, page):
    page.goto(f"{server}/kompetanseplaner?region=vesteralen")
    wait_until_rendered(page, charts=2)
    text = page.locator("[data-testid='stMain']").inner_text()
    assert "Dekning side om side, 2025" in text
    assert "3 av 5 registrerte planer er oppdatert (60,0" in text
    grid = svg_texts(page.locator("[data-testid='stVegaLiteChart']").first)
    assert {"Sortland", "Hadsel", "Barnehage", "Oppdatert", "Utdatert", "1 av 2 oppdatert"} <= set(grid)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "kompetanseplaner.png"), full_page=True)


def test_an_editor_records_a_plan_and_sees_the_coverage_change(own_server, page):
    page.goto(f"{own_server}/kompetanseplaner?region=vesteralen")
    wait_until_rendered(page, charts=2)
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.locator("summary:has-text('Logg inn')").click()
    sidebar.get_by_label("Brukernavn").fill("sortland")
    sidebar.get_by_label("Passord", exact=True).fill(PASSWORD)
    sidebar.locator("[data-testid='stFormSubmitButton'] button").click()
    page.wait_for_selector("text=Innlogget: sortland", timeout=30_000)
    main = page.locator("[data-testid='stMain']")
    main.locator("summary:has-text('Registrer en kompetanseplan')").click()
    form = main.locator("[data-testid='stExpander']").filter(has_text="Registrer en kompetanseplan")
    form.locator("[data-testid='stSelectbox']").nth(1).click()  # Tjenesteområde (after Kommune)
    page.keyboard.type("Skole og SFO")
    page.keyboard.press("Enter")
    copied = "text=Fylt ut fra registreringen for 2025; lagre for å registrere 2026."
    page.wait_for_selector(copied, timeout=30_000)  # this year's record starts from last year's
    year = form.get_by_label("Status for år")
    year.fill("2025")
    year.press("Enter")
    page.wait_for_selector(copied, state="detached", timeout=30_000)  # now the 2025 record itself
    page.wait_for_function(  # the form of the 2026 record has gone
        "() => document.querySelectorAll(\"[aria-label='day, Sist revidert']\").length === 1", timeout=30_000
    )
    form.get_by_role("spinbutton", name="day, Sist revidert").click()  # day, month and year fields
    page.keyboard.type("01092025")
    form.get_by_role("button", name="Lagre kompetanseplanen").click()
    page.wait_for_selector("text=Kompetanseplanen for 1870 2025 skole er lagret.", timeout=30_000)
    page.reload()
    wait_until_rendered(page, charts=2)
    assert "4 av 5 registrerte planer er oppdatert (80,0" in main.inner_text()  # Sortland's school is now
