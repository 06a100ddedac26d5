"""Cooperation events: conferences, talks, visits, signings, friendship exchanges."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace
from datetime import date

from .candidates import EventCandidate
from .lexicon import _CaseBlind, word_starts
from .mentions import _BOTH_SIDES
from .sentences import _clauses, _within

_EVENT_NOUN = re.compile(
    r"(?P<visit>chuyến\s+thăm|thăm\s+chính\s+thức|sang\s+thăm|official\s+visit|state\s+visit)"
    r"|(?P<talks>Hội\s+đàm|hội\s+đàm|talks)"
    r"|(?P<exchange>Giao\s+lưu\s+hữu\s+nghị|giao\s+lưu\s+hữu\s+nghị|friendship\s+exchange)"
    r"|(?P<conference>Hội\s+nghị|hội\s+nghị|conference|meeting)"
    r"|(?P<signing>(?:Bản\s+ghi\s+nhớ|Thỏa\s+thuận|Thoả\s+thuận|Hiệp\s+định|memorandum|agreement)[^.;\n]{0,200}?\bký\s+(?:kết\s+)?ngày|signed\s+on)",
)
# Every _EVENT_NOUN match begins with one of these words (a plain alternation of words: the engine
# skips ahead to their first letters).
_EVENT_NOUN_FIRST = re.compile(
    r"chuyến|thăm|sang|official|state|Hội|hội|talks|Giao|giao|friendship|conference|meeting|Bản|Thỏa|Thoả|Hiệp|"
    r"memorandum|agreement|signed"
)


def _event_noun_search(clause: str, position: int = 0) -> re.Match[str] | None:
    """_EVENT_NOUN.search(clause, position), tried only where one of its first words stands."""
    while (first := _EVENT_NOUN_FIRST.search(clause, position)) is not None:
        noun = _EVENT_NOUN.match(clause, first.start())
        if noun is not None:
            return noun
        position = first.start() + 1
    return None


_EVENT_KEYWORD = re.compile(
    r"thăm|visit|hội\s+đàm|talks|giao\s+lưu|friendship|hội\s+nghị|conference|meeting|ký|signed"
)
# Every _EVENT_KEYWORD match begins with one of these words: they are found with str.find and
# the keyword is matched only there (faster than scanning with the regex).
_EVENT_KEYWORD_WORDS = ("thăm", "visit", "hội", "talks", "giao", "friendship", "conference", "meeting", "ký", "signed")
# _SIGNED_DOC begins with one of these words, in lower case. Under IGNORECASE "signed" also matches
# "ı" (dotless i) and "ſ" (long s), which str.lower() keeps: text holding either is scanned in full.
_SIGNED_WORDS = ("ký", "signed")


def _event_keyword_starts(lower: str) -> tuple[list[int], list[int]]:
    """Every place in ``lower`` where an _EVENT_KEYWORD match begins, and every place where one of
    _SIGNED_WORDS (some of _EVENT_KEYWORD_WORDS) stands, in order."""
    starts = word_starts(lower, _EVENT_KEYWORD_WORDS)
    keywords = [at for at in starts if _EVENT_KEYWORD.match(lower, at) is not None]
    return keywords, [at for at in starts if lower.startswith(_SIGNED_WORDS, at)]


def _sentences_holding(sentences: list[tuple[int, int]], places: list[int]) -> list[tuple[int, int]]:
    """The sentences that hold one of ``places`` (in order), in order."""
    held, index = [], 0
    for s_start, s_end in sentences:
        index = bisect_left(places, s_start, index)
        if index == len(places):
            break
        if places[index] < s_end:
            held.append((s_start, s_end))
    return held


_DAY_DATE = _CaseBlind(
    r"(?<!\w)(?:(?:sáng|chiều|tối|trưa|ngày|hôm|vào\s+ngày|từ\s+ngày)\s+)+(?P<d>\d{1,2})(?:\s*[-–]\s*(?P<d2>\d{1,2}))?\s*/\s*(?P<m>\d{1,2})(?:\s*/\s*(?P<y>\d{4}))?",
)
_EN_DATE = re.compile(
    r"(?<!\w)(?:on\s+)?(?P<mon>January|February|March|April|May|June|July|August|September|October|November|December)\s+(?P<d>\d{1,2})(?:,?\s+(?P<y>\d{4}))?",
)
# Every _EN_DATE match holds a month name; looking for one first is fast (no look-behind to try
# at every place).
_EN_MONTH_NAME = re.compile(r"January|February|March|April|May|June|July|August|September|October|November|December")
# (?<!\w) written after the first letter (as (?<!\w.)), so that the engine skips ahead to t, ở, i.
_PLACE = re.compile(
    r"(?:t(?<!\w.)ại|ở(?<!\w.)|i(?<!\w.)n)\s+(?:(?:tỉnh|thành\s+phố|Thủ\s+đô|thủ\s+đô|TP\.?)\s+)?(?P<place>[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ][\wÀ-ỹ]*(?:[ \-][A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ][\wÀ-ỹ]*){0,3})"
)
_SIGNED_DOC = re.compile(
    r"(?i:(?<!\w)(?:ký|ký\s+kết|signed))\s+(?P<doc>(?:Biên\s+bản|biên\s+bản|Bản\s+ghi\s+nhớ|bản\s+ghi\s+nhớ|Thỏa\s+thuận|thỏa\s+thuận|Kế\s+hoạch|kế\s+hoạch|Hiệp\s+định|memorandum|agreement|minutes|plan)[^.;\n]{0,160})",
)
_TITLE_END = re.compile(r"[.;\n(]|\s-\s|,\s")
_EN_MONTH_INDEX = {m: i for i, m in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"], 1)}


def _event_date(clause: str, published: date | None, clause_lower: str | None = None) -> tuple[date | None, date | None, int]:
    """The first date in the clause and where it stands; ``clause_lower`` is the clause in lower
    case when the lower-case twins may read it (see lower_for_patterns)."""
    if "/" in clause:
        match = _DAY_DATE.on(clause_lower).search(clause if clause_lower is None else clause_lower)
    else:
        match = None
    if match:
        day, month = int(match["d"]), int(match["m"])
        last = int(match["d2"]) if match["d2"] else day
        year = int(match["y"]) if match["y"] else None
        if year is None and published is not None:
            year = published.year if (month, day) <= (published.month, published.day) else published.year - 1
        if year is None:
            return None, None, 0
        try:
            return date(year, month, day), date(year, month, last), match.start()
        except ValueError:
            return None, None, 0
    match = _EN_DATE.search(clause) if _EN_MONTH_NAME.search(clause) else None
    if match:
        month, day = _EN_MONTH_INDEX[match["mon"]], int(match["d"])
        year = int(match["y"]) if match["y"] else (published.year if published else None)
        if year is None:
            return None, None, 0
        try:
            return date(year, month, day), date(year, month, day), match.start()
        except ValueError:
            return None, None, 0
    return None, None, 0


def _extract_events(text, sentences, mentions, published, registry, lower: str | None, lower_exact: str | None = None) -> list[EventCandidate]:
    """The events named in the sentences; ``lower`` is text.lower() when it keeps the offsets, else
    None, and ``lower_exact`` is lower_for_patterns(text, lower)."""
    events: list[EventCandidate] = []
    registry_ids = set(registry.by_id) if registry is not None else set()
    ancestors: dict[str, tuple[str, ...]] = {}
    # Every event noun holds one of these words: only clauses holding one are read.
    keywords, signed_at = _event_keyword_starts(lower) if lower is not None else (None, None)
    # Every _SIGNED_DOC match begins where "ký" or "signed" stands in lower case (see _SIGNED_WORDS).
    if "ı" in text or "ſ" in text:
        signed_at = None
    mention_starts = [m.start for m in mentions]
    for s_start, s_end in sentences if keywords is None else _sentences_holding(sentences, keywords):
        for clause_start, clause_end in _clauses(text, s_start, s_end):
            if keywords is not None and bisect_left(keywords, clause_start) == bisect_left(keywords, clause_end):
                continue
            clause = text[clause_start:clause_end]
            noun = _event_noun_search(clause)
            if noun is None:
                continue
            clause_lower = lower_exact[clause_start:clause_end] if lower_exact is not None else None
            start_date, end_date, date_at = _event_date(clause, published, clause_lower)
            if start_date is None:
                continue
            nouns = [noun]
            while (following := _event_noun_search(clause, nouns[-1].end())) is not None:
                nouns.append(following)
            preceding = [n for n in nouns if n.start() <= date_at]
            noun = preceding[-1] if preceding and nouns[0].lastgroup != "visit" else nouns[0]
            kind = noun.lastgroup
            kind = {"exchange": "friendship exchange"}.get(kind, kind)
            title_end = _TITLE_END.search(clause, noun.start())
            title = clause[noun.start():title_end.start() if title_end else len(clause)].strip()
            if kind == "visit":
                title = clause[noun.start():].strip()[:160]
            place_match = _PLACE.search(clause)
            place_span = (clause_start + place_match.start(), clause_start + place_match.end()) if place_match else (0, 0)
            named = [
                m.agency for m in _within(mentions, mention_starts, clause_start, clause_end)
                if m.agency in registry_ids and not place_span[0] <= m.start < place_span[1]
            ]
            if not named and events and _BOTH_SIDES.any_case.search(clause):
                named = list(events[0].participants)
            for other in named:
                if other not in ancestors:
                    ancestors[other] = tuple(registry.ancestors(other))
            participants = tuple(
                a for a in dict.fromkeys(named)
                if not any(a in ancestors.get(other, ()) for other in named)
            )
            in_clause = None if signed_at is None else [
                at - clause_start for at in signed_at[bisect_left(signed_at, clause_start):bisect_left(signed_at, clause_end)]]
            documents = tuple(
                " ".join(d["doc"].split()).rstrip(" ,") for d in _signed_documents(clause, 0, len(clause), in_clause)
            )
            events.append(EventCandidate(
                kind, title, start_date, end_date, place_match["place"] if place_match else "",
                participants, documents, title, clause_start + noun.start(),
                clause_start + noun.start() + len(title), 0.8 if participants else 0.6,
            ))
    # Documents signed later in the text belong to the main (first) event when it has none.
    if events:
        signed = []
        for s_start, s_end in sentences if signed_at is None else _sentences_holding(sentences, signed_at):
            for d in _signed_documents(text, s_start, s_end, signed_at):
                doc = " ".join(d["doc"].split()).rstrip(" ,")
                if doc not in signed and not ("/" in doc and _DAY_DATE.any_case.search(doc)):
                    signed.append(doc)
        if signed and not events[0].documents_signed:
            events[0] = replace(events[0], documents_signed=tuple(signed[:3]))
    unique: list[EventCandidate] = []
    for event in events:
        if any(e.kind == event.kind and e.start_date == event.start_date for e in unique):
            continue
        unique.append(event)
    return unique


def _signed_documents(text: str, start: int, end: int, signed_at: list[int] | None):
    """_SIGNED_DOC.finditer(text, start, end), tried only at ``signed_at`` (every place in text where
    "ký" or "signed" stands in lower case) when it is given."""
    if signed_at is None:
        yield from _SIGNED_DOC.finditer(text, start, end)
        return
    taken_to = start
    for at in signed_at[bisect_left(signed_at, start):bisect_left(signed_at, end)]:
        if at < taken_to:
            continue
        document = _SIGNED_DOC.match(text, at, end)
        if document is not None:
            yield document
            taken_to = document.end()
