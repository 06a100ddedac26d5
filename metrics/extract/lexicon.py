"""The extraction vocabulary (``lexicon.csv``) and the case-blind matching it is read with."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..patterns import word_alternation

_HERE = Path(__file__).parent

_OLD_TONES = {
    "òa": "oà", "óa": "oá", "ỏa": "oả", "õa": "oã", "ọa": "oạ",
    "òe": "oè", "óe": "oé", "ỏe": "oẻ", "õe": "oẽ", "ọe": "oẹ",
    "ùy": "uỳ", "úy": "uý", "ủy": "uỷ", "ũy": "uỹ", "ụy": "uỵ",
}
_NEW_TONES = {old: new for new, old in _OLD_TONES.items()}
_OLD_TONE_RE = re.compile("|".join(_NEW_TONES))


# Letters that case-blind regular expressions take for ASCII ones (Python's re documents ı, ſ, İ
# and the Kelvin sign; µ and ẛ fold too): fold reads them the same way, so a word the patterns
# matched is always found in the lexicon.
_CASE_TWINS = str.maketrans({"ı": "i", "ſ": "s", "µ": "μ", "ẛ": "ṡ"})


def fold(text: str) -> str:
    """NFC, lower case, old-style tone marks moved (tuý -> túy), runs of space as one."""
    text = unicodedata.normalize("NFC", text).lower().translate(_CASE_TWINS).replace("i̇", "i")
    text = _OLD_TONE_RE.sub(lambda m: _NEW_TONES[m.group(0)], text)
    return " ".join(text.replace("‐", "-").split())


def _spellings(word: str) -> set[str]:
    spellings = {word}
    for new, old in _OLD_TONES.items():
        spellings |= {s.replace(new, old) for s in spellings}
    return spellings


def _alternation(words) -> str:
    forms = set()
    for word in words:
        forms |= _spellings(word)
    return f"(?:{word_alternation(forms)})"


# Under IGNORECASE re matches a few letters to one they do not lower-case to (ı and i, ſ and s, ẛ
# and ṡ, μ and µ: its case fixes). In a text holding none of them, whose lower case is as long as
# it, a pattern written in lower case finds on the lower case what it finds case-blind on the text.
_CASE_FIXES = ("ı", "ſ", "ẛ", "μ", "Μ", "µ")
_ESCAPE = re.compile(r"\\.|\(\?P[<=]")  # escapes and named groups: not letters to match


def lower_for_patterns(text: str, lower: str | None) -> str | None:
    """``lower`` (text.lower() when it keeps the offsets, else None), or None where the text holds a
    letter of _CASE_FIXES: the text to run the lower-case twins of case-blind patterns on."""
    if lower is None or any(letter in text for letter in _CASE_FIXES):
        return None
    return lower


class _CaseBlind:
    """A case-blind pattern, compiled twice: with IGNORECASE for any text, and as written (in lower
    case) for the lower-cased text. There the engine compares letters directly and skips ahead to
    them, many times faster, and finds the same matches (see lower_for_patterns)."""

    def __init__(self, source: str, flags: int = 0):
        letters = _ESCAPE.sub("", source)
        if letters != letters.lower():
            raise ValueError(f"A case-blind pattern must be written in lower case: {source[:80]}")
        self.any_case = re.compile(source, flags | re.IGNORECASE)
        self.lower_case = re.compile(source, flags)

    def on(self, lower: str | None) -> re.Pattern[str]:
        """The pattern to run on ``lower`` when it is given, else the one to run on the text."""
        return self.any_case if lower is None else self.lower_case


@dataclass(frozen=True)
class UnitEntry:
    written: str
    unit: str
    metric: str
    category: str
    needs: str


def _squash(key: str) -> str:
    return key.replace("-", "").replace(" ", "")


class _Table(dict):
    """A table of the lexicon keyed by folded spelling. The patterns read a written hyphen as a
    hyphen, a space or nothing ("ki-lô-gam", "kilôgam"): a spelling read that way finds its row too."""

    def __init__(self, rows: dict):
        super().__init__(rows)
        self._squashed: dict = {}
        for key, value in rows.items():
            self._squashed.setdefault(_squash(key), value)

    def __missing__(self, key: str):
        return self._squashed[_squash(fold(key))]


@dataclass(frozen=True)
class _Lexicon:
    units: _Table
    nouns: _Table
    casenouns: _Table
    verbs: _Table
    excludes: frozenset[str]
    qualifiers: _Table
    unit_re: _CaseBlind
    noun_re: _CaseBlind
    pre_noun_re: _CaseBlind
    casenoun_re: _CaseBlind
    verb_re: _CaseBlind
    exclude_re: _CaseBlind
    qualifier_re: _CaseBlind
    modifier_re: _CaseBlind  # one or two modifiers between a count and a thing seized one by one


@cache
def lexicon() -> _Lexicon:
    """The extraction vocabulary from ``lexicon.csv`` (comment lines start with #)."""
    with open(_HERE / "lexicon.csv", encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    units, nouns, casenouns, verbs, excludes, qualifiers, modifiers = {}, {}, {}, {}, set(), {}, set()
    for row in csv.DictReader(io.StringIO("".join(lines))):
        kind, written = row["kind"], row["written"].strip()
        key = fold(written)
        if kind == "unit":
            units[key] = UnitEntry(written, row["unit"] or written, row["metric"], row["category"], row["needs"])
        elif kind == "noun":
            nouns[key] = (row["metric"], row["category"])
        elif kind == "casenoun":
            casenouns[key] = row["category"]
        elif kind == "verb":
            verbs[key] = row["category"]
        elif kind == "exclude":
            excludes.add(key)
        elif kind == "qualifier":
            qualifiers[key] = row["category"]
        elif kind == "modifier":
            modifiers.add(key)
    return _Lexicon(
        _Table(units), _Table(nouns), _Table(casenouns), _Table(verbs), frozenset(excludes), _Table(qualifiers),
        _CaseBlind(rf"[ \t\u00a0]{{0,3}}({_alternation(units)})(?!\w)"),
        _CaseBlind(rf"[ \t\u00a0]{{0,3}}(?:(?:các\s+)?loại\s+|of\s+(?:the\s+)?)?({_alternation(nouns)})(?!\w)"),
        # English puts the noun before the unit ("18,293 methamphetamine pills"): nouns that
        # end with a unit word are left out here so that the unit is still read.
        _CaseBlind(rf"[ \t\u00a0]{{1,3}}({_alternation(n for n in nouns if n.split()[-1] not in units)})(?!\w)"),
        # The crime may follow a list of verbs ("đối tượng mua bán, vận chuyển trái phép chất ma túy").
        _CaseBlind(rf"[^;.()/\n\d]{{0,60}}?(?<!\w)({_alternation(casenouns)})(?!\w)"),
        _CaseBlind(rf"(?<!\w){_alternation(verbs)}(?!\w)"),
        _CaseBlind(rf"(?<!\w){_alternation(excludes)}(?!\w)"),
        _CaseBlind(rf"(?<!\w)({_alternation(qualifiers)})\s+$"),
        _CaseBlind(rf"(?:[ \t\u00a0]{{1,3}}{_alternation(modifiers)}(?!\w)){{1,2}}"),
    )


def word_starts(text: str, words) -> list[int]:
    """Every place in ``text`` where one of ``words`` begins, in order (str.find: many times faster
    than a regular expression scanning the text for them)."""
    starts = []
    for word in words:
        at = text.find(word)
        while at != -1:
            starts.append(at)
            at = text.find(word, at + 1)
    starts.sort()
    return starts


def _group(text: str, match: re.Match[str], group: int | str) -> str:
    """What ``match`` (found in text or in its lower case) holds in ``group``, as written in text."""
    return text[match.start(group):match.end(group)]
