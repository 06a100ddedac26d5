"""Trends: each figure as a bar spanning its reporting window, or its per-month rate; never a cumulative as one month."""

import streamlit as st

from metrics.i18n import metric_label, t, unit_label
from ui import data, views
from ui.components import (bars_caption, chart_with_provenance, counts_caption, empty_state, left_out_expander, metric_unit_options,
                           open_start_note, page_start, provenance_table)

state = page_start("trends")
language = state.lang
selection = data.selection(state.filters)

if not empty_state(selection, language):
    included = selection.included
    options = metric_unit_options(included)
    if st.session_state.get("trends_pick") not in options:
        st.session_state["trends_pick"] = ("cases", "case") if ("cases", "case") in options else options[0]
    if "trends_rate" not in st.session_state:
        st.session_state["trends_rate"] = st.query_params.get("rate") == "month"
    pick = st.selectbox(t("trends_pick", language), options, key="trends_pick",
                        format_func=lambda p: f"{metric_label(p[0], language)} ({unit_label(p[1], language)})")
    per_month = st.toggle(t("per_month", language), key="trends_rate", help=t("per_month_help", language))
    if per_month:
        st.query_params["rate"] = "month"
    elif "rate" in st.query_params:
        del st.query_params["rate"]

    metric, unit = pick
    view = views.trends(state.filters, metric, unit, per_month, language)
    every, frame = view["every"], view["frame"]
    if view["figure"] is not None:
        chart_with_provenance(view["figure"], frame, state, key="trends_chart")
    bars_caption(every, frame, language)
    counts_caption(every, language, estimate=per_month or None)
    st.caption(t("trends_note", language))
    open_start_note(every, language)
    left_out_expander(selection, language, lambda f: (f["metric"] == metric) & (f["unit_norm"] == unit))
    provenance_table(every, state, key="trends_provenance")
