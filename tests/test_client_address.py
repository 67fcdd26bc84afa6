"""The login throttle behind deploy/'s nginx knows each client by its own address: nginx passes the
address it saw (overwriting whatever the client sent), and the app believes that header only from the
local proxy. Real nginx, two real app processes, clients from different loopback addresses."""

from pathlib import Path

import pytest
from conftest import PASSWORD
from login_client import log_in
from test_browser import free_port

from deploy.cluster import NGINX, Cluster, site_config

pytestmark = pytest.mark.server

WRONG = "feil-passord"
THROTTLED = "For mange mislykkede forsøk"
REFUSED = "Feil brukernavn eller passord."
FRONT_PROXY = "127.0.0.51"  # a TLS terminator in front of nginx, named with --trusted-proxy


@pytest.fixture(scope="module")
def cluster(fixture_db_template, tmp_path_factory):
    if not Path(NGINX).exists():
        pytest.fail("nginx is missing: `make nginx` (apt-get install nginx) installs it")
    folder = tmp_path_factory.mktemp("addresses")
    db = folder / "fixture.duckdb"
    db.write_bytes(fixture_db_template.read_bytes())
    with pytest.MonkeyPatch.context() as patch:
        # An environment that would trust any forwarder (uvicorn reads it): deploy/ must not inherit it.
        patch.setenv("FORWARDED_ALLOW_IPS", "*")
        running = Cluster(
            listen=f"127.0.0.1:{free_port()}",
            app_ports=[free_port(), free_port()],
            workdir=folder / "run",
            database=db,
            trusted_proxies=(FRONT_PROXY,),
        ).start()
    yield running
    running.stop()


def fail_five_times(url: str, source: str, name: str, headers: dict | None = None) -> None:
    for attempt in range(5):
        assert log_in(url, source, name, WRONG, headers) == REFUSED, f"attempt {attempt + 1}"


def test_five_failures_from_one_address_throttle_that_address_and_not_another(cluster):
    fail_five_times(cluster.url, "127.0.0.2", "admin")  # websockets land on either process
    assert THROTTLED in log_in(cluster.url, "127.0.0.2", "admin", PASSWORD)
    assert log_in(cluster.url, "127.0.0.3", "admin", WRONG) == REFUSED  # the admin elsewhere: not slowed
    assert log_in(cluster.url, "127.0.0.3", "admin", PASSWORD) == "innlogget"


@pytest.mark.parametrize(
    "header, attacker, victim",
    [
        ("X-Forwarded-For", "127.0.0.11", "127.0.0.12"),
        ("X-Real-IP", "127.0.0.21", "127.0.0.22"),
        ("Forwarded", "127.0.0.31", "127.0.0.32"),
    ],
)
def test_a_client_that_names_its_own_address_is_still_counted_at_its_real_one(
    cluster, header, attacker, victim
):
    forged = {header: victim if header != "Forwarded" else f"for={victim}"}
    fail_five_times(cluster.url, attacker, "redaktor", forged)
    # It cannot escape: the same forged header, or another address in it, changes nothing.
    assert THROTTLED in log_in(cluster.url, attacker, "redaktor", PASSWORD, forged)
    other = {header: "198.51.100.7" if header != "Forwarded" else "for=198.51.100.7"}
    assert THROTTLED in log_in(cluster.url, attacker, "redaktor", PASSWORD, other)
    # Nor frame another: the address it named was never counted.
    assert log_in(cluster.url, victim, "redaktor", PASSWORD) == "innlogget"


def test_a_forwarded_address_from_anyone_but_the_local_proxy_is_ignored(cluster):
    """Straight to an app process from 127.0.0.41 (not the proxy at 127.0.0.1), naming 127.0.0.42."""
    direct = f"http://127.0.0.1:{cluster.app_ports[0]}"
    forged = {"X-Forwarded-For": "127.0.0.42"}
    fail_five_times(direct, "127.0.0.41", "sortland", forged)
    assert THROTTLED in log_in(direct, "127.0.0.41", "sortland", PASSWORD, forged)
    assert log_in(cluster.url, "127.0.0.42", "sortland", PASSWORD) == "innlogget"


def test_behind_a_named_front_proxy_each_client_is_counted_at_the_address_it_forwards_for(cluster):
    client = {"X-Forwarded-For": "203.0.113.9"}
    fail_five_times(cluster.url, FRONT_PROXY, "leser", client)
    assert THROTTLED in log_in(cluster.url, FRONT_PROXY, "leser", PASSWORD, client)
    # The client put its own entry in front; the front proxy added the address it saw.
    escape = {"X-Forwarded-For": "203.0.113.10, 203.0.113.9"}
    assert THROTTLED in log_in(cluster.url, FRONT_PROXY, "leser", PASSWORD, escape)
    assert log_in(cluster.url, FRONT_PROXY, "leser", PASSWORD, {"X-Forwarded-For": "203.0.113.10"}) == (
        "innlogget"
    )


def test_the_site_configuration_passes_only_the_address_nginx_saw():
    plain = site_config("0.0.0.0:8080", [8501], "/var/log/nginx/kompetanse.log")
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in plain
    assert "X-Forwarded-For $proxy_add" not in plain and "set_real_ip_from" not in plain
    fronted = site_config("0.0.0.0:8080", [8501], "/var/log/nginx/kompetanse.log", ("10.1.2.0/24",))
    assert "set_real_ip_from 10.1.2.0/24;" in fronted and "real_ip_recursive on;" in fronted
    with pytest.raises(ValueError):
        site_config("0.0.0.0:8080", [8501], "/log", ("10.0.0.1; include /etc/passwd",))
