"""Page noise: the line reader keeps the offsets of the plain regex reader it replaced."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from metrics.noise import _LINE, _lines, noise_spans

_LINE_PIECES = ["Thu giữ 5 bánh heroin.", "\n", "\n\n", " ", "\t", "\r", "\u2028", "\x0c", "Tin đọc nhiều", "10/11/2025 11:21", ""]


def _lines_by_regex(text):
    lines = []
    for match in _LINE.finditer(text):
        if match.start() == match.end():
            break
        raw = match.group(0)
        lines.append((match.start(), match.start() + len(raw.rstrip("\n")), raw.strip()))
    return lines


@given(st.lists(st.sampled_from(_LINE_PIECES), max_size=20).map("".join))
@settings(max_examples=300, deadline=None)
def test_lines_are_those_the_line_regex_reads(text):
    assert _lines(text) == _lines_by_regex(text)


def test_tail_marker_and_time_stamps_are_noise():
    text = "Thu giữ 5 bánh heroin.\nTin hay\n10/11/2025 11:21\nTin đọc nhiều\nKhác 12\n"
    spans = noise_spans(text)
    assert spans and text[spans[0][0]:].startswith("Tin hay")
