# ruff: noqa: F811  (the api_server fixture is imported from fixture_server)
"""The HTTP client against the local fixture server: SSB's error bodies, 429, 5xx, time-outs, broken bodies.

Every request goes over a real socket to tests/fixture_server.py, which answers with SSB's real
error bodies (tests/fixtures/api/ssb/errors, copied from a live spike; see PROVENANCE.md).
"""

import hashlib
import time
from datetime import UTC, datetime

import pytest
from fixture_server import API, Fault, api_server, quick_http, quick_ssb  # noqa: F401

from kompetanse.errors import KompetanseError
from kompetanse.sources.http import HttpClient, RateLimiter, retry_after_seconds
from kompetanse.sources.ssb.client import Select, SsbClient

METADATA = "/ssb/tables/12562/metadata"


def test_an_unknown_table_stops_with_ssbs_own_title(api_server):
    with pytest.raises(KompetanseError) as error:
        quick_ssb().metadata("99999")
    assert str(error.value) == "SSB svarte med feil 404 for tabell 99999: Non-existent table."


def test_an_unknown_code_stops_with_ssbs_400_body_and_names_the_table(api_server):
    selection = [
        Select("KOKkommuneregion0000", ("1866", "9998")),
        Select("ContentsCode", ("KOSandelbhglaer0000",)),
        Select("Tid", ("2024",)),
    ]
    with pytest.raises(KompetanseError) as error:
        quick_ssb().data("12562", selection, split="KOKkommuneregion0000")
    assert str(error.value) == "SSB svarte med feil 400 for tabell 12562: Non-existent value."


def test_a_missing_variable_stops_with_ssbs_spelling_of_the_title(api_server):
    selection = [Select("ContentsCode", ("KOSandelbhglaer0000",)), Select("Tid", ("2024",))]
    with pytest.raises(KompetanseError, match="Missing selection for mandantory variable"):
        quick_ssb().data("12562", selection, split="KOKkommuneregion0000")


def test_http_429_waits_as_long_as_retry_after_says_and_then_succeeds(api_server):
    api_server.fail(METADATA, Fault(429, b"", {"Retry-After": "1"}))
    client = quick_ssb()
    started = time.monotonic()
    meta = client.metadata("12562")
    assert time.monotonic() - started >= 1.0
    assert meta.updated == "2026-03-16T07:00:00Z"
    assert [record.status for record in client.records] == [429, 200]


def test_http_429_that_keeps_coming_stops_with_a_norwegian_message(api_server):
    api_server.fail(METADATA, *[Fault(429, b"", {"Retry-After": "0"})] * 3)
    with pytest.raises(KompetanseError) as error:
        quick_ssb(retries_429=2).metadata("12562")
    assert str(error.value) == (
        "SSB avviste forespørselen for tabell 12562 fordi det kom for mange på kort tid (HTTP 429). "
        "Vent et minutt og prøv igjen."
    )


def test_a_500_and_a_503_are_retried_and_the_third_answer_is_used(api_server):
    api_server.fail(METADATA, Fault(500), Fault(503))
    client = quick_ssb(retries=2)
    assert client.metadata("12562").table == "12562"
    assert [record.status for record in client.records] == [500, 503, 200]


def test_a_server_error_that_persists_stops_after_the_retries(api_server):
    api_server.fail(METADATA, Fault(503), Fault(503), Fault(503))
    client = quick_ssb(retries=2)
    with pytest.raises(KompetanseError) as error:
        client.metadata("12562")
    assert str(error.value) == "SSB svarte med feil 503 for tabell 12562."
    assert len(client.records) == 3


def test_an_answer_slower_than_the_time_out_stops_with_a_norwegian_message(api_server):
    api_server.fail(METADATA, Fault(hang_s=1.5))
    with pytest.raises(KompetanseError) as error:
        quick_ssb(timeout_s=0.3, retries=0).metadata("12562")
    assert str(error.value) == "SSB svarte ikke innen 0,3 sekunder for tabell 12562. Prøv igjen senere."


def test_a_time_out_is_retried_like_a_server_error(api_server):
    api_server.fail(METADATA, Fault(hang_s=1.0))
    assert quick_ssb(timeout_s=0.3, retries=1).metadata("12562").table == "12562"


@pytest.mark.parametrize("path", [METADATA, "/ssb/tables/12562/data"])
def test_a_body_cut_off_halfway_is_refused_and_names_the_table(api_server, path):
    api_server.fail(path, Fault(truncate=True))
    client = quick_ssb()
    with pytest.raises(KompetanseError) as error:
        meta_or_data(client, path)
    assert (
        str(error.value)
        == "SSB sendte et ufullstendig eller ødelagt svar for tabell 12562. Prøv igjen senere."
    )


def meta_or_data(client: SsbClient, path: str):
    if path == METADATA:
        return client.metadata("12562")
    selection = [
        Select("KOKkommuneregion0000", ("1866",)),
        Select("ContentsCode", ("KOSandelbhglaer0000",)),
        Select("Tid", ("2024",)),
    ]
    return client.data("12562", selection, split="KOKkommuneregion0000")


def test_every_response_is_recorded_with_url_time_updated_and_the_sha256_of_its_body(api_server):
    client = quick_ssb()
    client.metadata("12562")
    (record,) = client.records
    body = (API / "ssb" / "12562_metadata.json").read_bytes()
    assert record.url == f"{api_server.url}/ssb/tables/12562/metadata?lang=no&outputFormat=json-stat2"
    assert (record.method, record.status, record.size) == ("GET", 200, len(body))
    assert record.sha256 == hashlib.sha256(body).hexdigest()
    assert record.updated == "2026-03-16T07:00:00Z"
    assert abs((datetime.now(UTC) - datetime.fromisoformat(record.fetched_at)).total_seconds()) < 60


def test_a_closed_port_is_a_message_about_the_network():
    client = SsbClient(base_url="http://127.0.0.1:9", http=quick_http(retries=0))
    with pytest.raises(KompetanseError) as error:
        client.metadata("12562")
    assert str(error.value) == "Fikk ikke kontakt med SSB for tabell 12562. Sjekk nettverket og prøv igjen."


def test_the_rate_limiter_makes_the_request_over_the_limit_wait_for_the_window():
    now = [100.0]
    slept = []

    def sleep(seconds):
        slept.append(seconds)
        now[0] += seconds

    limiter = RateLimiter(max_calls=3, window_s=60.0, clock=lambda: now[0], sleep=sleep)
    for step in (0.0, 10.0, 10.0):  # three starts at 100, 110 and 120
        now[0] += step
        limiter.wait()
    assert slept == []
    limiter.wait()  # the fourth at 120 must wait until the first (100) is 60 seconds old
    assert slept == [40.0]


def test_the_ssb_client_keeps_to_30_requests_a_minute_by_default():
    limiter = SsbClient(base_url="http://127.0.0.1:9").http.limiter
    assert (limiter.max_calls, limiter.window_s) == (30, 60.0)


@pytest.mark.parametrize(
    "header, expected",
    [
        ("7", 7.0),
        ("Wed, 01 Dec 2026 12:00:30 GMT", 30.0),
        ("Wed, 01 Dec 2026 11:59:00 GMT", 0.0),
        ("soon", None),
    ],
)
def test_retry_after_is_read_as_seconds_or_an_http_date(header, expected):
    now = datetime(2026, 12, 1, 12, 0, 0, tzinfo=UTC)
    assert retry_after_seconds(header, now) == expected


def test_a_429_without_retry_after_backs_off_by_itself(api_server):
    api_server.fail(METADATA, Fault(429), Fault(429))
    slept = []
    http = HttpClient("SSB", RateLimiter(100, 60.0), backoff_s=2.0, sleep=slept.append)
    SsbClient(http=http).metadata("12562")
    assert slept == [2.0, 4.0]
