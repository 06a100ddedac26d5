"""Ingest one document: read it, extract candidates, store it with them in one transaction.

Shared by ``python -m metrics ingest`` and the "Add report" page. The extractor is passed in
(``extract_document`` by default), so callers and tests can use another.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from .access import Actor
from .documents import read_document, sha256_text
from .store import Added, DuplicateDocument, Store, StoreError

__all__ = ["IngestResult", "figure_rows", "event_rows", "guess_language", "ingest_bytes", "default_title"]

_VI_LETTERS = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)


@dataclass(frozen=True)
class IngestResult:
    name: str
    outcome: str  # stored | duplicate
    source_id: str
    figures: int = 0
    events: int = 0
    left_pending: int = 0  # figures that could not be accepted (no agency found)
    skipped: int = 0  # candidates that did not make a valid row
    status: str = "pending"

    def line(self) -> str:
        if self.outcome == "duplicate":
            return f"{self.name}: duplicate of {self.source_id}, skipped"
        extra = f"; {self.left_pending} left pending (no agency)" if self.left_pending else ""
        extra += f"; {self.skipped} candidates skipped" if self.skipped else ""
        return f"{self.name}: stored as {self.source_id} ({self.figures} figures, {self.events} events, {self.status}{extra})"


def guess_language(text: str) -> str:
    letters = sum(ch.isalpha() for ch in text[:20000]) or 1
    return "vi" if len(_VI_LETTERS.findall(text[:20000])) / letters > 0.02 else "en"


def default_title(text: str) -> str:
    """The first line of the text, at most 200 characters: a title to correct later if need be."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return first[:200]


def _iso(value) -> str:
    return value.isoformat() if isinstance(value, date) else (value or "")


def figure_rows(extraction, accept: bool) -> tuple[list[dict], int]:
    """Store rows from figure candidates; with ``accept``, those lacking an agency stay pending."""
    rows, left_pending = [], 0
    for candidate in extraction.figures:
        status = "pending"
        if accept:
            status = "accepted" if candidate.agency else "pending"
            left_pending += not candidate.agency
        restates, part_of = candidate.restates, getattr(candidate, "part_of", None)
        rows.append({
            "quote": candidate.quote, "quote_start": candidate.start, "quote_end": candidate.end,
            "agency_id": candidate.agency or "", "counterpart_id": candidate.counterpart or "",
            "metric": candidate.metric, "category": candidate.category, "value": candidate.value,
            "unit": candidate.unit, "qualifier": candidate.qualifier,
            "period_start": _iso(candidate.period_start), "period_end": _iso(candidate.period_end),
            "period_text": candidate.period_text,
            "restates_figure_id": f"new-{restates}" if isinstance(restates, int) else "",
            "part_of_figure_id": f"new-{part_of}" if isinstance(part_of, int) else "",
            "notes": getattr(candidate, "note", "") or "", "confidence": candidate.confidence, "status": status,
        })
    return rows, left_pending


def event_rows(extraction, accept: bool, published: str) -> tuple[list[dict], int]:
    """Store rows from event candidates; one with no date is dated by the publication, day precision unknown."""
    rows, skipped = [], 0
    for candidate in extraction.events:
        start, end = _iso(candidate.start_date), _iso(candidate.end_date)
        precision = "day"
        if not start:
            if len(published) != 10:
                skipped += 1
                continue
            start, precision = published, "month"
        rows.append({
            "kind": candidate.kind, "title": candidate.title, "start_date": start, "end_date": end or start,
            "date_precision": precision, "place": candidate.place, "country": "",
            "participant_ids": ";".join(candidate.participants), "documents_signed": ";".join(candidate.documents_signed),
            "quote": candidate.quote, "quote_start": candidate.start, "quote_end": candidate.end,
            "notes": "" if precision == "day" else "undated in the text: dated by its publication",
            "status": "accepted" if accept else "pending",
        })
    return rows, skipped


def ingest_bytes(store: Store, actor: Actor, data: bytes, filename: str, *, published: date | str | None,
                 title: str | None = None, publisher: str = "", url: str = "", language: str | None = None,
                 accept: bool = False, extractor: Callable | None = None) -> IngestResult:
    """Read, extract and store one document. Raises ValueError (one sentence) when it cannot."""
    actor.require_editor("add a report")
    document = read_document(data, filename)
    published = _iso(published)
    if not published:
        raise StoreError(f"{document.name}: no publication date; pass --published YYYY-MM-DD")
    duplicate = store.find_duplicate(sha256=document.sha256, url=url) or store.find_duplicate(
        sha256=sha256_text(document.text))
    if duplicate:
        return IngestResult(document.name, "duplicate", duplicate[0])
    if extractor is None:
        from .extract import extract_document as extractor
    language = language or guess_language(document.text)
    # The extractor reads the text as stored, so its offsets point into what the store keeps.
    extraction = extractor(document.text.encode("utf-8"), filename="document.txt",
                           published=date.fromisoformat(published) if len(published) == 10 else None,
                           language=language)
    figures, left_pending = figure_rows(extraction, accept)
    events, skipped = event_rows(extraction, accept, published)
    source = {"title": title or default_title(document.text), "publisher": publisher, "published": published,
              "language": language, "url": url,
              "notes": f"Added from {document.name} ({document.kind})."}
    try:
        added: Added = store.add_document(actor, source, document.text, figures, events,
                                          status="accepted" if accept else "pending", original=data,
                                          original_name=document.name, reason="ingest")
    except DuplicateDocument as duplicate:  # stored by someone else since the check above
        return IngestResult(document.name, "duplicate", duplicate.source_id)
    if getattr(extraction, "changes", None):  # "tăng 12 vụ so với cùng kỳ": kept beside the figures they qualify
        from .extract.changes import change_rows

        store.add_stated_changes(actor, added.source_id, change_rows(extraction.changes, added.figure_ids), reason="ingest")
    return IngestResult(document.name, "stored", added.source_id, len(added.figure_ids), len(added.event_ids),
                        left_pending, skipped, "accepted" if accept else "pending")

