"""Watched sources (feeds and folders) and the items each has already handled."""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa

from ..access import Actor
from .database import StoreError, _now
from .schema import watch_items, watch_sources

WATCH_KINDS = ("feed", "folder")
WATCH_EDITABLE = ("label", "publisher", "language", "topic_words", "trusted")


class WatchStore:
    """The list of watched sources, editable by editors."""

    def add_watch(self, actor: Actor, kind: str, location: str, *, label: str = "", publisher: str = "",
                  language: str = "", topic_words: str = "", trusted: bool = False) -> int:
        actor.require_editor("add a watched source")
        if kind not in WATCH_KINDS:
            raise StoreError(f"a watched source is a feed or a folder, not '{kind}'")
        location = location.strip()
        if not location:
            raise StoreError("give the feed's address or the folder's path")
        row = {"kind": kind, "location": location, "label": label, "publisher": publisher, "language": language,
               "topic_words": topic_words, "trusted": bool(trusted), "added_at": _now(), "added_by": actor.name}
        with self._write() as conn:
            found = conn.execute(sa.select(watch_sources.c.watch_id)
                                 .where(watch_sources.c.location == location)).scalar()
            if found is not None:
                raise StoreError(f"{location} is already watched (watch {found})")
            watch_id = int(conn.execute(watch_sources.insert().values(**row)).inserted_primary_key[0])
            self._audit(conn, actor.name, "watch.add", "watch", str(watch_id), None, row, "")
        return watch_id

    def update_watch(self, actor: Actor, watch_id: int, changes: dict, reason: str = "") -> dict:
        actor.require_editor("change a watched source")
        unknown = sorted(set(changes) - set(WATCH_EDITABLE))
        if unknown:
            raise StoreError(f"'{unknown[0]}' cannot be changed; these can: {', '.join(WATCH_EDITABLE)}")
        with self._write() as conn:
            before = self._watch_row(conn, watch_id)
            after = {**before, **changes}
            conn.execute(watch_sources.update().where(watch_sources.c.watch_id == watch_id).values(**changes))
            self._audit(conn, actor.name, "watch.change", "watch", str(watch_id), before, after, reason)
        return after

    def remove_watch(self, actor: Actor, watch_id: int, reason: str = "") -> None:
        """Stop watching a source; what it brought in stays stored."""
        actor.require_editor("remove a watched source")
        with self._write() as conn:
            before = self._watch_row(conn, watch_id)
            conn.execute(watch_items.delete().where(watch_items.c.watch_id == watch_id))
            conn.execute(watch_sources.delete().where(watch_sources.c.watch_id == watch_id))
            self._audit(conn, actor.name, "watch.remove", "watch", str(watch_id), before, None, reason)

    def _watch_row(self, conn, watch_id: int) -> dict:
        row = conn.execute(sa.select(watch_sources).where(watch_sources.c.watch_id == int(watch_id))).mappings().first()
        if row is None:
            raise StoreError(f"no watched source {watch_id}; see `metrics watch list`")
        return dict(row)

    def watches_frame(self) -> pd.DataFrame:
        counts = (sa.select(watch_items.c.watch_id, sa.func.count().label("handled"))
                  .group_by(watch_items.c.watch_id).subquery())
        query = (sa.select(watch_sources, sa.func.coalesce(counts.c.handled, 0).label("items_handled"))
                 .select_from(watch_sources.outerjoin(counts, counts.c.watch_id == watch_sources.c.watch_id))
                 .order_by(watch_sources.c.watch_id))
        with self._read() as conn:
            return pd.DataFrame(conn.execute(query).mappings().all(), columns=list(query.selected_columns.keys()))

    def seen_items(self, watch_id: int) -> set[str]:
        with self._read() as conn:
            return set(conn.execute(sa.select(watch_items.c.item_key)
                                    .where(watch_items.c.watch_id == watch_id)).scalars())

    def mark_seen(self, watch_id: int, item_key: str, outcome: str, source_id: str = "") -> None:
        """Record that a watch handled an item (no actor: bookkeeping of a run an editor started)."""
        with self._write() as conn:
            exists = conn.execute(sa.select(watch_items.c.item_key).where(
                watch_items.c.watch_id == watch_id, watch_items.c.item_key == item_key)).first()
            if exists is None:
                conn.execute(watch_items.insert().values(watch_id=watch_id, item_key=item_key, outcome=outcome,
                                                         source_id=source_id, seen_at=_now()))

    def mark_run(self, watch_id: int, outcome: str) -> None:
        with self._write() as conn:
            conn.execute(watch_sources.update().where(watch_sources.c.watch_id == watch_id)
                         .values(last_run_at=_now(), last_outcome=outcome))
