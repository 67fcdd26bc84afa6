"""Framtidig behov in headless Chromium: the hand-worked need, SSB's band and a changed assumption."""

from __future__ import annotations

import pytest
from behov_fixture import HAND_WORKED, make_behov_db
from test_browser import ARTIFACTS, browser, page, serve, wait_until_rendered  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def behov_server(fixture_db_template, tmp_path_factory):
    db = make_behov_db(fixture_db_template, tmp_path_factory.mktemp("behov-browser"))
    process, url = serve(db)
    yield url
    process.terminate()
    process.wait(10)


def test_a_coordinator_sees_the_need_by_2035_and_a_changed_assumption_in_the_url(behov_server, page):  # noqa: F811
    query = "&".join(f"{key}={value}" for key, value in HAND_WORKED.items())
    page.goto(f"{behov_server}/framtidig_behov?region=Vesterålen&{query}")
    wait_until_rendered(page, charts=5)
    text = page.inner_text("[data-testid='stMain']")
    assert "Framtidig behov: Vesterålen" in text
    assert "Vesterålen trenger 40 flere årsverk i omsorg innen 2035" in text
    assert "Vesterålen trenger 13 flere barnehagelærerårsverk innen 2035" in text
    assert "(valgt av brukeren)" in text  # the footnote under every chart says whose assumption it is
    for chart in page.locator("[data-testid='stVegaLiteChart']").all()[:5]:
        box = chart.bounding_box()
        assert box["width"] > 300 and box["height"] > 100
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "framtidig_behov.png"), full_page=True)
    # 2035 against today: Sortland 70/7 + 420/10 = 52 - 27 = 25, Andøy 14 - 12, Bø 8,4 - 6, Hadsel 42 - 30,
    # Lødingen 7 - 5, Øksnes 14 - 10: 47,4 in all
    page.get_by_text("Forutsetninger (standardverdier og kilder; endre dem her)").click()
    field = page.get_by_role("spinbutton", name="Barn fra 3 år per barnehagelærer (barn)")
    field.fill("10")
    field.press("Enter")
    page.wait_for_function("() => window.location.search.includes('bo3=10')", timeout=30_000)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=30_000)
    page.wait_for_function(
        "() => document.querySelector(\"[data-testid='stMain']\").innerText"
        ".includes('Vesterålen trenger 47 flere barnehagelærerårsverk innen 2035')",
        timeout=30_000,
    )
