"""Page noise in scraped news text: the parts of a page that are not the article body.

The spans are found, never removed, so that character offsets into the original text stay
valid. What counts as noise (each rule is applied once, in ``noise_spans``):
- everything after a tail marker ("Tin đọc nhiều", "Tin tức mới cập nhật", "Tin cùng chuyên
  mục", "Tin liên quan", "Nguồn: ...", "Related news", "Read more"...);
- time-stamp lines ("10/11/2025 11:21") and the headline or teaser line just before each one
  (a line ending with a full stop is body text dated by the page, not a headline);
- a line repeated right after itself (photo captions and headline lists are printed twice):
  the second copy, and the first as well when the repeats come in a run (a headline list);
- a run of three or more short lines without closing punctuation that hold numbers
  (a list of other headlines without a marker).
"""

from __future__ import annotations

import re

__all__ = ["noise_spans", "TAIL_MARKER"]

TAIL_MARKER = re.compile(
    r"^\s*(?:tin\s+đọc\s+nhiều|tin\s+tức\s+mới|tin\s+mới\s+cập\s+nhật|tin\s+cùng\s+chuyên\s+mục|tin\s+liên\s+quan|"
    r"bài\s+liên\s+quan|tin\s+khác|các\s+tin\s+khác|tin\s+bài\s+khác|xem\s+thêm|đọc\s+thêm|có\s+thể\s+bạn\s+quan\s+tâm|"
    r"bài\s+viết\s+liên\s+quan|nguồn\s*:|theo\s+nguồn\s*:|related\s+(?:news|articles|stories|posts)|read\s+more|"
    r"more\s+news|you\s+may\s+also\s+like|most\s+read|latest\s+news|source\s*:)",
    re.IGNORECASE,
)
TIMESTAMP_LINE = re.compile(r"^\s*\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4}(?:\s*[-|,]?\s*\d{1,2}:\d{2}(?::\d{2})?)?\s*(?:GMT[+\-]\d+)?\s*$")
_LINE = re.compile(r"[^\n]*\n?")
_HAS_DIGIT = re.compile(r"\d")
# What a closed (punctuated) line ends with; lines are read stripped.
_CLOSING = (".", "!", "?", "…", ":", ";", '"', "”", ")", "]")


def _lines(text: str) -> list[tuple[int, int, str]]:
    """(start, end without the newline, stripped text) of each line, as _LINE.finditer reads them."""
    lines, start = [], 0
    pieces = text.split("\n")
    if pieces[-1] == "":  # text ends with a newline (or is empty): no line after it
        pieces.pop()
    for piece in pieces:
        lines.append((start, start + len(piece), piece.strip()))
        start += len(piece) + 1
    return lines


def noise_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of page noise in ``text``, in order, not overlapping."""
    lines = _lines(text)
    noisy = [False] * len(lines)
    content = [i for i, (_, _, stripped) in enumerate(lines) if stripped]
    # Tail: everything from the first marker on, once some body has been seen.
    tail_from = None
    for rank, index in enumerate(content):
        if rank >= 1 and TAIL_MARKER.match(lines[index][2]):
            tail_from = index
            break
    if tail_from is not None:
        for index in range(tail_from, len(lines)):
            noisy[index] = True
    # Time stamps and the headline above each.
    for rank, index in enumerate(content):
        if TIMESTAMP_LINE.match(lines[index][2]):
            noisy[index] = True
            if rank >= 1:
                previous = content[rank - 1]
                headline = lines[previous][2]
                teaser = headline.endswith(("...", "…")) or not headline.endswith((".", "!", "?", '"', "”"))
                if not TIMESTAMP_LINE.match(headline) and len(headline) < 400 and teaser:
                    noisy[previous] = True
    # Lines printed twice in a row.
    doubled = [
        rank for rank in range(1, len(content))
        if lines[content[rank]][2] == lines[content[rank - 1]][2]
    ]
    doubled_set = set(doubled)
    for rank in doubled:
        noisy[content[rank]] = True
        in_run = (rank - 2) in doubled_set or (rank + 2) in doubled_set
        if in_run:
            noisy[content[rank - 1]] = True
    # Runs of short, unpunctuated lines with numbers (a headline list without a marker).
    run: list[int] = []
    for index in content + [None]:
        headline_like = (
            index is not None
            and len(lines[index][2]) < 200
            and not lines[index][2].endswith(_CLOSING)
            and not noisy[index]
            and not lines[index][2].startswith(("-", "+", "•", "*", "–"))
        )
        if headline_like:
            run.append(index)
            continue
        if len(run) >= 3 and sum(bool(_HAS_DIGIT.search(lines[i][2])) for i in run) >= 2:
            for i in run:
                noisy[i] = True
        run = []
    spans: list[tuple[int, int]] = []
    for (start, end, _), is_noise in zip(lines, noisy):
        if not is_noise:
            continue
        if spans and text[spans[-1][1]:start].strip() == "":
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans
