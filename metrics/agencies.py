"""The agency registry: alias resolution and the hierarchy (unit -> ministry -> country)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from .patterns import longest_first_trie, non_word_class

__all__ = ["Agency", "AgencyRegistry", "fold_name"]

_WORD = re.compile(r"\w+")
# How a space in an alias may be written in a text.
_ALIAS_SPACE = r"[\s\-‐–]+"
# Under IGNORECASE these match a letter they do not lower-case to (ı and i, ſ and s, ẛ and ṡ, µ and
# μ; re lists such pairs as its case fixes): a text holding one may hold a mention that a scan of
# the text in lower case misses. The other pairs are outside the Latin script.
_CASE_BLIND_ONLY = ("ı", "ſ", "ẛ", "µ")
_LATIN = re.compile(r"[\u0000-\u024f\u1e00-\u1eff]*")


def fold_name(text: str) -> str:
    """Fold a name for matching: NFC, lower case, hyphens and runs of spaces as one space.

    Diacritics are kept: "Hủa Phăn" and "Hua Phan" are separate aliases on purpose, since
    stripping tones would merge distinct Vietnamese words.
    """
    text = unicodedata.normalize("NFC", text).lower()
    text = re.sub(r"[\-‐–]", " ", text)
    return " ".join(text.split())


@dataclass(frozen=True)
class Agency:
    agency_id: str
    country: str
    name_vi: str
    name_en: str
    kind: str
    parent_id: str | None
    aliases: tuple[str, ...] = field(default=())
    level: str = "national"
    iso_code: str = ""
    valid_from: str = ""  # ISO dates; empty: open
    valid_to: str = ""
    successor_id: str | None = None
    source: str = ""
    added_from_text: bool = False
    reviewed: bool = True

    def name(self, language: str = "vi") -> str:
        return self.name_en if language == "en" else self.name_vi

    def exists_on(self, day: str) -> bool:
        """Whether the unit existed on ``day`` (an ISO date)."""
        return (not self.valid_from or self.valid_from <= day) and (not self.valid_to or day <= self.valid_to)


class AgencyRegistry:
    """Agencies by id, with alias lookup and the parent chain."""

    def __init__(self, agencies: list[Agency]):
        self.by_id = {agency.agency_id: agency for agency in agencies}
        self._alias_to_id: dict[str, str] = {}
        for agency in agencies:
            for alias in (agency.name_vi, agency.name_en, *agency.aliases):
                self._alias_to_id.setdefault(fold_name(alias), agency.agency_id)

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> AgencyRegistry:
        agencies = []
        for row in frame.to_dict("records"):
            def text(column: str, default: str = "") -> str:
                value = row.get(column, default)
                return value if isinstance(value, str) else default

            aliases = tuple(a.strip() for a in text("aliases").split(";") if a.strip())
            agencies.append(Agency(
                row["agency_id"], row["country"], row["name_vi"], row["name_en"], row["kind"],
                text("parent_id") or None, aliases, level=text("level") or "national", iso_code=text("iso_code"),
                valid_from=text("valid_from"), valid_to=text("valid_to"), successor_id=text("successor_id") or None,
                source=text("source"), added_from_text=text("added_from_text") == "true",
                reviewed=text("reviewed", "true") != "false",
            ))
        return cls(agencies)

    def __contains__(self, agency_id: str) -> bool:
        return agency_id in self.by_id

    def __getitem__(self, agency_id: str) -> Agency:
        return self.by_id[agency_id]

    def __iter__(self):
        return iter(self.by_id.values())

    def __len__(self) -> int:
        return len(self.by_id)

    def resolve(self, name: str) -> str | None:
        """The agency id a name or alias refers to, or None when unknown."""
        return self._alias_to_id.get(fold_name(name))

    @cached_property
    def _mention_pattern(self) -> re.Pattern[str]:
        aliases = sorted(self._alias_to_id, key=len, reverse=True)
        body = "|".join(re.escape(alias).replace(r"\ ", r"[\s\-‐–]+") for alias in aliases)
        return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)

    @cached_property
    def _first_word_pattern(self) -> re.Pattern[str] | None:
        """The first words of the aliases standing as whole words, in lower case (None when an
        alias starts with no letter).

        The look-behind sits after the first character (``.`` is that character, never a newline)
        so that the engine still skips ahead to the letters that begin a first word.
        """
        if not all(_WORD.match(alias) for alias in self._alias_to_id):
            return None
        return re.compile("(?:" + longest_first_trie(self._aliases_by_first_word, r"(?<!\w.)") + r")(?!\w)")

    @cached_property
    def _aliases_by_first_word(self) -> dict[str, list[str]]:
        """For each first word, the aliases that begin with it, longest first."""
        by_word: dict[str, list[str]] = {}
        for alias in sorted(self._alias_to_id, key=len, reverse=True):
            match = _WORD.match(alias)
            if match is not None:
                by_word.setdefault(match.group(0), []).append(alias)
        return by_word

    def _pattern_for_first_word(self, word: str) -> re.Pattern[str]:
        """The alternation of the aliases that begin with ``word``, compiled when a text first needs it
        (a registry of thousands of aliases would otherwise compile hundreds of patterns up front)."""
        patterns = self.__dict__.setdefault("_first_word_patterns", {})
        if word not in patterns:
            patterns[word] = re.compile(
                "(?<!\\w)(?:" + "|".join(re.escape(a).replace(r"\ ", _ALIAS_SPACE)
                                         for a in self._aliases_by_first_word[word]) + ")(?!\\w)",
                re.IGNORECASE,
            )
        return patterns[word]

    @cached_property
    def _alias_scan(self) -> re.Pattern[str] | None:
        """Every alias as one trie in a look-ahead, after a character that is not a word character: the
        scan of the text in lower case that _alias_spans reads (None when an alias holds a letter outside
        the Latin script or one of _CASE_BLIND_ONLY, or begins with no word character).

        At each place it finds what the first word's alternation matches there in the text as given: the
        aliases are in lower case, and the longest that matches wins in both. The character before is
        written out as a set (see non_word_class) so that the engine skips ahead to those characters
        only: a look-behind after each alias's first letter had it stop at most letters of a word.
        """
        aliases = self._alias_to_id
        if not all(_LATIN.fullmatch(alias) and _WORD.match(alias) for alias in aliases) or any(
                letter in alias for alias in aliases for letter in _CASE_BLIND_ONLY):
            return None
        trie = longest_first_trie(aliases).replace(r"\ ", _ALIAS_SPACE)
        return re.compile(non_word_class() + "(?=(" + trie + r")(?!\w))")

    def _alias_spans(self, lower: str) -> list[tuple[int, int]]:
        """(start, end) of each alias in ``lower`` that stands as whole words, the longest at each place,
        left to right without overlap (what a finditer of the aliases would give)."""
        spans, taken_to = [], 0
        for hit in self._alias_scan.finditer(" " + lower):  # the space: a text may begin with an alias
            start, end = hit.start(1) - 1, hit.end(1) - 1
            if start < taken_to or (start and lower[start - 1] > "\uffff" and lower[start - 1].isalnum()):
                continue  # inside the alias before, or after a letter beyond the set (see non_word_class)
            spans.append((start, end))
            taken_to = end
        return spans

    def find_mentions(self, text: str, lower: str | None = None) -> list[tuple[int, int, str]]:
        """Every alias in ``text`` as (start, end, agency id), longest alias first at each place.
        ``lower``: text.lower() of a ``text`` already in NFC, from a caller that has both."""
        if lower is None:
            text = unicodedata.normalize("NFC", text)
            lower = text.lower()
        if self._first_word_pattern is None or len(lower) != len(text):
            spans = [m.span() for m in self._mention_pattern.finditer(text)]
        elif self._alias_scan is not None and not any(letter in text for letter in _CASE_BLIND_ONLY):
            spans = self._alias_spans(lower)
        else:
            spans = self._first_word_spans(text, lower)
        # A match that is already an alias in lower case needs no folding (aliases hold no hyphen
        # and no run of spaces, so fold_name would return it unchanged).
        alias_to_id, found = self._alias_to_id, []
        for start, end in spans:
            name = text[start:end]
            agency_id = alias_to_id.get(name.lower())
            found.append((start, end, agency_id if agency_id is not None else alias_to_id[fold_name(name)]))
        return found

    def _first_word_spans(self, text: str, lower: str) -> list[tuple[int, int]]:
        """The big alternation tried only where a whole word that begins some alias stands: the
        same matches as finditer over the whole text, many times faster.

        (A place inside a longer word is never a whole word: the longest first word found there
        is the one a plain scan of the first words would find.)
        """
        spans, taken_to = [], 0
        for word in self._first_word_pattern.finditer(lower):
            start = word.start()
            if start < taken_to:
                continue
            match = self._pattern_for_first_word(word.group(0)).match(text, start)
            if match is not None:
                spans.append(match.span())
                taken_to = match.end()
        return spans

    def ancestors(self, agency_id: str) -> list[str]:
        """The parent chain from the agency's parent up to its top-level ministry."""
        chain, seen = [], {agency_id}
        parent = self.by_id[agency_id].parent_id
        while parent and parent not in seen:
            chain.append(parent)
            seen.add(parent)
            parent = self.by_id[parent].parent_id if parent in self.by_id else None
        return chain

    def descendants(self, agency_id: str) -> set[str]:
        """The agency and every unit below it."""
        children: dict[str, list[str]] = {}
        for agency in self.by_id.values():
            if agency.parent_id:
                children.setdefault(agency.parent_id, []).append(agency.agency_id)
        found, stack = {agency_id}, [agency_id]
        while stack:
            for child in children.get(stack.pop(), []):
                if child not in found:
                    found.add(child)
                    stack.append(child)
        return found

    def children(self, agency_id: str) -> list[str]:
        """The units directly below an agency, in registry order."""
        return [a.agency_id for a in self.by_id.values() if a.parent_id == agency_id]

    def successor(self, agency_id: str) -> str:
        """The unit that carries an agency's area today: its successor's successor, and so on."""
        seen = {agency_id}
        while (following := self.by_id[agency_id].successor_id) and following in self.by_id and following not in seen:
            seen.add(following)
            agency_id = following
        return agency_id

    def predecessors(self, agency_id: str) -> list[str]:
        """The units whose area this one took over (Quảng Bình's for Quảng Trị), nearest first."""
        found, frontier = [], [agency_id]
        while frontier:
            current = frontier.pop(0)
            for agency in self.by_id.values():
                if agency.successor_id == current and agency.agency_id not in found and agency.agency_id != agency_id:
                    found.append(agency.agency_id)
                    frontier.append(agency.agency_id)
        return found

    def with_predecessors(self, agency_id: str) -> set[str]:
        """The agency, its sub-units, and its predecessors with theirs: its area through time."""
        found = set(self.descendants(agency_id))
        for earlier in self.predecessors(agency_id):
            found |= self.descendants(earlier)
        return found

    def contains(self, outer: str, inner: str) -> bool:
        """Whether ``inner`` is ``outer`` or one of its sub-units."""
        return inner == outer or outer in self.ancestors(inner) if inner in self.by_id else inner == outer

    def top_level(self, agency_id: str) -> str:
        """The ministry (or other top-level body) an agency rolls up to."""
        chain = self.ancestors(agency_id)
        return chain[-1] if chain else agency_id

    def force(self, agency_id: str) -> str:
        """The force a unit's results count under: its top body, except that below a ministry that is not
        itself a force (defence, finance) it is the command below it (the Border Guard, Customs)."""
        path = [*reversed(self.ancestors(agency_id)), agency_id]
        top = self.by_id.get(path[0])
        if len(path) > 1 and top is not None and top.kind == "ministry" and "Public Security" not in top.name_en:
            return path[1]
        return path[0]

    def country(self, agency_id: str) -> str:
        return self.by_id[agency_id].country

    def path(self, agency_id: str) -> list[str]:
        """Country, then every level from the top body down to the agency."""
        return [self.country(agency_id), *reversed(self.ancestors(agency_id)), agency_id]
