"""Export: the summary tables for the current filters, as CSV (BOM by default), XLSX (with an about sheet) or ZIP."""

import pandas as pd
import streamlit as st

from metrics.briefing import briefing_name
from metrics.export import about_rows, export_name, readme_text, to_csv_bytes, to_xlsx_bytes, to_zip_bytes
from metrics.figures import FIGURE_COLUMNS
from metrics.i18n import metric_label, t, unit_label
from ui import comparisons, data
from ui.components import (short_ids, without_categories, PAGE_ROWS, agency_names, counts_caption, empty_state, fmt,
                           left_out_expander, page_rows_start, page_start)

state = page_start("export")
language = state.lang
st.caption(t("export_intro", language))
selection = data.selection(state.filters)
bundle = data.bundle()

EAGER_DOWNLOAD_ROWS = 2000  # tables up to this size get their files written on every run
FIGURE_EXPORT_COLUMNS = FIGURE_COLUMNS + ["quote_start", "quote_end", "estimate_assumption", "usd_rate", "usd_rate_basis",
                                          "share", "prorated", "restates_figure_id", "part_of_figure_id", "source_title",
                                          "source_publisher", "source_published", "n_sources", "also_reported_by",
                                          "n_conflicts"]

if not empty_state(selection, language):
    included = selection.included
    # Each table is built only when it is shown or downloaded: at a million figures the lists are large.
    tables = {
        "summary": lambda: data.summary_table(state.filters).assign(
            agency_name=lambda f: agency_names(f["agency_id"], "vi"),
            counterpart_name=lambda f: agency_names(f["counterpart_id"], "vi"),
        ),
        "figures": lambda: included[FIGURE_EXPORT_COLUMNS],
        "left-out": (lambda: selection.left_out[FIGURE_COLUMNS + ["reason", "kept_figure_id"]]) if selection.n_left_out else None,
        "conflicts": (lambda: selection.conflicts) if selection.n_conflicts else None,
    }
    labels = {"summary": t("export_summary", language), "figures": t("export_figures", language), "left-out": t("export_left_out", language),
              "conflicts": t("conflicts", language, n=selection.n_conflicts)}
    choices = [k for k, v in tables.items() if v is not None]
    table_key = st.radio(t("export_table", language), choices, format_func=labels.get, horizontal=True, key="export_table")
    n_rows = {"summary": None, "figures": len(included), "left-out": selection.n_left_out,
              "conflicts": selection.n_conflicts}[table_key]

    if table_key == "summary":
        frame = tables["summary"]()
        start = page_rows_start(len(frame), language, "export_summary")
        page = frame.iloc[start:start + PAGE_ROWS]
        shown = pd.DataFrame(
            {
                t("col_agency", language): agency_names(page["agency_id"], language),
                t("col_counterpart", language): agency_names(page["counterpart_id"], language),
                t("col_metric", language): page["metric"].map(lambda m: metric_label(m, language)),
                t("col_category", language): page["category"],
                t("col_value", language): [fmt(v, language) for v in page["value"]],
                t("col_unit", language): page["unit_norm"].map(lambda u: unit_label(u, language)),
                t("col_usd", language): [fmt(v, language, 0) for v in page["usd_equivalent"]],
                t("col_estimate", language): page["estimate"].map(lambda e: t("yes" if e else "no", language)),
                t("col_n_figures", language): page["n_figures"],
                t("col_n_sources", language): page["n_sources"],
                t("col_n_conflicts", language): page["n_conflicts"],
                t("col_figure", language): page["figure_ids"].map(short_ids),
            }
        )
        st.dataframe(shown, hide_index=True, width="stretch", key="export_summary_table")
    else:
        start = page_rows_start(n_rows, language, f"export_{table_key}")
        if table_key == "figures":
            st.dataframe(without_categories(included[FIGURE_EXPORT_COLUMNS].iloc[start:start + PAGE_ROWS]), hide_index=True,
                         width="stretch")
        elif table_key == "conflicts":
            st.dataframe(without_categories(selection.conflicts.iloc[start:start + PAGE_ROWS]), hide_index=True, width="stretch")
        else:
            st.dataframe(without_categories(selection.left_out_head(PAGE_ROWS, start=start)[FIGURE_COLUMNS + ["reason", "kept_figure_id"]]),
                         hide_index=True, width="stretch")
    counts_caption(included, language)
    left_out_expander(selection, language)

    def about():
        """The file's about rows (filters, sources cited, assumptions): written with the file, on click."""
        cited = bundle.sources[bundle.sources["source_id"].isin(included["source_id"].unique())]
        currencies = included.loc[included["metric"] == "currency_seized", "unit_norm"].unique()
        rates = bundle.exchange_rates[bundle.exchange_rates["currency"].isin(currencies)]
        assumptions = data.default_assumptions()
        return about_rows(state.filters, labels[table_key], cited, bundle.conversions, assumptions.describe("en"), rates)

    bom = st.checkbox(t("bom", language), value=True, key="export_bom")
    csv_name = export_name(state.filters, table_key, "csv")
    build = tables[table_key]
    # A small table's files are written now; a large one's when its button is clicked (Streamlit
    # calls the function then), so a rerun at a million figures does not write three files.
    eager = (n_rows if n_rows is not None else len(frame)) <= EAGER_DOWNLOAD_ROWS

    def ready(make):
        return make() if eager else make

    one, two, three = st.columns(3)
    one.download_button(t("download_csv", language), ready(lambda: to_csv_bytes(build(), bom=bom)), file_name=csv_name,
                        mime="text/csv", key="download_csv")
    two.download_button(t("download_xlsx", language), ready(lambda: to_xlsx_bytes(build(), about(), sheet=table_key)),
                        file_name=export_name(state.filters, table_key, "xlsx"),
                        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="download_xlsx")
    three.download_button(t("download_zip", language),
                          ready(lambda: to_zip_bytes(csv_name, to_csv_bytes(build(), bom=bom), readme_text(about()))),
                          file_name=export_name(state.filters, table_key, "zip"), mime="application/zip", key="download_zip")

    # The briefing for managers: a Word document for the period, beside the same period a year earlier.
    if comparisons.has_period(state.filters):
        st.download_button(t("download_briefing", language), lambda: comparisons.briefing_docx(state.filters, language),
                           file_name=briefing_name(state.filters, "docx"), key="download_briefing",
                           mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    else:
        st.caption(t("briefing_needs_period", language))
