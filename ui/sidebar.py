"""The shared sidebar: filters kept in ``st.session_state`` and mirrored into the URL query string.

Which wins: a new session (a pasted link) or a URL that differs from the session takes the
URL; a URL without filter keys (as after a page switch that drops the query) keeps the
session's filters and writes them back into the URL. Widget changes write the URL in their
callback, before the rerun, so the two never fight, and every run ends by writing the whole query
string (``_write_url``). Streamlit's ``bind="query-params"`` is not used: it writes a widget's
formatted label (``country=Việt Nam (VN)``, changing with the language) where links say ``country=VN``,
cannot map the period presets to ``from``/``to``, and drops a bad value without the warning.

The frame every page shares (``draw_frame``): the app's own navigation, first in the sidebar, as
links that carry the filters in their query string, then the filters. Streamlit's page list is
switched off (``client.showSidebarNavigation = false``), so the file names of ``pages/`` are never
shown, not even in a fresh server's first session before app.py has declared its pages.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import logging
import uuid

import numpy as np
import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from metrics.bundle import BundleError
from metrics.i18n import PAGES, category_label, country_label, metric_label, t
from metrics.schemas import METRICS
from ui import data
from ui.serve import log_event
from ui.state import QUERY_KEYS, ViewState, full_query, parse_query, period_presets, preset_of, to_query

VIEW = "view"
PROBLEMS = "view_problems"
KEPT = "_kept_"
PAGES_KEY = "_pages_"
FRAME = "_frame_drawn"  # set by app.py while the page it chose runs: the page need not draw the frame again
W = {key: f"w_{key}" for key in ("lang", "period", "dates", "country", "agency", "predecessors", "metric", "category",
                                  "rule")}


def _options() -> dict[str, list[str]]:
    return _cached_options(data.revision())


@st.cache_resource(show_spinner=False, max_entries=2)
def _cached_options(revision: int) -> dict[str, list[str]]:
    """The values each filter offers: one scan of the figures per data revision, shared read-only."""
    figures = data.figures()
    registry = data.registry()
    countries = sorted({c for c in figures["country"].unique() if c} | {c for c in figures["counterpart_country"].unique() if c})
    present = set(figures["metric"].unique())
    ordered_agencies: list[str] = []

    def visit(agency_id: str) -> None:
        ordered_agencies.append(agency_id)
        for child in sorted(a.agency_id for a in registry if a.parent_id == agency_id):
            visit(child)

    for top in sorted((a for a in registry if not a.parent_id), key=lambda a: (a.country != "VN", a.country, a.agency_id)):
        visit(top.agency_id)
    return {
        "country": countries,
        "agency": ordered_agencies,
        "metric": [m for m in METRICS if m in present],
        "category": sorted(str(c) for c in figures["category"].unique()),
    }


def _years() -> list[int]:
    return _cached_years(data.revision())


@st.cache_resource(show_spinner=False, max_entries=2)
def _cached_years(revision: int) -> list[int]:
    figures = data.figures()
    years: set[int] = set()
    for column in ("period_start", "period_end"):
        dates = figures[column].to_numpy(dtype="datetime64[ns]")
        years |= set((np.unique(dates[~np.isnat(dates)].astype("datetime64[Y]")).astype("int64") + 1970).tolist())
    return sorted(years)


@st.cache_resource(show_spinner=False, max_entries=4)
def _agency_labels(revision: int, language: str) -> dict[str, str]:
    """Each agency filter option as listed: its name, indented by its depth under its top unit."""
    registry = data.registry()
    return {agency_id: "· " * len(registry.ancestors(agency_id)) + registry[agency_id].name(language)
            for agency_id in _cached_options(revision)["agency"]}


def _presets(language: str):
    return _cached_presets(data.revision(), date.today(), language)


@st.cache_resource(show_spinner=False, max_entries=4)
def _cached_presets(revision: int, today: date, language: str):
    """The period menu (shared read-only): built from the data's years on each day and language."""
    return period_presets(_years(), today, language)


def _load_widgets(state: ViewState) -> None:
    """Put a state into the widgets' session keys (on a new session or a changed URL)."""
    ss = st.session_state
    ss[VIEW] = state
    ss[W["lang"]] = state.lang
    ss[W["period"]] = preset_of(state, _presets(state.lang))
    ss[W["dates"]] = tuple(d for d in (state.date_from, state.date_to) if d)
    ss[W["country"]] = list(state.countries)
    ss[W["agency"]] = list(state.agencies)
    ss[W["predecessors"]] = state.with_predecessors
    ss[W["metric"]] = list(state.metrics)
    ss[W["category"]] = list(state.categories)
    ss[W["rule"]] = state.rule
    _remember_widgets()


def _remember_widgets() -> None:
    """Keep the widgets' values under keys of our own, which Streamlit never drops.

    Streamlit forgets a widget's value when a run does not draw it, and a widget's identity includes
    the script that draws it: app.py, or a page file running on its own (``draw_frame``). The kept
    values are put back before the widgets are drawn, so the filters are the same whichever script
    drew them last (Streamlit's documented way to keep widget values across pages).
    """
    ss = st.session_state
    for key in W.values():
        if key in ss:
            ss[KEPT + key] = ss[key]


def _restore_widgets() -> None:
    ss = st.session_state
    for key in W.values():
        if KEPT + key in ss:
            ss[key] = ss[KEPT + key]


def _state_from_widgets() -> ViewState:
    ss = st.session_state
    previous: ViewState = ss.get(VIEW, ViewState())
    language = ss.get(W["lang"], previous.lang)
    preset = ss.get(W["period"], "all")
    date_from, date_to = previous.date_from, previous.date_to
    if preset == "custom":
        dates = tuple(ss.get(W["dates"]) or ())
        if len(dates) == 2:  # while the user is picking, the range has one end only
            date_from, date_to = dates
    else:
        for key, _label, start, end in _presets(language):
            if key == preset:
                date_from, date_to = start, end
    return ViewState(
        lang=language,
        date_from=date_from,
        date_to=date_to,
        countries=tuple(ss.get(W["country"], ())),
        agencies=tuple(ss.get(W["agency"], ())),
        with_predecessors=bool(ss.get(W["predecessors"], False)),
        metrics=tuple(ss.get(W["metric"], ())),
        categories=tuple(ss.get(W["category"], ())),
        rule=ss.get(W["rule"], "exclude"),
    )


def _write_url(state: ViewState) -> None:
    """Send the whole query string for ``state`` (a page's own keys kept), even when it looks unchanged.

    ``st.query_params`` starts each run as the URL the browser sent with its rerun request, which can be
    older than the browser's URL by then (a second interaction sent before the first one's answer came
    back). Writing only the keys that looked changed left the URL showing a filter the view no longer had;
    one full write per run makes the last run's answer the address bar's last word.
    """
    current = {key: st.query_params.get_all(key) for key in st.query_params}
    st.query_params.from_dict(full_query(state, current))


def _on_change() -> None:
    state = _state_from_widgets()
    st.session_state[VIEW] = state
    if st.session_state.get(W["period"]) != "custom":
        st.session_state[W["dates"]] = tuple(d for d in (state.date_from, state.date_to) if d)
    _remember_widgets()
    _write_url(state)


def _on_reset() -> None:
    language = st.session_state.get(VIEW, ViewState()).lang
    _load_widgets(ViewState(lang=language))
    _write_url(st.session_state[VIEW])


def current_state() -> ViewState:
    """The view state for this run: from the URL or the session, as the module docstring says."""
    options = _options()
    url = {key: st.query_params.get_all(key) for key in QUERY_KEYS}
    url_state = parse_query(url, options)
    ss = st.session_state
    if VIEW not in ss or (any(url.values()) and url_state != ss[VIEW]):
        _load_widgets(url_state)
        ss[PROBLEMS] = url_state.problems
    return ss[VIEW]


def app_pages(language: str) -> list:
    """The pages as ``st.Page`` objects for ``st.navigation``, in menu order, titled in ``language``.

    Built once per session and language (each st.Page resolves its file's path: ~2 ms a rerun) and
    kept for the navigation links; not shared between sessions, since a page object records whether
    it may run.
    """
    key = f"{PAGES_KEY}{language}"
    if key not in st.session_state:
        st.session_state[key] = [
            st.Page(f"pages/{file}", title=(en if language == "en" else vi), url_path=None if index == 0 else path,
                    default=(index == 0))
            for index, (path, file, vi, en) in enumerate(PAGES)
        ]
    return st.session_state[key]


def render_navigation(state: ViewState) -> None:
    """The app's pages as links, in menu order; each link keeps the current filters in its address."""
    query = to_query(state)
    declared = st.session_state.get(f"{PAGES_KEY}{state.lang}")  # app.py's pages, when it runs
    with st.sidebar.container(key="app_navigation"):
        for index, (_path, file, vi, en) in enumerate(PAGES):
            label = en if state.lang == "en" else vi
            try:
                # A declared page links by its object: a path would be resolved on the disk at every rerun.
                st.page_link(declared[index] if declared else f"pages/{file}", label=label, query_params=query)
            except StreamlitPageNotFoundError:  # a page file run as an app of its own: no other page to go to
                break
        waiting = data.pending_count()
        if waiting:
            st.caption(t("review_waiting", state.lang, n=waiting))


def render_sidebar() -> ViewState:
    """Draw the navigation and the filters in the sidebar and return the view state they describe."""
    state = current_state()
    _restore_widgets()
    language = state.lang
    render_navigation(state)
    options = _options()
    registry = data.registry()
    sidebar = st.sidebar
    sidebar.selectbox(
        t("language", language), ["vi", "en"], key=W["lang"], on_change=_on_change,
        format_func=lambda code: {"vi": "Tiếng Việt", "en": "English"}[code],
    )
    sidebar.header(t("filters", language))
    presets = _presets(language)
    labels = {key: label for key, label, *_ in presets} | {"custom": t("period_custom", language)}
    sidebar.selectbox(t("period", language), list(labels), key=W["period"], on_change=_on_change,
                      format_func=lambda key: labels.get(key, key))
    if st.session_state.get(W["period"]) == "custom":
        sidebar.date_input(t("date_range", language), key=W["dates"], on_change=_on_change, format="YYYY-MM-DD")
    sidebar.multiselect(t("country", language), options["country"], key=W["country"], on_change=_on_change,
                        format_func=lambda c: f"{country_label(c, language)} ({c})", placeholder=t("all", language))

    agency_labels = _agency_labels(data.revision(), language)
    sidebar.multiselect(t("agency", language), options["agency"], key=W["agency"], on_change=_on_change,
                        format_func=lambda a: agency_labels.get(a, a), placeholder=t("all", language))
    _predecessors_control(sidebar, registry, language)
    sidebar.multiselect(t("metric", language), options["metric"], key=W["metric"], on_change=_on_change,
                        format_func=lambda m: metric_label(m, language), placeholder=t("all", language))
    sidebar.multiselect(t("category", language), options["category"], key=W["category"], on_change=_on_change,
                        format_func=lambda c: category_label(c, language), placeholder=t("all", language))
    sidebar.radio(t("rule", language), ["exclude", "prorate"], key=W["rule"], on_change=_on_change,
                  format_func=lambda r: t(f"rule_{r}", language))
    sidebar.button(t("reset", language), on_click=_on_reset, key="w_reset")
    problems = st.session_state.get(PROBLEMS) or ()
    if problems:
        sidebar.warning(t("ignored_in_link", language, items="; ".join(problems)))
    sidebar.caption(t("link_note", language))
    state = st.session_state[VIEW]
    _write_url(state)
    return state


def _predecessors_control(sidebar, registry, language: str) -> None:
    """With units chosen: whether to include the units whose area they took over (Kon Tum's for Quảng Ngãi
    since 1 July 2025), and a sentence naming those included."""
    chosen = st.session_state.get(W["agency"]) or []
    if not chosen:
        return
    sidebar.checkbox(t("with_predecessors", language), key=W["predecessors"], on_change=_on_change,
                     help=t("with_predecessors_help", language))
    if st.session_state.get(W["predecessors"]):
        earlier = [p for agency in chosen if agency in registry for p in registry.predecessors(agency)]
        names = ", ".join(dict.fromkeys(registry[p].name(language) for p in earlier))
        sidebar.caption(t("predecessors_included", language, names=names) if names else t("no_predecessors", language))


def state_with(**changes) -> ViewState:
    return replace(st.session_state.get(VIEW, ViewState()), **changes)


log = logging.getLogger("border_metrics.app")


def session_id() -> str:
    """An id for the browser session in the logs (our own: Streamlit's is internal)."""
    return st.session_state.setdefault("_session", uuid.uuid4().hex[:12])


def log_page_view(url_path: str) -> None:
    """One log line when a session opens a page (not on every rerun of it)."""
    if st.session_state.get("_last_page") != url_path:
        st.session_state["_last_page"] = url_path
        log_event("page_view", session=session_id(), page=url_path)


def frame_drawn() -> bool:
    return bool(st.session_state.get(FRAME))


def draw_frame() -> ViewState:
    """Page setup, navigation and filters; a failure here is a sentence on the page, never a traceback."""
    st.set_page_config(page_title="Border metrics", page_icon="📊", layout="wide")
    try:
        return render_sidebar()
    except BundleError as error:
        st.error(t("data_error", "vi", error=error) + "\n\n" + t("data_error", "en", error=error))
        st.stop()
    except Exception:  # the sidebar failed: log it, say so, and carry on with the default view
        code = uuid.uuid4().hex[:8]
        log.exception("sidebar failed (code %s)", code)
        st.sidebar.error(t("error_page", "vi", code=code))
        return ViewState()
