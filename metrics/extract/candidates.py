"""What the extractor proposes: figure and event candidates, and the extraction holding them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

MAX_DOCUMENT_BYTES = 50_000_000

FRAME_COLUMNS = [
    "metric", "category", "value", "unit", "qualifier", "value_norm", "unit_norm",
    "period_start", "period_end", "period_text", "window_basis", "window_precision", "agency", "counterpart", "quote",
    "start", "end", "confidence",
]


class ExtractionError(ValueError):
    """Raised for input that is not a readable text document; the message is for the user."""


@dataclass(frozen=True)
class FigureCandidate:
    """One reported figure proposed for review, with its exact quote and offsets."""

    metric: str
    category: str
    value: float
    unit: str
    qualifier: str
    value_norm: float | None
    unit_norm: str
    period_start: date | None
    period_end: date | None
    period_text: str
    agency: str
    counterpart: str
    quote: str
    start: int
    end: int
    confidence: float
    restates: int | None = None
    note: str = ""
    part_of: int | None = None
    # How the window was found (see metrics.extract.windows.WINDOW_BASES) and the precision of its
    # dates (day, month, quarter, half, year, span, open); both "" without a window.
    window_basis: str = ""
    window_precision: str = ""


@dataclass(frozen=True)
class EventCandidate:
    """A cooperation event (conference, talks, visit, signing, friendship exchange)."""

    kind: str
    title: str
    start_date: date | None
    end_date: date | None
    place: str
    participants: tuple[str, ...]
    documents_signed: tuple[str, ...]
    quote: str
    start: int
    end: int
    confidence: float


@dataclass
class Extraction:
    figures: list[FigureCandidate] = field(default_factory=list)
    events: list[EventCandidate] = field(default_factory=list)
    unknown_agencies: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # One note per part of the text the extractor failed on (a defect to fix): the rest of the
    # document is still read; each note is in warnings too, and logged.
    failures: list[str] = field(default_factory=list)
    changes: list = field(default_factory=list)  # StatedChange (changes.py): "tăng 12 vụ so với cùng kỳ"
    # The unknown units as proposed new agencies (mentions.ProposedAgency), for review and ingest.
    proposed_agencies: list = field(default_factory=list)
