"""Stated changes: what a report says its figures rose or fell by, kept beside the figures they qualify."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import sqlalchemy as sa

from ..access import Actor
from .database import StoreError, _now
from .schema import sources, stated_changes

_FIELDS = ("figure_id", "quote", "quote_start", "quote_end", "direction", "amount", "is_percent", "unit", "base",
           "base_year", "base_text")


class StatedChangeStore:
    """Reading and adding stated changes."""

    def add_stated_changes(self, actor: Actor, source_id: str, rows: Sequence[Mapping], reason: str = "") -> list[str]:
        """Store a document's stated changes (``metrics.extract.changes.change_rows``); their quotes must sit at their offsets."""
        actor.require_editor("add a report")
        if not rows:
            return []
        with self._write() as conn:
            text = conn.execute(sa.select(sources.c.text).where(sources.c.source_id == source_id)).scalar()
            if text is None:
                raise StoreError(f"no source '{source_id}'")
            return self._insert_stated_changes(conn, actor, source_id, text, rows, {}, reason)

    def _insert_stated_changes(self, conn, actor: Actor, source_id: str, text: str, rows: Sequence[Mapping],
                               figure_ids: Mapping[str, str], reason: str) -> list[str]:
        """Insert ``rows`` in the open transaction; ``figure_ids`` renames the placeholders of figures added with them."""
        ids = []
        for index, row in enumerate(rows, 1):
            change = {field: row.get(field) for field in _FIELDS}
            if text[change["quote_start"]:change["quote_end"]] != change["quote"]:
                raise StoreError(f"stated change {index}: its quote is not at offsets {change['quote_start']}-{change['quote_end']}")
            if change["direction"] not in ("up", "down"):
                raise StoreError(f"stated change {index}: the direction is up or down, not '{change['direction']}'")
            figure_id = change["figure_id"] or ""
            change.update(change_id=f"{source_id}-C{index:02d}", source_id=source_id,
                          figure_id=figure_ids.get(figure_id, figure_id), base=change["base"] or "",
                          base_text=change["base_text"] or "", added_at=_now(), added_by=actor.name)
            conn.execute(stated_changes.insert().values(**change))
            self._audit(conn, actor.name, "stated_change.add", "stated_change", change["change_id"], None, change, reason)
            ids.append(change["change_id"])
        return ids

    def stated_changes_frame(self, source_id: str | None = None) -> pd.DataFrame:
        query = sa.select(stated_changes).order_by(stated_changes.c.change_id)
        if source_id:
            query = query.where(stated_changes.c.source_id == source_id)
        return self._frame(query, stated_changes)
