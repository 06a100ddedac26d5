"""Syndicated copies: the same article published again elsewhere, kept as another source of the first copy.

A copy brings no figures of its own: the first copy's figures stand, and each of them counts
one source more (``figure_source_counts``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

import pandas as pd
import sqlalchemy as sa

from ..access import Actor
from ..documents import sha256_text
from .database import DuplicateDocument, StoreError, _iso, _now
from .schema import _columns, document_copies, figures, sources

COPY_TEXTS = "copies"  # the folder of a bundle that holds the copies' texts


def bundle_copy_ids(source_ids: pd.Series) -> pd.Series:
    """Each copy's id in a bundle: its document's id and its place among that document's copies, in the
    order the store added them (``source_ids`` in that order), so an exported and re-imported copy keeps its id."""
    order = source_ids.groupby(source_ids, sort=False).cumcount() + 1
    return source_ids.astype(str) + "-copy-" + order.astype(str).str.zfill(2)


class CopyStore:
    """Adding and reading syndicated copies, and the source counts they raise."""

    def add_copy(self, actor: Actor, source_id: str, source: Mapping, text: str, *, similarity: float,
                 original: bytes | None = None, original_name: str = "", fetched_from: str = "",
                 fetched_at: str = "", reason: str = "") -> int:
        """Link a copy of the stored document ``source_id``; returns the copy's id."""
        actor.require_editor("add a report")
        if not text or not text.strip():
            raise StoreError("the document has no text")
        text_sha = sha256_text(text)
        row = {"source_id": source_id, "title": source.get("title") or "", "publisher": source.get("publisher") or "",
               "published": _iso(source.get("published")), "language": source.get("language") or "",
               "url": (source.get("url") or "").strip(), "sha256": text_sha,
               "original_sha256": hashlib.sha256(original).hexdigest() if original is not None else text_sha,
               "text": text, "original": original, "original_name": original_name, "fetched_from": fetched_from,
               "fetched_at": fetched_at, "similarity": float(similarity), "added_at": _now(), "added_by": actor.name}
        with self._write() as conn:
            if conn.execute(sa.select(sources.c.source_id).where(sources.c.source_id == source_id)).scalar() is None:
                raise StoreError(f"no source '{source_id}'")
            duplicate = self.find_duplicate(sha256=text_sha, url=row["url"] or fetched_from, conn=conn) or (
                self.find_duplicate(sha256=row["original_sha256"], conn=conn))
            if duplicate:
                raise DuplicateDocument(*duplicate)
            copy_id = conn.execute(document_copies.insert().values(**row)).inserted_primary_key[0]
            self._audit(conn, actor.name, "source.copy", "source", source_id, None,
                        {k: v for k, v in row.items() if k not in ("text", "original")} | {"copy_id": copy_id},
                        reason or "a syndicated copy")
        return int(copy_id)

    def copies_frame(self, source_id: str | None = None) -> pd.DataFrame:
        """The stored copies (without their texts), oldest first."""
        columns = [c for c in document_copies.c if c.name not in ("text", "original")]
        query = sa.select(*columns).order_by(document_copies.c.copy_id)
        if source_id:
            query = query.where(document_copies.c.source_id == source_id)
        with self._read() as conn:
            return pd.DataFrame(conn.execute(query).mappings().all(), columns=[c.name for c in columns])

    def _bundle_copies(self, conn: sa.Connection, with_text: bool = False) -> pd.DataFrame:
        """The copies as the bundle's ``copies`` table (``with_text``: and a ``text`` column), oldest first."""
        wanted = [c for c in _columns("copies") if c not in ("copy_id", "path")] + (["text"] if with_text else [])
        query = sa.select(*[document_copies.c[c] for c in wanted]).order_by(document_copies.c.copy_id)
        frame = pd.DataFrame(conn.execute(query).mappings().all(), columns=wanted)
        frame["copy_id"] = bundle_copy_ids(frame["source_id"])
        frame["path"] = COPY_TEXTS + "/" + frame["copy_id"] + ".txt"
        return frame[_columns("copies") + (["text"] if with_text else [])]

    def source_counts(self) -> pd.Series:
        """Per stored document, how many publications carried it: 1 plus its syndicated copies."""
        copies = (sa.select(document_copies.c.source_id, sa.func.count().label("copies"))
                  .group_by(document_copies.c.source_id).subquery())
        query = (sa.select(sources.c.source_id, (1 + sa.func.coalesce(copies.c.copies, 0)).label("publications"))
                 .select_from(sources.outerjoin(copies, copies.c.source_id == sources.c.source_id))
                 .order_by(sources.c.source_id))
        with self._read() as conn:
            rows = conn.execute(query).all()
        return pd.Series({r.source_id: int(r.publications) for r in rows}, name="publications", dtype="int64")

    def figure_source_counts(self) -> pd.Series:
        """Per figure id, the publications that reported it (its document and that document's copies)."""
        counts = self.source_counts()
        with self._read() as conn:
            rows = conn.execute(sa.select(figures.c.figure_id, figures.c.source_id)).all()
        return pd.Series({r.figure_id: int(counts.get(r.source_id, 1)) for r in rows}, name="publications",
                         dtype="int64")
