"""A source text cut into segments, each knowing which figures' quotes and which page noise cover it.

The text is never changed: segments keep their character offsets, so a figure's
``quote_start``/``quote_end`` point straight into them.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Segment", "highlight_segments", "page_noise", "quote_matches"]


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    text: str
    figure_ids: tuple[str, ...] = ()
    noise: bool = False


def page_noise(text: str) -> list[tuple[int, int]]:
    """Spans of page noise: the extractor's detector when present, else repeated adjacent lines."""
    try:
        from .noise import noise_spans
    except ImportError:  # the extractor's noise detector (issue 3) is optional here
        return _repeated_lines(text)
    return [(int(s), int(e)) for s, e in noise_spans(text)]


def _repeated_lines(text: str) -> list[tuple[int, int]]:
    """Fallback: a non-empty line printed again right after itself (captions, headline lists), both copies."""
    spans, position, previous = [], 0, None
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        end = position + len(line.rstrip("\r\n"))
        if stripped and previous is not None and stripped == previous[2]:
            if not spans or spans[-1] != (previous[0], previous[1]):
                spans.append((previous[0], previous[1]))
            spans.append((position, end))
        if stripped:
            previous = (position, end, stripped)
        position += len(line)
    return spans


def quote_matches(text: str, start: int, end: int, quote: str) -> bool:
    """The quote is found verbatim in the text at its offsets."""
    return 0 <= start <= end <= len(text) and text[start:end] == quote


def highlight_segments(
    text: str,
    quotes: list[tuple[int, int, str]],
    noise: list[tuple[int, int]] = (),
) -> list[Segment]:
    """Cut ``text`` at every quote (start, end, figure id) and noise boundary."""
    cuts = {0, len(text)}
    for start, end, _figure in quotes:
        cuts |= {max(0, min(start, len(text))), max(0, min(end, len(text)))}
    for start, end in noise:
        cuts |= {max(0, min(start, len(text))), max(0, min(end, len(text)))}
    bounds = sorted(cuts)
    segments = []
    for start, end in zip(bounds, bounds[1:]):
        if start == end:
            continue
        figures = tuple(f for s, e, f in quotes if s <= start and end <= e)
        is_noise = any(s <= start and end <= e for s, e in noise)
        segments.append(Segment(start, end, text[start:end], figures, is_noise))
    return segments
