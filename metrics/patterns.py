"""Regular expressions the engine runs fast: word lists as tries, character classes written out."""

from __future__ import annotations

import re
from functools import cache

__all__ = ["longest_first_trie", "non_word_class", "word_alternation"]


def _trie(words) -> dict:
    """The words as nested dicts, one level per character; "" marks where a word ends."""
    root: dict = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return root


def longest_first_trie(words, after_first: str = "") -> str:
    """A regex for the alternation of ``words`` longest first, factored by common prefixes.

    It matches what "|".join(words sorted longest first) matches at each place (the longest word
    that begins there), but the engine compares each character once instead of once per word.
    ``after_first`` is put after the first character of every word (a look-behind there still
    lets the engine skip ahead to the characters that begin a word).
    """
    root = _trie(words)

    depths: dict[int, int] = {}

    def depth(node: dict) -> int:
        if id(node) not in depths:
            depths[id(node)] = max([0] + [1 + depth(child) for char, child in node.items() if char])
        return depths[id(node)]

    def pattern(node: dict, first: bool = False) -> str:
        # Longer continuations first, the end of a word last: the longest word wins.
        branches = [re.escape(char) + (after_first if first else "") + pattern(node[char]) for char in sorted(
            (char for char in node if char), key=lambda char: -depth(node[char]))]
        if "" in node:
            branches.append("")
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return pattern(root, first=True)


@cache
def non_word_class() -> str:
    """A set of characters matching each character of the Basic Multilingual Plane that is not a word
    character (``\\W``), and every character beyond it (a caller checks those): written out, the engine
    tests each character against a table, several times faster than ``\\W``."""
    ranges: list[list[int]] = []
    for code in range(0x10000):
        char = chr(code)
        if not (char.isalnum() or char == "_"):  # what \w matches in a str pattern
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    return "[" + "".join(re.escape(chr(first)) + ("-" + re.escape(chr(last)) if last > first else "")
                         for first, last in ranges) + "\U00010000-\U0010ffff]"


def word_alternation(words, space: str = r"\s+", hyphen: str = r"[\-\s]?") -> str:
    """A regex matching at each place what "|".join(words sorted longest first) matches there, a space in
    a word standing for ``space`` and a hyphen for ``hyphen``: a trie (see longest_first_trie) but for
    the words below a place where a hyphen stands beside other branches ("ki-lô-gam" beside "kilô" and
    "kip": the hyphen's optional form takes what they take), listed plainly, longest first. At any
    place a text matches words of one part only.
    """
    root = _trie(words)
    tangled: list[str] = []

    def walk(node: dict, path: str) -> None:
        branches = [char for char in node if char]
        if "-" in branches and (len(branches) > 1 or any(char in ("-", " ", "") for char in node["-"])):
            tangled.append(path)
            return
        for char in branches:
            walk(node[char], path + char)

    walk(root, "")
    plain = sorted((w for w in words if w.startswith(tuple(tangled))), key=len, reverse=True) if tangled else []
    rest = set(words).difference(plain)
    parts = [re.escape(w) for w in plain] + ([longest_first_trie(rest)] if rest else [])
    return "|".join(part.replace(r"\ ", space).replace(r"\-", hyphen) for part in parts)
