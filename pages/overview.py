"""Overview: headline tiles for the current filters, the latest reports, and the reporting windows covered."""

import pandas as pd
import streamlit as st

from metrics.formatting import format_window
from metrics.headlines import headline_tiles
from metrics.i18n import category_label, metric_label, t, unit_label
from ui import data
from ui.components import say, counts_caption, empty_state, fmt, left_out_expander, open_start_note, page_start, provenance_table, span_chart, style_figure

COVERAGE_REPORTS = 30


def latest_sources(frame: pd.DataFrame, n: int) -> pd.DataFrame:
    """The ``n`` most recently published sources among ``frame``'s figures, with their figure counts."""
    counts = frame["source_id"].value_counts(sort=False)
    firsts = frame.drop_duplicates("source_id")[["source_id", "source_title", "source_publisher", "source_published"]]
    firsts = firsts.sort_values("source_published", ascending=False, kind="stable").head(n)
    return firsts.assign(n=counts.reindex(firsts["source_id"]).to_numpy()).reset_index(drop=True)


state = page_start("overview")
language = state.lang
st.caption(t("app_tagline", language))
selection = data.selection(state.filters)

if not empty_state(selection, language):
    included = selection.included
    st.subheader(t("tiles", language))
    tiles = headline_tiles(included)
    columns = st.columns(3)
    for index, tile in enumerate(tiles.itertuples()):
        with columns[index % 3]:
            label = f"{metric_label(tile.metric, language)} ({unit_label(tile.unit, language)})" + (" *" if tile.estimate else "")
            help_text = None
            if tile.unit == "USD":
                help_text = t("tile_usd_help", language)
            elif tile.metric == "drug_seized" and tile.categories:
                help_text = t("tile_drugs_help", language, items=", ".join(category_label(c, language) for c in tile.categories))
            st.metric(label, fmt(tile.value, language, 0 if tile.unit == "USD" else None), help=help_text, border=True)
            st.caption(t("tile_sources", language, n=tile.n_figures, m=tile.n_sources))
    counts_caption(included, language)
    left_out_expander(selection, language)

    st.subheader(t("latest_reports", language))
    latest = latest_sources(included, 5)
    st.dataframe(
        pd.DataFrame(
            {
                t("col_published", language): latest["source_published"],
                t("col_title", language): latest["source_title"],
                t("col_publisher", language): latest["source_publisher"],
                t("col_n_figures", language): latest["n"],
            }
        ),
        hide_index=True,
        width="stretch",
    )

    st.subheader(t("coverage", language))
    windows = included[included["period_start"].notna() & included["period_end"].notna()]
    n_reports = windows["source_id"].nunique()
    if n_reports > COVERAGE_REPORTS:  # the chart shows the windows of the most recent reports, and says so
        windows = windows[windows["source_id"].isin(latest_sources(windows, COVERAGE_REPORTS)["source_id"])]
        st.caption(say("coverage_shown", language, k=COVERAGE_REPORTS, n=fmt(n_reports, language)))
    if len(windows):
        spans = (
            windows.groupby(["source_id", "source_publisher", "source_published", "period_start", "period_end", "period_text"], dropna=False)
            .agg(n=("figure_id", "size"), metrics=("metric", lambda s: ", ".join(sorted({metric_label(m, language) for m in s}))))
            .reset_index()
        )
        spans["lane"] = spans["source_publisher"].replace("", "?") + " · " + spans["source_published"]
        spans["end_excl"] = spans["period_end"] + pd.Timedelta(days=1)
        spans["hover"] = [
            f"<b>{format_window(s, e, language)}</b> ({p})<br>{t('n_figures_sources', language, n=n, m=1)}<br>{m}"
            for s, e, p, n, m in zip(spans["period_start"], spans["period_end"], spans["period_text"], spans["n"], spans["metrics"])
        ]
        spans = spans.rename(columns={"period_start": "start", "end_excl": "end"}).assign(color=t("coverage", language))
        chart = span_chart(spans, "color", ["hover"])
        chart.update_layout(showlegend=False)
        st.plotly_chart(style_figure(chart, language, height=max(200, 80 + 45 * spans["lane"].nunique())), width="stretch")
    st.caption(t("coverage_help", language))
    counts_caption(included, language, estimate=False)
    open_start_note(included, language)

    provenance = st.expander(t("provenance", language), key="overview_provenance_open", on_change="rerun")
    if provenance.open:  # built on request
        with provenance:
            provenance_table(included, state, key="overview_provenance", title=False)
