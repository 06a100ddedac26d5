"""Outreach and victims: sessions, attendances, attendances per session; victims rescued."""

import pandas as pd
import streamlit as st

from metrics.i18n import metric_label, t, unit_label
from metrics.outreach import attendances_per_session
from ui import data
from ui.components import (short_ids, agency_names, bars_caption, most_recent, chart_with_provenance, counts_caption, empty_state, fmt, left_out_expander, page_start, provenance_table,
                           timeline)
from metrics.formatting import format_window

METRICS = ["outreach_sessions", "outreach_attendees", "victims_rescued"]

state = page_start("outreach")
language = state.lang
selection = data.selection(state.filters)
frame = selection.included[selection.included["metric"].isin(METRICS)]

if not empty_state(selection, language, frame):
    st.subheader(t("outreach", language))
    columns = st.columns(3)
    for column, (metric, unit) in zip(columns, [("outreach_sessions", "session"), ("outreach_attendees", "attendance"),
                                                ("victims_rescued", "victim")]):
        rows = frame[(frame["metric"] == metric) & (frame["unit_norm"] == unit)]
        with column:
            value = (rows["value_norm"] * rows["share"]).sum() if len(rows) else None
            st.metric(f"{metric_label(metric, language)} ({unit_label(unit, language)})", fmt(value, language), border=True)
            st.caption(t("tile_sources", language, n=len(rows), m=rows["source_id"].nunique()))

    ratios = attendances_per_session(frame)
    if len(ratios):
        st.subheader(t("per_session", language))
        st.caption(t("per_session_help", language))
        st.dataframe(
            pd.DataFrame(
                {
                    t("col_agency", language): agency_names(ratios["agency_id"], language),
                    t("col_counterpart", language): agency_names(ratios["counterpart_id"], language),
                    t("col_window", language): [format_window(s, e, language) for s, e in zip(ratios["period_start"], ratios["period_end"])],
                    t("col_value", language): [f"{fmt(v, language, 1)} {'lượt/buổi' if language == 'vi' else 'per session'}" for v in ratios["per_session"]],
                    t("col_figure", language): ratios["figure_ids"].map(short_ids),
                }
            ),
            hide_index=True,
            width="stretch",
        )

    for metric in METRICS:
        rows = frame[frame["metric"] == metric]
        for unit, every in rows.groupby("unit_norm", observed=True):
            by_unit = most_recent(every)
            bars_caption(every, by_unit, language)
            lane = agency_names(by_unit["agency_id"], language) + agency_names(by_unit["counterpart_id"], language).map(
                lambda c: f" → {c}" if c else "")
            title = t("trends_chart", language, metric=metric_label(metric, language), unit=unit_label(unit, language))
            if by_unit["period_start"].notna().any():
                chart_with_provenance(timeline(by_unit, language, lane, by_unit["value_norm"] * by_unit["share"],
                                               unit_label(unit, language), title=title), by_unit, state,
                                      key=f"outreach_chart_{metric}_{unit}")
            counts_caption(every, language)
    left_out_expander(selection, language, lambda f: f["metric"].isin(METRICS))
    provenance_table(frame, state, key="outreach_provenance")
