"""border-metrics: the pages, the shared frame (navigation and filters) and the chosen page. Pages live in pages/.

Streamlit's supported multipage setup: ``st.navigation`` declares the pages (hidden, since the app
draws its own navigation as ``st.page_link``s in ``ui.sidebar``), and every page file also draws the
frame itself when it runs without this script (``ui.components.page_start``).
"""

import logging
import uuid

import streamlit as st

from metrics.i18n import PAGES, t
from ui.serve import log_event
from ui.sidebar import FRAME, draw_frame, session_id

log = logging.getLogger("border_metrics.app")

st.set_page_config(page_title="Border metrics", page_icon="📊", layout="wide")

# The pages are built once per session and language (each st.Page resolves its file's path: ~2 ms a
# rerun); not shared between sessions, since a page object records whether it may run.
language = "en" if st.query_params.get("lang") == "en" else st.session_state.get("w_lang", "vi")
PAGES_KEY = f"_pages_{language}"
if PAGES_KEY not in st.session_state:
    st.session_state[PAGES_KEY] = [
        st.Page(f"pages/{file}", title=(en if language == "en" else vi), url_path=None if index == 0 else path,
                default=(index == 0))
        for index, (path, file, vi, en) in enumerate(PAGES)
    ]
page = st.navigation(st.session_state[PAGES_KEY], position="hidden")
state = draw_frame()
st.session_state[FRAME] = True
try:
    page.run()
except Exception:  # no traceback reaches the page: log it, show a sentence the reader can act on
    code = uuid.uuid4().hex[:8]
    log.exception("page %s failed (code %s)", page.title, code)
    log_event("page_error", session=session_id(), page=page.url_path or "overview", code=code)
    st.error(t("error_page", state.lang, code=code))
finally:
    st.session_state[FRAME] = False
