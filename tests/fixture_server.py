"""A local stand-in for SSB PxWebApi v2, KLASS and Udir Barnehagefakta, serving tests/fixtures/api.

A real `http.server` on 127.0.0.1 with a free port. Under /ssb it answers like PxWebApi v2:
`/tables/{id}/metadata` serves the table's metadata file (with `codelist[X]=Y` applied, the file
`{id}_metadata_{Y}.json`), and `/tables/{id}/data` (GET `valueCodes[X]=a,b` or POST
`{"selection": [...]}`) cuts the requested cells out of the table's data file the way SSB would,
answering SSB's real error bodies for an unknown table (404), an unknown code or variable (400),
a missing variable (400), too many cells (400), a repeated code (500, empty body) and a URL over
`max_url` characters (the HTML 404 SSB sends). /klass serves KLASS 131 `codesAt` and 112
`correspondsAt`, /udir serves `Kommune/{nr}`.

A test can queue faults for paths (`fail`): any status with headers (429 with Retry-After, 500,
503), a hang longer than the client's time-out, or a body cut in half; and it can swap a file for
another (`serve`, e.g. metadata whose label moved). Every request is kept in `requests`.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import product
from math import prod
from pathlib import Path

import pytest

from kompetanse.sources.http import HttpClient, RateLimiter
from kompetanse.sources.ssb.client import SsbClient

API = Path(__file__).parent / "fixtures" / "api"
ERRORS = API / "ssb" / "errors"


def _error(title: str, status: int = 400, detail: bool = False) -> bytes:
    body = {"type": "Parameter error", "title": title}
    if detail:  # SSB repeats the title as detail only for "Too many cells selected"
        body["detail"] = title
    body["status"] = status
    return json.dumps(body, separators=(",", ":")).encode()


@dataclass
class Fault:
    """One scripted answer: a status (with body and headers), a hang, or the real body cut short."""

    status: int | None = None
    body: bytes = b""
    headers: dict = field(default_factory=dict)
    hang_s: float = 0.0
    truncate: bool = False


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    query: dict
    body: dict | None
    url_length: int


def slice_dataset(cube: dict, selection: dict[str, list[str]], max_cells: int) -> tuple[int, bytes]:
    """The cells of `cube` SSB would return for `selection` (variable -> codes), or SSB's error."""
    ids = cube["id"]
    by_lower = {dimension_id.lower(): dimension_id for dimension_id in ids}
    chosen = {}
    for variable, codes in selection.items():
        if variable.lower() not in by_lower:
            return 400, _error("Non-existent variable")
        chosen[by_lower[variable.lower()]] = codes
    if any(dimension_id not in chosen for dimension_id in ids):
        return 400, ERRORS.joinpath("400_missing_selection.json").read_bytes()
    keep = {}
    for dimension_id in ids:
        index = cube["dimension"][dimension_id]["category"]["index"]
        codes = chosen[dimension_id]
        if len(codes) != len(set(codes)):
            return 500, b""  # SSB answers a repeated code with 500 and an empty body
        if codes == ["*"]:
            codes = list(index)
        by_code = {code.lower(): code for code in index}
        if any(code.lower() not in by_code for code in codes):
            return 400, ERRORS.joinpath("400_non_existent_value.json").read_bytes()
        wanted = {by_code[code.lower()] for code in codes}
        keep[dimension_id] = [code for code in index if code in wanted]  # table order, as SSB returns
    sizes = [len(cube["dimension"][i]["category"]["index"]) for i in ids]
    if prod(len(keep[i]) for i in ids) > max_cells:
        return 400, _error("Too many cells selected", detail=True)
    strides = [prod(sizes[k + 1 :]) for k in range(len(ids))]
    positions = [{code: n for n, code in enumerate(cube["dimension"][i]["category"]["index"])} for i in ids]
    out = json.loads(json.dumps(cube))
    values, status = [], {}
    for new, coords in enumerate(product(*[keep[i] for i in ids])):
        old = sum(positions[k][code] * strides[k] for k, code in enumerate(coords))
        values.append(cube["value"][old])
        if str(old) in cube.get("status", {}):
            status[str(new)] = cube["status"][str(old)]
    for dimension_id in ids:
        category = out["dimension"][dimension_id]["category"]
        codes = keep[dimension_id]
        category["index"] = {code: n for n, code in enumerate(codes)}
        for key in ("label", "unit"):
            if key in category:
                category[key] = {code: category[key][code] for code in codes}
        extension = out["dimension"][dimension_id].get("extension", {})
        for key, item in list(extension.items()):
            if isinstance(item, dict) and set(item) <= set(
                cube["dimension"][dimension_id]["category"]["index"]
            ):
                extension[key] = {code: item[code] for code in codes if code in item}
    out["size"] = [len(keep[i]) for i in ids]
    out["value"] = values
    out.pop("status", None)
    if status:
        out["status"] = status
    return 200, json.dumps(out, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class FixtureServer:
    """The local API server; `url + '/ssb'`, `'/klass'` and `'/udir'` are the three base URLs."""

    def __init__(self, root: Path = API):
        self.root = root
        self.requests: list[Request] = []
        self.faults: dict[str, deque[Fault]] = {}
        self.files: dict[str, Path] = {}
        self.max_cells = 800_000
        self.max_url = 2_100
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.02,), daemon=True)

    def start(self) -> FixtureServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def fail(self, path: str, *faults: Fault) -> None:
        """Answer the next requests whose path starts with `path` with these faults, in order."""
        with self._lock:
            self.faults.setdefault(path, deque()).extend(faults)

    def serve(self, path: str, file: Path) -> None:
        """Serve `file` for requests to exactly `path` (e.g. a metadata file whose label moved)."""
        self.files[path] = file

    def requested(self, prefix: str) -> list[Request]:
        """The requests so far whose path starts with `prefix`."""
        return [request for request in self.requests if request.path.startswith(prefix)]

    def _next_fault(self, path: str) -> Fault | None:
        with self._lock:
            for prefix, queue in self.faults.items():
                if path.startswith(prefix) and queue:
                    return queue.popleft()
        return None

    def answer(self, method: str, raw_path: str, body: bytes) -> tuple[int, bytes, dict]:
        """Status, body and headers for one request (the logic behind the HTTP handler)."""
        parsed = urllib.parse.urlsplit(raw_path)
        path = urllib.parse.unquote(parsed.path)
        query = dict(urllib.parse.parse_qsl(parsed.query, keep_blank_values=True))
        payload = json.loads(body) if body else None
        self.requests.append(Request(method, path, query, payload, len(raw_path)))
        html = {"Content-Type": "text/html; charset=iso-8859-1"}
        if len(raw_path) > self.max_url:
            return 404, ERRORS.joinpath("404_url_too_long.html").read_bytes(), html
        fault = self._next_fault(path)
        if fault and fault.hang_s:
            time.sleep(fault.hang_s)
        if fault and fault.status:
            return fault.status, fault.body, fault.headers
        status, content, headers = self._route(method, path, query, payload)
        if fault and fault.truncate:
            content = content[: len(content) // 2]
        return status, content, headers

    def _route(self, method, path, query, payload) -> tuple[int, bytes, dict]:
        headers = {"Content-Type": "application/json; charset=utf-8"}
        if path in self.files:
            return 200, self.files[path].read_bytes(), headers
        parts = path.strip("/").split("/")
        if parts[:2] == ["ssb", "tables"] and len(parts) == 4:
            return (*self._ssb(parts[2], parts[3], method, query, payload), headers)
        if parts[:2] == ["klass", "classifications"] and len(parts) == 4:
            return (*self._klass(parts[2], parts[3], query), headers)
        if parts[:2] == ["udir", "Kommune"] and len(parts) == 3:
            file = self.root / "udir" / f"kommune_{parts[2]}.json"
            return (200, file.read_bytes(), headers) if file.exists() else (404, b"", headers)
        return 404, b"", headers

    def _ssb(self, table, endpoint, method, query, payload) -> tuple[int, bytes]:
        missing_table = ERRORS.joinpath("404_non_existent_table.json").read_bytes()
        lists = {key[9:-1]: value for key, value in query.items() if key.lower().startswith("codelist[")}
        if endpoint == "metadata":
            suffix = "".join(f"_{codelist}" for codelist in lists.values())
            file = self.root / "ssb" / f"{table}_metadata{suffix}.json"
            return (200, file.read_bytes()) if file.exists() else (404, missing_table)
        file = self.root / "ssb" / f"{table}_data.json"
        if endpoint != "data" or not file.exists():
            return 404, missing_table
        if method == "POST":
            selection = {item["variableCode"]: list(item["valueCodes"]) for item in payload["selection"]}
        else:
            selection = {
                key[11:-1]: value.split(",")
                for key, value in query.items()
                if key.lower().startswith("valuecodes[")
            }
        return slice_dataset(json.loads(file.read_text(encoding="utf-8")), selection, self.max_cells)

    def _klass(self, classification, endpoint, query) -> tuple[int, bytes]:
        if "date" not in query:
            return 400, b'{"error":"date is required"}'
        if (classification, endpoint) == ("131", "codesAt"):
            return 200, (self.root / "klass" / "131_codesAt_2026-01-01.json").read_bytes()
        if (classification, endpoint) == ("112", "correspondsAt") and query.get(
            "targetClassificationId"
        ) == "131":
            return 200, (self.root / "klass" / "112_correspondsAt_131.json").read_bytes()
        return 404, b""

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def _reply(self, method: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                status, content, headers = server.answer(method, self.path, body)
                try:
                    self.send_response(status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(content)))
                    self.end_headers()
                    self.wfile.write(content)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (a time-out test)
                    pass

            def do_GET(self):
                self._reply("GET")

            def do_POST(self):
                self._reply("POST")

            def log_message(self, *args):  # keep the test output quiet
                pass

        return Handler


@pytest.fixture
def api_server(monkeypatch):
    """The fixture server, with $KOMPETANSE_SSB_API, _KLASS_API and _UDIR_API pointing at it."""
    server = FixtureServer().start()
    monkeypatch.setenv("KOMPETANSE_SSB_API", f"{server.url}/ssb")
    monkeypatch.setenv("KOMPETANSE_KLASS_API", f"{server.url}/klass")
    monkeypatch.setenv("KOMPETANSE_UDIR_API", f"{server.url}/udir")
    yield server
    server.stop()


def quick_http(
    service: str = "SSB", timeout_s: float = 5.0, retries: int = 2, retries_429: int = 3
) -> HttpClient:
    """A client for tests: no rate-limit waits and 10 ms back-off, otherwise the real one."""
    return HttpClient(
        service,
        RateLimiter(10_000, 60.0),
        timeout_s=timeout_s,
        retries=retries,
        retries_429=retries_429,
        backoff_s=0.01,
    )


def quick_ssb(max_cells: int = 800_000, max_get_url: int = 2_000, **http) -> SsbClient:
    """An SSB client on $KOMPETANSE_SSB_API (the fixture server) with `quick_http`."""
    return SsbClient(http=quick_http("SSB", **http), max_cells=max_cells, max_get_url=max_get_url)
