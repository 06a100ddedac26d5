"""border-metrics: page config, the shared sidebar and the navigation. Pages live in pages/."""

import logging
import uuid

import streamlit as st

from ui.components import leave_legacy_pages_mode

st.set_page_config(page_title="Border metrics", page_icon="📊", layout="wide")
leave_legacy_pages_mode()

from metrics.bundle import BundleError  # noqa: E402
from metrics.i18n import PAGES, t  # noqa: E402
from ui.sidebar import render_sidebar  # noqa: E402
from ui.state import ViewState  # noqa: E402

log = logging.getLogger("border_metrics.app")

try:
    state = render_sidebar()
except BundleError as error:
    st.error(t("data_error", "vi", error=error) + "\n\n" + t("data_error", "en", error=error))
    st.stop()
except Exception:  # the sidebar failed: log it, say so, and carry on with the default view
    code = uuid.uuid4().hex[:8]
    log.exception("sidebar failed (code %s)", code)
    st.sidebar.error(t("error_page", "vi", code=code))
    state = ViewState()

# The pages are built once per session and language (each st.Page resolves its file's path: ~2 ms a
# rerun); not shared between sessions, since a page object records whether it may run.
PAGES_KEY = f"_pages_{state.lang}"
if PAGES_KEY not in st.session_state:
    st.session_state[PAGES_KEY] = [
        st.Page(f"pages/{file}", title=(en if state.lang == "en" else vi), url_path=path, default=(index == 0))
        if index else st.Page(f"pages/{file}", title=(en if state.lang == "en" else vi), default=True)
        for index, (path, file, vi, en) in enumerate(PAGES)
    ]
page = st.navigation(st.session_state[PAGES_KEY], position="sidebar")
try:
    page.run()
except Exception:  # no traceback reaches the page: log it, show a sentence the reader can act on
    code = uuid.uuid4().hex[:8]
    log.exception("page %s failed (code %s)", page.title, code)
    st.error(t("error_page", state.lang, code=code))
