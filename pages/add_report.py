"""Add report: paste, upload or link a press report, review the proposed figures, save them in one go.

A link is fetched once (``metrics.fetch``); the page as received is kept with the document, and the
title, publisher and date read from it are shown in the form for confirmation. A near copy of a
stored report (``metrics.syndication``) is offered for linking as another source of it instead.

Article text is only ever shown as plain text (``st.text``/``st.code``), never as HTML or markdown.
"""

from __future__ import annotations

import hashlib
from datetime import date

import pandas as pd
import streamlit as st

from metrics.access import PermissionDenied
from metrics.compare import stated_change_text
from metrics.documents import MAX_BYTES, SUPPORTED_SUFFIXES, Document, DocumentError, read_document, sha256_text
from metrics.fetch import FetchError, fetch, private_urls_allowed, read_article
from metrics.i18n import access_reason_label, country_label, metric_label, t
from metrics.ingest import default_title, figure_rows, guess_language, page_name
from metrics.schemas import METRICS, QUALIFIERS, WINDOW_BASES, WINDOW_PRECISIONS
from metrics.store import DuplicateDocument, StoreError
from ui.access import current_actor, login_controls
from ui.components import page_start
from ui.data import copy_index, data_changed, secret, store as open_store

DECISIONS = ("pending", "accepted", "rejected")
EDITABLE = ["status", "metric", "category", "value", "unit", "qualifier", "period_start", "period_end",
            "period_text", "window_basis", "window_precision", "agency_id", "counterpart_id", "quote", "quote_start",
            "quote_end", "confidence"]


def show_quote(text: str, start: int, end: int, width: int = 160) -> None:
    """The quote in its context, marked with ⟦ ⟧, as plain text."""
    before = text[max(0, start - width):start]
    after = text[end:end + width]
    st.text(f"…{before}⟦{text[start:end]}⟧{after}…")


state = page_start("add_report")
ui = state.lang  # the interface language; the report's own language is picked below
actor, auth_configured = current_actor()
if not actor.can_edit:
    st.info(t("ar_viewer", ui, reason=access_reason_label(actor.reason, ui)))
    login_controls(auth_configured, ui)
    st.stop()
login_controls(auth_configured, ui)
if not auth_configured:
    st.caption(t("ar_local_editing", ui))

store = open_store()
st.caption(t("ar_limits", ui, suffixes=", ".join(SUPPORTED_SUFFIXES), mb=MAX_BYTES // (1024 * 1024)))

link_tab, pasted_tab, upload_tab = st.tabs([t("ar_tab_link", ui), t("ar_tab_paste", ui), t("ar_tab_upload", ui)])
with link_tab:
    link = st.text_input(t("ar_link", ui), key="link", placeholder="https://")
    if st.button(t("ar_fetch", ui), key="fetch_link") and link.strip():
        try:
            page = fetch(link, allow_private=private_urls_allowed({"allow_private_urls": secret("allow_private_urls")}))
            st.session_state["fetched"] = (link.strip(), page, read_article(page.body, page.url))
        except (FetchError, DocumentError) as error:
            st.session_state.pop("fetched", None)
            st.error(t("ar_link_failed", ui, error=error))
with pasted_tab:
    pasted = st.text_area(t("ar_text", ui), height=200, key="pasted")
with upload_tab:
    uploaded = st.file_uploader(t("ar_file", ui), type=[s.lstrip(".") for s in SUPPORTED_SUFFIXES], key="upload")

document, fetched, article = None, None, None
try:
    if uploaded is not None:
        document = read_document(uploaded.getvalue(), uploaded.name)
    elif pasted.strip():
        document = read_document(pasted.encode("utf-8"), "pasted.txt")
    elif st.session_state.get("fetched") and st.session_state["fetched"][0] == link.strip():
        _link, fetched, article = st.session_state["fetched"]
        document = Document(name=fetched.url, kind="html", text=article.text,
                            sha256=hashlib.sha256(fetched.body).hexdigest(), size=len(fetched.body))
except DocumentError as error:
    st.error(t("ar_unreadable", ui, error=error))
if document is None:
    st.stop()

original = uploaded.getvalue() if uploaded is not None else (fetched.body if fetched else None)
if fetched:
    st.caption(t("ar_fetched", ui, url=fetched.url, at=fetched.fetched_at))
with st.expander(t("ar_stored_text", ui), expanded=False):
    st.code(document.text, language=None, wrap_lines=True)

st.subheader(t("ar_about", ui))
left, right = st.columns(2)
title = left.text_input(t("ar_title", ui), value=(article and article.title) or default_title(document.text))
publisher = right.text_input(t("ar_publisher", ui), value=(article and article.publisher) or "")
published = left.date_input(t("ar_published", ui), format="YYYY-MM-DD",
                            value=date.fromisoformat(article.published) if article and article.published else None)
url = right.text_input(t("ar_url", ui), value=fetched.requested_url if fetched else "")
language = left.selectbox(t("ar_language", ui), ["vi", "en"], index=0 if guess_language(document.text) == "vi" else 1,
                          format_func=lambda code: {"vi": "Tiếng Việt", "en": "English"}[code])
if article:
    st.caption(t("ar_check_metadata", ui))
fetched_fields = {"fetched_from": fetched.url, "fetched_at": fetched.fetched_at} if fetched else {}
original_name = page_name(fetched.url) if fetched else document.name

duplicate = store.find_duplicate(sha256=document.sha256, url=url) or store.find_duplicate(
    sha256=sha256_text(document.text))
if duplicate:
    st.warning(t("ar_duplicate", ui, source_id=duplicate[0], matched=duplicate[1]))
    st.stop()
copied = copy_index().find(document.text)
if copied:
    st.info(t("ar_copy_of", ui, source_id=copied.source_id, similarity=f"{copied.similarity:.2f}"))
    if st.button(t("ar_link_copy", ui), type="primary", key="link_copy"):
        source = {"title": title, "publisher": publisher, "published": published.isoformat() if published else "",
                  "language": language, "url": url}
        try:
            store.add_copy(actor, copied.source_id, source, document.text, similarity=copied.similarity,
                           original=original, original_name=original_name, reason="a copy linked in the dashboard",
                           **fetched_fields)
        except (StoreError, PermissionDenied) as error:
            st.error(t("ar_not_saved", ui, error=error))
        else:
            data_changed()
            st.success(t("ar_copy_linked", ui, source_id=copied.source_id))
    st.stop()
if published is None:
    st.info(t("ar_need_date", ui))
    st.stop()


@st.cache_data(show_spinner=t("ar_reading", ui), max_entries=8)
def propose(text: str, published_on: date, lang: str) -> tuple[pd.DataFrame, list[dict], list[dict], list[str]]:
    from metrics.extract import ExtractionError, extract_document
    from metrics.extract.changes import change_rows

    try:
        extraction = extract_document(text.encode("utf-8"), filename="document.txt", published=published_on,
                                      language=lang)
    except ExtractionError as error:
        return pd.DataFrame(columns=EDITABLE + ["restates_figure_id", "part_of_figure_id", "notes"]), [], [], [str(error)]
    rows, _ = figure_rows(extraction, accept=False)
    frame = pd.DataFrame(rows, columns=EDITABLE + ["restates_figure_id", "part_of_figure_id", "notes"])
    # Each unit the registry does not know, with what the extractor infers of it (kind, parent, country).
    units = [vars(p) for p in getattr(extraction, "proposed_agencies", [])]
    # Stated changes name their figure as new-<i>: the figures added by hand come after the proposed ones.
    changes = change_rows(extraction.changes, [f"new-{index}" for index in range(len(rows))])
    return frame, units, changes, list(extraction.warnings)


proposed, unknown_agencies, stated_changes, warnings = propose(document.text, published, language)
for warning in warnings:
    st.caption(t("ar_note", ui, warning=warning))

key = f"extra:{document.sha256}"
extra = st.session_state.setdefault(key, [])
candidates = pd.concat([proposed, pd.DataFrame(extra, columns=proposed.columns)], ignore_index=True)

st.subheader(t("ar_figures", ui))
st.caption(t("ar_figures_help", ui))
known = sorted(store.agency_ids())
edited = st.data_editor(
    candidates[EDITABLE],
    key=f"editor:{document.sha256}",
    num_rows="fixed",
    hide_index=True,
    column_config={
        "status": st.column_config.SelectboxColumn(t("ar_col_decision", ui), options=DECISIONS, required=True,
                                                   format_func=lambda code: t(f"status_{code}", ui)),
        "metric": st.column_config.SelectboxColumn(t("col_metric", ui), options=METRICS, required=True,
                                                  format_func=lambda code: metric_label(code, ui)),
        "category": st.column_config.TextColumn(t("col_category", ui)),
        "value": st.column_config.NumberColumn(t("col_value", ui), min_value=0.0),
        "unit": st.column_config.TextColumn(t("col_unit", ui)),
        "qualifier": st.column_config.SelectboxColumn(t("col_qualifier", ui), options=QUALIFIERS, required=True,
                                                     format_func=lambda code: t(f"qualifier_{code}", ui)),
        "period_start": st.column_config.TextColumn(t("col_period_start", ui)),
        "period_end": st.column_config.TextColumn(t("col_period_end", ui)),
        "period_text": st.column_config.TextColumn(t("col_period_text", ui)),
        "window_basis": st.column_config.SelectboxColumn(
            t("col_window_basis", ui), options=WINDOW_BASES, disabled=True,
            format_func=lambda code: t(f"window_basis.{code}", ui) if code else ""),
        "window_precision": st.column_config.SelectboxColumn(
            t("col_window_precision", ui), options=WINDOW_PRECISIONS, disabled=True,
            format_func=lambda code: t(f"window_precision.{code}", ui) if code else ""),
        "agency_id": st.column_config.SelectboxColumn(t("col_agency", ui), options=[""] + known),
        "counterpart_id": st.column_config.SelectboxColumn(t("col_counterpart", ui), options=[""] + known),
        "quote": st.column_config.TextColumn(t("col_quote", ui), disabled=True),
        "quote_start": st.column_config.NumberColumn(t("ar_col_start", ui), disabled=True),
        "quote_end": st.column_config.NumberColumn(t("ar_col_end", ui), disabled=True),
        "confidence": st.column_config.NumberColumn(t("ar_col_confidence", ui), disabled=True, format="%.2f"),
    },
)

if len(edited):
    shown = st.selectbox(t("ar_show_quote", ui), range(len(edited)),
                         format_func=lambda i: f"{i + 1}: {edited['quote'].iloc[i]}")
    show_quote(document.text, int(edited["quote_start"].iloc[shown]), int(edited["quote_end"].iloc[shown]))

if stated_changes:
    st.markdown(t("ar_changes", ui))
    st.caption(t("ar_changes_help", ui))
    st.dataframe(pd.DataFrame({
        t("col_quote", ui): [change["quote"] for change in stated_changes],
        t("col_stated", ui): [stated_change_text(change["direction"], change["amount"], change["is_percent"],
                                                 "" if change["is_percent"] else change["unit"], ui)
                              for change in stated_changes],
        t("ar_col_qualifies", ui): [
            f"{int(change['figure_id'].removeprefix('new-')) + 1}: {proposed['quote'].iloc[int(change['figure_id'].removeprefix('new-'))]}"
            if change["figure_id"] else "" for change in stated_changes],
        t("ar_col_base", ui): [change["base_text"] or "" for change in stated_changes],
    }), hide_index=True, width="stretch", key="stated_changes")

with st.expander(t("ar_missed", ui)):
    quote = st.text_input(t("ar_missed_quote", ui), key="missed_quote")
    occurrences = [i for i in range(len(document.text)) if quote and document.text.startswith(quote, i)]
    if quote and not occurrences:
        st.warning(t("ar_quote_not_found", ui))
    elif quote:
        which = st.selectbox(t("ar_occurrence", ui), range(len(occurrences)),
                             format_func=lambda i: t("ar_at_character", ui, n=occurrences[i])) if len(occurrences) > 1 else 0
        start = occurrences[which]
        show_quote(document.text, start, start + len(quote))
        if st.button(t("ar_add_figure", ui)):
            extra.append({"status": "pending", "metric": "other", "category": "", "value": 0.0, "unit": "",
                          "qualifier": "exact", "period_start": "", "period_end": "", "period_text": "",
                          "window_basis": "", "window_precision": "",
                          "agency_id": "", "counterpart_id": "", "quote": quote, "quote_start": start,
                          "quote_end": start + len(quote), "confidence": None, "restates_figure_id": "", "part_of_figure_id": "",
                          "notes": "added by hand"})
            st.rerun()

new_agencies, named_as = [], {}
if unknown_agencies:
    with st.expander(t("ar_unknown_agencies", ui, n=len(unknown_agencies)), expanded=True):
        st.caption(t("ar_unknown_agencies_help", ui))
        countries = ["VN", "LA", "KH", "TH", "CN"]
        for index, unit in enumerate(unknown_agencies):
            name = unit["name"]
            st.text(name)
            if unit["agency_id"] in known:  # added from an earlier report
                named_as[name] = unit["agency_id"]
                continue
            # Proposed as a sub-unit of what its name says it belongs to, never folded into that parent.
            if st.checkbox(t("ar_add_agency", ui), value=True, key=f"add-agency-{index}"):
                a, b, c = st.columns(3)
                parent = unit["parent_id"] if unit["parent_id"] in known else ""
                row = {
                    "agency_id": a.text_input(t("ar_agency_id", ui), value=unit["agency_id"], key=f"aid-{index}"),
                    "country": b.selectbox(t("country", ui), countries, index=countries.index(unit["country"])
                                           if unit["country"] in countries else 0, key=f"acountry-{index}",
                                           format_func=lambda code: country_label(code, ui)),
                    "name_vi": c.text_input(t("ar_agency_name_vi", ui), value=name, key=f"avi-{index}"),
                    "name_en": a.text_input(t("ar_agency_name_en", ui), value=name, key=f"aen-{index}"),
                    "kind": b.text_input(t("ar_agency_kind", ui), value=unit["kind"], key=f"akind-{index}"),
                    "parent_id": c.selectbox(t("ar_agency_parent", ui), [""] + known,
                                             index=([""] + known).index(parent), key=f"aparent-{index}"),
                    "level": unit["level"], "aliases": name, "added_from_text": "true", "reviewed": "false",
                    "source": f"named in {document.name}; added from the text in the dashboard",
                }
                new_agencies.append(row)
                named_as[name] = row["agency_id"]

if st.button(t("ar_save", ui), type="primary", key="save_report"):
    rows = edited.to_dict("records")
    for row in rows:  # a unit named as written becomes the agency added for it
        for column in ("agency_id", "counterpart_id"):
            row[column] = named_as.get(row[column], row[column])
    extra_columns = candidates[["restates_figure_id", "part_of_figure_id", "notes"]].fillna("").to_dict("records")
    for row, more in zip(rows, extra_columns):
        row.update(more)
        if row["status"] == "rejected":  # a rejected figure restates nothing and is part of nothing
            row["restates_figure_id"] = row["part_of_figure_id"] = ""
    how = (f"Fetched from {fetched.url} at {fetched.fetched_at} in the dashboard." if fetched
           else f"Added from {document.name} ({document.kind}) in the dashboard.")
    source = {"title": title, "publisher": publisher, "published": published.isoformat(), "language": language,
              "url": url, "notes": how}
    try:
        added = store.add_document(actor, source, document.text, rows, agencies_in=new_agencies,
                                   changes_in=stated_changes, status="pending",
                                   original=original, original_name=original_name, reason="added in the dashboard",
                                   **fetched_fields)
    except DuplicateDocument as error:
        st.warning(str(error))
    except (StoreError, PermissionDenied, ValueError) as error:
        st.error(t("ar_not_saved", ui, error=error))
    else:
        data_changed()  # every page reads the new figures at once
        st.session_state.pop(key, None)
        st.success(t("ar_saved", ui, source_id=added.source_id, n=len(added.figure_ids),
                     accepted=sum(r["status"] == "accepted" for r in rows)))
