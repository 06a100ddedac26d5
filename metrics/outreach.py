"""Outreach: attendances per session, only where both come from the same agency, counterpart and window."""

from __future__ import annotations

import pandas as pd

__all__ = ["attendances_per_session"]

_KEYS = ["agency_id", "counterpart_id", "category", "period_start", "period_end"]
COLUMNS = _KEYS + ["sessions", "attendances", "per_session", "source_id", "figure_ids"]


def attendances_per_session(included: pd.DataFrame) -> pd.DataFrame:
    """Attendances divided by sessions for each (agency, counterpart, category, window) reporting both.

    Attendances are not unique persons: the ratio is attendances per session, not people per session.
    """
    share = included["share"] if "share" in included.columns else 1.0
    work = included.assign(amount=included["value_norm"] * share)
    sessions = work[work["metric"] == "outreach_sessions"]
    attendances = work[work["metric"] == "outreach_attendees"]
    if sessions.empty or attendances.empty:
        return pd.DataFrame(columns=COLUMNS)
    left = sessions.groupby(_KEYS, dropna=False).agg(sessions=("amount", "sum"), s_ids=("figure_id", ";".join),
                                                     source_id=("source_id", "first")).reset_index()
    right = attendances.groupby(_KEYS, dropna=False).agg(attendances=("amount", "sum"), a_ids=("figure_id", ";".join)).reset_index()
    both = left.merge(right, on=_KEYS, how="inner")
    both["per_session"] = both["attendances"] / both["sessions"].where(both["sessions"] > 0)
    both["figure_ids"] = both["s_ids"] + ";" + both["a_ids"]
    return both[COLUMNS]
