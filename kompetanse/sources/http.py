"""One polite HTTP client for the official sources: rate limit, time-out, retries, a record of every response.

`HttpClient.fetch` sends one request and returns the body. It waits so that no more than
`max_calls` requests leave in any `window_s` seconds, retries a 5xx answer or a time-out
`retries` times, honours `Retry-After` on HTTP 429, and turns every failure into a
`KompetanseError` whose Norwegian message names the service and what was asked for
("SSB svarte med feil 400 for tabell 12562: Non-existent value."). Every answer it receives is
kept in `records` with its URL, fetch time, status and the SHA-256 of the body.
"""

from __future__ import annotations

import email.utils
import hashlib
import http.client
import json
import time
import urllib.error
import urllib.request
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from kompetanse.errors import KompetanseError
from kompetanse.i18n import _

# Told to every publisher; a header for their logs, not a text for users (so in English).
USER_AGENT = "kompetanse (official figures, municipal networks)"


@dataclass(frozen=True)
class FetchRecord:
    """One response as the import log keeps it."""

    url: str
    method: str
    status: int
    fetched_at: str  # ISO 8601, UTC
    sha256: str
    size: int
    updated: str | None  # the dataset's own `updated`, when the body says it


@dataclass
class RateLimiter:
    """At most `max_calls` starts in any `window_s` seconds (a sliding window)."""

    max_calls: int = 30
    window_s: float = 60.0
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    _starts: deque = field(default_factory=deque)

    def wait(self) -> None:
        """Block until one more request may start, then count it."""
        now = self.clock()
        while self._starts and now - self._starts[0] >= self.window_s:
            self._starts.popleft()
        if len(self._starts) >= self.max_calls:
            self.sleep(self.window_s - (now - self._starts[0]))
            now = self.clock()
            self._starts.popleft()
        self._starts.append(now)


def seconds(value: float) -> str:
    """A number of seconds as Norwegian text: 60 -> '60', 0.5 -> '0,5'."""
    return f"{value:g}".replace(".", ",")


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date (RFC 9110)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def error_title(body: bytes) -> str | None:
    """The diagnosis in an error body: PxWebApi's `title` (RFC 7807-like), or a plain `message`/`error`."""
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict):
        return None
    for key in ("title", "message", "error"):
        if isinstance(data.get(key), str) and data[key].strip():
            return data[key].strip().rstrip(".")
    return None


def dataset_updated(body: bytes) -> str | None:
    """The `updated` stamp of a JSON-stat dataset (cheap: only looked for, never required)."""
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except (ValueError, UnicodeDecodeError):
        return None
    return data.get("updated") if isinstance(data, dict) and isinstance(data.get("updated"), str) else None


class HttpClient:
    """Sends requests to one service and keeps a record of every answer."""

    def __init__(
        self,
        service: str,
        limiter: RateLimiter | None = None,
        timeout_s: float = 60.0,
        retries: int = 2,
        retries_429: int = 3,
        backoff_s: float = 2.0,
        max_wait_s: float = 120.0,
        sleep: Callable[[float], None] = time.sleep,
        listener: Callable[[FetchRecord], None] | None = None,
    ):
        self.service = service
        self.listener = listener  # told of every response as it arrives (a progress bar)
        self.limiter = limiter or RateLimiter()
        self.timeout_s = timeout_s
        self.retries = retries
        self.retries_429 = retries_429
        self.backoff_s = backoff_s
        self.max_wait_s = max_wait_s
        self.sleep = sleep
        self.records: list[FetchRecord] = []

    def fetch(self, url: str, what: str, body: dict | None = None) -> bytes:
        """GET `url` (or POST `body` as JSON) and return the answer; `what` says what was asked for."""
        failures = 0
        throttled = 0
        while True:
            try:
                return self._once(url, body)
            except urllib.error.HTTPError as error:
                raw = _read_error_body(error)
                self._record(url, body, error.code, raw)
                if error.code == 429 and throttled < self.retries_429:
                    throttled += 1
                    wait = retry_after_seconds((error.headers or {}).get("Retry-After"))
                    self.sleep(min(self.max_wait_s, self.backoff_s * throttled if wait is None else wait))
                    continue
                if error.code >= 500 and failures < self.retries:
                    failures += 1
                    self.sleep(self.backoff_s * failures)
                    continue
                raise KompetanseError(self._http_message(error.code, raw, what)) from None
            except http.client.IncompleteRead:
                raise KompetanseError(self._truncated(what)) from None
            except (
                TimeoutError,
                urllib.error.URLError,
                ConnectionError,
                http.client.HTTPException,
                OSError,
            ) as error:
                if failures < self.retries:  # a time-out or a dropped connection may pass; retry like a 5xx
                    failures += 1
                    self.sleep(self.backoff_s * failures)
                    continue
                if isinstance(error, TimeoutError) or isinstance(
                    getattr(error, "reason", None), TimeoutError
                ):
                    raise KompetanseError(
                        _(
                            "{service} svarte ikke innen {seconds} sekunder {what}. Prøv igjen senere.",
                            service=self.service,
                            seconds=seconds(self.timeout_s),
                            what=what,
                        )
                    ) from None
                raise KompetanseError(
                    _(
                        "Fikk ikke kontakt med {service} {what}. Sjekk nettverket og prøv igjen.",
                        service=self.service,
                        what=what,
                    )
                ) from None

    def fetch_json(self, url: str, what: str, body: dict | None = None) -> dict | list:
        """`fetch`, then parse the body as JSON; a cut-off or garbled body is a clear error."""
        raw = self.fetch(url, what, body)
        try:
            return json.loads(raw.decode("utf-8-sig"))
        except (ValueError, UnicodeDecodeError):
            raise KompetanseError(self._truncated(what)) from None

    def _once(self, url: str, body: dict | None) -> bytes:
        self.limiter.wait()
        data = None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
        headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
        if data is not None:
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(
            url, data=data, headers=headers, method="GET" if data is None else "POST"
        )
        with urllib.request.urlopen(request, timeout=self.timeout_s) as response:
            raw = response.read()
            self._record(url, body, response.status, raw)
            return raw

    def _record(self, url: str, body: dict | None, status: int, raw: bytes) -> None:
        self.records.append(
            record := FetchRecord(
                url=url,
                method="GET" if body is None else "POST",
                status=status,
                fetched_at=datetime.now(UTC).isoformat(timespec="seconds"),
                sha256=hashlib.sha256(raw).hexdigest(),
                size=len(raw),
                updated=dataset_updated(raw) if status == 200 else None,
            )
        )
        if self.listener is not None:
            self.listener(record)

    def _http_message(self, status: int, raw: bytes, what: str) -> str:
        title = error_title(raw)
        if status == 429:
            return _(
                "{service} avviste forespørselen {what} fordi det kom for mange på kort tid (HTTP 429). "
                "Vent et minutt og prøv igjen.",
                service=self.service,
                what=what,
            )
        if title:
            return _(
                "{service} svarte med feil {status} {what}: {title}.",
                service=self.service,
                status=status,
                what=what,
                title=title,
            )
        return _("{service} svarte med feil {status} {what}.", service=self.service, status=status, what=what)

    def _truncated(self, what: str) -> str:
        return _(
            "{service} sendte et ufullstendig eller ødelagt svar {what}. Prøv igjen senere.",
            service=self.service,
            what=what,
        )


def _read_error_body(error: urllib.error.HTTPError) -> bytes:
    try:
        return error.read() or b""
    except (OSError, http.client.HTTPException):
        return b""
