"""Cooperation timeline: conferences, talks and signings on a timeline beside the reporting windows of results."""

import pandas as pd
import streamlit as st

from metrics.events import select_events
from metrics.formatting import format_window
from metrics.i18n import event_kind_label, t
from ui import data
from ui.components import agency_name, counts_caption, escape, page_start, span_chart, style_figure

state = page_start("cooperation")
language = state.lang
events = select_events(data.bundle().events, state.filters, data.registry())
selection = data.selection(state.filters)
results = selection.included

if events.empty and results.empty:
    st.info(f"**{t('empty_title', language)}**\n\n{t('empty_hint', language)}")
else:
    lanes = []
    for row in events.itertuples():
        lanes.append({
            "start": row.start, "end": row.end + pd.Timedelta(days=1), "lane": event_kind_label(row.kind, language),
            "group": event_kind_label(row.kind, language),
            "hover": f"<b>{escape(row.title)}</b><br>{format_window(row.start, row.end, language)} · {escape(row.place or '—')}"
                     f"<br>{escape('; '.join(agency_name(p, language) for p in row.participant_ids.split(';') if p))}"
                     + (f"<br>{t('col_documents', language)}: {escape(row.documents_signed)}" if row.documents_signed else ""),
        })
    windows = results[results["period_start"].notna()].groupby(["period_start", "period_end", "source_id"], as_index=False).agg(
        n=("figure_id", "size"), ids=("figure_id", ";".join), publisher=("source_publisher", "first"))
    for row in windows.itertuples():
        label = t("results_lane", language, label=row.publisher or row.source_id)
        lanes.append({
            "start": row.period_start, "end": row.period_end + pd.Timedelta(days=1), "lane": label,
            "group": t("results_lane", language, label="").rstrip(": "),
            "hover": f"<b>{format_window(row.period_start, row.period_end, language)}</b><br>"
                     f"{t('n_figures_sources', language, n=row.n, m=1)}<br>{row.ids}",
        })
    timeline_frame = pd.DataFrame(lanes)
    if len(timeline_frame):
        chart = span_chart(timeline_frame, "group", ["hover"], title=t("events_chart", language))
        st.plotly_chart(style_figure(chart, language, height=max(300, 90 + 45 * timeline_frame["lane"].nunique())), width="stretch")
    st.caption(t("n_events", language, n=len(events), m=events["source_id"].nunique() if len(events) else 0))
    counts_caption(results, language, estimate=False)

    st.subheader(t("events_table", language))
    st.dataframe(
        pd.DataFrame(
            {
                t("col_dates", language): [format_window(s, e, language) for s, e in zip(events["start"], events["end"])],
                t("col_kind", language): events["kind"].map(lambda k: event_kind_label(k, language)),
                t("col_title", language): events["title"],
                t("col_place", language): events["place"],
                t("col_participants", language): events["participant_ids"].map(
                    lambda ids: "; ".join(agency_name(p, language) for p in ids.split(";") if p)),
                t("col_documents", language): events["documents_signed"],
                t("col_quote", language): events["quote"],
                t("col_source", language): events["source_id"],
            }
        ),
        hide_index=True,
        width="stretch",
    )
