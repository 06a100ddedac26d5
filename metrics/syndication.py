"""Syndicated copies: the same article republished with another header, footer or a paragraph more.

Texts are compared as sets of word shingles (``SHINGLE_WORDS`` consecutive words, lower-cased,
punctuation dropped) through MinHash signatures in datasketch's LSH index, so a lookup does not
compare the new text with every stored one. A candidate counts as a copy when the estimated
Jaccard similarity, or the share of the shorter text's shingles found in the longer one, is at
least ``COPY_THRESHOLD``: a copy with a paragraph more is mostly contained in its original.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from datasketch import MinHash, MinHashLSH

__all__ = ["COPY_THRESHOLD", "CopyIndex", "Match", "shingles"]

SHINGLE_WORDS = 5
PERMUTATIONS = 128
COPY_THRESHOLD = 0.7
_LSH_THRESHOLD = 0.4  # candidates first, generously; each is then checked against COPY_THRESHOLD
_MIN_SHINGLES = 20  # a text shorter than this (a headline, a caption) is never called a copy
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Match:
    source_id: str
    similarity: float  # Jaccard similarity of the two shingle sets (exact, for a candidate the index found)
    containment: float  # share of the shorter text's shingles found in the longer one


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    words = [w.lower() for w in _WORD.findall(text)]
    return {" ".join(words[i:i + size]) for i in range(max(len(words) - size + 1, 0))}


def _signature(items: set[str]) -> MinHash:
    signature = MinHash(num_perm=PERMUTATIONS, seed=1)
    signature.update_batch([item.encode("utf-8") for item in items])
    return signature


class CopyIndex:
    """The stored texts' signatures; ``find`` names the stored document a new text copies, if any."""

    def __init__(self, texts: Iterable[tuple[str, str]] = ()):
        self._lsh = MinHashLSH(threshold=_LSH_THRESHOLD, num_perm=PERMUTATIONS)
        self._shingles: dict[str, set[str]] = {}
        for source_id, text in texts:
            self.add(source_id, text)

    @classmethod
    def from_store(cls, store) -> "CopyIndex":
        return cls(store.source_texts())

    def add(self, source_id: str, text: str) -> None:
        items = shingles(text)
        if len(items) < _MIN_SHINGLES or source_id in self._shingles:
            return
        self._shingles[source_id] = items
        self._lsh.insert(source_id, _signature(items))

    def find(self, text: str) -> Match | None:
        items = shingles(text)
        if len(items) < _MIN_SHINGLES:
            return None
        best = None
        for source_id in self._lsh.query(_signature(items)):
            stored = self._shingles[source_id]
            shared = len(items & stored)
            similarity = shared / len(items | stored)
            containment = shared / min(len(items), len(stored))
            if max(similarity, containment) >= COPY_THRESHOLD and (
                    best is None or (containment, similarity) > (best.containment, best.similarity)
                    or ((containment, similarity) == (best.containment, best.similarity) and source_id < best.source_id)):
                best = Match(source_id, round(similarity, 3), round(containment, 3))
        return best
