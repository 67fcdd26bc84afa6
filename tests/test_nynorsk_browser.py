"""What a person's browser gets in nynorsk: <html lang="nn"> (WCAG 3.1.1) and the page in nynorsk."""

import pytest
from test_browser import browser, server, wait_until_rendered  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser


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
        page.get_by_text("Bokmål", exact=True).click()  # the switch: back to bokmål, and lang follows
        page.wait_for_function("document.documentElement.lang === 'nb'", timeout=15_000)
    finally:
        context.close()
