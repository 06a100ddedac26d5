"""Export: the summary tables for the current filters, as CSV (BOM by default), XLSX (with an about sheet) or ZIP."""

import pandas as pd
import streamlit as st

from metrics.aggregate import summary
from metrics.export import about_rows, export_name, readme_text, to_csv_bytes, to_xlsx_bytes, to_zip_bytes
from metrics.figures import FIGURE_COLUMNS
from metrics.i18n import metric_label, t, unit_label
from ui import data
from ui.components import agency_name, counts_caption, empty_state, fmt, left_out_expander, page_start

state = page_start("export")
language = state.lang
st.caption(t("export_intro", language))
selection = data.selection(state.filters)
bundle = data.bundle()

if not empty_state(selection, language):
    included = selection.included
    tables = {
        "summary": summary(selection).assign(
            agency_name=lambda f: f["agency_id"].map(lambda a: agency_name(a, "vi")),
            counterpart_name=lambda f: f["counterpart_id"].map(lambda a: agency_name(a, "vi")),
        ),
        "figures": included[FIGURE_COLUMNS + ["quote_start", "quote_end", "estimate_assumption", "usd_rate", "usd_rate_basis",
                                              "share", "prorated", "source_title", "source_publisher", "source_published"]],
        "left-out": selection.left_out[FIGURE_COLUMNS + ["reason", "kept_figure_id"]] if len(selection.left_out) else None,
    }
    labels = {"summary": t("export_summary", language), "figures": t("export_figures", language), "left-out": t("export_left_out", language)}
    choices = [k for k, v in tables.items() if v is not None]
    table_key = st.radio(t("export_table", language), choices, format_func=labels.get, horizontal=True, key="export_table")
    frame = tables[table_key]

    if table_key == "summary":
        shown = pd.DataFrame(
            {
                t("col_agency", language): frame["agency_id"].map(lambda a: agency_name(a, language)),
                t("col_counterpart", language): frame["counterpart_id"].map(lambda a: agency_name(a, language)),
                t("col_metric", language): frame["metric"].map(lambda m: metric_label(m, language)),
                t("col_category", language): frame["category"],
                t("col_value", language): [fmt(v, language) for v in frame["value"]],
                t("col_unit", language): frame["unit_norm"].map(lambda u: unit_label(u, language)),
                t("col_usd", language): [fmt(v, language, 0) for v in frame["usd_equivalent"]],
                t("col_estimate", language): frame["estimate"].map(lambda e: t("yes" if e else "no", language)),
                t("col_n_figures", language): frame["n_figures"],
                t("col_n_sources", language): frame["n_sources"],
                t("col_figure", language): frame["figure_ids"],
            }
        )
        st.dataframe(shown, hide_index=True, width="stretch", key="export_summary_table")
    else:
        st.dataframe(frame, hide_index=True, width="stretch")
    counts_caption(included, language)
    left_out_expander(selection, language)

    cited = bundle.sources[bundle.sources["source_id"].isin(included["source_id"])]
    rates = bundle.exchange_rates[bundle.exchange_rates["currency"].isin(included.loc[included["metric"] == "currency_seized", "unit_norm"])]
    assumptions = data.default_assumptions()
    about = about_rows(state.filters, labels[table_key], cited, bundle.conversions, assumptions.describe("en"), rates)
    bom = st.checkbox(t("bom", language), value=True, key="export_bom")
    csv_name = export_name(state.filters, table_key, "csv")
    csv_bytes = to_csv_bytes(frame, bom=bom)
    one, two, three = st.columns(3)
    one.download_button(t("download_csv", language), csv_bytes, file_name=csv_name, mime="text/csv", key="download_csv")
    two.download_button(t("download_xlsx", language), to_xlsx_bytes(frame, about, sheet=table_key),
                        file_name=export_name(state.filters, table_key, "xlsx"),
                        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="download_xlsx")
    three.download_button(t("download_zip", language), to_zip_bytes(csv_name, csv_bytes, readme_text(about)),
                          file_name=export_name(state.filters, table_key, "zip"), mime="application/zip", key="download_zip")
