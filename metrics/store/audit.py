"""The append-only audit log: who changed what, when, from what, to what, and why."""

from __future__ import annotations

import json
from collections.abc import Mapping

import pandas as pd
import sqlalchemy as sa

from .database import _now
from .schema import audit_log


def _json(row: Mapping | None) -> str | None:
    if row is None:
        return None
    return json.dumps({k: v for k, v in row.items() if k not in ("text", "original")},
                      ensure_ascii=False, sort_keys=True, default=str)


class AuditLog:
    """Writing and reading the audit log."""

    def _audit(self, conn, actor: str, action: str, entity: str, entity_id: str,
               before: Mapping | None, after: Mapping | None, reason: str = "") -> None:
        conn.execute(audit_log.insert().values(at=_now(), actor=actor, action=action, entity=entity,
                                               entity_id=entity_id, before=_json(before), after=_json(after),
                                               reason=reason or ""))

    def revision(self) -> int:
        """The latest audit id: changes whenever anything is written (a cache key for the dashboard)."""
        with self._read() as conn:
            return conn.execute(sa.select(sa.func.max(audit_log.c.audit_id))).scalar() or 0

    def audit_frame(self, entity: str | None = None, entity_id: str | None = None) -> pd.DataFrame:
        query = sa.select(audit_log).order_by(audit_log.c.audit_id)
        if entity:
            query = query.where(audit_log.c.entity == entity)
        if entity_id:
            query = query.where(audit_log.c.entity_id == entity_id)
        return self._frame(query, audit_log)
