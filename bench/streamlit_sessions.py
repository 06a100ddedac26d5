"""A Streamlit session without a browser: the websocket protocol the frontend speaks, for benchmarks.

A session connects to ``/_stcore/stream`` with the ``streamlit`` subprotocol (same Origin as the
page, no XSRF token: Streamlit checks it only to read a login cookie), asks for a run as the
frontend does on load (``rerun_script`` with the query string, the page and the browser context)
and reads ForwardMsgs until the run's ``script_finished``. Widget values are read from the
deltas; a change is sent as the frontend sends it, a ``rerun_script`` carrying every widget's
current value. Large messages are cached and announced by hash as the frontend does, so the
server sends references for what the session already holds.

Written against Streamlit 1.67 (Starlette server). Widgets whose value this client does not
model (buttons, charts, sliders, ...) are left out of the widget states; the server then keeps
their default or session value, as it does for a trigger the frontend has reset.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake

STREAM_PATH = "/_stcore/stream"
_STRING_WIDGETS = ("radio", "selectbox")  # the value is the formatted option, as shown


class SessionError(Exception):
    """The session broke: no answer in time, or the connection closed."""


@dataclass
class Run:
    """One script run as the session saw it, from the BackMsg sent to its ``script_finished``."""

    seconds: float
    texts: list[str] = field(default_factory=list)  # what the page shows in words, in delta order
    errors: list[str] = field(default_factory=list)  # exceptions, error alerts, a page not found, a compile error


def _text(kind: str, element) -> str | None:
    """The words an element shows (headings, markdown, captions, metrics, alerts), or None."""
    if kind in ("heading", "markdown"):
        return element.body
    if kind == "metric":
        return f"{element.label}: {element.body}"
    if kind == "alert":
        return element.body
    if kind == "exception":
        return f"{element.type}: {element.message}"
    return None


def _widget_state(kind: str, element) -> WidgetState | None:
    """The value the frontend would report for a freshly drawn widget, or None if not modelled."""
    state = WidgetState(id=element.id)
    if kind in _STRING_WIDGETS:
        if element.set_value and element.HasField("raw_value"):
            state.string_value = element.raw_value
        elif element.HasField("default") and 0 <= element.default < len(element.options):
            state.string_value = element.options[element.default]
        else:
            return None
    elif kind == "multiselect":
        values = element.raw_values if element.set_value else [element.options[i] for i in element.default]
        state.string_array_value.data.extend(values)
    elif kind == "checkbox":
        state.bool_value = element.value if element.set_value else element.default
    elif kind in ("text_input", "text_area"):
        if element.set_value and element.HasField("value"):
            state.string_value = element.value
        elif element.HasField("default"):
            state.string_value = element.default
        else:
            return None
    elif kind == "date_input":
        state.string_array_value.data.extend(element.value if element.set_value else element.default)
    else:
        return None
    return state


class StreamlitSession:
    """One browser tab's worth of Streamlit session, spoken over the websocket."""

    def __init__(self, url: str, *, timezone: str = "UTC", locale: str = "en-US"):
        parts = urlsplit(url)
        self.url = url
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.stream_url = f"ws{parts.scheme[4:]}://{parts.netloc}{parts.path.rstrip('/')}{STREAM_PATH}"
        self.timezone, self.locale = timezone, locale
        self.query_string = ""
        self.page_script_hash = ""
        self.widgets: dict[str, WidgetState] = {}  # id -> the value the next rerun reports
        self.options: dict[str, list[str]] = {}  # id -> the formatted options of a choice widget
        self._cache: dict[str, ForwardMsg] = {}  # hash -> a cacheable message received (never evicted: short sessions)
        self._socket = None

    async def open(self, *, query_string: str = "", page_name: str = "", timeout: float = 60) -> Run:
        """Connect and run the app as a page load does; ``page_name`` is the URL path ('' for the default)."""
        self.query_string = query_string
        try:
            self._socket = await asyncio.wait_for(
                connect(self.stream_url, subprotocols=["streamlit"], origin=self.origin, max_size=None,
                        ping_interval=None, open_timeout=None),
                timeout)
        except (OSError, InvalidHandshake, TimeoutError) as error:
            raise SessionError(f"could not connect to {self.stream_url}: {type(error).__name__}: {error}") from error
        return await self._rerun(page_name=page_name, timeout=timeout, first=True)

    def widget_id(self, key: str) -> str:
        """The id of the widget drawn with ``key=key`` in the last run."""
        found = [widget_id for widget_id in self.widgets if widget_id.endswith(f"-{key}")]
        if len(found) != 1:
            raise KeyError(f"no single widget with key {key!r} in the last run ({len(found)} found)")
        return found[0]

    async def change(self, widget_id: str, value, *, timeout: float = 60) -> Run:
        """Set one widget as a user would and rerun: a str (radio, selectbox, text), a list (multiselect,
        date range) or a bool (checkbox, toggle). Every other widget keeps its current value."""
        state = WidgetState(id=widget_id)
        if isinstance(value, bool):
            state.bool_value = value
        elif isinstance(value, str):
            state.string_value = value
        else:
            state.string_array_value.data.extend(value)
        self.widgets[widget_id] = state
        return await self._rerun(timeout=timeout)

    async def close(self) -> None:
        if self._socket is not None:
            await self._socket.close()
            self._socket = None

    async def __aenter__(self) -> StreamlitSession:
        return self

    async def __aexit__(self, *exc) -> None:
        await self.close()

    def _rerun_msg(self, page_name: str, first: bool) -> BackMsg:
        back = BackMsg()
        rerun = back.rerun_script
        rerun.query_string = self.query_string
        rerun.page_script_hash = "" if first else self.page_script_hash
        rerun.page_name = page_name
        rerun.widget_states.widgets.extend(self.widgets.values())
        rerun.cached_message_hashes.extend(self._cache)
        context = rerun.context_info
        context.timezone = self.timezone
        context.timezone_offset = 0
        context.locale = self.locale
        context.url = f"{self.url.rstrip('/')}/{page_name}" + (f"?{self.query_string}" if self.query_string else "")
        context.is_embedded = False
        context.color_scheme = "light"
        return back

    async def _rerun(self, *, page_name: str = "", timeout: float, first: bool = False) -> Run:
        if self._socket is None:
            raise SessionError("the session is not open")
        deadline = time.monotonic() + timeout
        started = time.perf_counter()
        try:
            await self._socket.send(self._rerun_msg(page_name, first).SerializeToString())
        except ConnectionClosed as error:
            raise SessionError(f"disconnected: {error}") from error
        run = Run(seconds=0.0)
        widgets: dict[str, WidgetState] = {}
        while True:
            msg = await self._receive(deadline, timeout)
            kind = msg.WhichOneof("type")
            if kind == "new_session":  # a run starts (again, after st.rerun): its page replaces the last one
                self.page_script_hash = msg.new_session.page_script_hash
                run.texts, run.errors, widgets = [], [], {}
            elif kind == "navigation" and msg.navigation.page_script_hash:
                self.page_script_hash = msg.navigation.page_script_hash
            elif kind == "page_info_changed":
                self.query_string = msg.page_info_changed.query_string
            elif kind == "page_not_found":  # the server then runs the default page
                run.errors.append(f"page not found: {msg.page_not_found.page_name or page_name!r}")
            elif kind == "session_event" and msg.session_event.HasField("script_compilation_exception"):
                error = msg.session_event.script_compilation_exception
                run.errors.append(f"script error: {error.type}: {error.message}")
            elif kind == "delta":
                self._read_delta(msg, run, widgets)
            elif kind == "script_finished":
                status = msg.script_finished
                if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue  # the app asked for another run (st.rerun): the chain goes on
                if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    run.errors.append("script finished with an error")
                run.seconds = time.perf_counter() - started
                # Widgets not drawn in this run are gone, as the frontend drops them.
                self.widgets = widgets
                return run

    async def _receive(self, deadline: float, timeout: float) -> ForwardMsg:
        remaining = deadline - time.monotonic()
        try:
            if remaining <= 0:
                raise TimeoutError
            data = await asyncio.wait_for(self._socket.recv(), remaining)
        except TimeoutError:
            raise SessionError(f"no script_finished within {timeout:.0f} s") from None
        except ConnectionClosed as error:
            raise SessionError(f"disconnected: {error}") from error
        msg = ForwardMsg.FromString(data)
        if msg.HasField("ref_hash"):  # the server refers to a message this session holds
            cached = self._cache.get(msg.ref_hash)
            if cached is None:
                raise SessionError(f"the server referred to message {msg.ref_hash}, which this session never got")
            resolved = ForwardMsg()
            resolved.CopyFrom(cached)
            resolved.metadata.CopyFrom(msg.metadata)
            return resolved
        if msg.metadata.cacheable and msg.hash:
            self._cache[msg.hash] = msg
        return msg

    def _read_delta(self, msg: ForwardMsg, run: Run, widgets: dict[str, WidgetState]) -> None:
        delta = msg.delta
        if delta.WhichOneof("type") == "add_block":
            block = delta.add_block
            if block.WhichOneof("type") == "expandable" and block.expandable.id:
                widgets[block.expandable.id] = WidgetState(id=block.expandable.id, bool_value=block.expandable.expanded)
            return
        if delta.WhichOneof("type") != "new_element":
            return
        kind = delta.new_element.WhichOneof("type")
        if kind is None:
            return
        element = getattr(delta.new_element, kind)
        text = _text(kind, element)
        if text is not None:
            run.texts.append(text)
        if kind == "exception":
            run.errors.append(f"exception shown: {text}")
        elif kind == "alert" and element.format == Alert.ERROR:
            run.errors.append(f"error shown: {text}")
        if getattr(element, "id", "") and kind in ("radio", "selectbox", "multiselect"):
            self.options[element.id] = list(element.options)
        state = _widget_state(kind, element) if getattr(element, "id", "") else None
        if state is not None:
            widgets[element.id] = self.widgets.get(element.id, state) if not element.set_value else state
