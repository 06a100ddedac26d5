"""border-metrics: the pages, the shared frame (navigation and filters) and the chosen page. Pages live in pages/.

Streamlit's supported multipage setup: ``st.navigation`` declares the pages (hidden, since the app
draws its own navigation as ``st.page_link``s in ``ui.sidebar``), and every page file also draws the
frame itself when it runs without this script (``ui.components.page_start``).
"""

import logging
import uuid

import streamlit as st

from metrics.i18n import t
from ui.serve import log_event
from ui.sidebar import FRAME, app_pages, draw_frame, session_id

log = logging.getLogger("border_metrics.app")

st.set_page_config(page_title="Border metrics", page_icon="📊", layout="wide")

language = "en" if st.query_params.get("lang") == "en" else st.session_state.get("w_lang", "vi")
page = st.navigation(app_pages(language), position="hidden")
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
