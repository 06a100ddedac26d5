"""The one place the app reads data: large read-only frames shared with ``st.cache_resource``, small values cached with ``st.cache_data``.

The app reads through the store (``metrics.store.Store``): the SQLite file in
``$BORDER_METRICS_DB`` or ``var/``, or the URL in Streamlit secrets ``[border_metrics] db_url``.
The cached frames are keyed on the store's revision (its latest audit id), so a report saved
here or ingested from the command line shows on every page; the revision itself is checked at
most every few seconds, so a rerun after a filter change does no I/O.

``$BORDER_METRICS_BUNDLE`` points the app at a bundle directory instead, read-only (used by
the benchmarks to serve synthetic data without filling a database).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from metrics.aggregate import Filters, Selection, select
from metrics.summary import summary
from metrics.agencies import AgencyRegistry
import os

from metrics.bundle import Bundle, load_bundle
from metrics.figures import Assumptions, assumptions_from, figures_from_bundle, reassume
from metrics.snapshot import compact, load_store_with_snapshot, load_with_snapshot

REVISION_CHECK_SECONDS = 3
SNAPSHOTS = "BORDER_METRICS_SNAPSHOTS"  # this process's own snapshot folder for a store (deploy/cluster.py sets it)
# Filter sets whose selection and views stay cached: every year of the period menu under both overlap rules
# (twenty-odd, and the year before the first, which its comparison reads) with room for others. Fewer, and
# sessions spread over the years evict each other's entries and recompute them on every change.
FILTER_SETS_KEPT = 32
# How the caches key a filter set or assumptions: by their repr (every field, in order). Streamlit would
# otherwise hash a dataclass field by field, ten times slower, and each rerun asks several caches.
HASH_FUNCS = {Filters: repr, Assumptions: repr}


def secret(key: str):
    """A value from Streamlit secrets ``[border_metrics]``, or None when not configured."""
    try:
        return (dict(st.secrets).get("border_metrics") or {}).get(key)
    except Exception:  # no secrets file: nothing configured
        return None


def bundle_directory() -> str | None:
    return os.environ.get("BORDER_METRICS_BUNDLE") or None


@st.cache_resource(show_spinner=False)
def store() -> "Store":
    """The database (created and filled from data/ on first use)."""
    from metrics.store import Store  # loaded only when the app reads a store (not a bundle directory)

    return Store(secret("db_url"))


@st.cache_data(show_spinner=False, ttl=REVISION_CHECK_SECONDS)
def revision() -> int:
    """The store's latest audit id; 0 when the app reads a bundle directory."""
    return 0 if bundle_directory() else store().revision()


@st.cache_resource(show_spinner=False, max_entries=2)
def _loaded(revision: int) -> tuple[Bundle, pd.DataFrame]:
    """The bundle and its figures normalised under its own assumptions, shared read-only by every session.

    A bundle directory is read through its snapshot (``metrics.snapshot``: Parquet in var/cache/,
    written on the first start), so a fresh server with a million figures starts in seconds; so is a
    store when ``$BORDER_METRICS_SNAPSHOTS`` names this process's own snapshot folder (deploy/cluster.py
    gives each process one), rewritten at each new revision.
    Either way the frame is compacted (categorical keys, the overlap rule's precomputed answer).
    """
    directory = bundle_directory()
    if directory:
        return load_with_snapshot(directory)
    snapshots = os.environ.get(SNAPSHOTS)
    if snapshots:
        return load_store_with_snapshot(store(), revision, snapshots)
    stored = store().bundle()
    return stored, compact(figures_from_bundle(stored))


@st.cache_resource(show_spinner=False, max_entries=2)
def _bundle(revision: int) -> Bundle:
    """Shared read-only between sessions (a stored bundle holds the database connection)."""
    return _loaded(revision)[0]


def bundle() -> Bundle:
    return _bundle(revision())


@st.cache_resource(show_spinner=False, max_entries=2)
def _registry(revision: int) -> AgencyRegistry:
    return _bundle(revision).registry


def registry() -> AgencyRegistry:
    return _registry(revision())


def default_assumptions() -> Assumptions:
    return assumptions_from(bundle().conversions)


@st.cache_resource(show_spinner=False, max_entries=8, hash_funcs=HASH_FUNCS)
def _figures(revision: int, assumptions: Assumptions | None) -> pd.DataFrame:
    """Shared, not copied, between reruns and sessions: callers must treat the frame as read-only."""
    normalised = _loaded(revision)[1]
    if assumptions is None or assumptions == assumptions_from(_bundle(revision).conversions):
        return normalised
    return reassume(normalised, assumptions)


def figures(assumptions: Assumptions | None = None) -> pd.DataFrame:
    """Normalised figures under the given assumptions (the bundle's when None)."""
    return _figures(revision(), assumptions)


@st.cache_resource(show_spinner=False, max_entries=FILTER_SETS_KEPT, hash_funcs=HASH_FUNCS)  # a selection can hold a large share of the figures
def _selection(revision: int, filters: Filters, assumptions: Assumptions | None) -> Selection:
    return select(_figures(revision, assumptions), filters, _registry(revision))


def selection(filters: Filters, assumptions: Assumptions | None = None) -> Selection:
    """The figures that count for the filters, and those left out with why.

    Shared, not copied, between reruns and sessions (a Selection lists its left-out figures
    lazily, so it cannot be pickled): callers must treat its frames as read-only.
    """
    return _selection(revision(), filters, assumptions)


@st.cache_resource(show_spinner=False, max_entries=FILTER_SETS_KEPT, hash_funcs=HASH_FUNCS)
def _summary(revision: int, filters: Filters, assumptions: Assumptions | None) -> pd.DataFrame:
    return summary(_selection(revision, filters, assumptions))


def summary_table(filters: Filters, assumptions: Assumptions | None = None) -> pd.DataFrame:
    """``metrics.summary.summary`` of the selection, shared read-only like the selection."""
    return _summary(revision(), filters, assumptions)


@st.cache_resource(show_spinner=False, max_entries=4)
def _agency_names(revision: int, language: str) -> dict[str, str]:
    return {agency.agency_id: agency.name(language) for agency in _registry(revision)}


def agency_names(language: str) -> dict[str, str]:
    """Each agency id's name in the language (one lookup per page, not one per row)."""
    return _agency_names(revision(), language)


@st.cache_data(show_spinner=False, max_entries=64)
def _source_text(revision: int, source_id: str) -> str:
    return _bundle(revision).source_text(source_id)


def source_text(source_id: str) -> str:
    return _source_text(revision(), source_id)


def editable() -> bool:
    """Whether the app reads a store it can write to (not a read-only bundle directory)."""
    return not bundle_directory()


@st.cache_data(show_spinner=False, max_entries=64)
def _stored_figures(revision: int, source_id: str) -> pd.DataFrame:
    return store().figures_frame(source_id)


def stored_figures(source_id: str) -> pd.DataFrame:
    """A source's figures of every status (pending, accepted, rejected, withdrawn), from the store."""
    return _stored_figures(revision(), source_id)


@st.cache_data(show_spinner=False, max_entries=64)
def _figure_history(revision: int, figure_id: str) -> pd.DataFrame:
    return store().figure_history(figure_id)[["at", "actor", "action", "changes", "reason"]]


@st.cache_resource(show_spinner=False, max_entries=2)
def _copy_index(revision: int):
    from metrics.syndication import CopyIndex

    return CopyIndex.from_store(store())


def copy_index():
    """The stored texts' MinHash index, to recognise a syndicated copy (rebuilt when the data change)."""
    return _copy_index(revision())


@st.cache_data(show_spinner=False, max_entries=4)
def _review_queue(revision: int) -> pd.DataFrame:
    queue = store().review_queue()
    texts = {source_id: store().source_text(source_id) for source_id in queue["source_id"].unique()}
    queue["context"] = [quote_in_context(texts[s], a, b) for s, a, b in
                        zip(queue["source_id"], queue["quote_start"], queue["quote_end"])]
    return queue


def quote_in_context(text: str, start: int, end: int, width: int = 80) -> str:
    """The quote marked with ⟦ ⟧ inside the words around it, on one line."""
    before, after = text[max(0, start - width):start], text[end:end + width]
    return " ".join(f"…{before}⟦{text[start:end]}⟧{after}…".split())


def review_queue() -> pd.DataFrame:
    """Every pending figure with its quote in context and its document's title, publisher and dates, newest first."""
    return _review_queue(revision())


@st.cache_data(show_spinner=False, max_entries=4)
def _pending_count(revision: int) -> int:
    return store().pending_count()


def pending_count() -> int:
    """How many figures wait for review; 0 when the app reads a bundle directory."""
    return 0 if bundle_directory() else _pending_count(revision())


def figure_history(figure_id: str) -> pd.DataFrame:
    """Every change to a figure, oldest first (when, who, what, which fields, why)."""
    return _figure_history(revision(), figure_id)


def data_changed() -> None:
    """Call after a write: every page reads the new data on its next run."""
    st.cache_data.clear()
    _loaded.clear()
    _bundle.clear()
    _registry.clear()
    _figures.clear()
    _selection.clear()
    _summary.clear()
    _agency_names.clear()
