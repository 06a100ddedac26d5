"""Figures: review (accept, reject, withdraw), correction with a reason, and their history."""

from __future__ import annotations

import json
from collections.abc import Mapping

import pandas as pd
import sqlalchemy as sa

from ..access import Actor
from .database import StoreError, _check_quotes, _now, _records, _validated
from .schema import _columns, agencies, figures, sources


FIGURE_STATUSES = ("pending", "accepted", "rejected", "withdrawn")
CORRECTABLE = ("agency_id", "counterpart_id", "metric", "category", "value", "unit", "qualifier",
               "period_start", "period_end", "period_text", "quote", "quote_start", "quote_end",
               "restates_figure_id", "part_of_figure_id", "notes")


def figure_changes(before: Mapping, proposed: Mapping) -> dict:
    """The correctable fields of ``proposed`` that differ from the stored figure ``before``.

    Empty text and a missing value (None, NaN) count as the same; numbers compare as floats.
    """
    def same(old, new) -> bool:
        blank = lambda v: v is None or (isinstance(v, float) and v != v) or v == ""  # noqa: E731
        if blank(old) or blank(new):
            return blank(old) and blank(new)
        if isinstance(old, (int, float)) or isinstance(new, (int, float)):
            try:
                return float(old) == float(new)
            except (TypeError, ValueError):
                return False
        return str(old).strip() == str(new).strip()

    unknown = sorted(set(proposed) - set(CORRECTABLE))
    if unknown:
        raise StoreError(f"'{unknown[0]}' cannot be corrected; correctable fields: {', '.join(CORRECTABLE)}")
    return {key: (value.strip() if isinstance(value, str) else value)
            for key, value in proposed.items() if not same(before.get(key), value)}


class FigureStore:
    """Reading and changing stored figures."""

    def figures_frame(self, source_id: str | None = None, status: str | None = None) -> pd.DataFrame:
        """Stored figures of any status (for review), with status, confidence and version."""
        query = sa.select(figures).order_by(figures.c.figure_id)
        if source_id:
            query = query.where(figures.c.source_id == source_id)
        if status:
            query = query.where(figures.c.status == status)
        return self._frame(query, figures)

    def figure_history(self, figure_id: str) -> pd.DataFrame:
        """Every change to a figure, oldest first: when, who, what, why, and which fields changed."""
        frame = self.audit_frame("figure", figure_id)
        changes = []
        for before, after in zip(frame["before"], frame["after"]):
            old = json.loads(before) if isinstance(before, str) else {}  # missing is NaN in a str column
            new = json.loads(after) if isinstance(after, str) else {}
            changed = [f"{key}: {old.get(key)!s} → {new.get(key)!s}" for key in sorted(new)
                       if key not in ("updated_at", "updated_by", "version") and old and old.get(key) != new.get(key)]
            changes.append("; ".join(changed) if old else "added")
        return frame.assign(changes=changes)[["audit_id", "at", "actor", "action", "changes", "reason", "before", "after"]]

    def _figure_row(self, conn, figure_id: str) -> dict:
        row = conn.execute(sa.select(figures).where(figures.c.figure_id == figure_id)).mappings().first()
        if row is None:
            raise StoreError(f"no figure '{figure_id}'")
        return dict(row)

    def _update_figure(self, conn, actor: Actor, before: dict, after: dict, action: str, reason: str) -> dict:
        after = dict(after, version=before["version"] + 1, updated_at=_now(), updated_by=actor.name)
        result = conn.execute(figures.update()
                              .where(figures.c.figure_id == before["figure_id"], figures.c.version == before["version"])
                              .values(**{k: v for k, v in after.items() if k != "figure_id"}))
        if result.rowcount != 1:
            raise StoreError(f"figure {before['figure_id']} changed meanwhile; reload and try again")
        self._audit(conn, actor.name, action, "figure", before["figure_id"], before, after, reason)
        return after

    def correct_figure(self, actor: Actor, figure_id: str, changes: Mapping, reason: str) -> dict:
        """Change a figure's fields, keeping the old row in the audit log; a reason is required."""
        actor.require_editor("correct a figure")
        if not reason or not reason.strip():
            raise StoreError("say why the figure is corrected")
        unknown = sorted(set(changes) - set(CORRECTABLE))
        if unknown:
            raise StoreError(f"'{unknown[0]}' cannot be corrected; correctable fields: {', '.join(CORRECTABLE)}")
        with self._write() as conn:
            before = self._figure_row(conn, figure_id)
            if before["status"] in ("withdrawn", "rejected"):
                raise StoreError(f"figure {figure_id} is {before['status']}; it cannot be corrected")
            merged = {**before, **changes}
            merged = {k: ("" if v is None and k in _columns("figures") else v) for k, v in merged.items()}
            frame = _validated([merged], "figures")
            text = conn.execute(sa.select(sources.c.text).where(sources.c.source_id == before["source_id"])).scalar()
            _check_quotes(frame, text, f"figure {figure_id}")
            row = _records(frame)[0]
            known = set(conn.execute(sa.select(agencies.c.agency_id)).scalars())
            for column in ("agency_id", "counterpart_id"):
                if row[column] and row[column] not in known:
                    raise StoreError(f"figure {figure_id}: unknown agency id '{row[column]}'")
                row[column] = row[column] or None
            if before["status"] == "accepted" and not row["agency_id"]:
                raise StoreError(f"figure {figure_id}: an accepted figure needs an agency")
            after = {**before, **{k: row[k] for k in CORRECTABLE}}
            return self._update_figure(conn, actor, before, after, "figure.correct", reason.strip())

    def set_figure_status(self, actor: Actor, figure_id: str, status: str, reason: str = "") -> dict:
        """Accept, reject or withdraw a figure. Withdrawing needs a reason; nothing is deleted."""
        return self.review_figures(actor, [figure_id], status, reason)[0]

    def review_figures(self, actor: Actor, figure_ids, status: str, reason: str = "") -> list[dict]:
        """Accept, reject or withdraw several figures in one transaction: all of them or none."""
        actor.require_editor("review figures")
        if status not in FIGURE_STATUSES or status == "pending":
            raise StoreError(f"a figure can be accepted, rejected or withdrawn, not '{status}'")
        if status == "withdrawn" and not (reason and reason.strip()):
            raise StoreError("say why the figure is withdrawn")
        action = {"accepted": "figure.accept", "rejected": "figure.reject", "withdrawn": "figure.withdraw"}[status]
        rows = []
        with self._write() as conn:
            for figure_id in figure_ids:
                before = self._figure_row(conn, figure_id)
                if before["status"] == status:
                    rows.append(before)
                    continue
                if before["status"] == "withdrawn":
                    raise StoreError(f"figure {figure_id} is withdrawn; add a new figure instead")
                if status == "accepted" and not before["agency_id"]:
                    raise StoreError(f"figure {figure_id} has no agency: correct it before accepting it")
                rows.append(self._update_figure(conn, actor, before, {**before, "status": status}, action,
                                                (reason or "").strip()))
        return rows

    def review_queue(self) -> pd.DataFrame:
        """Every pending figure with its document's title, publisher, address and dates, newest document first."""
        query = (sa.select(figures, sources.c.title.label("source_title"), sources.c.publisher,
                           sources.c.published, sources.c.url, sources.c.fetched_from, sources.c.added_at)
                 .select_from(figures.join(sources, sources.c.source_id == figures.c.source_id))
                 .where(figures.c.status == "pending")
                 .order_by(sources.c.added_at.desc(), sources.c.source_id.desc(), figures.c.figure_id))
        with self._read() as conn:
            return pd.DataFrame(conn.execute(query).mappings().all(), columns=list(query.selected_columns.keys()))

    def pending_count(self) -> int:
        with self._read() as conn:
            return conn.execute(sa.select(sa.func.count()).where(figures.c.status == "pending")).scalar() or 0

    def withdraw_figure(self, actor: Actor, figure_id: str, reason: str) -> dict:
        return self.set_figure_status(actor, figure_id, "withdrawn", reason)
