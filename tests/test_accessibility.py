"""Universal design (issue 17, item 1): axe-core finds no WCAG 2.1 A or AA violation on any page.

One server and one browser for the module; each test walks many pages in one browser context, so the
whole walk costs a few page loads per page and size rather than a server start per case. The counts
per page are printed (run with -s to see them; they are also in the failure message).
"""

from __future__ import annotations

import os
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
AXE = Axe()  # only for the axe-core script it bundles
# A file an editor for Vesterålen may import (Hadsel, a new year), and one with an unknown municipality.
PREVIEWED = (
    "kommunenummer,år,indikator,verdi,teller,nevner,kilde\n"
    "1866,2025,barnehagelaerer_andel,,31,40,Testdata for automatiske tester\n"
).encode()
REJECTED = "kommunenummer,år,indikator,verdi\n9999,2024,barnehagelaerer_andel,50\n".encode()
# Every page is checked logged out at both sizes; logged in, the editor's walk is at one size and the
# admin's at the other (each role's own states at both), which keeps the module near three minutes.
# KOMPETANSE_AXE_ALL=1 checks every page in every role at both sizes (about twice as long).
EVERY_SIZE = os.environ.get("KOMPETANSE_AXE_ALL") == "1"
EDITOR_SIZES = SIZES if EVERY_SIZE else SIZES[:1]
ADMIN_SIZES = SIZES if EVERY_SIZE else SIZES[1:]


def settled(page) -> None:
    """The run is over and the charts Vega draws a moment later are there."""
    wait_until_rendered(page, charts=0)
    page.wait_for_timeout(400)
    wait_until_rendered(page, charts=0)


def violations(page) -> list[dict]:
    """What axe-core reports at WCAG 2.1 A and AA on the page as it is now."""
    if not page.evaluate("() => typeof window.axe === 'object'"):  # once per page load, not per run
        page.evaluate(AXE.axe_script)
    options = {"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]}
    return page.evaluate("options => axe.run(document, options)", options)["violations"]


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


def log_in(page, username: str) -> None:
    """Log in from the sidebar of the page that is open."""
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.locator("summary:has-text('Logg inn')").click()
    sidebar.get_by_label("Brukernavn").fill(username)
    sidebar.get_by_label("Passord", exact=True).fill(PASSWORD)
    sidebar.locator("[data-testid='stFormSubmitButton'] button").click()
    page.wait_for_selector(f"text=Innlogget: {username}", timeout=30_000)


def resized(page, width: int, height: int) -> None:
    """The same page at another window size, once the layout and the charts have followed."""
    if page.viewport_size != {"width": width, "height": height}:
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(500)  # Vega redraws charts of container width on a resize
        settled(page)


def findings(page, where: str, found: dict[str, list[dict]], sizes=SIZES) -> None:
    """axe's findings on the page as it is now, at each size (the window resized, not reloaded)."""
    for width, height in sizes:
        resized(page, width, height)
        found[f"{where} @ {width}x{height}"] = violations(page)


def walk(browser, server, paths, states=None, sizes=SIZES):  # noqa: F811
    """Open every path by its link and return axe's findings per page and size; `states(page,
    found)` adds pages that take more than a link to reach."""
    found: dict[str, list[dict]] = {}
    width, height = sizes[0]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="nb-NO")
    page = context.new_page()
    try:
        for path in paths:
            page.goto(f"{server}/{path}")
            settled(page)
            findings(page, f"/{path}", found, sizes)
        if states:
            states(page, found)
    finally:
        context.close()
    return dict(sorted(found.items()))


def check(title: str, found: dict[str, list[dict]]) -> None:
    report(title, {where: sum(len(v["nodes"]) for v in items) for where, items in found.items()})
    failing = {where: items for where, items in found.items() if items}
    assert not failing, describe(failing)


def test_no_page_has_a_wcag_a_or_aa_violation_for_a_reader_who_is_not_logged_in(server, browser):  # noqa: F811
    def wrong_password(page, found):
        page.goto(f"{server}/om_dataene")
        settled(page)
        sidebar = page.locator("[data-testid='stSidebar']")
        sidebar.locator("summary:has-text('Logg inn')").click()
        sidebar.get_by_label("Brukernavn").fill("ukjent")
        sidebar.get_by_label("Passord", exact=True).fill("feil-passord")
        sidebar.locator("[data-testid='stFormSubmitButton'] button").click()
        page.wait_for_selector("text=Feil brukernavn eller passord.", timeout=30_000)
        findings(page, "login, error message", found)

    check("logged out", walk(browser, server, PAGES, states=wrong_password))


def upload(page, name: str, content: bytes) -> None:
    files = [{"name": name, "mimeType": "text/csv", "buffer": content}]
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(files)


# The pages by their titles in the sidebar: logged in, a walk stays inside the app, because a new page
# load is a new session and the login lives in the session.
TITLES = [
    "Oversikt",
    "Kompetansegap",
    "Lederutvikling",
    "Rekruttering",
    "Sammenlign",
    "Kommuneprofil",
    "Tiltak og resultater",
    "Innspill fra temamøter",
    "Presentasjon",
    "Importer data",
    "Om dataene",
    "Tilgjengelighet",
]


def open_page(page, title: str) -> None:
    """Click the page's link in the sidebar and wait until it is drawn, still logged in."""
    link = page.locator("[data-testid='stSidebarNav'] a", has_text=title).first
    more = page.locator("[data-testid='stSidebarNavViewButton']")
    if not link.is_visible() and more.count() and "til" in more.inner_text():  # 'Vis 3 til'
        more.click()
    link.click()
    page.wait_for_function("title => document.title.startsWith(title)", arg=title, timeout=30_000)
    settled(page)
    assert "Innlogget:" in page.inner_text("[data-testid='stSidebar']"), f"logged out on {title}"


def logged_in_walk(browser, server, username, titles, states, sizes):  # noqa: F811
    """Log in once, then open every page from the sidebar and run the role's own states."""
    found: dict[str, list[dict]] = {}
    context = browser.new_context(viewport=dict(zip(("width", "height"), sizes[0])), locale="nb-NO")
    page = context.new_page()
    try:
        page.goto(f"{server}/?region=vesteralen")
        settled(page)
        log_in(page, username)
        for title in titles:
            open_page(page, title)
            findings(page, title, found, sizes)
        open_page(page, "Presentasjon")
        page.get_by_role("button", name="Start presentasjon").click()
        page.wait_for_selector("[data-testid='stSidebar']", state="hidden", timeout=30_000)
        settled(page)
        findings(page, "Presentasjon, tittellysbildet", found, sizes)
        page.get_by_role("button", name="Neste").click()
        page.wait_for_function("() => location.search.includes('lysbilde=1')", timeout=30_000)
        settled(page)
        findings(page, "Presentasjon, lysbilde 1", found, sizes)
        page.get_by_role("button", name="Avslutt").click()
        page.wait_for_selector("[data-testid='stSidebar']", state="visible", timeout=30_000)
        settled(page)
        states(page, found)
    finally:
        context.close()
    return dict(sorted(found.items()))


def test_no_page_has_a_wcag_a_or_aa_violation_for_an_editor_incl_import_preview_and_error(server, browser):  # noqa: F811
    def importing(page, found):
        open_page(page, "Importer data")
        upload(page, "hadsel.csv", PREVIEWED)
        page.wait_for_selector("text=Dette endres", timeout=30_000)
        settled(page)
        findings(page, "Importer data, forhåndsvisning", found)
        upload(page, "feil.csv", REJECTED)
        page.wait_for_selector("text=Filen ble ikke importert", timeout=30_000)
        settled(page)
        findings(page, "Importer data, feilmelding", found)

    found = logged_in_walk(browser, server, "redaktor", TITLES, importing, EDITOR_SIZES)
    check("editor (redaktor)", found)


def test_no_page_has_a_wcag_a_or_aa_violation_for_an_admin(server, browser):  # noqa: F811
    def administration(page, found):
        open_page(page, "Administrasjon")
        findings(page, "Administrasjon", found)

    check("admin", logged_in_walk(browser, server, "admin", TITLES, administration, ADMIN_SIZES))


# The planning pages, checked in a walk of their own so that a second worker shares the time.
PLANNING = [
    "framtidig_behov?region=vesteralen",
    "tifaktor?region=vesteralen",
    "kompetanseplaner?region=vesteralen",
]
PLANNING_TITLES = ["Framtidig behov", "10-FAKTOR", "Kompetanseplaner"]


def planning_walk(browser, server, username: str, found: dict) -> None:  # noqa: F811
    """Log in and check the planning pages from the sidebar at both sizes."""
    context = browser.new_context(viewport=dict(zip(("width", "height"), SIZES[0])), locale="nb-NO")
    page = context.new_page()
    try:
        page.goto(f"{server}/?region=vesteralen")
        settled(page)
        log_in(page, username)
        for title in PLANNING_TITLES:
            open_page(page, title)
            findings(page, f"{title} ({username})", found, SIZES)
    finally:
        context.close()


def test_the_planning_pages_have_no_wcag_a_or_aa_violation_logged_out_or_for_an_editor(server, browser):  # noqa: F811
    found = walk(browser, server, PLANNING)
    planning_walk(browser, server, "redaktor", found)
    check("the planning pages", dict(sorted(found.items())))


def test_the_planning_pages_have_no_wcag_a_or_aa_violation_for_an_admin(server, browser):  # noqa: F811
    found: dict[str, list[dict]] = {}
    planning_walk(browser, server, "admin", found)
    check("the planning pages (admin)", dict(sorted(found.items())))
