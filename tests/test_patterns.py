import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from metrics.extract.lexicon import _spellings, lexicon
from metrics.patterns import non_word_class, word_alternation


def test_the_non_word_class_matches_what_backslash_w_does_not():
    written_out, word = re.compile(non_word_class()), re.compile(r"\w")
    mismatched = [code for code in range(0x10000) if (written_out.match(chr(code)) is None) != (word.match(chr(code)) is not None)]
    assert mismatched == []
    assert written_out.match("\U0001f642") and written_out.match("\U0001d400")  # beyond the plane: all of it (callers check)


def _plain(words) -> str:
    """The alternation word_alternation stands for: every word, longest first."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+").replace(r"\-", r"[\-\s]?") for w in sorted(words, key=len, reverse=True))


def _forms(words) -> list[str]:
    forms = set()
    for word in words:
        forms |= _spellings(word)
    return sorted(forms)


_LISTS = {name: _forms(getattr(lexicon(), name)) for name in ("units", "nouns", "casenouns", "verbs", "excludes", "qualifiers")}
# Hyphens beside other branches ("ki-lô-gam", "kilô", "kip"; "q-rstu" would take "qr" out of "qr s"), after a space, at a word's end.
_LISTS["tangled"] = ["ki-lô-gam", "kilôgam", "kilo", "kip", "đô-la", "đô la", "đôla", "a- b", "a-", "x-y", "x y", "xy z", "q-r", "q-rstu", "qr s"]


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


@pytest.mark.parametrize("name", sorted(_LISTS))
def test_the_trie_matches_what_the_plain_alternation_matches_on_every_word_written_every_way(name):
    words = _LISTS[name]
    for flags in (0, re.IGNORECASE):
        trie = re.compile(rf"(?<!\w)(?:{word_alternation(words)})(?!\w)", flags)
        plain = re.compile(rf"(?<!\w)(?:{_plain(words)})(?!\w)", flags)
        for word in words:
            for written in {word, word.replace("-", " "), word.replace("-", ""), word.replace(" ", "  "), word.replace(" ", "\n"),
                            word.upper(), word + "s", word + " x", word[:-1]}:
                for text in (written, f"đã {written}, 12 {written}-x", written + words[0], f"({written} {words[-1]})"):
                    assert _spans(trie, text) == _spans(plain, text), (name, text)


@pytest.mark.parametrize("name", sorted(_LISTS))
def test_the_trie_matches_what_the_plain_alternation_matches_on_words_run_together(name):
    words = _LISTS[name]
    trie = re.compile(rf"(?:{word_alternation(words)})(?!\w)")
    plain = re.compile(rf"(?:{_plain(words)})(?!\w)")

    @given(st.lists(st.sampled_from(words + [" ", "-", "  ", "s", "x", "\n", ","]), max_size=8).map("".join))
    @settings(max_examples=150, deadline=None)
    def check(text):
        assert _spans(trie, text) == _spans(plain, text)

    check()
