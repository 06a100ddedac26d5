"""Ingest one document: read it, extract candidates, store it with them in one transaction.

Shared by ``python -m metrics ingest``, ``metrics watch`` and the "Add report" page. The extractor
is passed in (``extract_document`` by default), so callers and tests can use another. A document
whose text is a near copy of a stored one (``metrics.syndication``) is linked to it as another
source of the same report, and its figures are not proposed again.
"""

from __future__ import annotations

import hashlib
import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from .access import Actor
from .documents import Document, read_document, sha256_text
from .fetch import fetch, read_article
from .store import Added, DuplicateDocument, Store, StoreError
from .syndication import CopyIndex

__all__ = ["IngestResult", "figure_rows", "event_rows", "proposed_agency_rows", "guess_language", "ingest_bytes", "ingest_url",
           "default_title"]

_VI_LETTERS = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)


@dataclass(frozen=True)
class IngestResult:
    name: str
    outcome: str  # stored | duplicate | copy
    source_id: str
    figures: int = 0
    events: int = 0
    left_pending: int = 0  # figures that could not be accepted (no agency found)
    skipped: int = 0  # candidates that did not make a valid row
    status: str = "pending"
    similarity: float = 0.0  # of a copy to the document it copies

    def line(self) -> str:
        if self.outcome == "duplicate":
            return f"{self.name}: duplicate of {self.source_id}, skipped"
        if self.outcome == "copy":
            return (f"{self.name}: a copy of {self.source_id} (similarity {self.similarity:.2f}), linked as another "
                    "source of it; no figures proposed again")
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
            "window_basis": getattr(candidate, "window_basis", ""), "window_precision": getattr(candidate, "window_precision", ""),
            "restates_figure_id": f"new-{restates}" if isinstance(restates, int) else "",
            "part_of_figure_id": f"new-{part_of}" if isinstance(part_of, int) else "",
            "notes": getattr(candidate, "note", "") or "", "confidence": candidate.confidence, "status": status,
        })
    return rows, left_pending


def proposed_agency_rows(extraction, figures: list[dict], known: set[str], origin: str) -> list[dict]:
    """Registry rows for the units a report names that the registry lacks, marked added from text and
    unreviewed; the figures' agency and counterpart names become those units' ids (in place). A name
    the extractor did not propose leaves its figure without an agency, pending."""
    proposed = {p.name: p for p in getattr(extraction, "proposed_agencies", [])}
    rows: dict[str, dict] = {}
    for figure in figures:
        for column in ("agency_id", "counterpart_id"):
            name = figure[column]
            if not name or name in known or name in {p.agency_id for p in proposed.values()}:
                continue
            unit = proposed.get(name)
            if unit is None:
                figure[column] = ""
                if column == "agency_id":
                    figure["status"] = "pending"
                continue
            figure[column] = unit.agency_id
            if unit.agency_id not in known and unit.agency_id not in rows:
                rows[unit.agency_id] = {
                    "agency_id": unit.agency_id, "country": unit.country, "name_vi": unit.name, "name_en": unit.name,
                    "kind": unit.kind, "level": unit.level,
                    "parent_id": unit.parent_id if unit.parent_id in known else "",
                    "iso_code": "", "valid_from": "", "valid_to": "", "successor_id": "", "aliases": unit.name,
                    "source": f"named in {origin}; added from the text", "added_from_text": "true", "reviewed": "false",
                }
    return list(rows.values())


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
                 accept: bool = False, extractor: Callable | None = None, copies: CopyIndex | None = None,
                 topic: Callable[[str], bool] | None = None) -> IngestResult:
    """Read, extract and store one document. Raises ValueError (one sentence) when it cannot."""
    actor.require_editor("add a report")
    document = read_document(data, filename)
    return _ingest_document(store, actor, document, data, published=published, title=title, publisher=publisher,
                            url=url, language=language, accept=accept, extractor=extractor, copies=copies,
                            topic=topic, note=f"Added from {document.name} ({document.kind}).")


def ingest_url(store: Store, actor: Actor, url: str, *, published: date | str | None = None,
               title: str | None = None, publisher: str = "", language: str | None = None, accept: bool = False,
               extractor: Callable | None = None, copies: CopyIndex | None = None,
               topic: Callable[[str], bool] | None = None, allow_private: bool | None = None) -> IngestResult:
    """Fetch a page, take its article text and metadata, and store it with the page as received.

    What the caller passes (title, publisher, date) wins over the page's own metadata.
    """
    actor.require_editor("add a report")
    url = url.strip()
    duplicate = store.find_duplicate(url=url)
    if duplicate:
        return IngestResult(url, "duplicate", duplicate[0])
    page = fetch(url, allow_private=allow_private)
    article = read_article(page.body, page.url)
    document = Document(name=url, kind="html", text=article.text, sha256=hashlib.sha256(page.body).hexdigest(),
                        size=len(page.body))
    return _ingest_document(store, actor, document, page.body, published=published or article.published,
                            title=title or article.title, publisher=publisher or article.publisher, url=url,
                            language=language or article.language or None, accept=accept, extractor=extractor,
                            copies=copies, topic=topic, fetched_from=page.url, fetched_at=page.fetched_at,
                            original_name=page_name(page.url),
                            note=f"Fetched from {page.url} at {page.fetched_at}.")


def page_name(url: str) -> str:
    """A file name for a fetched page's stored bytes: the last part of its path."""
    last = url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
    return (last if "." in last else (last or "page") + ".html")[:120]


class OffTopic(ValueError):
    """A document about something else (a football match): not stored."""


def _ingest_document(store: Store, actor: Actor, document: Document, original: bytes, *, published, title, publisher,
                     url, language, accept, extractor, copies, topic, note, fetched_from: str = "",
                     fetched_at: str = "", original_name: str | None = None) -> IngestResult:
    published = _iso(published)
    duplicate = store.find_duplicate(sha256=document.sha256, url=url) or store.find_duplicate(
        sha256=sha256_text(document.text))
    if duplicate:
        return IngestResult(document.name, "duplicate", duplicate[0])
    if topic is not None and not topic(document.text):
        raise OffTopic(f"{document.name}: not about border enforcement (no word or agency of the registry); not stored")
    copies = CopyIndex.from_store(store) if copies is None else copies
    copied = copies.find(document.text)
    source = {"title": title or default_title(document.text), "publisher": publisher, "published": published,
              "language": language or guess_language(document.text), "url": url, "notes": note}
    if copied is not None:
        try:
            store.add_copy(actor, copied.source_id, source, document.text, similarity=copied.similarity,
                           original=original, original_name=original_name or document.name,
                           fetched_from=fetched_from, fetched_at=fetched_at, reason="syndicated copy found at ingest")
        except DuplicateDocument as error:
            return IngestResult(document.name, "duplicate", error.source_id)
        return IngestResult(document.name, "copy", copied.source_id, similarity=copied.similarity)
    if not published:
        raise StoreError(f"{document.name}: no publication date; pass --published YYYY-MM-DD")
    if extractor is None:
        from .extract import extract_document as extractor
    from .extract.changes import change_rows

    # The store's registry (units added from earlier reports included), for an extractor that takes one.
    takes_registry = "registry" in inspect.signature(extractor).parameters
    # The extractor reads the text as stored, so its offsets point into what the store keeps.
    extraction = extractor(document.text.encode("utf-8"), filename="document.txt",
                           published=date.fromisoformat(published) if len(published) == 10 else None,
                           language=source["language"], **({"registry": store.registry()} if takes_registry else {}))
    figures, left_pending = figure_rows(extraction, accept)
    new_agencies = proposed_agency_rows(extraction, figures, store.agency_ids(), document.name)
    left_pending = sum(row["status"] == "pending" for row in figures) if accept else left_pending
    events, skipped = event_rows(extraction, accept, published)
    # "tăng 12 vụ so với cùng kỳ": kept beside the figures they qualify, stored with them or not at all
    changes = change_rows(getattr(extraction, "changes", None) or [], [f"new-{index}" for index in range(len(figures))])
    try:
        added: Added = store.add_document(actor, source, document.text, figures, events, new_agencies, changes,
                                          status="accepted" if accept else "pending", original=original,
                                          original_name=original_name or document.name, fetched_from=fetched_from,
                                          fetched_at=fetched_at, reason="ingest")
    except DuplicateDocument as duplicate:  # stored by someone else since the check above
        return IngestResult(document.name, "duplicate", duplicate.source_id)
    copies.add(added.source_id, document.text)
    return IngestResult(document.name, "stored", added.source_id, len(added.figure_ids), len(added.event_ids),
                        left_pending, skipped, "accepted" if accept else "pending")
