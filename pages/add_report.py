"""Add report: paste or upload a press report, review the proposed figures, save them in one go.

Article text is only ever shown as plain text (``st.text``/``st.code``), never as HTML or markdown.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from metrics.access import AccessPolicy, PermissionDenied
from metrics.documents import MAX_BYTES, SUPPORTED_SUFFIXES, DocumentError, read_document, sha256_text
from metrics.ingest import default_title, figure_rows, guess_language
from metrics.schemas import METRICS, QUALIFIERS
from metrics.store import DuplicateDocument, Store, StoreError
from ui.components import leave_legacy_pages_mode, page_start
from ui.data import data_changed, store as open_store

leave_legacy_pages_mode()

DECISIONS = ("pending", "accepted", "rejected")
EDITABLE = ["status", "metric", "category", "value", "unit", "qualifier", "period_start", "period_end",
            "period_text", "agency_id", "counterpart_id", "quote", "quote_start", "quote_end", "confidence"]


def _secrets() -> dict:
    try:
        return dict(st.secrets)
    except Exception:  # no secrets file: nothing configured
        return {}


def current_actor():
    secrets = _secrets()
    auth_configured = "auth" in secrets
    policy = AccessPolicy.from_config(secrets.get("border_metrics") or {}, auth_configured=auth_configured)
    if auth_configured:
        user = st.user
        return policy.actor(email=user.get("email"), logged_in=bool(user.get("is_logged_in"))), auth_configured
    # Streamlit reports no address (None) for a browser on localhost.
    client = st.context.ip_address
    return policy.actor(client_address=client if isinstance(client, str) else "127.0.0.1"), auth_configured


def show_quote(text: str, start: int, end: int, width: int = 160) -> None:
    """The quote in its context, marked with ⟦ ⟧, as plain text."""
    before = text[max(0, start - width):start]
    after = text[end:end + width]
    st.text(f"…{before}⟦{text[start:end]}⟧{after}…")


state = page_start("add_report")
language = state.lang
actor, auth_configured = current_actor()
if not actor.can_edit:
    st.info(f"You can read everything, but not add reports: {actor.reason}")
    if auth_configured and not st.user.get("is_logged_in"):
        st.button("Log in", on_click=st.login)
    st.stop()
if not auth_configured:
    st.caption("No login is configured: editing is allowed because the app is served on localhost.")

store = open_store()
st.caption(f"Accepted files: {', '.join(SUPPORTED_SUFFIXES)}, up to {MAX_BYTES // (1024 * 1024)} MB. "
           "Scanned PDFs without a text layer cannot be read: paste their text instead.")

pasted_tab, upload_tab = st.tabs(["Paste text", "Upload a file"])
with pasted_tab:
    pasted = st.text_area("Report text", height=200, key="pasted")
with upload_tab:
    uploaded = st.file_uploader("File", type=[s.lstrip(".") for s in SUPPORTED_SUFFIXES], key="upload")

document = None
try:
    if uploaded is not None:
        document = read_document(uploaded.getvalue(), uploaded.name)
    elif pasted.strip():
        document = read_document(pasted.encode("utf-8"), "pasted.txt")
except DocumentError as error:
    st.error(str(error))
if document is None:
    st.stop()

original = uploaded.getvalue() if uploaded is not None else None
with st.expander("Text as stored", expanded=False):
    st.code(document.text, language=None, wrap_lines=True)

st.subheader("About the report")
left, right = st.columns(2)
title = left.text_input("Title", value=default_title(document.text))
publisher = right.text_input("Publisher")
published = left.date_input("Publication date", value=None, format="YYYY-MM-DD")
url = right.text_input("URL (optional)")
language = left.selectbox("Language", ["vi", "en"], index=0 if guess_language(document.text) == "vi" else 1)

duplicate = store.find_duplicate(sha256=document.sha256, url=url) or store.find_duplicate(
    sha256=sha256_text(document.text))
if duplicate:
    st.warning(f"This report is already stored as {duplicate[0]} (same {duplicate[1]}); it will not be stored twice.")
    st.stop()
if published is None:
    st.info("Enter the publication date to see the proposed figures: periods like 'đến nay' are read against it.")
    st.stop()


@st.cache_data(show_spinner="Reading the figures…", max_entries=8)
def propose(text: str, published_on: date, lang: str) -> tuple[pd.DataFrame, list[str], list[str]]:
    from metrics.extract import ExtractionError, extract_document

    try:
        extraction = extract_document(text.encode("utf-8"), filename="document.txt", published=published_on,
                                      language=lang)
    except ExtractionError as error:
        return pd.DataFrame(columns=EDITABLE), [], [str(error)]
    rows, _ = figure_rows(extraction, accept=False)
    frame = pd.DataFrame(rows, columns=EDITABLE + ["restates_figure_id", "notes"])
    return frame, list(extraction.unknown_agencies), list(extraction.warnings)


proposed, unknown_agencies, warnings = propose(document.text, published, language)
for warning in warnings:
    st.caption(f"Note: {warning}")

key = f"extra:{document.sha256}"
extra = st.session_state.setdefault(key, [])
candidates = pd.concat([proposed, pd.DataFrame(extra, columns=proposed.columns)], ignore_index=True)

st.subheader("Figures")
st.caption("Set each figure to accepted or rejected (or leave it pending for later review); correct any cell.")
known = sorted(store.agency_ids())
edited = st.data_editor(
    candidates[EDITABLE],
    key=f"editor:{document.sha256}",
    num_rows="fixed",
    hide_index=True,
    column_config={
        "status": st.column_config.SelectboxColumn("Decision", options=DECISIONS, required=True),
        "metric": st.column_config.SelectboxColumn("Metric", options=METRICS, required=True),
        "qualifier": st.column_config.SelectboxColumn("Qualifier", options=QUALIFIERS, required=True),
        "agency_id": st.column_config.SelectboxColumn("Agency", options=[""] + known),
        "counterpart_id": st.column_config.SelectboxColumn("Counterpart", options=[""] + known),
        "value": st.column_config.NumberColumn("Value", min_value=0.0),
        "quote": st.column_config.TextColumn("Quote", disabled=True),
        "quote_start": st.column_config.NumberColumn("Start", disabled=True),
        "quote_end": st.column_config.NumberColumn("End", disabled=True),
        "confidence": st.column_config.NumberColumn("Confidence", disabled=True, format="%.2f"),
    },
)

if len(edited):
    shown = st.selectbox("Show the quote of figure", range(len(edited)),
                         format_func=lambda i: f"{i + 1}: {edited['quote'].iloc[i]}")
    show_quote(document.text, int(edited["quote_start"].iloc[shown]), int(edited["quote_end"].iloc[shown]))

with st.expander("Add a figure the extractor missed"):
    quote = st.text_input("Its quote, exactly as in the text", key="missed_quote")
    occurrences = [i for i in range(len(document.text)) if quote and document.text.startswith(quote, i)]
    if quote and not occurrences:
        st.warning("That quote is not in the text: copy it exactly from the text above.")
    elif quote:
        which = st.selectbox("Occurrence", range(len(occurrences)),
                             format_func=lambda i: f"at character {occurrences[i]}") if len(occurrences) > 1 else 0
        start = occurrences[which]
        show_quote(document.text, start, start + len(quote))
        if st.button("Add this figure"):
            extra.append({"status": "pending", "metric": "other", "category": "", "value": 0.0, "unit": "",
                          "qualifier": "exact", "period_start": "", "period_end": "", "period_text": "",
                          "agency_id": "", "counterpart_id": "", "quote": quote, "quote_start": start,
                          "quote_end": start + len(quote), "confidence": None, "restates_figure_id": "", "notes": "added by hand"})
            st.rerun()

new_agencies = []
if unknown_agencies:
    with st.expander(f"Agencies not in the registry ({len(unknown_agencies)})"):
        st.caption("Add the ones you need, then pick them in the Agency column.")
        for index, name in enumerate(unknown_agencies):
            st.text(name)
            if st.checkbox("Add to the registry", key=f"add-agency-{index}"):
                a, b, c = st.columns(3)
                new_agencies.append({
                    "agency_id": a.text_input("Id (cc-slug)", key=f"aid-{index}"),
                    "country": b.selectbox("Country", ["VN", "LA", "KH", "TH", "CN"], key=f"acountry-{index}"),
                    "name_vi": c.text_input("Vietnamese name", value=name, key=f"avi-{index}"),
                    "name_en": a.text_input("English name", key=f"aen-{index}"),
                    "kind": b.text_input("Kind", key=f"akind-{index}"),
                    "parent_id": c.selectbox("Part of", [""] + known, key=f"aparent-{index}"),
                    "aliases": name,
                })

if st.button("Save report", type="primary"):
    rows = edited.to_dict("records")
    extra_columns = candidates[["restates_figure_id", "notes"]].to_dict("records")
    for row, more in zip(rows, extra_columns):
        row.update(more)
        row["restates_figure_id"] = row["restates_figure_id"] if row["status"] != "rejected" else ""
    source = {"title": title, "publisher": publisher, "published": published.isoformat(), "language": language,
              "url": url, "notes": f"Added from {document.name} ({document.kind}) in the dashboard."}
    try:
        added = store.add_document(actor, source, document.text, rows, agencies_in=new_agencies, status="pending",
                                   original=original, original_name=document.name, reason="added in the dashboard")
    except DuplicateDocument as error:
        st.warning(str(error))
    except (StoreError, PermissionDenied, ValueError) as error:
        st.error(f"Nothing was saved: {error}")
    else:
        data_changed()  # every page reads the new figures at once
        st.session_state.pop(key, None)
        st.success(f"Saved as {added.source_id}: {len(added.figure_ids)} figures "
                   f"({sum(r['status'] == 'accepted' for r in rows)} accepted).")
