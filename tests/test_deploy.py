"""deploy/: two app processes behind Debian's nginx (loopback only): a page and a download work through
it, sessions stay on one process, and browsers behind one address spread over both."""

import asyncio
import re
import socket
import sys
import time
import urllib.request
from collections import Counter
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

from streamlit_client import Record, Session, browser_cookies, open_tab  # noqa: E402

from deploy.cluster import NGINX, Cluster, site_config  # noqa: E402

pytestmark = pytest.mark.server


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def cluster(fixture_db_template, tmp_path_factory):
    if not Path(NGINX).exists():
        pytest.fail("nginx is missing: `make nginx` (apt-get install nginx) installs it")
    folder = tmp_path_factory.mktemp("deploy")
    db = folder / "fixture.duckdb"
    db.write_bytes(fixture_db_template.read_bytes())
    running = Cluster(
        listen=f"127.0.0.1:{free_port()}",
        app_ports=[free_port(), free_port()],
        workdir=folder / "run",
        database=db,
    ).start()
    yield running
    running.stop()


def get(url: str, cookie: str | None = None) -> tuple[int, bytes, str]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read(), response.headers.get("Set-Cookie") or ""
    except urllib.error.HTTPError as error:
        return error.code, b"", ""


def upstreams(cluster: Cluster, path: str) -> list[str]:
    """The app process nginx sent each request for `path` to, in order (from its access log)."""
    lines = cluster.access_log.read_text().splitlines()
    return [re.search(r"upstream=(\S+)", line).group(1) for line in lines if f'"GET {path} ' in line]


def backend_of(cluster: Cluster, cookie: str) -> str:
    """The process a request with this cookie goes to (nginx logs the request just after answering)."""
    marker = f"/_stcore/health?probe={cookie.split('=')[1]}&n={time.monotonic_ns()}"
    assert get(cluster.url + marker, cookie)[0] == 200
    deadline = time.monotonic() + 10
    while not (found := upstreams(cluster, marker)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return found[-1]


def test_the_site_configuration_routes_by_our_cookie_and_upgrades_websockets():
    config = site_config("0.0.0.0:8080", [8501, 8502, 8503], "/var/log/nginx/kompetanse.log")
    assert "hash $kompetanse_key consistent;" in config
    assert "ip_hash" not in config.split("upstream kompetanse")[1]
    assert config.count("server 127.0.0.1:85") == 3
    assert "proxy_set_header Upgrade $http_upgrade;" in config


def test_a_new_browser_gets_a_cookie_that_keeps_it_on_one_process(cluster):
    status, body, set_cookie = get(cluster.url + "/")
    assert status == 200 and b"<html" in body.lower()
    assert re.match(r"kompetanse_backend=[0-9a-f]{32}; Path=/; HttpOnly", set_cookie)
    cookie = set_cookie.split(";")[0]
    assert get(cluster.url + "/", cookie)[2] == ""  # set once, then sent back
    assert len({backend_of(cluster, cookie) for _ in range(8)}) == 1


def test_browsers_behind_one_address_spread_over_both_processes(cluster):
    backends = Counter(backend_of(cluster, f"kompetanse_backend=probe{number:02d}") for number in range(20))
    assert len(backends) == 2, backends  # every request comes from 127.0.0.1


async def oversikt_download_url(base: str, cookie: str) -> str:
    """Open Oversikt in a tab and click the Excel button of its first table; the file's URL."""
    ws = await open_tab(base, cookie)
    async with ws:
        session = Session(0, ws, Record(), 0.0)
        seen = await session.visit("Oversikt", 120, opening=True)
        assert not session.record.problems, session.record.problems
        assert seen.metrics and seen.metrics[0][:2] == ("Kommuner", "6")
        return await session.deferred_file_url(seen.downloads["Excel"])


def test_a_page_and_a_download_work_through_nginx_on_the_session_s_own_process(cluster):
    cookies = browser_cookies(cluster.url)
    url = asyncio.run(oversikt_download_url(cluster.url, cookies))
    status, workbook, _ = get(cluster.url + url, cookies)
    assert (status, workbook[:2]) == (200, b"PK")  # an .xlsx is a zip file
    own = next(part for part in cookies.split("; ") if part.startswith("kompetanse_backend="))
    deadline = time.monotonic() + 10  # the websocket's line is written once it has closed
    while not upstreams(cluster, "/_stcore/stream") and time.monotonic() < deadline:
        time.sleep(0.05)
    [mine] = upstreams(cluster, "/_stcore/stream")
    assert backend_of(cluster, own) == mine
    # The file lives in that process only: the same link with another process's cookie finds nothing.
    other = next(
        probe
        for probe in (f"kompetanse_backend=probe{number:02d}" for number in range(20))
        if backend_of(cluster, probe) != mine
    )
    assert get(cluster.url + url, other)[0] == 404
