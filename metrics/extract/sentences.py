"""Sentences and clauses of a report, outside its page noise."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

# [.!?…]+[\"”’)\]]*[ \t\u00a0]+|\n+, written to begin with one character class so that the
# engine skips ahead to the characters that can end a sentence.
_BOUNDARY = re.compile(r"[.!?…\n](?:(?<=[.!?…])[.!?…]*[\"”’)\]]*[ \t\u00a0]+|(?<=\n)\n*)")
def _sentences(text: str, noise: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(start, end) of each sentence outside the noise spans."""
    segments, cursor = [], 0
    for start, end in noise:
        if start > cursor:
            segments.append((cursor, start))
        cursor = max(cursor, end)
    if cursor < len(text):
        segments.append((cursor, len(text)))
    sentences = []
    for seg_start, seg_end in segments:
        cursor = seg_start
        for match in _BOUNDARY.finditer(text, seg_start, seg_end):
            if match.group(0)[0] != "\n":
                following = text[match.end():match.end() + 1]
                if following and not (following.isupper() or following.isdigit() or following in "\"“'(-–"):
                    continue
                if (following == "(" or following.isdigit()) and _after_initial(text, match.start()):
                    continue  # "Lường Văn P. (34 tuổi)", "N.V.A. (SN 1990)", "thu giữ của Vi Văn T. 3 bánh heroin": a name's initial
            if text[cursor:match.start()].strip():
                sentences.extend(_cap(text, cursor, match.start() + (0 if match.group(0)[0] == "\n" else 1)))
            cursor = match.end()
        if text[cursor:seg_end].strip():
            sentences.extend(_cap(text, cursor, seg_end))
    return sentences


def _after_initial(text: str, stop: int) -> bool:
    """Whether the full stop at ``stop`` closes an initial: one capital letter after a space, a full stop
    or nothing."""
    return stop >= 1 and text[stop - 1].isupper() and (stop == 1 or text[stop - 2] in " .\u00a0\n")


MAX_SENTENCE = 2000
_INFINITY = float("inf")


def _in_spans(position: int, spans: list[tuple[int, int]]) -> bool:
    index = bisect_right(spans, (position, _INFINITY)) - 1
    return index >= 0 and spans[index][0] <= position < spans[index][1]


def _cap(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut an over-long "sentence" (a list or garbage without full stops) into bounded pieces."""
    pieces = []
    while end - start > MAX_SENTENCE:
        cut = max(text.rfind(";", start, start + MAX_SENTENCE), text.rfind(" ", start, start + MAX_SENTENCE))
        cut = cut + 1 if cut > start else start + MAX_SENTENCE
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return pieces


def _within(spans: list, starts: list[int], start: int, end: int) -> list:
    return spans[bisect_left(starts, start):bisect_left(starts, end)]


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    clauses, cursor = [], start
    semicolon = text.find(";", start, end)
    while semicolon != -1:
        clauses.append((cursor, semicolon))
        cursor = semicolon + 1
        semicolon = text.find(";", cursor, end)
    clauses.append((cursor, end))
    return clauses
