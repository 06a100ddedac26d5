"""The extractor: a text in, every figure and event it reports out, as candidates for review."""

from __future__ import annotations

import unicodedata
from datetime import date
from functools import cache
from pathlib import Path

import pandas as pd

from ..agencies import AgencyRegistry
from ..noise import noise_spans
from .candidates import Extraction, ExtractionError
from .events import _extract_events
from .figures import _build_figures
from .grammar import _resolve_items
from .items import _scan_items
from .lexicon import lower_for_patterns
from .mentions import _EACH, _agency_for, _distribute, _mentions
from .sentences import _sentences, _within
from .windows import Windows

_DATA = Path(__file__).resolve().parent.parent.parent / "data"

@cache
def _default_registry() -> AgencyRegistry | None:
    path = _DATA / "agencies.csv"
    if not path.exists():
        return None
    return AgencyRegistry.from_frame(pd.read_csv(path, dtype=str, keep_default_na=False))


def extract(
    text: str,
    published: date | None = None,
    language: str = "vi",
    registry: AgencyRegistry | None = None,
) -> Extraction:
    """Every reported figure and cooperation event in ``text``, as candidates for review."""
    if not isinstance(text, str):
        raise ExtractionError("The text to extract from must be a string.")
    if language not in ("vi", "en"):
        raise ExtractionError(f"Unknown language '{language}': use 'vi' or 'en'.")
    result = Extraction()
    if not text.strip():
        return result
    registry = registry if registry is not None else _default_registry()
    text_nfc = unicodedata.normalize("NFC", text)
    if len(text_nfc) != len(text):
        result.warnings.append("The text is not in Unicode NFC form; offsets refer to the text as given.")
        text_nfc = text
    noise = noise_spans(text_nfc)
    lower = text_nfc.lower()
    lower = lower if len(lower) == len(text_nfc) else None
    lower_exact = lower_for_patterns(text_nfc, lower)
    sentences = _sentences(text_nfc, noise)
    mentions = _mentions(text_nfc, registry, noise, result.unknown_agencies, lower_exact)
    result.events = _extract_events(text_nfc, sentences, mentions, published, registry, lower, lower_exact)
    main_event = result.events[0] if result.events else None
    windows = Windows(text_nfc, sentences, noise, published, main_event)
    if published is None:
        result.warnings.append("No publication date: windows that run 'to now' are left open.")

    raw: list[tuple] = []  # (item, period, period text, agency, counterpart, recipients)
    active_agency: tuple[str, str] = ("", "")
    previous_items: list = []
    mention_starts = [m.start for m in mentions]
    for k, (s_start, s_end) in enumerate(sentences):
        sentence_mentions = _within(mentions, mention_starts, s_start, s_end)
        scanned = _scan_items(text_nfc, s_start, s_end, language, lower, lower_exact)
        items = _resolve_items(text_nfc, s_start, scanned, previous_items, lower_exact, s_end) if scanned else []
        previous_items = scanned
        window = windows.for_sentence(k) if items else None
        for item in items:
            period = window(item)
            period_text = period.text if period is not None else ""
            agency, counterpart = _agency_for(text_nfc, s_start, item, sentence_mentions, main_event, active_agency, lower_exact)
            each = _EACH.on(lower_exact).search(text_nfc if lower_exact is None else lower_exact, max(s_start, item.start - 40), item.start)
            recipients: tuple[str, ...] = ()
            if each is not None:
                recipients = _distribute(each.group("noun").lower(), agency, mentions, registry)
            raw.append((item, period, period_text, agency, counterpart, recipients))
        agents = [m for m in sentence_mentions if not m.counterpart_role]
        if agents:
            last = agents[-1]
            partners = [m for m in sentence_mentions if m.counterpart_role and m.start > last.start]
            active_agency = (last.agency, partners[-1].agency if partners else "")

    result.figures = _build_figures(text_nfc, raw, result.warnings)
    return result
