"""The agency registry in the store."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import sqlalchemy as sa

from ..access import Actor
from ..agencies import AgencyRegistry
from .database import StoreError, _records, _validated
from .schema import agencies, events, figures


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

    def alias_agency(self, actor: Actor, agency_id: str, alias: str, reason: str = "") -> None:
        """Add a name the press uses for an agency (audited)."""
        actor.require_editor("add an alias")
        alias = " ".join(alias.split())
        if not alias or ";" in alias:
            raise StoreError("an alias is a non-empty name without ';'")
        with self._write() as conn:
            before = self._agency_row(conn, agency_id)
            names = [a for a in before["aliases"].split(";") if a]
            if alias in names:
                raise StoreError(f"'{alias}' is already an alias of {agency_id}")
            after = dict(before, aliases=";".join([*names, alias]))
            conn.execute(agencies.update().where(agencies.c.agency_id == agency_id).values(aliases=after["aliases"]))
            self._audit(conn, actor.name, "agency.alias", "agency", agency_id, before, after, reason)

    def review_agency(self, actor: Actor, agency_id: str, reason: str = "") -> None:
        """Mark an agency added from a report as checked by an editor (audited)."""
        actor.require_editor("review an agency")
        with self._write() as conn:
            before = self._agency_row(conn, agency_id)
            conn.execute(agencies.update().where(agencies.c.agency_id == agency_id).values(reviewed="true"))
            self._audit(conn, actor.name, "agency.review", "agency", agency_id, before, dict(before, reviewed="true"),
                        reason)

    def merge_agencies(self, actor: Actor, duplicate_id: str, into_id: str, reason: str = "") -> dict:
        """Fold a duplicate agency (a unit added from a report that the registry already held) into another:
        its figures, events and sub-units move to it, its names become aliases of it, and it is removed.
        Every change is in one transaction and the audit log."""
        actor.require_editor("merge agencies")
        if duplicate_id == into_id:
            raise StoreError("an agency cannot be merged into itself")
        with self._write() as conn:
            duplicate, into = self._agency_row(conn, duplicate_id), self._agency_row(conn, into_id)
            moved = {}
            for column in ("agency_id", "counterpart_id"):
                ids = list(conn.execute(sa.select(figures.c.figure_id).where(figures.c[column] == duplicate_id)).scalars())
                conn.execute(figures.update().where(figures.c[column] == duplicate_id).values(**{column: into_id}))
                moved[column] = ids
            children = list(conn.execute(sa.select(agencies.c.agency_id).where(agencies.c.parent_id == duplicate_id)).scalars())
            conn.execute(agencies.update().where(agencies.c.parent_id == duplicate_id).values(parent_id=into_id))
            conn.execute(agencies.update().where(agencies.c.successor_id == duplicate_id).values(successor_id=into_id))
            for event_id, participants in conn.execute(sa.select(events.c.event_id, events.c.participant_ids)):
                ids = participants.split(";") if participants else []
                if duplicate_id in ids:
                    joined = ";".join(dict.fromkeys(into_id if p == duplicate_id else p for p in ids))
                    conn.execute(events.update().where(events.c.event_id == event_id).values(participant_ids=joined))
            names = [a for a in into["aliases"].split(";") if a]
            for name in (duplicate["name_vi"], duplicate["name_en"], *duplicate["aliases"].split(";")):
                if name and name not in names and name not in (into["name_vi"], into["name_en"]):
                    names.append(name)
            conn.execute(agencies.update().where(agencies.c.agency_id == into_id).values(aliases=";".join(names)))
            conn.execute(agencies.delete().where(agencies.c.agency_id == duplicate_id))
            summary = {"into": into_id, "figures": moved["agency_id"], "as_counterpart": moved["counterpart_id"],
                       "sub_units": children}
            self._audit(conn, actor.name, "agency.merge", "agency", duplicate_id, duplicate, summary, reason)
            self._audit(conn, actor.name, "agency.alias", "agency", into_id, into, dict(into, aliases=";".join(names)),
                        reason or f"merged {duplicate_id}")
            return summary

    def _agency_row(self, conn, agency_id: str) -> dict:
        row = conn.execute(sa.select(agencies).where(agencies.c.agency_id == agency_id)).mappings().first()
        if row is None:
            raise StoreError(f"no agency '{agency_id}' in the registry")
        return dict(row)

