"""The extractor: a text in, every figure and event it reports out, as candidates for review."""

from __future__ import annotations

import logging
import re
import unicodedata
from datetime import date
from functools import cache
from pathlib import Path

import pandas as pd

from ..agencies import AgencyRegistry
from ..noise import noise_spans
from .candidates import Extraction, ExtractionError
from .changes import find_changes
from .events import _extract_events
from .figures import _build_figures, credit_totals_of_several_units
from .grammar import _resolve_items
from .grammar import _seizure_follows
from .items import _item_start, _scan_items, definite_items, document_numbers
from .lexicon import lower_for_patterns
from .mentions import _EACH, _agency_for, _distribute, _mentions, propose_agencies
from .sentences import _sentences, _within
from .windows import Windows, _is_incident

_DATA = Path(__file__).resolve().parent.parent.parent / "data"
_LOG = logging.getLogger("metrics.extract")

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
    in_nfc = len(text_nfc) == len(text)
    if not in_nfc:
        result.warnings.append("The text is not in Unicode NFC form; offsets refer to the text as given.")
        text_nfc = text
    if published is None:
        result.warnings.append("No publication date: windows that run 'to now' are left open.")
    try:
        _extract_into(result, text_nfc, published, language, registry, in_nfc)
    except Exception as error:  # a defect: the user keeps what was read, and the note names it
        _failed(result, text_nfc, 0, len(text_nfc), "document", error)
    return result


def _failed(result: Extraction, text: str, start: int, end: int, part: str, error: Exception) -> None:
    """Note (and log) that the extractor failed on text[start:end]; the caller goes on without it."""
    quoted = " ".join(text[start:end].split())
    quoted = quoted if len(quoted) <= 120 else quoted[:119] + "…"
    note = f"The {part} at characters {start}–{end} could not be read and was left out ({type(error).__name__}): “{quoted}”"
    result.failures.append(note)
    result.warnings.append(note)
    _LOG.error("extraction failed on the %s at characters %d-%d: %s", part, start, end, quoted, exc_info=error)


def _extract_into(result: Extraction, text: str, published: date | None, language: str, registry: AgencyRegistry | None,
                  in_nfc: bool = True) -> None:
    """Fill ``result`` from ``text`` (in NFC, or as given when ``in_nfc`` is false). A sentence or a part
    of the document that fails is noted (see _failed) and the rest is still read."""
    noise = noise_spans(text)
    lower = text.lower()
    lower = lower if len(lower) == len(text) else None
    lower_exact = lower_for_patterns(text, lower)
    sentences = _sentences(text, noise)
    try:
        mentions = _mentions(text, registry, noise, result.unknown_agencies, lower_exact, lower if in_nfc else None)
        result.proposed_agencies = propose_agencies(result.unknown_agencies, mentions, registry)
    except Exception as error:
        _failed(result, text, 0, len(text), "agency names of the document", error)
        mentions = []
    try:
        result.events = _extract_events(text, sentences, mentions, published, registry, lower, lower_exact)
    except Exception as error:
        _failed(result, text, 0, len(text), "events of the document", error)
    main_event = result.events[0] if result.events else None
    windows = Windows(text, sentences, noise, published, main_event)

    raw: list[tuple] = []  # (item, period, period text, window basis, agency, counterpart, recipients)
    active_agency: tuple[str, str] = ("", "")
    previous_items: list = []
    mention_starts = [m.start for m in mentions]
    numbers = document_numbers(text, lower, lower_exact, language)
    people = definite_items(text, lower_exact, language)
    people_starts = [p.start for p in people]
    for k, (s_start, s_end) in enumerate(sentences):
        try:
            sentence_mentions = _within(mentions, mention_starts, s_start, s_end)
            scanned = _scan_items(text, s_start, s_end, language, lower, lower_exact, numbers)
            named = _within(people, people_starts, s_start, s_end) if people else None
            if named:
                scanned = sorted([*scanned, *named], key=_item_start)
            items = _resolve_items(text, s_start, scanned, previous_items, lower_exact, s_end) if scanned else []
            window = windows.for_sentence(k) if items else None
            found = []
            for item in items:
                period, basis = window(item)
                if (item.definite or item.stopped) and period is not None and not _is_incident(period):
                    continue  # "bắt giữ đối tượng truy nã", "kiểm tra 350 phương tiện" in a year's tally
                if item.stopped and not _seized_later(text, lower_exact, sentences, k, item.end):
                    continue
                period_text = period.text if period is not None else ""
                agency, counterpart = _agency_for(text, s_start, item, sentence_mentions, main_event, active_agency, lower_exact)
                each = _EACH.on(lower_exact).search(text if lower_exact is None else lower_exact, max(s_start, item.start - 40), item.start)
                recipients: tuple[str, ...] = ()
                if each is not None:
                    recipients = _distribute(each.group("noun").lower(), agency, mentions, registry)
                found.append((item, period, period_text, basis, agency, counterpart, recipients))
            agents = [m for m in sentence_mentions if not m.counterpart_role]
        except Exception as error:
            _failed(result, text, s_start, s_end, "sentence", error)
            previous_items = []
            continue
        story_start = sentences[max(0, k - 2)][0]
        for entry in found:
            _same_people_as_before(text, entry, raw, story_start)
            raw.append(entry)
        previous_items = scanned
        if agents:
            last = agents[-1]
            partners = [m for m in sentence_mentions if m.counterpart_role and m.start > last.start]
            active_agency = (last.agency, partners[-1].agency if partners else "")

    result.figures = credit_totals_of_several_units(_build_figures(text, raw, result.warnings), registry)
    try:
        result.changes = find_changes(text, sentences, result.figures, language, lower)
    except Exception as error:
        _failed(result, text, 0, len(text), "stated changes of the document", error)


# A story often tells of people spotted ("phát hiện 2 đối tượng") and then arrested ("bắt giữ 2 đối tượng")
# or names them again ("2 đối tượng trên"): the same people, counted once.
_SPOTTED = frozenset({"phát hiện"})
_THE_SAME = re.compile(r"\s+(?:nói\s+trên|trên|này|đó)(?!\w)", re.IGNORECASE)
_BOTH_BEFORE = re.compile(r"(?<!\w)(?:cả|both|all)\s+$", re.IGNORECASE)  # "bắt giữ cả 2 đối tượng": those told before


def _same_people_as_before(text: str, entry: tuple, raw: list[tuple], story_start: int) -> None:
    """Mark a count of people as restating the same count told in the two sentences before, when those
    were spotted and these arrested, or when the text says they are the same ("trên")."""
    item, period = entry[0], entry[1]
    if item.metric == "vehicle_seized" and item.definite:
        _same_vehicle_as_before(item, period, raw, story_start)
        return
    if item.metric != "persons_arrested" or item.restates is not None:
        return
    again = item.definite or _THE_SAME.match(text, item.end) is not None or _BOTH_BEFORE.search(text, max(0, item.start - 8), item.start) is not None
    if item.verb in _SPOTTED and not again:
        return
    for earlier, earlier_period, *_ in reversed(raw):
        if earlier.start < story_start:
            return
        if earlier.metric == "persons_arrested" and earlier.restates is None and (earlier.value == item.value or item.definite) \
                and (earlier.verb in _SPOTTED or again) and _span(earlier_period) == _span(period):
            item.head, item.restates = earlier, -1
            item.note = "; ".join(filter(None, [item.note, "the same people as counted before it (spotted, then arrested)"]))
            if earlier.category == "all_crime":
                earlier.category = item.category
            return


def _seized_later(text: str, lower_exact: str | None, sentences: list[tuple[int, int]], k: int, at: int) -> bool:
    """Whether a seizure or an arrest is told after ``at`` in sentence k or in the two after it (a vehicle
    stopped, then "Qua kiểm tra, phát hiện 12 bánh heroin", "Officers found 22 kg of crystal meth")."""
    subject = text if lower_exact is None else lower_exact
    for j in range(k, min(k + 3, len(sentences))):
        start, end = sentences[j]
        if _seizure_follows(text, subject, max(at, start), end, lower_exact):
            return True
    return False


def _same_vehicle_as_before(item, period, raw: list[tuple], story_start: int) -> None:
    """Mark a vehicle named without a number ("tạm giữ chiếc xe máy", "the truck was impounded") as
    restating a vehicle counted before it in its story."""
    for earlier, earlier_period, *_ in reversed(raw):
        if earlier.start < story_start:
            return
        if earlier.metric == "vehicle_seized" and earlier.restates is None and _span(earlier_period) == _span(period):
            item.head, item.restates = earlier, -1
            item.note = "; ".join(filter(None, [item.note, "the same vehicle as counted before it"]))
            return


def _span(period) -> tuple:
    return (period.start, period.end) if period is not None else (None, None)
