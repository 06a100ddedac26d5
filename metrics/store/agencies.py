"""The agency registry in the store."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import sqlalchemy as sa

from ..access import Actor
from ..agencies import AgencyRegistry
from .database import StoreError, _records, _validated
from .schema import agencies


class AgencyStore:
    """Reading and adding registry agencies."""

    def agency_ids(self) -> set[str]:
        with self._read() as conn:
            return set(conn.execute(sa.select(agencies.c.agency_id)).scalars())

    def agencies_frame(self) -> pd.DataFrame:
        """The registry as stored, one row per agency."""
        return self._frame(sa.select(agencies).order_by(agencies.c.agency_id), agencies)

    def registry(self) -> AgencyRegistry:
        """The registry as stored (text-added units included), rebuilt only when its rows changed."""
        with self._read() as conn:
            frame = pd.DataFrame(conn.execute(sa.select(agencies).order_by(agencies.c.agency_id)).mappings().all())
        frame = frame.fillna("")
        key = pd.util.hash_pandas_object(frame.astype(str), index=False).sum() if len(frame) else 0
        cached = getattr(self, "_registry_cache", None)
        if cached is None or cached[0] != key:
            cached = (key, AgencyRegistry.from_frame(frame))
            self._registry_cache = cached
        return cached[1]

    def add_agency(self, actor: Actor, agency: Mapping, reason: str = "") -> None:
        actor.require_editor("add an agency")
        frame = _validated([agency], "agencies")
        with self._write() as conn:
            known = set(conn.execute(sa.select(agencies.c.agency_id)).scalars())
            self._insert_agencies(conn, actor, frame, known, reason)

    def _insert_agencies(self, conn, actor: Actor, frame: pd.DataFrame | None, known: set[str], reason: str) -> list[str]:
        """Add validated new agencies in the caller's transaction; ``known`` grows with them."""
        added = []
        for row in _records(frame) if frame is not None else []:
            if row["agency_id"] in known:
                raise StoreError(f"agency '{row['agency_id']}' is already in the registry")
            if row["parent_id"] and row["parent_id"] not in known:
                raise StoreError(f"agency '{row['agency_id']}' has an unknown parent '{row['parent_id']}'")
            row["parent_id"] = row["parent_id"] or None
            conn.execute(agencies.insert().values(**row))
            self._audit(conn, actor.name, "agency.add", "agency", row["agency_id"], None, row, reason)
            known.add(row["agency_id"])
            added.append(row["agency_id"])
        return added
