"""A login through the app's sidebar form over Streamlit's own websocket protocol, from a chosen source
address on loopback (127.0.0.2, 127.0.0.3, ...: Linux routes all of 127/8 to this machine), with any
headers a client cares to send. What a browser elsewhere does, as far as nginx and the app can tell."""

from __future__ import annotations

import asyncio

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

ERROR_ALERT = 1  # Alert.Format.ERROR, what st.error sends


async def _run(ws, back: BackMsg, timeout: float) -> tuple[dict[str, str], list[str], list[str]]:
    """Send one rerun; collect the form's widget ids by label, the errors and the captions until it ends."""
    await ws.send(back.SerializeToString())
    ids: dict[str, str] = {}
    alerts: list[str] = []
    captions: list[str] = []
    async with asyncio.timeout(timeout):
        while True:
            msg = ForwardMsg.FromString(await ws.recv())
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                ids, alerts, captions = {}, [], []  # a rerun (after a login): only its elements count
            elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                element = msg.delta.new_element
                which = element.WhichOneof("type")
                if which in ("text_input", "button"):
                    widget = getattr(element, which)
                    ids.setdefault(widget.label, widget.id)
                elif which == "alert" and element.alert.format == ERROR_ALERT:
                    alerts.append(element.alert.body)
                elif which == "markdown":
                    captions.append(element.markdown.body)
            elif kind == "script_finished" and msg.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY:
                return ids, alerts, captions


async def _log_in(url: str, source: str, name: str, password: str, headers: dict, timeout: float):
    ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
    async with connect(
        ws_url,
        subprotocols=["streamlit"],
        max_size=None,
        ping_interval=None,
        additional_headers=headers or None,
        local_addr=(source, 0),
    ) as ws:
        opening = BackMsg()
        opening.rerun_script.page_name = ""
        ids, _, _ = await _run(ws, opening, timeout)
        submit = BackMsg()
        submit.rerun_script.page_name = ""
        for label, value in (("Brukernavn", name), ("Passord", password)):
            state = submit.rerun_script.widget_states.widgets.add()
            state.id, state.string_value = ids[label], value
        button = submit.rerun_script.widget_states.widgets.add()
        button.id, button.trigger_value = ids["Logg inn"], True
        _, alerts, captions = await _run(ws, submit, timeout)
        logged_in = any(text.startswith("Innlogget:") for text in captions)
        return "innlogget" if logged_in else " ".join(alerts)


def log_in(
    url: str, source: str, name: str, password: str, headers: dict | None = None, timeout: float = 60
) -> str:
    """'innlogget', or the errors the page showed ('Feil brukernavn eller passord.', 'For mange ...')."""
    return asyncio.run(_log_in(url, source, name, password, headers or {}, timeout))
