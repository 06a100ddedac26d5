"""Propose reported figures and cooperation events from the text of a press report.

Plain Python, table-driven: the words (units, category nouns, verb classes, value words,
qualifiers) live in ``extract_lexicon.csv``; this module holds the grammar.

The grammar, in the order it is applied:
1. Page noise (``metrics.noise``) is skipped; offsets always point into the original text.
2. The body is cut into sentences; each figure is an *item*: [qualifier] number
   [multiplier] unit [category noun], e.g. "hơn 2.200 viên MTTH", "10 bricks of heroin".
3. Items are grouped: composites joined by "/" ("128 vụ/512 người") and amounts sharing
   one noun ("10 bánh và 96,7 gram heroin") share one quote; restatements ("4.405 gói,
   tương đương 8.810.000 viên") point to the figure they restate.
4. Word senses are settled by context: a unit that needs a drug (bánh, viên, kg) needs a
   drug noun after it or before it in the clause; people are arrests only after an arrest
   verb; money is seized money only after a seizure verb and never after a value, fine or
   profit word.
5. The reporting window is the clause's period phrase, inherited by list items and by
   sentences that continue ("Cùng với đó", "Ngoài ra"); "Dịp này" is the main event's dates.
6. The agency is the clause's subject; the counterpart is the partner it worked "cho"/"với".
   "mỗi tỉnh" distributes a figure over the agencies of that kind the document names.
"""

from __future__ import annotations

import csv
import io
import operator
import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from functools import cache
from pathlib import Path

import pandas as pd

from .agencies import AgencyRegistry, longest_first_trie
from .noise import noise_spans
from .numbers import MULTIPLIERS, WORD_NUMERALS, NumeralError, parse_number
from .periods import Period, find_periods
from .units import UnitError, normalise

__all__ = [
    "FigureCandidate",
    "EventCandidate",
    "Extraction",
    "ExtractionError",
    "extract",
    "extract_document",
    "candidates_frame",
    "FRAME_COLUMNS",
]

_HERE = Path(__file__).parent
MAX_DOCUMENT_BYTES = 50_000_000

FRAME_COLUMNS = [
    "metric", "category", "value", "unit", "qualifier", "value_norm", "unit_norm",
    "period_start", "period_end", "period_text", "agency", "counterpart", "quote",
    "start", "end", "confidence",
]


class ExtractionError(ValueError):
    """Raised for input that is not a readable text document; the message is for the user."""


@dataclass(frozen=True)
class FigureCandidate:
    """One reported figure proposed for review, with its exact quote and offsets."""

    metric: str
    category: str
    value: float
    unit: str
    qualifier: str
    value_norm: float | None
    unit_norm: str
    period_start: date | None
    period_end: date | None
    period_text: str
    agency: str
    counterpart: str
    quote: str
    start: int
    end: int
    confidence: float
    restates: int | None = None
    note: str = ""
    part_of: int | None = None


@dataclass(frozen=True)
class EventCandidate:
    """A cooperation event (conference, talks, visit, signing, friendship exchange)."""

    kind: str
    title: str
    start_date: date | None
    end_date: date | None
    place: str
    participants: tuple[str, ...]
    documents_signed: tuple[str, ...]
    quote: str
    start: int
    end: int
    confidence: float


@dataclass
class Extraction:
    figures: list[FigureCandidate] = field(default_factory=list)
    events: list[EventCandidate] = field(default_factory=list)
    unknown_agencies: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# --- the lexicon ----------------------------------------------------------------------------

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
    body = "|".join(
        re.escape(w).replace(r"\ ", r"\s+").replace(r"\-", r"[\-\s]?") for w in sorted(forms, key=len, reverse=True)
    )
    return rf"(?:{body})"


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


@dataclass(frozen=True)
class _Lexicon:
    units: dict[str, UnitEntry]
    nouns: dict[str, tuple[str, str]]
    casenouns: dict[str, str]
    verbs: dict[str, str]
    excludes: frozenset[str]
    qualifiers: dict[str, str]
    unit_re: _CaseBlind
    noun_re: _CaseBlind
    pre_noun_re: _CaseBlind
    casenoun_re: _CaseBlind
    verb_re: _CaseBlind
    exclude_re: _CaseBlind
    qualifier_re: _CaseBlind


@cache
def lexicon() -> _Lexicon:
    """The extraction vocabulary from ``extract_lexicon.csv`` (comment lines start with #)."""
    with open(_HERE / "extract_lexicon.csv", encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    units, nouns, casenouns, verbs, excludes, qualifiers = {}, {}, {}, {}, set(), {}
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
    return _Lexicon(
        units, nouns, casenouns, verbs, frozenset(excludes), qualifiers,
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
    )


# --- numbers --------------------------------------------------------------------------------

_WORD_NUMBERS = {w: v for w, v in WORD_NUMERALS.items() if " " not in w and w not in {"a", "an", "năm", "tư", "mươi", "trăm", "hundred", "dozen"}}
_NUMBER = re.compile(
    r"(?<![\w.,:\-])(?<!\d/)(?P<digits>\d{1,3}(?:[.,\u00a0]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)(?![\d/:]|[.,\-]\d)"
    rf"|(?<![\w\-])(?P<word>{'|'.join(sorted(_WORD_NUMBERS, key=len, reverse=True))})(?!\w)",
    re.IGNORECASE,
)
# The same two kinds of number, scanned apart (faster). Digits: the digit branch of _NUMBER with
# its look-behinds moved after the first digit (they test the characters before that digit, as
# before), so that the engine skips ahead to digits. Word numerals: found in the lower-cased text
# by the same words as a trie, the look-behind after the first letter for the same reason.
_DIGITS = re.compile(
    r"(?P<digits>\d(?<![\w.,:\-]\d)(?<!\d/\d)(?:\d{0,2}(?:[.,\u00a0]\d{3})+(?:[.,]\d+)?|\d*(?:[.,]\d+)?))"
    r"(?![\d/:]|[.,\-]\d)",
    re.IGNORECASE,
)
_WORD_NUMBER_LOWER = re.compile("(?P<word>" + longest_first_trie(_WORD_NUMBERS, r"(?<![\w\-].)") + r")(?!\w)")


def _numbers(text: str, lower: str | None, start: int, end: int):
    """The matches of _NUMBER in text[start:end], in order."""
    if lower is None:
        return _NUMBER.finditer(text, start, end)
    words = list(_WORD_NUMBER_LOWER.finditer(lower, start, end))
    if not words:
        return _DIGITS.finditer(text, start, end)
    found = list(_DIGITS.finditer(text, start, end)) + words
    found.sort(key=_match_start)
    return found


_match_start = operator.methodcaller("start")


_MULTIPLIER = _CaseBlind(
    r"[ \t\u00a0]{0,2}((?:" + "|".join(sorted((m for m in MULTIPLIERS if m not in {"tr", "mn", "bn", "van", "ty", "ngan", "nghin", "trieu"}), key=len, reverse=True))
    + r")(?:\s+(?:tỷ|tỉ))?)(?!\w)",
)
# Words that make the number after them an identifier, a date part, an age or a marker.
_NOT_A_COUNT_BEFORE = _CaseBlind(
    r"(?<!\w)(?:mốc|cột\s+mốc|km|số|lộ|ql|tl|thị|hoạch|định|quyết|thứ|khóa|khoá|điều|khoản|ngày|tháng|năm|quý|lúc|"
    r"tuổi|sinh|đồn|tổ|đội|phòng|chương|phiên|hiệu|no\.?|number|marker|aged?|route|highway|article|decree|plan|resolution|directive)"
    r"\s*$",
)
_CHANGE_BEFORE = _CaseBlind(
    r"(?<!\w)(?:tăng|giảm|nhiều\s+hơn|ít\s+hơn|tăng\s+thêm|up|down|increase\s+of|decrease\s+of|rise\s+of|an\s+increase\s+of|a\s+decrease\s+of)\s*$",
)


def _value(match: re.Match[str], language: str) -> float | None:
    if match.re is not _DIGITS and match["word"]:
        return float(_WORD_NUMBERS[match["word"].lower()])
    digits = match["digits"].replace("\u00a0", ".")
    for lang in (language, "en" if language == "vi" else "vi"):
        try:
            return float(parse_number(digits, lang))
        except NumeralError:
            continue
    return None


# --- items ----------------------------------------------------------------------------------

@dataclass
class _Item:
    start: int
    end: int
    value: float
    qualifier: str
    unit: UnitEntry
    unit_text: str
    metric: str
    category: str
    has_noun: bool
    word_numeral: bool
    quote_start: int = 0
    quote_end: int = 0
    restates: int | None = None
    group: int = -1
    note: str = ""
    norm_unit: str = ""
    head: object = None
    part_of: object = None
    dropped: bool = False

    def __post_init__(self):
        self.quote_start, self.quote_end = self.start, self.end


def _scan_items(
    text: str, start: int, end: int, language: str, lower: str | None = None, lower_exact: str | None = None,
) -> list[_Item]:
    """The items of text[start:end]; ``lower`` is text.lower() when it keeps the offsets, and
    ``lower_exact`` is lower_for_patterns(text, lower)."""
    lex = lexicon()
    subject = text if lower_exact is None else lower_exact
    multiplier_re, unit_re, pre_noun_re = _MULTIPLIER.on(lower_exact), lex.unit_re.on(lower_exact), lex.pre_noun_re.on(lower_exact)
    items: list[_Item] = []
    for match in _numbers(text, lower, start, end):
        # Most numbers in a report (dates, years, codes) have no unit after them: look for the
        # unit first and read the value and the words before only for those that do.
        pos, factors = match.end(), ()
        multiplier = multiplier_re.match(subject, pos, end)
        if multiplier:
            factors = [MULTIPLIERS.get(word, 1) for word in multiplier.group(1).lower().split()]
            pos = multiplier.end()
        pre_noun = None
        unit_match = unit_re.match(subject, pos, end)
        if unit_match is None:
            noun_match = pre_noun_re.match(subject, pos, end)
            if noun_match is not None:
                unit_match = unit_re.match(subject, noun_match.end(), end)
                if unit_match is not None:
                    pre_noun = noun_match
        crime_adjective = None
        if unit_match is None:
            # English puts the crime before the counted noun ("214 drug-related cases", "45 suspected
            # trafficking victims", "6,240 drug offenders").
            adjective = _CRIME_ADJECTIVE.on(lower_exact).match(subject, pos, end)
            if adjective is not None:
                unit_match = unit_re.match(subject, adjective.end(), end)
                if unit_match is not None and lex.units[fold(_group(text, unit_match, 1))].metric in _PEOPLE_OR_CASES:
                    crime_adjective = adjective
                else:
                    unit_match = None
        if unit_match is None:
            # English names a nationality between a count of people and its noun ("two Lao nationals").
            nationality = _NATIONALITY.match(text, pos, end)
            if nationality is not None:
                unit_match = unit_re.match(subject, nationality.end(), end)
                if unit_match is not None and lex.units[fold(_group(text, unit_match, 1))].metric != "persons_arrested":
                    unit_match = None
        prefix = None
        if unit_match is None:
            # A currency written before the amount: "US$12,000", "USD 5,000", "฿300,000".
            at = match.start()
            if at == start or (text[at - 1] not in _CURRENCY_LAST_CHARACTERS
                               and not (text[at - 1] in " \u00a0" and at - 1 > start and text[at - 2] in _CURRENCY_LAST_CHARACTERS)):
                continue  # most numbers without a unit (dates, years) end here, before any regular expression
            prefix = _CURRENCY_BEFORE.search(text, max(start, at - 5), at)
            if prefix is None:
                continue
        value = _value(match, language)
        if value is None:
            continue
        for factor in factors:
            value *= factor
        before = subject[max(start, match.start() - 40):match.start()]
        if _NOT_A_COUNT_BEFORE.on(lower_exact).search(before) or _CHANGE_BEFORE.on(lower_exact).search(before):
            continue
        if unit_match is not None:
            unit_text, item_end = _group(text, unit_match, 1), unit_match.end()
        else:
            unit_text, item_end = prefix["code"] or _CURRENCY_SYMBOLS[prefix["symbol"]], pos
        entry = lex.units[fold(unit_text)]
        metric, category, has_noun = entry.metric, entry.category, False
        if pre_noun is not None:
            pre_noun_text = _group(text, pre_noun, 1)
            joined = fold(pre_noun_text + " " + unit_text)
            noun_metric, noun_category = lex.nouns.get(joined) or lex.nouns[fold(pre_noun_text)]
            metric, category, has_noun = _apply_noun(entry, metric, noun_metric, noun_category)
        noun_match = lex.noun_re.on(lower_exact).match(subject, item_end, end)
        if noun_match is not None and not (has_noun and entry.metric):
            noun_metric, noun_category = lex.nouns[fold(_group(text, noun_match, 1))]
            metric, category, applied = _apply_noun(entry, metric, noun_metric, noun_category)
            if applied:
                has_noun, item_end = True, noun_match.end()
        norm_unit = entry.unit
        if has_noun and entry.unit in _CLASSIFIERS and noun_match is not None:
            norm_unit = _group(text, noun_match, 1)
        if crime_adjective is not None and crime_adjective["crime"] and metric != "victims_rescued":
            category = _CRIME_CATEGORY.get(fold(_group(text, crime_adjective, "crime")).replace("-", " "), category)
        if metric in ("cases", "persons_arrested"):
            case_match = lex.casenoun_re.on(lower_exact).match(subject, item_end, end)
            if case_match is not None:
                category, item_end = lex.casenouns[fold(_group(text, case_match, 1))], case_match.end()
        qualifier_match = lex.qualifier_re.on(lower_exact).search(subject, max(start, match.start() - 20), match.start())
        qualifier = "exact"
        item_start = match.start()
        if qualifier_match is not None:
            qualifier = lex.qualifiers[fold(_group(text, qualifier_match, 1))]
            item_start = qualifier_match.start()
        if prefix is not None:
            item_start = min(item_start, prefix.start())
        elif match.start() > 0 and text[match.start() - 1] == "$":
            item_start -= 1
        items.append(
            _Item(item_start, item_end, value, qualifier, entry, unit_text,
                  metric, category, has_noun, match.re is not _DIGITS and bool(match["word"]), norm_unit=norm_unit)
        )
    return items


_CURRENCY_BEFORE = re.compile(r"(?:(?<![A-Za-z])(?P<code>USD|LAK|THB|CNY|VND)[ \u00a0]?|(?P<symbol>US\$|\$|฿|₭|¥))\Z")
_CURRENCY_SYMBOLS = {"US$": "USD", "$": "USD", "฿": "baht", "₭": "kip", "¥": "CNY"}
_CURRENCY_LAST_CHARACTERS = frozenset("$฿₭¥DKBY")  # how each sign or code of _CURRENCY_BEFORE ends


def _group(text: str, match: re.Match[str], group: int | str) -> str:
    """What ``match`` (found in text or in its lower case) holds in ``group``, as written in text."""
    return text[match.start(group):match.end(group)]


_CLASSIFIERS = {"chiếc", "quả"}
_PEOPLE_OR_CASES = ("cases", "persons_arrested", "victims_rescued")
_CRIME_ADJECTIVE = _CaseBlind(
    r"[ \t\u00a0]{1,3}(?:suspected\s+)?(?P<crime>drug[\-\s]related|drug[\-\s]trafficking|human[\-\s]trafficking|drug|narcotics?|"
    r"smuggling|trafficking|criminal)?(?(crime)|suspected)(?!\w)",
)
_CRIME_CATEGORY = {
    "drug related": "drug_trafficking", "drug trafficking": "drug_trafficking", "drug": "drug_trafficking",
    "narcotic": "drug_trafficking", "narcotics": "drug_trafficking", "human trafficking": "human_trafficking",
    "smuggling": "smuggling",
}
_NATIONALITY = re.compile(
    r"[ \t\u00a0]{1,3}(?:Lao|Laotian|Vietnamese|Chinese|Cambodian|Thai|Myanmar|foreign)(?!\w)"
)


def _apply_noun(entry: UnitEntry, metric: str, noun_metric: str, noun_category: str) -> tuple[str, str, bool]:
    """The metric and category once a category noun is read after (or before) a unit."""
    if entry.metric in ("", "drug_seized") or entry.unit in ("chiếc", "khẩu"):
        if entry.metric == "drug_seized" and noun_metric != "drug_seized":
            return metric, entry.category, False
        return noun_metric or metric, noun_category, True
    if entry.metric == noun_metric or entry.metric in ("outreach_sessions", "facilities_built"):
        return metric, noun_category, True
    return metric, entry.category, False


# --- sentences and context ------------------------------------------------------------------

# [.!?…]+[\"”’)\]]*[ \t\u00a0]+|\n+, written to begin with one character class so that the
# engine skips ahead to the characters that can end a sentence.
_BOUNDARY = re.compile(r"[.!?…\n](?:(?<=[.!?…])[.!?…]*[\"”’)\]]*[ \t\u00a0]+|(?<=\n)\n*)")
_CONTINUES = re.compile(
    r"^\W*(?:cùng\s+với\s+đó|bên\s+cạnh\s+đó|ngoài\s+ra|đồng\s+thời|đặc\s+biệt|trong\s+đó|qua\s+đó|tổng\s+cộng|cụ\s+thể|"
    r"riêng|tính\s+chung|thu\s+giữ|khởi\s+tố|bắt\s+giữ|triệt\s+phá|phát\s+hiện|giải\s+cứu|tang\s+vật|kết\s+quả|(?:qua\s+)?kiểm\s+tra|khám\s+xét|tại\s+đây|they|also|in\s+addition|additionally|besides|furthermore|moreover|of\s+these|"
    r"of\s+which|in\s+total|at\s+the\s+same\s+time|they\s+also|police\s+also|authorities\s+also)\b"
    # A topic opening a review sentence ("Về ma túy, đơn vị bắt 21 vụ") carries on too.
    r"|^\W*về\s+[^,.;\d]{1,30},",
    re.IGNORECASE,
)
# "The force also rescued", "According to police, officers also seized": "also" carries on.
_ALSO = re.compile(r"(?<!\w)also(?!\w)")
_OCCASION = re.compile(r"^\W*(?:nhân\s+)?dịp\s+này|^\W*tại\s+buổi\s+lễ|^\W*on\s+(?:this|the)\s+occasion", re.IGNORECASE)
_COMPARISON_BEFORE = re.compile(r"(?:so\s+với|cùng\s+kỳ|compared\s+(?:with|to)|than)\s*$", re.IGNORECASE)
# A birth year ("sinh năm 1990", "born in 1987") is not a reporting window.
_BIRTH_BEFORE = re.compile(r"(?<!\w)(?:sinh|SN|born)\s*$", re.IGNORECASE)
_COUNTERPART_BEFORE = _CaseBlind(
    r"(?<!\w)(?:cho|với|giúp|giúp\s+đỡ|hỗ\s+trợ|cùng|và|to|with|for|helped|assisted|and|alongside|supported)\s+"
    r"(?:(?:các|phía|đơn\s+vị|nước\s+bạn|bạn)\s+)*$",
)
_BY_BEFORE = _CaseBlind(r"(?<!\w)(?:bởi|do|by)\s+(?:(?:các|lực\s+lượng)\s+)*$")
# Every _COUNTERPART_BEFORE (_BY_BEFORE) match holds one of these words in lower case, so the
# case-blind regex is searched only in text that does. Under IGNORECASE their letters match only themselves
# and their capitals, except i (also İ and ı) and s (also ſ): text holding those is always searched.
_COUNTERPART_WORDS = ("cho", "với", "giúp", "hỗ", "cùng", "và", "to", "with", "for", "helped", "assisted", "and",
                      "alongside", "supported")
_BY_WORDS = ("bởi", "do", "by")
_ODD_CASE = ("İ", "ı", "ſ")
_BOTH_SIDES = _CaseBlind(r"(?<!\w)(?:hai\s+bên(?!\s+biên\s+giới)|both\s+sides|the\s+two\s+sides|lực\s+lượng\s+chức\s+năng\s+hai\s+nước)(?!\w)")
_EACH = _CaseBlind(r"(?<!\w)(?:mỗi|each)\s+(?P<noun>tỉnh|province|bên|side|nước|country|đơn\s+vị|unit|đồn|post|huyện|district)(?!\w)")
_EACH_KIND = {"tỉnh": "provincial", "province": "provincial", "huyện": "district", "district": "district"}
_UNKNOWN_AGENCY = re.compile(
    r"(?<!\w)(?:Công\s+an|Bộ\s+Chỉ\s+huy\s+(?:BĐBP|Bộ\s+đội\s+Biên\s+phòng)|BĐBP|Bộ\s+đội\s+Biên\s+phòng|Đồn\s+Biên\s+phòng(?:\s+cửa\s+khẩu)?(?:\s+quốc\s+tế)?|Cục\s+Hải\s+quan|Hải\s+quan)"
    r"\s+(?:tỉnh|thành\s+phố|TP\.?|huyện|quận|xã|phường)?\s*(?:[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ][\wÀ-ỹ]*(?:[ \-](?=[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ]))?){1,4}"
    r"|(?<!\w)[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\s+(?:provincial\s+police|Provincial\s+Police|border\s+guards?|Border\s+Guards?(?:\s+Command)?)(?!\w)"
)


_UNKNOWN_AGENCY_FIRST = re.compile(r"Công|Bộ|BĐBP|Đồn|Cục|Hải")


def _unknown_agency_matches(text: str) -> list[re.Match[str]]:
    """_UNKNOWN_AGENCY.finditer(text), tried only where its Vietnamese names begin when the text
    has no "police"/"guard" for its English branch (the same matches, a fraction of the time)."""
    if "olice" in text or "uard" in text:
        return list(_UNKNOWN_AGENCY.finditer(text))
    matches, taken_to = [], 0
    for hit in _UNKNOWN_AGENCY_FIRST.finditer(text):
        if hit.start() < taken_to:
            continue
        match = _UNKNOWN_AGENCY.match(text, hit.start())
        if match is not None:
            matches.append(match)
            taken_to = match.end()
    return matches


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
            if text[cursor:match.start()].strip():
                sentences.extend(_cap(text, cursor, match.start() + (0 if match.group(0)[0] == "\n" else 1)))
            cursor = match.end()
        if text[cursor:seg_end].strip():
            sentences.extend(_cap(text, cursor, seg_end))
    return sentences


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


@dataclass
class _Mention:
    start: int
    end: int
    agency: str
    counterpart_role: bool
    by_role: bool


def _mentions(text: str, registry: AgencyRegistry | None, noise, unknown: list[str], lower_exact: str | None = None) -> list[_Mention]:
    found: list[tuple[int, int, str]] = []
    if registry is not None:
        found = [m for m in registry.find_mentions(text)]
    # The registry's mentions are in order and do not overlap: their ends are in order too.
    taken_starts, taken_ends = [s for s, _, _ in found], [e for _, e, _ in found]
    resolved_names: dict[str, str | None] = {}  # a report names the same agency many times
    for match in _unknown_agency_matches(text):
        s, e = match.start(), match.end()
        overlapping = bisect_right(taken_ends, s)
        if overlapping < len(taken_starts) and taken_starts[overlapping] < e:
            continue
        name = " ".join(match.group(0).split())
        if name not in resolved_names:
            resolved_names[name] = registry.resolve(name) if registry is not None else None
        resolved = resolved_names[name]
        if resolved is None and not _in_spans(s, noise) and name not in unknown:
            unknown.append(name)
        found.append((s, e, resolved or name))
    mentions = []
    odd_case = any(char in text for char in _ODD_CASE)
    for s, e, agency in sorted(found):
        if _in_spans(s, noise):
            continue
        if lower_exact is not None:
            before = lower_exact[max(0, s - 40):s]
            counterpart = _COUNTERPART_BEFORE.lower_case.search(before) is not None
            by = _BY_BEFORE.lower_case.search(before) is not None
        else:
            before = text[max(0, s - 40):s]
            lower = before.lower()
            counterpart = (odd_case or any(word in lower for word in _COUNTERPART_WORDS)) and bool(_COUNTERPART_BEFORE.any_case.search(before))
            by = (odd_case or any(word in lower for word in _BY_WORDS)) and bool(_BY_BEFORE.any_case.search(before))
        mentions.append(_Mention(s, e, agency, counterpart, by))
    return mentions


# --- the figure grammar ---------------------------------------------------------------------

_JOIN_SHARED = re.compile(r"^\s*(?:và|hoặc|and|or)\s*$", re.IGNORECASE)
_JOIN_COMPOSITE = re.compile(r"^\s*/\s*$")
# A restatement may follow a short description of the form ("4.405 gói ma túy dạng viên nén,
# tương đương 8.810.000 viên"): words without digits or punctuation before the marker.
_JOIN_RESTATE = re.compile(r"^(?:\s+(?:dạng|loại|in\s+the\s+form\s+of)[^\d,;.()/]{0,40})?\s*,?\s*(?:\(\s*)?(?:tương\s+đương(?:\s+với)?|tương\s+ứng(?:\s+với)?|equivalent\s+to|i\.e\.|hay|or|(?:có\s+)?(?:tổng\s+)?(?:trọng\s+lượng|khối\s+lượng)(?:\s+là)?|weighing(?:\s+a\s+total\s+of)?|with\s+a\s+(?:total\s+)?weight\s+of)\s*(?:\(\s*)?$|^\s*\(\s*$", re.IGNORECASE)
_JOIN_COMMA = re.compile(r"^\s*,\s*$")
_CARRYING = re.compile(
    r"(?<!\w)(?:vận\s+chuyển|mua\s+bán|tàng\s+trữ|buôn\s+bán|carrying|transporting|trafficking|smuggling|with)(?!\w)",
    re.IGNORECASE,
)
_JOIN_CASES_PERSONS = re.compile(
    r"^\s*(?:,|với|và|involving|with|,?\s*(?:và\s+|and\s+)?(?:bắt(?:\s+giữ)?|arrested|detained|arresting))\s*$", re.IGNORECASE
)
# A review sentence may open with its topic: "Về ma túy, đơn vị bắt 21 vụ/29 đối tượng".
_TOPIC = re.compile(r"\W*về\s+(?P<topic>[^,.;\d]{1,40}),", re.IGNORECASE)
_DRUG_CONTEXT = _CaseBlind(r"ma\s+t[uú][yý]|heroin|drug|narcotic")


# Amounts per trip, per unit or per price ("mỗi lần từ 2 đến 3 bánh", "mỗi gói 10 viên", "50 triệu
# đồng/bánh", "paid 5 million kip per trip") and ranges are narrative, not totals. Giving to each
# recipient ("trao cho Công an mỗi tỉnh 1 chiếc tivi") is a figure, distributed by _EACH.
_PER_BEFORE = re.compile(r"(?<!\w)(?:mỗi|each|per|every)\s+(?P<noun>\w+)", re.IGNORECASE)
_PER_RECIPIENTS = frozenset({
    "tỉnh", "province", "bên", "side", "nước", "country", "đơn", "unit", "đồn", "post", "huyện", "district",
    "xã", "commune", "bản", "village", "hộ", "household", "gia", "family", "trường", "school",
})
_RANGE_BEFORE = re.compile(
    r"(?:(?<!\w)(?:từ|between|from)\s+[\d.,]+\s*(?:\w+\s+)?(?:đến|tới|to|and|-|–)|(?<![\w.,])[\d.,]+\s*[-–])\s*$", re.IGNORECASE
)
_PER_AFTER = re.compile(
    r"\s*(?:/\s*(?:bánh|gói|viên|kg|chuyến|lần|tháng|người|tấn|brick|trip|month)|(?:mỗi|một|each|per|a|for\s+each)\s+"
    r"(?:chuyến|lần|trip|time|run|month|tháng))(?!\w)",
    re.IGNORECASE,
)
_CLAUSE_MARK = re.compile(r"[,;:(]")


def _per_unit_or_range(text: str, floor: int, item: _Item) -> bool:
    """Whether the item is an amount per trip/unit/price or the top of a range, not a total."""
    window_start = max(floor, item.start - 50)
    window = text[window_start:item.start]
    marks = [m.end() for m in _CLAUSE_MARK.finditer(window)]
    clause = window[marks[-1]:] if marks else window
    for per in _PER_BEFORE.finditer(clause):
        if fold(per["noun"]) not in _PER_RECIPIENTS:
            return True
    if _RANGE_BEFORE.search(window):
        return True
    return _PER_AFTER.match(text, item.end) is not None


# People counted, then the verb in the passive: "11 people, including two Vietnamese nationals, were
# detained", "23 people have been arrested", "12 người bị bắt giữ", "30 người được giải cứu". An aside
# in commas or brackets may sit between; a relative clause ("who were ...") may not.
_PASSIVE_BEFORE_VERB = _CaseBlind(
    r"\s*(?:\([^()]{0,80}\)\s*|,[^.;:,()]{0,80},\s*)?"
    r"(?:(?:đã|cũng|đều|vừa)\s+)?(?:(?:were|was|are|is|have\s+been|has\s+been|had\s+been|being|got|bị|được)\s+)"
    r"(?:(?:all|also|later|subsequently|then|reportedly|allegedly|đã|cũng|đều|vừa)\s+)?"
)
_GOVERNING_VERBS = frozenset({"arrest", "rescue", "sar", "attend", "outreach", "handover"})


def _passive_verb_after(text: str, subject: str, end: int, s_end: int, lower_exact: str | None) -> str:
    """The class of the passive verb that follows a count of people (see _PASSIVE_BEFORE_VERB), or ''."""
    auxiliary = _PASSIVE_BEFORE_VERB.on(lower_exact).match(subject, end, s_end)
    if auxiliary is None:
        return ""
    lex = lexicon()
    verb = lex.verb_re.on(lower_exact).match(subject, auxiliary.end(), s_end)
    return lex.verbs[fold(_group(text, verb, 0))] if verb is not None else ""


# A figure after "trong đó", "of which", "including" is a part of a total written before it (in
# the sentence, or in the previous one when the sentence opens with the marker). A part of its own
# kind ("trong đó 168 vụ về ma túy" of "215 vụ") is kept and points to the total (part_of), never
# to be added to it; a part of the same kind ("trong đó có 21 phụ nữ" of "38 nạn nhân", "vụ lớn
# nhất 420 kg pháo" of "1,8 tấn pháo") tells nothing new and is left out.
_PART_MARKER = _CaseBlind(
    r"(?<!\w)(?:trong\s+đó|of\s+which|of\s+these|of\s+them|including|among\s+them|among\s+which|bao\s+gồm)(?!\w)",
)
_GENERIC_CATEGORIES = frozenset({"all_crime", "drugs", "human_trafficking"})


def _unit_norm(item: _Item) -> str:
    try:
        return _norm_factor(item.norm_unit or item.unit.unit, item.unit.unit)[1]
    except (UnitError, ValueError):
        return item.unit.unit


def _mark_parts(
    text: str, s_start: int, items: list[_Item], kept: list[_Item], previous: list[_Item], lower_exact: str | None,
) -> list[_Item]:
    subject = text if lower_exact is None else lower_exact
    markers = [m for m in _PART_MARKER.on(lower_exact).finditer(subject, s_start, kept[-1].start)] if kept else []
    if not markers:
        return kept
    opens = text[s_start:markers[0].start()].strip(" \t\n\"“-–") == ""
    result = []
    for item in kept:
        marker = None
        for m in markers:
            if m.end() <= item.start:
                marker = m
        if marker is None:
            result.append(item)
            continue
        pool = [i for i in items if i.end <= marker.start()]
        if not pool and opens and marker is markers[0]:
            pool = previous
        unit_norm = _unit_norm(item)
        totals = [t for t in pool if t.metric == item.metric and t.restates is None and _unit_norm(t) == unit_norm]
        if not totals:
            result.append(item)
            continue
        total = totals[-1]
        if total.dropped:
            continue
        if item.category == total.category or item.category in _GENERIC_CATEGORIES:
            continue
        item.part_of = total
        item.note = "; ".join(filter(None, [item.note, "part of a total written before it (trong đó): not to be added to it"]))
        result.append(item)
    return result


def _resolve_items(
    text: str, s_start: int, items: list[_Item], previous: list[_Item] = (), lower_exact: str | None = None,
    sentence_end: int | None = None,
) -> list[_Item]:
    """Group items (composite, shared noun, restatement) and settle word senses by context;
    ``lower_exact`` is lower_for_patterns(text, text.lower()); ``sentence_end`` bounds what is read
    after the last item (a verb in the passive)."""
    lex = lexicon()
    subject = text if lower_exact is None else lower_exact
    # Composites joined by "/": one quote for the chain, one crime category for all.
    for i in range(1, len(items)):
        if _JOIN_COMPOSITE.match(text[items[i - 1].end:items[i].start]):
            items[i].group = items[i - 1].group if items[i - 1].group >= 0 else i - 1
            items[i - 1].group = items[i].group
    groups: dict[int, list[_Item]] = {}
    for item in items:
        if item.group >= 0:
            groups.setdefault(item.group, []).append(item)
    for members in groups.values():
        quote = (members[0].start, members[-1].end)
        special = [m.category for m in members if m.metric in ("cases", "persons_arrested") and m.category != "all_crime"]
        for member in members:
            member.quote_start, member.quote_end = quote
            if special and member.metric in ("cases", "persons_arrested"):
                member.category = special[-1]
    # Cases and the people in them written side by side ("320 vụ, 410 đối tượng phạm tội về ma
    # túy") are one composite: the crime named after either is the category of both.
    for i in range(1, len(items)):
        a, b = items[i - 1], items[i]
        if a.metric == "cases" and b.metric == "persons_arrested" and a.group < 0 and b.group < 0 \
                and _JOIN_CASES_PERSONS.match(text[a.end:b.start]):
            if a.category == "all_crime" and b.category != "all_crime":
                a.category = b.category
            elif b.category == "all_crime" and a.category != "all_crime":
                b.category = a.category
    topic = _TOPIC.match(text, s_start)
    if topic is not None:
        crime = lex.casenoun_re.any_case.search(topic["topic"])
        if crime is not None:
            for item in items:
                if item.metric in ("cases", "persons_arrested") and item.category == "all_crime":
                    item.category = lex.casenouns[fold(crime.group(1))]
    # Restatements: "4.405 gói, tương đương 8.810.000 viên, khoảng 881 kg".
    for i in range(1, len(items)):
        between = text[items[i - 1].end:items[i].start]
        head = items[i - 1] if items[i - 1].restates is None else items[items[i - 1].restates]
        head_index = i - 1 if items[i - 1].restates is None else items[i - 1].restates
        is_restatement = bool(_JOIN_RESTATE.match(between)) or (
            _JOIN_COMMA.match(between) and items[i - 1].restates is not None and items[i].qualifier == "about"
        ) or (
            _JOIN_COMMA.match(between) and items[i].qualifier == "about" and not items[i].has_noun
            and head.metric == "drug_seized" and items[i].unit.needs == "drug"
        )
        if is_restatement and items[i].unit.needs in ("drug", head.unit.needs):
            items[i].restates = head_index
            items[i].head = items[head_index]
            items[i].note = "restates an amount written just before it"
    # Shared nouns: "10 bánh và 96,7 gram heroin"; also restatement chains share the noun.
    for i in range(len(items) - 2, -1, -1):
        a, b = items[i], items[i + 1]
        shared = _JOIN_SHARED.match(text[a.end:b.start]) and not a.has_noun and b.has_noun and a.unit.needs == b.unit.needs == "drug"
        restated = b.restates == i or (b.restates is not None and b.restates == a.restates)
        if (shared or (restated and not a.has_noun)) and b.has_noun:
            a.metric, a.category, a.has_noun = b.metric, b.category, True
            if shared:
                a.quote_end = b.quote_end
                b.quote_start = a.quote_start
    for i, item in enumerate(items):
        if item.restates is not None and not item.has_noun:
            head = items[item.restates]
            if head.has_noun:
                item.metric, item.category, item.has_noun = head.metric, head.category, True
    kept: list[_Item] = []
    s_end = items[-1].end if items else s_start
    verbs = [(m.start(), m.end(), lex.verbs[fold(_group(text, m, 0))]) for m in lex.verb_re.on(lower_exact).finditer(subject, s_start, s_end)]
    verb_ends = [v[1] for v in verbs]
    seen_classes: list[frozenset[str]] = []
    running: set[str] = set()
    for _, _, verb_class in verbs:
        running.add(verb_class)
        seen_classes.append(frozenset(running))
    for index, item in enumerate(items):
        count = bisect_right(verb_ends, item.start)
        verb, verb_end = (verbs[count - 1][2], verbs[count - 1][1]) if count else ("", s_start)
        before = seen_classes[count - 1] if count else frozenset()
        needs = item.unit.needs
        item.dropped = True
        if _per_unit_or_range(text, max(s_start, items[index - 1].end if index else s_start), item):
            continue
        if item.metric == "drug_seized" and verb == "destroy":
            continue
        if needs == "drug" and not item.has_noun:
            window_start = max(s_start, item.start - 120)
            window = subject[window_start:item.start]
            last_noun = None
            for noun in lex.noun_re.on(lower_exact).finditer(window):
                if lex.nouns[fold(text[window_start + noun.start(1):window_start + noun.end(1)])][0] == "drug_seized":
                    last_noun = noun
            if last_noun is not None:
                item.metric, item.category = lex.nouns[fold(text[window_start + last_noun.start(1):window_start + last_noun.end(1)])]
                item.has_noun = True
            elif item.unit.metric == "drug_seized" and _DRUG_CONTEXT.on(lower_exact).search(window):
                item.metric, item.category, item.has_noun = "drug_seized", "drugs", True
            else:
                continue
        if not item.metric:
            continue
        if item.metric == "persons_arrested" and needs == "arrest":
            if verb not in _GOVERNING_VERBS:  # "11 people were detained", "12 người bị bắt giữ": the verb follows
                verb = _passive_verb_after(text, subject, item.end, sentence_end or len(text), lower_exact) or verb
            prev = items[index - 1] if index else None
            beside_cases = prev is not None and prev.metric == "cases" and item.start - prev.end < 40
            if verb == "rescue":
                item.metric, item.category = "victims_rescued", "human_trafficking"
            elif verb == "sar":
                continue
            elif verb in ("attend", "outreach"):
                # People counted at outreach sessions are attendances (one person twice counts twice).
                item.metric, item.category, item.norm_unit = "outreach_attendees", "legal_outreach", "attendance"
            elif verb != "arrest" and not beside_cases:
                continue
        if needs == "rescue" and item.metric == "victims_rescued" and item.unit.unit not in ("nạn nhân", "victims") \
                and verb != "rescue":
            continue
        if needs == "person" and verb == "handover":
            continue
        if needs == "outreach" and not item.has_noun and "outreach" not in before \
                and not any(k.metric == "outreach_sessions" for k in kept):
            continue
        if needs == "seize" and item.metric != "currency_seized" and not before & {"seize", "arrest", "surrender"}:
            continue
        if needs == "build" and verb not in ("build", "donate"):
            continue
        if item.metric == "equipment_donated" and verb not in ("donate", "build"):
            if verb in ("seize", "arrest"):
                item.metric = "other"
            else:
                continue
        if item.metric == "vehicle_seized" and verb == "donate":
            # Vehicles given to a partner ("trao tặng ... 2 xe ô tô") are equipment donated.
            item.metric, item.norm_unit = "equipment_donated", "chiếc"
        if item.metric in ("weapon_seized", "ammunition_seized", "explosive_seized", "vehicle_seized", "phone_seized"):
            if not before & {"seize", "arrest", "surrender"}:
                continue
            if verb == "surrender":
                item.note = "; ".join(filter(None, [item.note, "handed in (giao nộp): counted as seized"]))
        if item.metric == "currency_seized":
            if not before & {"seize", "arrest"} or verb in ("donate", "build", "rescue", "value"):
                continue
            exclude_re = lex.exclude_re.on(lower_exact)
            if exclude_re.search(subject, max(verb_end, item.start - 60), item.start):
                continue
            if exclude_re.match(subject if lower_exact is not None else text.lower(), item.end + 1) is not None:
                continue
        if item.metric == "victims_rescued":
            # Victims are counted in victims whatever noun counted them (công dân, phụ nữ, people).
            item.norm_unit = "nạn nhân"
        item.dropped = False
        kept.append(item)
    # People caught carrying a drug that is counted right after them ("2 đối tượng đang vận chuyển
    # 4 bánh heroin", "two Lao nationals carrying 20 bricks of heroin") are drug traffickers.
    for person, seized in zip(kept, kept[1:]):
        carried = "drug_trafficking" if seized.metric == "drug_seized" else "smuggling" if seized.category == "cigarettes" else ""
        if person.metric == "persons_arrested" and person.category == "all_crime" and carried \
                and seized.start - person.end <= 60 and _CARRYING.search(text, person.end, seized.start):
            person.category = carried
    return _mark_parts(text, s_start, items, kept, list(previous), lower_exact)


# --- events ---------------------------------------------------------------------------------

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


def _word_starts(lower: str, words) -> list[int]:
    """Every place in ``lower`` where one of ``words`` begins, in order."""
    starts = []
    for word in words:
        at = lower.find(word)
        while at != -1:
            starts.append(at)
            at = lower.find(word, at + 1)
    starts.sort()
    return starts


def _event_keyword_starts(lower: str) -> list[int]:
    """Every place in ``lower`` where an _EVENT_KEYWORD match begins, in order."""
    return [at for at in _word_starts(lower, _EVENT_KEYWORD_WORDS) if _EVENT_KEYWORD.match(lower, at) is not None]


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
    keywords = _event_keyword_starts(lower) if lower is not None else None
    # Every _SIGNED_DOC match begins where "ký" or "signed" stands in lower case (see _SIGNED_WORDS).
    signed_at = None if lower is None or "ı" in text or "ſ" in text else _word_starts(lower, _SIGNED_WORDS)
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


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    clauses, cursor = [], start
    semicolon = text.find(";", start, end)
    while semicolon != -1:
        clauses.append((cursor, semicolon))
        cursor = semicolon + 1
        semicolon = text.find(";", cursor, end)
    clauses.append((cursor, end))
    return clauses


# --- the extractor --------------------------------------------------------------------------

@cache
def _default_registry() -> AgencyRegistry | None:
    path = _HERE.parent / "data" / "agencies.csv"
    if not path.exists():
        return None
    return AgencyRegistry.from_frame(pd.read_csv(path, dtype=str, keep_default_na=False))


def extract(
    text: str,
    published: date | None = None,
    language: str = "vi",
    registry: AgencyRegistry | None = None,
) -> Extraction:
    """Every reported figure and cooperation event in ``text``, as candidates for review."""
    if not isinstance(text, str):
        raise ExtractionError("The text to extract from must be a string.")
    if language not in ("vi", "en"):
        raise ExtractionError(f"Unknown language '{language}': use 'vi' or 'en'.")
    result = Extraction()
    if not text.strip():
        return result
    registry = registry if registry is not None else _default_registry()
    text_nfc = unicodedata.normalize("NFC", text)
    if len(text_nfc) != len(text):
        result.warnings.append("The text is not in Unicode NFC form; offsets refer to the text as given.")
        text_nfc = text
    noise = noise_spans(text_nfc)
    lower = text_nfc.lower()
    lower = lower if len(lower) == len(text_nfc) else None
    lower_exact = lower_for_patterns(text_nfc, lower)
    sentences = _sentences(text_nfc, noise)
    mentions = _mentions(text_nfc, registry, noise, result.unknown_agencies, lower_exact)
    # Period phrases are read only where they are needed: in sentences holding figures, and, for a
    # sentence that carries on, back to the last sentence that named a period (the same windows as
    # one scan of the whole text, for the price of the sentences that matter).
    sentence_periods_memo: dict[int, list] = {}
    last_period_memo: dict[int, Period | None] = {}

    def periods_of(k: int) -> list:
        if k not in sentence_periods_memo:
            p_start, p_end = sentences[k]
            sentence_periods_memo[k] = [
                (p_start + s, p_start + e, p) for s, e, p in find_periods(text_nfc[p_start:p_end], published)
                if not _in_spans(p_start + s, noise)
                and not _COMPARISON_BEFORE.search(text_nfc[max(0, p_start + s - 25):p_start + s])
                and not _BIRTH_BEFORE.search(text_nfc[max(0, p_start + s - 8):p_start + s])
            ]
        return sentence_periods_memo[k]

    def last_period_up_to(k: int) -> Period | None:
        walked = []
        while k >= 0 and k not in last_period_memo:
            found = periods_of(k)
            if found:
                last_period_memo[k] = found[-1][2]
                break
            walked.append(k)
            k -= 1
        answer = last_period_memo.get(k) if k >= 0 else None
        for j in walked:
            last_period_memo[j] = answer
        return answer

    result.events = _extract_events(text_nfc, sentences, mentions, published, registry, lower, lower_exact)
    main_event = result.events[0] if result.events else None
    if published is None:
        result.warnings.append("No publication date: windows that run 'to now' are left open.")

    raw: list[tuple[_Item, Period | None, str, str, str, tuple[str, ...]]] = []
    active_agency: tuple[str, str] = ("", "")
    previous_items: list[_Item] = []
    mention_starts = [m.start for m in mentions]
    for k, (s_start, s_end) in enumerate(sentences):
        sentence_mentions = _within(mentions, mention_starts, s_start, s_end)
        scanned = _scan_items(text_nfc, s_start, s_end, language, lower, lower_exact)
        items = _resolve_items(text_nfc, s_start, scanned, previous_items, lower_exact, s_end) if scanned else []
        previous_items = scanned
        if items:
            head = text_nfc[s_start:s_end]
            continues = bool(_CONTINUES.match(head)) or ("also" in head[:120] and _ALSO.search(head, 0, 120) is not None)
            occasion = _OCCASION.match(head)
        sentence_periods = periods_of(k) if items else []
        for item in items:
            before = [p for p in sentence_periods if p[1] <= item.start]
            after = [p for p in sentence_periods if p[0] >= item.end]
            period, period_text = None, ""
            if before:
                period = before[-1][2]
            elif after:
                period = after[0][2]
            elif occasion is not None and main_event is not None:
                period = Period(main_event.start_date, main_event.end_date, "day", occasion.group(0).strip(" ,"))
            elif continues and k > 0 and last_period_up_to(k - 1) is not None:
                period = last_period_up_to(k - 1)
            if period is not None:
                period_text = period.text
            agency, counterpart = _agency_for(text_nfc, s_start, item, sentence_mentions, main_event, active_agency, lower_exact)
            each = _EACH.on(lower_exact).search(text_nfc if lower_exact is None else lower_exact, max(s_start, item.start - 40), item.start)
            recipients: tuple[str, ...] = ()
            if each is not None:
                recipients = _distribute(each.group("noun").lower(), agency, mentions, registry)
            raw.append((item, period, period_text, agency, counterpart, recipients))
        agents = [m for m in sentence_mentions if not m.counterpart_role]
        if agents:
            last = agents[-1]
            partners = [m for m in sentence_mentions if m.counterpart_role and m.start > last.start]
            active_agency = (last.agency, partners[-1].agency if partners else "")

    result.figures = _build_figures(text_nfc, raw, result.warnings)
    return result


def _agency_for(text, s_start, item, sentence_mentions, main_event, active_agency, lower_exact=None) -> tuple[str, str]:
    before = [m for m in sentence_mentions if m.end <= item.start]
    agents = [m for m in before if not m.counterpart_role]
    both = None
    if main_event is not None and len(main_event.participants) >= 2:
        subject = text if lower_exact is None else lower_exact
        for match in _BOTH_SIDES.on(lower_exact).finditer(subject, s_start, item.start):
            both = match
    if both is not None and main_event is not None and len(main_event.participants) >= 2 and (
        not agents or agents[-1].start < both.start()
    ):
        return main_event.participants[0], main_event.participants[1]
    if agents:
        agent = agents[-1]
        partners = [m for m in before if m.counterpart_role and m.start > agent.start]
        return agent.agency, partners[-1].agency if partners else ""
    by = [m for m in sentence_mentions if m.start >= item.end and m.by_role]
    if by:
        return by[0].agency, ""
    return active_agency


def _distribute(noun: str, giver: str, mentions: list[_Mention], registry: AgencyRegistry | None) -> tuple[str, ...]:
    """The agencies a "mỗi <noun>" figure goes to: those of that kind named in the document."""
    if registry is None:
        return ()
    wanted = _EACH_KIND.get(noun)
    if wanted is None and giver in registry:
        wanted = registry[giver].kind
    if wanted is None:
        return ()
    found = []
    for mention in mentions:
        agency = mention.agency
        if agency == giver or agency in found or agency not in registry:
            continue
        if wanted in registry[agency].kind:
            found.append(agency)
    return tuple(found)


@cache
def _norm_factor(unit: str, fallback: str) -> tuple[float, str]:
    """Every project unit converts linearly: the factor to the normal unit, and its name."""
    try:
        quantity = normalise(1.0, unit)
    except UnitError:
        quantity = normalise(1.0, fallback)
    return quantity.value, quantity.unit


def _build_figures(text, raw, warnings) -> list[FigureCandidate]:
    figures: list[FigureCandidate] = []
    seen: dict[tuple, int] = {}
    item_to_figure: dict[int, int] = {}
    for item, period, period_text, agency, counterpart, recipients in raw:
        try:
            factor, unit_norm = _norm_factor(item.norm_unit or item.unit.unit, item.unit.unit)
            value_norm = item.value * factor
        except (UnitError, ValueError):
            value_norm, unit_norm = None, ""
        confidence = 0.9
        if period is None:
            confidence -= 0.1
        if not agency:
            confidence -= 0.1
        if item.word_numeral:
            confidence -= 0.05
        restates = None
        if item.restates is not None:
            confidence -= 0.2
        if item.part_of is not None:
            confidence -= 0.1
        targets = recipients or (counterpart,)
        for target in targets:
            key = (item.metric, item.category, item.value, unit_norm, agency, target,
                   period.start if period else None, period.end if period else None)
            loose = (item.metric, item.category, item.value, unit_norm, target)
            complete = (period is not None) + bool(agency)
            replace_at = None
            if key in seen:
                item_to_figure[id(item)] = seen[key]
                continue
            if loose in seen:
                existing = figures[seen[loose]]
                existing_complete = (existing.period_end is not None or bool(existing.period_text)) + bool(existing.agency)
                if complete < 2 or existing_complete < 2:
                    # The same figure repeated in headline, lead, body or caption: keep the
                    # mention that says the most (window and agency).
                    if complete <= existing_complete:
                        item_to_figure[id(item)] = seen[loose]
                        continue
                    replace_at = seen[loose]
            if item.restates is not None:
                restates = item_to_figure.get(id(item.head))
                if restates is None:
                    continue
            part_of = item_to_figure.get(id(item.part_of)) if item.part_of is not None else None
            figure = FigureCandidate(
                metric=item.metric,
                category=item.category,
                value=item.value,
                unit=item.unit_text,
                qualifier=item.qualifier,
                value_norm=value_norm,
                unit_norm=unit_norm,
                period_start=period.start if period else None,
                period_end=period.end if period else None,
                period_text=period_text,
                agency=agency,
                counterpart=target,
                quote=text[item.quote_start:item.quote_end],
                start=item.quote_start,
                end=item.quote_end,
                confidence=round(max(0.05, confidence - (0.1 if recipients else 0)), 2),
                restates=restates,
                part_of=part_of,
                note="; ".join(filter(None, [item.note, "one of a figure given to each (mỗi)" if recipients else "",
                                             period.note if period else ""])),
            )
            if replace_at is not None:
                figures[replace_at] = figure
                seen[key] = replace_at
                item_to_figure[id(item)] = replace_at
                continue
            index = len(figures)
            figures.append(figure)
            seen.setdefault(key, index)
            seen.setdefault(loose, index)
            item_to_figure.setdefault(id(item), index)
    return figures


# --- documents and frames -------------------------------------------------------------------

_HTML = re.compile(r"<(?:!doctype\s+html|html|body|head|p|div|article|span|br|table|a\s)[^>]{0,200}>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]{0,2000}>")
_VI_LETTERS = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)


def _guess_language(text: str) -> str:
    sample = text[:20000]
    letters = sum(ch.isalpha() for ch in sample) or 1
    return "vi" if len(_VI_LETTERS.findall(sample)) / letters > 0.02 else "en"


def extract_document(
    data: bytes,
    filename: str = "",
    published: date | None = None,
    language: str | None = None,
    registry: AgencyRegistry | None = None,
) -> Extraction:
    """Decode a document (UTF-8 text or HTML) and extract from its main text."""
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    if not isinstance(data, (bytes, bytearray)):
        raise ExtractionError("The document must be given as bytes.")
    label = f"'{filename}'" if filename else "The document"
    if len(data) > MAX_DOCUMENT_BYTES:
        raise ExtractionError(f"{label} is larger than {MAX_DOCUMENT_BYTES // 1_000_000} MB; split it into articles.")
    if not data.strip():
        raise ExtractionError(f"{label} is empty.")
    if b"\x00" in data[:65536]:
        raise ExtractionError(f"{label} looks like a binary file, not text: give a UTF-8 text or HTML file.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ExtractionError(f"{label} is not UTF-8 text: save it as UTF-8 and try again.") from None
    if language is not None and language not in ("vi", "en"):
        raise ExtractionError(f"Unknown language '{language}': use 'vi' or 'en'.")
    if filename.lower().endswith((".html", ".htm")) or _HTML.search(text[:5000]):
        text = _main_text(text)
        if not text.strip():
            raise ExtractionError(f"{label} is HTML without any article text.")
    text = unicodedata.normalize("NFC", text)
    return extract(text, published, language or _guess_language(text), registry)


def _main_text(html: str) -> str:
    try:
        import trafilatura

        extracted = trafilatura.extract(html, include_comments=False, include_tables=True, favor_precision=True)
    except Exception:  # trafilatura fails on some malformed pages; fall back to stripping tags
        extracted = None
    if extracted:
        return extracted
    import html as html_lib

    stripped = re.sub(r"(?is)<(script|style)\b.*?</\1\s*>", " ", html) if len(html) < 5_000_000 else html
    return html_lib.unescape(_TAG.sub("\n", stripped))


def candidates_frame(extraction: Extraction) -> pd.DataFrame:
    """The figure candidates as a frame: FRAME_COLUMNS first, then restates and note."""
    rows = [asdict(figure) for figure in extraction.figures]
    columns = FRAME_COLUMNS + ["restates", "note"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame
