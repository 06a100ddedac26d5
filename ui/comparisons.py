"""Year-on-year comparisons, stated changes and the briefing document for a filter set, computed once per data
revision and shared by every session (``st.cache_resource``); read-only."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from metrics.aggregate import Filters
from metrics.briefing import build_briefing, to_docx
from metrics.compare import PeriodComparison, check_stated_changes, compare_periods, year_by_year
from ui import data


def has_period(filters: Filters) -> bool:
    return filters.date_from is not None and filters.date_to is not None


@st.cache_resource(show_spinner=False, max_entries=data.FILTER_SETS_KEPT, hash_funcs=data.HASH_FUNCS)
def _comparison(revision: int, filters: Filters, language: str, pair: tuple[str, str] | None, detail: bool) -> PeriodComparison:
    return compare_periods(data.figures(), filters, data.registry(), language, pairs=[pair] if pair else None,
                           detail=detail, select_with=data.selection)


def comparison(filters: Filters, language: str, pair: tuple[str, str] | None = None,
               detail: bool = True) -> PeriodComparison | None:
    """The filters' period beside the same period a year earlier (every headline, or one (metric, unit)
    ``pair``; ``detail``: with the per-agency and per-province rows); None when the filters choose no period."""
    return _comparison(data.revision(), filters, language, pair, detail) if has_period(filters) else None


@st.cache_resource(show_spinner=False, max_entries=16, hash_funcs=data.HASH_FUNCS)
def _yearly(revision: int, filters: Filters, metric: str, unit: str, language: str) -> pd.DataFrame:
    return year_by_year(data.figures(), filters, metric, unit, data.registry(), language, select_with=data.selection)


def yearly(filters: Filters, metric: str, unit: str, language: str) -> pd.DataFrame:
    """Each year beside the year before, for one metric and unit."""
    return _yearly(data.revision(), filters, metric, unit, language)


@st.cache_data(show_spinner=False, max_entries=4)
def _stated_changes(revision: int) -> pd.DataFrame:
    return data.bundle().stated_changes_frame() if data.bundle_directory() else data.store().stated_changes_frame()


def stated_changes() -> pd.DataFrame:
    """The changes reports state ("tăng 12 vụ so với cùng kỳ"): the store's, or the bundle directory's."""
    return _stated_changes(data.revision())


@st.cache_resource(show_spinner=False, max_entries=16, hash_funcs=data.HASH_FUNCS)
def _stated_checks(revision: int, filters: Filters, metric: str, unit: str, language: str) -> pd.DataFrame:
    changes = stated_changes()
    if changes.empty:
        return pd.DataFrame()
    included = data.selection(filters).included
    chosen = ((included["metric"].astype(str) == metric) & (included["unit_norm"].astype(str) == unit)).to_numpy()
    in_view = changes[changes["figure_id"].astype(str).isin(set(included.loc[chosen, "figure_id"].astype(str)))]
    return check_stated_changes(in_view, data.figures(), data.registry(), language) if len(in_view) else pd.DataFrame()


def stated_checks(filters: Filters, metric: str, unit: str, language: str) -> pd.DataFrame:
    """The stated changes of the figures in view of one metric and unit, each beside the change the archive computes."""
    return _stated_checks(data.revision(), filters, metric, unit, language)


def briefing_docx(filters: Filters, language: str) -> bytes:
    """The briefing document (.docx) for the filters; built when asked (a click), not on every rerun."""
    briefing = build_briefing(data.bundle(), data.figures(), filters, language, stated_changes=stated_changes())
    return to_docx(briefing)
