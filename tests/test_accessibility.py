"""Universal design (issue 17, item 1): axe-core finds no WCAG 2.1 A or AA violation on any page.

One server and one browser for the module; each test walks many pages in one browser context, so the
whole walk costs a few page loads per page and size rather than a server start per case. The counts
per page are printed (run with -s to see them; they are also in the failure message).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import PASSWORD
from test_browser import browser, server, wait_until_rendered  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser
FIXTURES = Path(__file__).parent / "fixtures"
SIZES = [(1920, 1080), (1280, 720)]
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PRESENTATION = "presentasjon?region=vesteralen&visninger=programmes,bar:barnehagelaerer_andel"
# Every page a reader reaches, with the region in the link as a shared link has it.
PAGES = [
    "?region=vesteralen",
    "kompetansegap?region=vesteralen",
    "lederutvikling?region=vesteralen",
    "rekruttering?region=vesteralen",
    "sammenlign?region=vesteralen",
    "kommuneprofil?kommune=1868",
    "tiltak?region=vesteralen",
    "innspill?region=vesteralen",
    PRESENTATION,
    PRESENTATION + "&lysbilde=0",
    PRESENTATION + "&lysbilde=1",
    "importer?region=vesteralen",
    "om_dataene",
    "tilgjengelighet",
]
AXE = Axe()


def settled(page) -> None:
    """The run is over and the charts Vega draws a moment later are there."""
    wait_until_rendered(page, charts=0)
    page.wait_for_timeout(400)
    wait_until_rendered(page, charts=0)


def violations(page) -> list[dict]:
    """What axe-core reports at WCAG 2.1 A and AA on the page as it is now."""
    options = {"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]}
    return AXE.run(page, options=options).response["violations"]


def describe(found: dict[str, list[dict]]) -> str:
    lines = []
    for where, items in found.items():
        for item in items:
            targets = "; ".join(" ".join(node["target"]) for node in item["nodes"][:3])
            node = item["nodes"][0]
            messages = [check["message"] for check in node["any"] + node["all"] + node["none"]]
            html = node["html"][:160]
            lines.append(
                f"{where}: {item['id']} ({len(item['nodes'])}) {targets} :: {html} :: {messages[:1]}"
            )
    return "\n".join(lines)


def report(title: str, counts: dict[str, int]) -> None:
    print(f"\naxe-core {AXE.axe_script[3:15].strip()} violations, {title}:")
    for where, count in counts.items():
        print(f"  {count:3d}  {where}")


def log_in(page, server: str, username: str) -> None:  # noqa: F811
    page.goto(f"{server}/om_dataene")
    settled(page)
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.locator("summary:has-text('Logg inn')").click()
    sidebar.get_by_label("Brukernavn").fill(username)
    sidebar.get_by_label("Passord", exact=True).fill(PASSWORD)
    sidebar.locator("[data-testid='stFormSubmitButton'] button").click()
    page.wait_for_selector(f"text=Innlogget: {username}", timeout=30_000)


def walk(browser, server, paths, username=None, extra=None):  # noqa: F811
    """Open every path at every size (logged in as `username`) and return axe's findings per page."""
    found: dict[str, list[dict]] = {}
    for width, height in SIZES:
        context = browser.new_context(viewport={"width": width, "height": height}, locale="nb-NO")
        page = context.new_page()
        try:
            if username:
                log_in(page, server, username)
            for path in paths:
                page.goto(f"{server}/{path}")
                settled(page)
                found[f"{width}x{height} /{path}"] = violations(page)
            if extra:
                for where, items in extra(page).items():
                    found[f"{width}x{height} {where}"] = items
        finally:
            context.close()
    return found


def check(title: str, found: dict[str, list[dict]]) -> None:
    report(title, {where: sum(len(v["nodes"]) for v in items) for where, items in found.items()})
    failing = {where: items for where, items in found.items() if items}
    assert not failing, describe(failing)


def test_no_page_has_a_wcag_a_or_aa_violation_for_a_reader_who_is_not_logged_in(server, browser):  # noqa: F811
    check("logged out", walk(browser, server, PAGES))
