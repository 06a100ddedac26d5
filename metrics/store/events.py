"""Cooperation events: reading and reviewing them."""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa

from ..access import Actor
from .database import StoreError, _now
from .schema import events


class EventStore:
    """Reading and reviewing stored events."""

    def events_frame(self, source_id: str | None = None) -> pd.DataFrame:
        query = sa.select(events).order_by(events.c.event_id)
        if source_id:
            query = query.where(events.c.source_id == source_id)
        return self._frame(query, events)

    def set_event_status(self, actor: Actor, event_id: str, status: str, reason: str = "") -> None:
        actor.require_editor("review events")
        if status not in ("accepted", "rejected", "withdrawn"):
            raise StoreError(f"an event can be accepted, rejected or withdrawn, not '{status}'")
        with self._write() as conn:
            before = conn.execute(sa.select(events).where(events.c.event_id == event_id)).mappings().first()
            if before is None:
                raise StoreError(f"no event '{event_id}'")
            before = dict(before)
            after = dict(before, status=status, updated_at=_now(), updated_by=actor.name)
            conn.execute(events.update().where(events.c.event_id == event_id)
                         .values(status=status, updated_at=after["updated_at"], updated_by=actor.name))
            self._audit(conn, actor.name, f"event.{status[:-2] if status.endswith('ed') else status}", "event",
                        event_id, before, after, reason)
