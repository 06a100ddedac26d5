"""Cooperation events (conferences, talks, signings) chosen by the same period, country and agency filters."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .aggregate import Filters
from .agencies import AgencyRegistry

__all__ = ["select_events"]


def select_events(events: pd.DataFrame, filters: Filters, registry: AgencyRegistry | None = None) -> pd.DataFrame:
    """Events that touch the period and involve the chosen countries and agencies (metric filters do not apply).

    An event is in a country when it took place there or one of its participants belongs to it.
    """
    frame = events.copy()
    frame["start"] = pd.to_datetime(frame["start_date"], format="%Y-%m-%d")
    frame["end"] = pd.to_datetime(frame["end_date"], format="%Y-%m-%d")
    participants = frame["participant_ids"].fillna("").map(lambda text: [p for p in text.split(";") if p])
    mask = np.ones(len(frame), dtype=bool)
    if filters.date_from:
        mask &= (frame["end"] >= pd.Timestamp(filters.date_from)).to_numpy()
    if filters.date_to:
        mask &= (frame["start"] <= pd.Timestamp(filters.date_to)).to_numpy()
    if filters.countries:
        wanted = set(filters.countries)

        def in_country(index: int) -> bool:
            places = {c for c in str(frame["country"].iloc[index]).split(";") if c}
            members = {registry.country(p) for p in participants.iloc[index] if registry is not None and p in registry}
            return bool((places | members) & wanted)

        mask &= np.array([in_country(i) for i in range(len(frame))], dtype=bool)
    if filters.agencies:
        agencies: set[str] = set()
        for agency in filters.agencies:
            agencies |= registry.descendants(agency) if registry is not None and agency in registry else {agency}
        mask &= participants.map(lambda ids: bool(set(ids) & agencies)).to_numpy(dtype=bool)
    return frame.loc[mask].sort_values(["start", "event_id"]).reset_index(drop=True)
