"""A browser tab as far as a Streamlit server can tell: the HTTP requests before the websocket, then
Streamlit's own protocol on it. A `rerun_script` BackMsg names the page (a click on a page link), and
the server streams ForwardMsgs until `script_finished`. No browser is needed, so 100 tabs fit on 2 cores.
"""

from __future__ import annotations

import asyncio
import http.cookiejar
import time
import urllib.request
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import ClientConnection, connect

ERROR_ALERT = 1  # Alert.Format.ERROR, what st.error sends
KeyFigures = tuple[tuple[str, str, str], ...]  # Oversikt's metrics: (label, value, help)


@dataclass
class PageRun:
    session: int
    page: str
    started: float  # seconds since the load started
    seconds: float
    opening: bool = False  # the session's first run: opening the app's link
    state: int | None = None  # Oversikt: which data version it showed (0 = before the imports)


@dataclass
class Problem:
    kind: str
    session: int
    page: str
    at: float
    detail: str


@dataclass
class Record:
    """What every session adds to: its page runs, its problems, the bytes it received."""

    runs: list[PageRun] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    bytes_received: int = 0


@dataclass
class Seen:
    """What one page run has sent so far."""

    messages: int = 0
    page: str = ""  # the page the server says it runs
    last_element: str = ""
    metrics: list[tuple[str, str, str]] = field(default_factory=list)
    downloads: dict[str, str] = field(default_factory=dict)  # download button label -> deferred file id


def browser_cookies(base: str) -> str:
    """What a browser has sent as Cookie once it has loaded the page and checked the server's health."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    for path in ("/", "/_stcore/health", "/_stcore/host-config"):
        with opener.open(base + path, timeout=30) as response:
            response.read()
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)


async def open_tab(base: str, cookie: str | None = None) -> ClientConnection:
    """Load the page (getting the cookies a load balancer may route by) and open the websocket."""
    if cookie is None:
        cookie = await asyncio.to_thread(browser_cookies, base)
    url = base.replace("http://", "ws://") + "/_stcore/stream"
    # Browsers send no websocket pings; the page timeout catches a server that hangs.
    return await connect(
        url,
        subprotocols=["streamlit"],
        max_size=None,
        ping_interval=None,
        additional_headers={"Cookie": cookie} if cookie else None,
    )


class Session:
    """One tab's websocket and its URL state."""

    def __init__(
        self,
        index: int,
        ws: ClientConnection,
        record: Record,
        origin: float,
        states: list[KeyFigures] | None = None,
    ):
        self.index, self.ws, self.record, self.origin, self.states = index, ws, record, origin, states
        self.query_string = ""  # the URL's query string, as the server last set it
        self.session_id = ""  # the server's id of this session, from new_session
        self.page_hashes: dict[str, str] = {}  # page title -> page_script_hash, from `navigation`

    def problem(self, kind: str, page: str, detail: str) -> None:
        self.record.problems.append(Problem(kind, self.index, page, time.monotonic() - self.origin, detail))

    def request(self, page: str) -> BackMsg:
        """What the browser sends on opening the app's URL (no page known yet) or clicking a page link."""
        back = BackMsg()
        back.rerun_script.query_string = self.query_string
        if page in self.page_hashes:
            back.rerun_script.page_script_hash = self.page_hashes[page]
        else:
            back.rerun_script.page_name = ""  # the URL "/": the default page, Oversikt
        return back

    async def visit(self, page: str, timeout: float, opening: bool = False) -> Seen:
        """Run one page to the end, recording its time, what went wrong and which data it showed."""
        started = time.monotonic()
        await self.ws.send(self.request(page).SerializeToString())
        seen = Seen()
        try:
            async with asyncio.timeout(timeout):
                await self.read_run(page, seen)
        except TimeoutError:
            self.problem(
                "timeout",
                page,
                f"no script_finished after {timeout:.0f} s; {seen.messages} "
                f"messages came, the last element was {seen.last_element!r}",
            )
            raise
        if self.page_hashes and seen.page != page:
            self.problem("wrong page", page, f"the server ran {seen.page!r}")
        run = PageRun(self.index, page, started - self.origin, time.monotonic() - started, opening)
        if page == "Oversikt" and self.states is not None:
            run.state = self.data_state(tuple(seen.metrics))
        self.record.runs.append(run)
        return seen

    async def read_run(self, page: str, seen: Seen) -> None:
        """Read ForwardMsgs until the run has finished (after any st.rerun)."""
        while True:
            raw = await self.ws.recv()
            self.record.bytes_received += len(raw)
            seen.messages += 1
            msg = ForwardMsg.FromString(raw)
            kind = msg.WhichOneof("type")
            if kind == "new_session":  # a run starts (again, after st.rerun): only its elements count
                seen.metrics = []
                self.session_id = msg.new_session.initialize.session_id or self.session_id
            elif kind == "navigation":
                self.page_hashes = {p.page_name: p.page_script_hash for p in msg.navigation.app_pages}
                titles = {p.page_script_hash: p.page_name for p in msg.navigation.app_pages}
                seen.page = titles.get(msg.navigation.page_script_hash, "")
            elif kind == "page_info_changed":
                self.query_string = msg.page_info_changed.query_string
            elif kind == "page_not_found":
                self.problem("page not found", page, msg.page_not_found.page_name)
            elif kind == "session_event" and msg.session_event.HasField("script_compilation_exception"):
                self.problem("compile error", page, str(msg.session_event.script_compilation_exception))
            elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                self.inspect(msg.delta.new_element, page, seen)
            elif kind == "script_finished":
                if msg.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY:
                    return
                if msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    status = ForwardMsg.ScriptFinishedStatus.Name(msg.script_finished)
                    self.problem("script finished badly", page, status)
                    return

    def inspect(self, element, page: str, seen: Seen) -> None:
        """Note exceptions, st.error alerts, Oversikt's metrics and the download buttons."""
        which = element.WhichOneof("type")
        seen.last_element = which
        if which == "exception":
            ex = element.exception
            self.problem("exception", page, f"{ex.type}: {ex.message}\n" + "\n".join(ex.stack_trace))
        elif which == "alert" and element.alert.format == ERROR_ALERT:
            self.problem("st.error", page, element.alert.body)
        elif which == "metric":
            seen.metrics.append((element.metric.label, element.metric.body, element.metric.help))
        elif which == "download_button":
            seen.downloads[element.download_button.label] = element.download_button.deferred_file_id

    def data_state(self, metrics: KeyFigures) -> int | None:
        """Which data version Oversikt showed; a mix or anything else is a problem."""
        if metrics in self.states:
            return self.states.index(metrics)
        self.problem("neither old nor new data", "Oversikt", repr(metrics))
        return None

    async def deferred_file_url(self, file_id: str, timeout: float = 120) -> str:
        """Click a download button whose file is made on click: the server makes it and says where it is."""
        back = BackMsg()
        back.backend_operation_request.request_id = f"download-{file_id}"
        back.backend_operation_request.session_id = self.session_id
        back.backend_operation_request.deferred_file.file_id = file_id
        await self.ws.send(back.SerializeToString())
        async with asyncio.timeout(timeout):
            while True:
                msg = ForwardMsg.FromString(await self.ws.recv())
                if msg.WhichOneof("type") == "backend_operation_response":
                    response = msg.backend_operation_response
                    if response.error_msg:
                        raise RuntimeError(f"download failed: {response.error_msg}")
                    return response.deferred_file.url
