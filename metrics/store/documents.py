"""Documents (sources): adding a report with its figures and events, finding one already stored."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa

from ..access import Actor
from ..documents import sha256_text
from .database import (DuplicateDocument, StoreError, _check_quotes, _iso, _now, _number, _passthrough, _records,
                       _validated)
from .schema import _columns, agencies, document_copies, events, figures, sources


@dataclass(frozen=True)
class Added:
    source_id: str
    figure_ids: tuple[str, ...]
    event_ids: tuple[str, ...]
    agency_ids: tuple[str, ...] = ()


class DocumentStore:
    """Stored documents and what comes in with them."""

    def add_document(self, actor: Actor, source: Mapping, text: str, figures_in: Sequence[Mapping] = (),
                     events_in: Sequence[Mapping] = (), agencies_in: Sequence[Mapping] = (),
                     changes_in: Sequence[Mapping] = (), *,
                     status: str = "pending", original: bytes | None = None, original_name: str = "",
                     fetched_from: str = "", fetched_at: str = "", reason: str = "") -> Added:
        """Store a document with its figures, events, new agencies and stated changes in one transaction.

        Each figure or event may carry its own ``status`` (pending, accepted, rejected); the
        default is ``status``. Quotes must sit at their offsets in ``text``. A document with the
        same checksum (of the text or of the original bytes) or the same URL, here or among the
        syndicated copies, is refused with ``DuplicateDocument``. A page fetched by link keeps
        its final address and the time it was fetched (``fetched_from``, ``fetched_at``). A stated
        change names the figure it qualifies as ``new-<i>``, the i-th of ``figures_in``.
        """
        actor.require_editor("add a report")
        if status not in ("pending", "accepted"):
            raise StoreError(f"a new document is stored as pending or accepted, not '{status}'")
        if not text or not text.strip():
            raise StoreError("the document has no text")
        text_sha = sha256_text(text)
        original_sha = hashlib.sha256(original).hexdigest() if original is not None else text_sha
        published = _iso(source.get("published"))
        precision = source.get("published_precision") or ("month" if len(published) == 7 else "day")
        reference = _iso(source.get("reference_date")) or (published if precision == "day" else "")
        if not reference and len(published) == 7:
            reference = (pd.Period(published, "M").end_time.date()).isoformat()
        source_row = {c: _iso(source.get(c, "")) for c in _columns("sources")}
        source_row.update(source_id="new", published=published, published_precision=precision,
                          reference_date=reference, language=source.get("language") or "vi",
                          url=(source.get("url") or "").strip(), path="sources/new.txt", sha256=text_sha)
        _validated([source_row], "sources")
        new_agencies = _validated(agencies_in, "agencies") if agencies_in else None

        figure_rows, figure_statuses, confidences = [], [], []
        for index, row in enumerate(figures_in):
            figure_statuses.append(row.get("status") or status)
            confidences.append(row.get("confidence"))
            figure_rows.append({**row, "figure_id": f"new-{index}", "source_id": "new"})
        event_rows, event_statuses = [], []
        for index, row in enumerate(events_in):
            event_statuses.append(row.get("status") or status)
            event_rows.append({**row, "event_id": f"new-{index}", "source_id": "new"})
        figure_frame = _validated(figure_rows, "figures") if figure_rows else None
        event_frame = _validated(event_rows, "events") if event_rows else None
        if figure_frame is not None:
            _check_quotes(figure_frame, text, "figure")
        if event_frame is not None:
            _check_quotes(event_frame, text, "event")
        for value in figure_statuses + event_statuses:
            if value not in ("pending", "accepted", "rejected"):
                raise StoreError(f"a new figure or event is pending, accepted or rejected, not '{value}'")

        with self._write() as conn:
            duplicate = self.find_duplicate(sha256=text_sha, url=source_row["url"], conn=conn) or (
                self.find_duplicate(sha256=original_sha, conn=conn))
            if duplicate:
                raise DuplicateDocument(*duplicate)
            known = set(conn.execute(sa.select(agencies.c.agency_id)).scalars())
            added_agencies = self._insert_agencies(conn, actor, new_agencies, known, reason)

            number = max([_number(s) for s in conn.execute(sa.select(sources.c.source_id)).scalars()], default=-1) + 1
            source_id = f"{number:03d}_{original_sha[:16]}"
            source_row.update(source_id=source_id, text=text, original=original, original_name=original_name,
                              original_sha256=original_sha, added_at=_now(), added_by=actor.name,
                              fetched_from=fetched_from, fetched_at=fetched_at)
            del source_row["path"]
            conn.execute(sources.insert().values(**source_row))
            self._audit(conn, actor.name, "source.add", "source", source_id, None, source_row, reason)

            figure_ids = self._insert_figures(conn, actor, source_id, number, figure_frame, figure_statuses,
                                              confidences, known, reason)
            event_ids = self._insert_events(conn, actor, source_id, number, event_frame, event_statuses, reason)
            self._insert_stated_changes(conn, actor, source_id, text, changes_in,
                                        {f"new-{index}": figure_id for index, figure_id in enumerate(figure_ids)}, reason)
        return Added(source_id, tuple(figure_ids), tuple(event_ids), tuple(added_agencies))

    def _insert_figures(self, conn, actor, source_id, number, frame, statuses, confidences, known, reason):
        if frame is None:
            return []
        rows, ids = _records(frame), []
        renumber = {f"new-{i}": f"{number:03d}-{i + 1:02d}" for i in range(len(rows))}
        for row, row_status, confidence in zip(rows, statuses, confidences):
            figure_id = renumber[row["figure_id"]]
            for column in ("agency_id", "counterpart_id"):
                if row[column] and row[column] not in known:
                    raise StoreError(f"figure {figure_id}: unknown agency id '{row[column]}'; add it to the registry first")
                row[column] = row[column] or None
            if row_status == "accepted" and not row["agency_id"]:
                raise StoreError(f"figure {figure_id}: an accepted figure needs an agency")
            row.update(figure_id=figure_id, source_id=source_id, status=row_status,
                       restates_figure_id=renumber.get(row["restates_figure_id"], row["restates_figure_id"]),
                       part_of_figure_id=renumber.get(row.get("part_of_figure_id") or "", row.get("part_of_figure_id") or ""),
                       confidence=None if confidence is None or pd.isna(confidence) else float(confidence),
                       updated_at=_now(), updated_by=actor.name)
            conn.execute(figures.insert().values(**row))
            self._audit(conn, actor.name, "figure.add", "figure", figure_id, None, row, reason)
            ids.append(figure_id)
        return ids

    def _insert_events(self, conn, actor, source_id, number, frame, statuses, reason):
        if frame is None:
            return []
        ids = []
        for index, (row, row_status) in enumerate(zip(_records(frame), statuses)):
            event_id = f"E{number:03d}-{index + 1:02d}"
            row.update(event_id=event_id, source_id=source_id, status=row_status, updated_at=_now(),
                       updated_by=actor.name)
            conn.execute(events.insert().values(**row))
            self._audit(conn, actor.name, "event.add", "event", event_id, None, row, reason)
            ids.append(event_id)
        return ids

    def find_duplicate(self, *, sha256: str | None = None, url: str | None = None,
                       conn: sa.Connection | None = None) -> tuple[str, str] | None:
        """The (source_id, what matched) of a stored document, or of a copy of one, with this checksum or URL."""
        checks = []
        if sha256:
            checks += [(sources.c.source_id, sources.c.sha256 == sha256, "checksum"),
                       (sources.c.source_id, sources.c.original_sha256 == sha256, "checksum"),
                       (document_copies.c.source_id, document_copies.c.sha256 == sha256, "checksum"),
                       (document_copies.c.source_id, document_copies.c.original_sha256 == sha256, "checksum")]
        if url and url.strip():
            checks += [(sources.c.source_id, sources.c.url == url.strip(), "URL"),
                       (sources.c.source_id, sources.c.fetched_from == url.strip(), "URL"),
                       (document_copies.c.source_id, document_copies.c.url == url.strip(), "URL"),
                       (document_copies.c.source_id, document_copies.c.fetched_from == url.strip(), "URL")]
        with (self._read() if conn is None else _passthrough(conn)) as c:
            for column, condition, matched in checks:
                found = c.execute(sa.select(column).where(condition).limit(1)).scalar()
                if found:
                    return found, matched
        return None

    def source_texts(self) -> list[tuple[str, str]]:
        """Every stored document's (source_id, text), in id order."""
        with self._read() as conn:
            return conn.execute(sa.select(sources.c.source_id, sources.c.text).order_by(sources.c.source_id)).tuples().all()

    def source_text(self, source_id: str) -> str:
        with self._read() as conn:
            text = conn.execute(sa.select(sources.c.text).where(sources.c.source_id == source_id)).scalar()
        if text is None:
            raise StoreError(f"no source '{source_id}'")
        return text

    def sources_frame(self) -> pd.DataFrame:
        """One row per stored document, with its number of figures by status."""
        counts = (sa.select(figures.c.source_id,
                            sa.func.count().label("figures"),
                            sa.func.sum(sa.case((figures.c.status == "accepted", 1), else_=0)).label("accepted"),
                            sa.func.sum(sa.case((figures.c.status == "pending", 1), else_=0)).label("pending"))
                  .group_by(figures.c.source_id).subquery())
        query = (sa.select(sources.c.source_id, sources.c.title, sources.c.publisher, sources.c.published,
                           sources.c.language, sources.c.url, sources.c.sha256,
                           sa.func.coalesce(counts.c.figures, 0).label("figures"),
                           sa.func.coalesce(counts.c.accepted, 0).label("accepted"),
                           sa.func.coalesce(counts.c.pending, 0).label("pending"),
                           sources.c.added_at, sources.c.added_by)
                 .select_from(sources.outerjoin(counts, counts.c.source_id == sources.c.source_id))
                 .order_by(sources.c.source_id))
        with self._read() as conn:
            frame = pd.DataFrame(conn.execute(query).mappings().all(), columns=list(query.selected_columns.keys()))
        for column in ("figures", "accepted", "pending"):
            frame[column] = frame[column].astype("int64")
        return frame
