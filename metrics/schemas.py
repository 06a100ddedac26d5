"""Pandera models for the bundle's tables, mirroring data/datapackage.json.

Validation happens at the edge (loading a bundle, saving to the store); code inside
``metrics`` trusts frames that passed these models.
"""

from __future__ import annotations

import pandera.pandas as pa

__all__ = [
    "METRICS",
    "QUALIFIERS",
    "WINDOW_BASES",
    "WINDOW_PRECISIONS",
    "EVENT_KINDS",
    "SourceModel",
    "AgencyModel",
    "AGENCY_LEVELS",
    "FigureModel",
    "EventModel",
    "ExchangeRateModel",
    "ConversionModel",
    "StatedChangeModel",
    "CopyModel",
]

METRICS = (
    "cases",
    "persons_arrested",
    "drug_seized",
    "weapon_seized",
    "ammunition_seized",
    "explosive_seized",
    "vehicle_seized",
    "phone_seized",
    "currency_seized",
    "victims_rescued",
    "outreach_sessions",
    "outreach_attendees",
    "facilities_built",
    "equipment_donated",
    "other",
)
QUALIFIERS = ("exact", "at_least", "about", "at_most")
# How a figure's reporting window was found: written in its sentence (stated), read against the
# publication date (publication), taken from an earlier sentence of the story (inherited), counted
# from an event the text names (event); "" when the figure has no window. Mirrors
# metrics.extract.windows.WINDOW_BASES.
WINDOW_BASES = ("", "stated", "publication", "inherited", "event")
WINDOW_PRECISIONS = ("", "day", "month", "quarter", "half", "year", "span", "open")
EVENT_KINDS = ("conference", "talks", "visit", "signing", "friendship exchange")
_ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
_OPTIONAL_DATE = r"^(\d{4}-\d{2}-\d{2})?$"


class SourceModel(pa.DataFrameModel):
    source_id: str = pa.Field(unique=True, str_matches=r"^[A-Za-z0-9_\-]+$")
    title: str
    publisher: str
    published: str = pa.Field(str_matches=r"^\d{4}-\d{2}(-\d{2})?$")
    published_precision: str = pa.Field(isin=["day", "month"])
    reference_date: str = pa.Field(str_matches=_ISO_DATE)
    language: str = pa.Field(isin=["vi", "en"])
    url: str
    path: str
    sha256: str = pa.Field(str_matches=r"^[0-9a-f]{64}$")
    notes: str


AGENCY_LEVELS = ("national", "provincial", "district", "post")


class AgencyModel(pa.DataFrameModel):
    agency_id: str = pa.Field(unique=True, str_matches=r"^[a-z]{2}-[a-z0-9\-]+$")
    country: str = pa.Field(str_matches=r"^[A-Z]{2}$")
    name_vi: str
    name_en: str
    kind: str
    # The columns below came with the dated registry; older bundles without them read as national,
    # undated, curated rows.
    level: str = pa.Field(isin=list(AGENCY_LEVELS), default="national")
    parent_id: str
    iso_code: str = pa.Field(str_matches=r"^([A-Z]{2}-[A-Z0-9]{1,3})?$", default="")
    valid_from: str = pa.Field(str_matches=_OPTIONAL_DATE, default="")
    valid_to: str = pa.Field(str_matches=_OPTIONAL_DATE, default="")
    successor_id: str = pa.Field(default="")
    aliases: str
    source: str = pa.Field(default="")
    added_from_text: str = pa.Field(isin=["true", "false"], default="false")
    reviewed: str = pa.Field(isin=["true", "false"], default="true")

    class Config:
        add_missing_columns = True

    @pa.dataframe_check
    def validity_runs_forward(cls, frame) -> bool:
        both = (frame["valid_from"] != "") & (frame["valid_to"] != "")
        return (frame.loc[both, "valid_from"] <= frame.loc[both, "valid_to"]).all()


class FigureModel(pa.DataFrameModel):
    figure_id: str = pa.Field(unique=True)
    source_id: str
    quote: str = pa.Field(str_length={"min_value": 1})
    quote_start: int = pa.Field(ge=0)
    quote_end: int = pa.Field(ge=1)
    agency_id: str
    counterpart_id: str
    metric: str = pa.Field(isin=list(METRICS))
    category: str
    value: float = pa.Field(ge=0)
    unit: str
    qualifier: str = pa.Field(isin=list(QUALIFIERS))
    period_start: str = pa.Field(str_matches=_OPTIONAL_DATE)
    period_end: str = pa.Field(str_matches=_OPTIONAL_DATE)
    period_text: str
    # Optional in a file (older bundles have neither column).
    window_basis: str = pa.Field(isin=list(WINDOW_BASES), default="")
    window_precision: str = pa.Field(isin=list(WINDOW_PRECISIONS), default="")
    restates_figure_id: str
    # A part of a total written before it ("trong đó 168 vụ về ma túy" of "215 vụ"): counted in its
    # own category, never added to the total. Optional in a file (older bundles have no such column).
    part_of_figure_id: str = pa.Field(default="")
    notes: str

    class Config:
        add_missing_columns = True

    @pa.dataframe_check
    def quote_span_matches_length(cls, frame) -> bool:
        return (frame["quote_end"] - frame["quote_start"] == frame["quote"].str.len()).all()

    @pa.dataframe_check
    def window_runs_forward(cls, frame) -> bool:
        both = (frame["period_start"] != "") & (frame["period_end"] != "")
        return (frame.loc[both, "period_start"] <= frame.loc[both, "period_end"]).all()


class EventModel(pa.DataFrameModel):
    event_id: str = pa.Field(unique=True)
    source_id: str
    kind: str = pa.Field(isin=list(EVENT_KINDS))
    title: str
    start_date: str = pa.Field(str_matches=_ISO_DATE)
    end_date: str = pa.Field(str_matches=_ISO_DATE)
    date_precision: str = pa.Field(isin=["day", "month", "year"])
    place: str
    country: str
    participant_ids: str
    documents_signed: str
    quote: str
    quote_start: int = pa.Field(ge=0)
    quote_end: int = pa.Field(ge=1)
    notes: str


class ExchangeRateModel(pa.DataFrameModel):
    currency: str = pa.Field(str_matches=r"^[A-Z]{3}$")
    year: int = pa.Field(ge=1990, le=2100)
    lcu_per_usd: float = pa.Field(gt=0)
    source: str
    source_url: str
    retrieved_note: str


class ConversionModel(pa.DataFrameModel):
    parameter: str = pa.Field(unique=True)
    value: float = pa.Field(gt=0)
    unit: str
    applies_to: str
    source: str
    rationale: str


class StatedChangeModel(pa.DataFrameModel):
    """What a report says a figure rose or fell by ("tăng 12 vụ so với cùng kỳ"), as written."""

    change_id: str = pa.Field(unique=True)
    source_id: str
    figure_id: str  # the figure it qualifies; empty when none was found or that figure is not accepted
    quote: str = pa.Field(str_length={"min_value": 1})
    quote_start: int = pa.Field(ge=0)
    quote_end: int = pa.Field(ge=1)
    direction: str = pa.Field(isin=["up", "down"])
    amount: float = pa.Field(ge=0)
    is_percent: str = pa.Field(isin=["true", "false"])
    unit: str
    base: str = pa.Field(isin=["", "same_period", "year"])
    base_year: str = pa.Field(str_matches=r"^(\d{4})?$")
    base_text: str

    @pa.dataframe_check
    def quote_span_matches_length(cls, frame) -> bool:
        return (frame["quote_end"] - frame["quote_start"] == frame["quote"].str.len()).all()


class CopyModel(pa.DataFrameModel):
    """A syndicated copy: the same article published again by another outlet, one publication more of its source."""

    copy_id: str = pa.Field(unique=True, str_matches=r"^[A-Za-z0-9_\-]+$")
    source_id: str  # the first copy, whose figures stand for both
    title: str
    publisher: str
    published: str = pa.Field(str_matches=r"^(\d{4}-\d{2}(-\d{2})?)?$")
    language: str = pa.Field(isin=["vi", "en", ""])
    url: str
    path: str
    sha256: str = pa.Field(str_matches=r"^[0-9a-f]{64}$")
    similarity: float = pa.Field(ge=0, le=1)
