"""Sources: each document with its metadata and text, every figure's quote highlighted, page noise shown as such;
each figure's history, and corrections or withdrawal by an editor."""

import pandas as pd
import streamlit as st

from metrics.aggregate import Filters
from metrics.bundle import BundleError
from metrics.highlight import highlight_segments, page_noise
from metrics.i18n import metric_label, t
from ui import data
from ui.components import fmt, page_start, reported
from ui.document import document_html
from ui.figure_review import figure_section

state = page_start("sources")
language = state.lang
bundle = data.bundle()
figures = data.figures()
sources = bundle.sources.sort_values("published", ascending=False)
ids = list(sources["source_id"])

wanted = st.query_params.get("source")
if wanted in ids and st.session_state.get("sources_seen_param") != wanted:
    st.session_state["sources_pick"] = wanted
    st.session_state["sources_seen_param"] = wanted
if st.session_state.get("sources_pick") not in ids:
    with_figures = [s for s in ids if s in set(figures["source_id"])]
    st.session_state["sources_pick"] = (with_figures or ids)[0]
titles = dict(zip(sources["source_id"], sources["published"] + " · " + sources["publisher"].replace("", "?") + " — " + sources["title"]))
source_id = st.selectbox(t("pick_source", language), ids, key="sources_pick", format_func=lambda s: titles[s])
if st.query_params.get("source") != source_id:
    st.query_params["source"] = source_id
    if "figure" in st.query_params:
        del st.query_params["figure"]
selected = st.query_params.get("figure")

meta = sources[sources["source_id"] == source_id].iloc[0]
in_source = figures[figures["source_id"] == source_id].sort_values("quote_start")
with st.container(border=True):
    st.markdown(f"**{meta['title']}**")
    st.caption(f"{meta['publisher'] or '—'} · {meta['published']} · {meta['language']} · {source_id}")
    if meta["url"]:
        st.caption(f"{t('field_url', language)}: {meta['url']}")
    if meta["notes"]:
        st.caption(f"{t('field_notes', language)}: {meta['notes']}")
    st.caption(f"{t('field_sha', language)}: `{meta['sha256']}`")

if selected in set(in_source["figure_id"]):
    row = in_source[in_source["figure_id"] == selected].iloc[0]
    st.success(t("selected_figure", language, figure=selected, quote=row["quote"], start=row["quote_start"], end=row["quote_end"]))

st.subheader(t("source_text", language))
try:
    text = data.source_text(source_id)
except (BundleError, OSError):
    st.info(t("no_text", language))
else:
    events = bundle.events[bundle.events["source_id"] == source_id]
    quotes = list(zip(in_source["quote_start"], in_source["quote_end"], in_source["figure_id"]))
    quotes += list(zip(events["quote_start"], events["quote_end"], events["event_id"]))
    segments = highlight_segments(text, quotes, page_noise(text))
    st.caption(t("noise_legend", language))
    st.html(document_html(segments, selected))

st.subheader(t("figures_in_source", language))
# How many sources report each of its figures that stands (copies and other outlets' same figure included).
everything = data.selection(Filters())
reach = pd.concat([frame.loc[(frame["source_id"] == source_id).to_numpy(), ["figure_id", "n_sources", "also_reported_by"]]
                   for frame in (everything.included, everything.nested)]).set_index("figure_id")
st.dataframe(
    pd.DataFrame(
        {
            t("col_figure", language): in_source["figure_id"],
            t("col_metric", language): in_source["metric"].map(lambda m: metric_label(m, language)),
            t("col_reported", language): [reported(r, language) for r in in_source.itertuples()],
            t("col_quote", language): in_source["quote"],
            t("col_offsets", language): [f"{s}–{e}" for s, e in zip(in_source["quote_start"], in_source["quote_end"])],
            t("col_period_text", language): in_source["period_text"],
            t("col_n_sources", language): in_source["figure_id"].map(reach["n_sources"]).astype("Int64").to_numpy(),
            t("col_also_reported_by", language): in_source["figure_id"].map(reach["also_reported_by"]).fillna("").to_numpy(),
            t("col_window_basis", language): [
                " · ".join(t(f"window_{part}.{code}", language) for part, code in (("basis", basis), ("precision", precision)) if code)
                for basis, precision in zip(in_source["window_basis"], in_source["window_precision"])],
        }
    ),
    hide_index=True,
    width="stretch",
)
st.caption(t("n_figures_sources", language, n=fmt(len(in_source), language), m=1))

figure_section(source_id, selected, language)
