"""The one place the app reads data, cached with ``st.cache_data``.

Switching to the database store (issue 5) is one line: point ``read_bundle`` at
``metrics.store.Store(url).bundle``.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from metrics.aggregate import Filters, Selection, select
from metrics.agencies import AgencyRegistry
from metrics.bundle import Bundle, load_bundle
from metrics.figures import Assumptions, assumptions_from, figures_from_bundle

read_bundle = load_bundle  # the data source; everything below is derived from it


@st.cache_data(show_spinner=False)
def bundle() -> Bundle:
    return read_bundle()


@st.cache_resource(show_spinner=False)
def registry() -> AgencyRegistry:
    return bundle().registry


@st.cache_data(show_spinner=False)
def default_assumptions() -> Assumptions:
    return assumptions_from(bundle().conversions)


@st.cache_data(show_spinner=False)
def figures(assumptions: Assumptions | None = None) -> pd.DataFrame:
    """Normalised figures under the given assumptions (the bundle's when None)."""
    return figures_from_bundle(bundle(), assumptions)


@st.cache_resource(show_spinner=False, max_entries=256)
def selection(filters: Filters, assumptions: Assumptions | None = None) -> Selection:
    """The figures that count for the filters, and those left out with why.

    Shared, not copied, between reruns and sessions (a Selection lists its left-out figures
    lazily, so it cannot be pickled): callers must treat its frames as read-only.
    """
    return select(figures(assumptions), filters, registry())


@st.cache_data(show_spinner=False)
def source_text(source_id: str) -> str:
    return bundle().source_text(source_id)
