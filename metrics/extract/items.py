"""Items: [qualifier] number [multiplier] unit [category noun], read one sentence at a time."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache

from ..numbers import MULTIPLIERS
from ..units import UnitError, normalise
from .lexicon import UnitEntry, _CaseBlind, _group, fold, lexicon, word_starts
from .numerals import (
    DIGIT, _ARTICLES, _CHANGE_BEFORE, _COUNT_WORDS, _MULTIPLIER, _NOT_A_COUNT_BEFORE, _SHORT_MULTIPLIER, _YEAR_BEFORE, SHORT_MULTIPLIERS,
    COMPOUND_FIRST_WORDS, _is_word_numeral, _match_start, _numbers, _value, compound_numeral,
)

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
    article: bool = False  # counted by "a"/"an": a person only next to an arrest verb (see grammar)
    definite: bool = False  # named without a number ("the driver", "đối tượng", "the truck"): see definite_items
    stopped: bool = False  # a vehicle stopped or inspected, not yet seized (see extractor._seized_later)
    verb: str = ""  # the verb that governs it, as written (folded), once resolved

    def __post_init__(self):
        self.quote_start, self.quote_end = self.start, self.end


def _scan_items(
    text: str, start: int, end: int, language: str, lower: str | None = None, lower_exact: str | None = None,
    document: DocumentNumbers | None = None,
) -> list[_Item]:
    """The items of text[start:end]; ``lower`` is text.lower() when it keeps the offsets, and
    ``lower_exact`` is lower_for_patterns(text, lower); ``document`` is document_numbers() of the whole
    text, read once per document (else the sentence is read for its numbers)."""
    if document is None:
        document = _sentence_numbers(text, lower, lower_exact, language, start, end)
    numbers = document.of_sentence(text, lower, start, end)
    if not numbers:
        return []
    lex = lexicon()
    subject = text if lower_exact is None else lower_exact
    multiplier_re, unit_re, pre_noun_re = _MULTIPLIER.on(lower_exact), lex.unit_re.on(lower_exact), lex.pre_noun_re.on(lower_exact)
    first_characters = _unit_first_characters()
    items: list[_Item] = []
    read_to = start
    for match in numbers:
        if match.start() < read_to:
            continue  # the second word of a count written as two ("twenty-three")
        # Most numbers in a report (dates, years, codes) have no unit after them: look for the
        # unit first and read the value and the words before only for those that do.
        pos, factors = match.end(), ()
        word = match["word"].lower() if _is_word_numeral(match) else ""
        compound = compound_numeral(subject, word, pos, end) if word in COMPOUND_FIRST_WORDS else None
        if compound is not None:
            pos = read_to = compound[1]
        multiplier = multiplier_re.match(subject, pos, end)
        if multiplier:
            factors = [MULTIPLIERS.get(word, 1) for word in multiplier.group(1).lower().split()]
            pos = multiplier.end()
        short = None
        if not multiplier and pos < end and text[pos] in "mMbBkK":
            short = _SHORT_MULTIPLIER.match(text, pos, end)
        if short is not None:
            after_short = unit_re.match(subject, short.end(), end)
            if after_short is not None and lex.units[fold(_group(text, after_short, 1))].metric == "currency_seized":
                factors, pos, short = [SHORT_MULTIPLIERS[short.group(1).lower()]], short.end(), None
        pre_noun = None
        # Every unit, and every word read between a number and its unit, begins with a space or one of
        # these characters: most numbers (dates, years, codes) are followed by neither.
        readable = pos < end and subject[pos] in first_characters
        unit_match = unit_re.match(subject, pos, end) if readable else None
        if unit_match is None and readable and pos + 1 < end and text[pos + 1].isupper() and _MODEL.match(text, pos, end):
            # A model between the count and its noun: "an AK-47 rifle", "2 K54 pistols".
            model_end = pos
            for _ in range(2):
                model = _MODEL.match(text, model_end, end)
                if model is None:
                    break
                model_end = model.end()
                unit_match = unit_re.match(subject, model_end, end)
                if unit_match is not None:
                    break
        if unit_match is None and readable:
            noun_match = pre_noun_re.match(subject, pos, end)
            if noun_match is not None:
                unit_match = unit_re.match(subject, noun_match.end(), end)
                if unit_match is not None:
                    pre_noun = noun_match
        crime_adjective = None
        if unit_match is None and readable:
            # English puts the crime before the counted noun ("214 drug-related cases", "45 suspected
            # trafficking victims", "6,240 drug offenders").
            adjective = _CRIME_ADJECTIVE.on(lower_exact).match(subject, pos, end)
            if adjective is not None:
                unit_match = unit_re.match(subject, adjective.end(), end)
                if unit_match is not None and lex.units[fold(_group(text, unit_match, 1))].metric in _PEOPLE_OR_CASES:
                    crime_adjective = adjective
                else:
                    unit_match = None
        if unit_match is None and readable:
            # English names an age or a nationality between a count of people and its noun ("two Lao
            # nationals", "a 35-year-old Vietnamese man").
            gap = _PERSON_GAP.match(text, pos, end).end()
            if gap > pos:
                unit_match = unit_re.match(subject, gap, end)
                if unit_match is not None and lex.units[fold(_group(text, unit_match, 1))].metric not in ("persons_arrested", "victims_rescued"):
                    unit_match = None
        if unit_match is None and readable and language == "en":
            # A modifier between the count and a thing seized one by one ("three homemade guns", "two hand
            # grenades", "four stolen motorbikes"): the modifiers of lexicon.csv (Vietnamese puts them after).
            unit_match = _after_modifiers(text, subject, lower_exact, pos, end)
        people_noun = None
        if unit_match is None and readable and language == "en" and not _A_YEAR.fullmatch(subject, match.start(), pos):
            # People counted by a noun the lexicon does not hold, then arrested: "four Cambodian fishermen
            # were detained", "Three managers of the casino were arrested" (never a year: "In 2022 officials were").
            people_noun = _PEOPLE_THEN_ARRESTED.on(lower_exact).match(subject, pos, end)
        prefix = None
        bare_dong = unit_match is None and people_noun is None and language == "vi" and multiplier is not None \
            and fold(multiplier.group(1)).split()[0] in _DONG_MULTIPLIERS
        if unit_match is None and not bare_dong and people_noun is None:
            # A currency written before the amount: "US$12,000", "USD 5,000", "฿300,000".
            at = match.start()
            currency = _currency_before()
            if at == start or (text[at - 1] not in currency.last_characters
                               and not (text[at - 1] in " \u00a0" and at - 1 > start and text[at - 2] in currency.last_characters)):
                continue  # most numbers without a unit (dates, years) end here, before any regular expression
            prefix = currency.pattern.search(text, max(start, at - currency.longest), at)
            if prefix is None:
                continue
            if short is not None:  # "$2m", "VND3.5bn"
                factors, pos = [SHORT_MULTIPLIERS[short.group(1).lower()]], short.end()
        value = _value(match, language) if compound is None else float(compound[0])
        if value is None:
            continue
        for factor in factors:
            value *= factor
        before = subject[max(start, match.start() - 40):match.start()]
        if _NOT_A_COUNT_BEFORE.on(lower_exact).search(before) or (
                word not in _ARTICLES and _CHANGE_BEFORE.on(lower_exact).search(before)):  # "flagged down a truck"
            continue
        note = ""
        if unit_match is not None and " ".join(subject[unit_match.start(1):unit_match.end(1)].lower().split()) == "tiền mặt":
            # "THB 96.000 tiền mặt": the currency written before the amount names it, "tiền mặt" only says cash.
            currency = _currency_before()
            prefix = currency.named.search(text, max(start, match.start() - currency.longest_named), match.start())
        if prefix is not None and unit_match is not None:
            unit_text, item_end = prefix["code"] or prefix["symbol"], unit_match.end()
        elif unit_match is not None:
            unit_text, item_end = _group(text, unit_match, 1), unit_match.end()
        elif people_noun is not None:
            unit_text, item_end = "people", people_noun.end("noun")
        elif bare_dong:
            # "khoảng 3,2 tỷ", "gần 150 triệu" in a Vietnamese report: đồng, the currency left unsaid.
            unit_text, item_end, note = "đồng", pos, "no currency written: Vietnamese đồng assumed"
        else:
            unit_text, item_end = prefix["code"] or prefix["symbol"], pos
        entry = lex.units[fold(unit_text)]
        if people_noun is not None:
            unit_text = _group(text, people_noun, "noun")
        article = word in _ARTICLES and not factors
        if article and entry.metric not in _ARTICLE_METRICS and entry.metric != "persons_arrested":
            continue
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
                if metric == "drug_seized":
                    category, item_end = _listed_substances(text, subject, lower_exact, category, item_end, end)
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
        if qualifier_match is not None and qualifier_match.group(1).lower() == "over" and _PARTICLE_VERB.search(
                text, max(start, qualifier_match.start() - 10), qualifier_match.start()):
            qualifier_match = None  # "handed over 5 suspects": the verb's particle, not "more than"
        if qualifier_match is not None:
            qualifier = lex.qualifiers[fold(_group(text, qualifier_match, 1))]
            item_start = qualifier_match.start()
        if prefix is not None:
            item_start = min(item_start, prefix.start())
        elif match.start() > 0 and text[match.start() - 1] == "$":
            item_start -= 1
        items.append(
            _Item(item_start, item_end, value, qualifier, entry, unit_text,
                  metric, category, has_noun, _is_word_numeral(match), norm_unit=norm_unit, note=note, article=article)
        )
    return items


# What an article counts ("a pickup truck", "an AK-47 rifle"): things seized one by one; a person ("a
# man") only right after an arrest verb or before one in the passive (grammar). "a case" is narrative.
_ARTICLE_METRICS = frozenset({"vehicle_seized", "phone_seized", "weapon_seized", "explosive_seized"})
_PARTICLE_VERB = re.compile(r"(?<!\w)(?:hand(?:ed|s|ing)?|turn(?:ed|s|ing)?|took|taken?)\s+$", re.IGNORECASE)
_DONG_MULTIPLIERS = frozenset({"triệu", "tỷ", "tỉ"})
_MODEL = re.compile(r"[ \t\u00a0]{1,2}(?:[A-Z][A-Za-z]{0,3}-?\d[\w\-]*|[A-Z]{2,}[\w\-]*)(?=[ \t\u00a0])")
# Substances listed under one quantity ("18 kg thuốc phiện, cần sa khô", "2.1 kilos of heroin and crystal
# meth") are one seizure of a combined category; a substance with its own amount after it is not listed.
_LIST_JOIN = re.compile(r"\s*(?:,|và|hoặc|cùng|and|or|&)\s*", re.IGNORECASE)
# An amount after a joiner ("… cần sa khô và 3.500 viên …") begins the next item, not this substance's own.
_OWN_AMOUNT = re.compile(r"(?:(?!\s(?:và|hoặc|cùng|and|or)\s)[^\d,.;()]){0,20}\d", re.IGNORECASE)


def _listed_substances(text: str, subject: str, lower_exact: str | None, category: str, at: int, end: int) -> tuple[str, int]:
    """The category of the substances listed from ``at`` on, and where the list ends."""
    lex = lexicon()
    categories = [category]
    while (join := _LIST_JOIN.match(text, at, end)) is not None:
        noun = lex.noun_re.on(lower_exact).match(subject, join.end(), end)
        if noun is None:
            break
        noun_metric, noun_category = lex.nouns[fold(_group(text, noun, 1))]
        if noun_metric != "drug_seized" or noun_category == "drugs" or _OWN_AMOUNT.match(text, noun.end(), end):
            break
        categories.append(noun_category)
        at = noun.end()
    kinds = sorted(set(categories))
    return "+".join(kinds) if len(kinds) > 1 else category, at


@cache
def _unit_first_characters() -> frozenset[str]:
    """The characters a unit (or a word before it) may begin with, in either case, and the spaces."""
    firsts = {unit[0] for unit in lexicon().units}
    twins = {"i": "ıİ", "s": "ſ", "k": "\u212a"}  # letters case-blind patterns also take for these
    return frozenset(firsts | {c.upper() for c in firsts} | {twin for c in firsts for twin in twins.get(c, "")}
                     | set(" \t\u00a0"))


@cache
def currency_spellings() -> dict[str, str]:
    """Every currency spelling of the lexicon, as written there, and its currency (ISO code)."""
    return {entry.written: entry.category for entry in lexicon().units.values() if entry.metric == "currency_seized"}


def written_before_amount(spelling: str) -> bool:
    """Whether a currency spelling is also read before its amount: codes and symbols, the
    spellings without a lower-case letter ("THB 96.000", "US$12,000", "VND3.5 billion")."""
    return spelling == spelling.upper()


@dataclass(frozen=True)
class _CurrencyBefore:
    pattern: re.Pattern[str]  # the spelling, then at most one space, at the end of the searched span
    attached: re.Pattern[str]  # digits written right after a letter or sign (as "VND3.5"): no number elsewhere
    last_characters: frozenset[str]  # how each spelling ends, in either case
    longest: int
    named: re.Pattern[str]  # any currency spelling, names too ("kip 1.037 tiền mặt"), as ``pattern``
    longest_named: int
    # where ``attached`` may begin in the lower-cased text: a digit (numerals.DIGIT, faster than \d)
    # after the last letter of a code in lower case
    attached_lower: re.Pattern[str]

    def attached_amounts(self, text: str, lower_exact: str | None, start: int, end: int) -> list[re.Match[str]]:
        """The amounts in text[start:end] written right after a currency code ("VND3.5"), in order."""
        if lower_exact is None:
            candidates = self.attached.finditer(text, start, end)
        else:
            candidates = filter(None, (self.attached.match(text, at.start(), end) for at in self.attached_lower.finditer(lower_exact, start, end)))
        return [m for m in candidates if self.pattern.search(text, max(start, m.start() - self.longest), m.start())]


@cache
def _currency_before() -> _CurrencyBefore:
    spellings = sorted((s for s in currency_spellings() if written_before_amount(s)), key=len, reverse=True)
    codes = [s for s in spellings if s.isalpha()]
    signs = [s for s in spellings if not s.isalpha()]
    pattern = re.compile(
        rf"(?:(?<![^\W\d_])(?P<code>{'|'.join(map(re.escape, codes))})[ \u00a0]?|(?P<symbol>{'|'.join(map(re.escape, signs))})[ \u00a0]?)\Z",
        re.IGNORECASE,
    )
    last = frozenset(c for s in spellings for c in (s[-1], s[-1].lower(), s[-1].upper()))
    ends = "".join(sorted(c for c in last if c.isalpha()))
    attached = re.compile(
        rf"(?P<digits>\d(?<=[{re.escape(ends)}]\d)(?:\d{{0,2}}(?:[.,]\d{{3}})+(?:[.,]\d+)?|\d*(?:[.,]\d+)?))(?![\d/:]|[.,\-]\d)"
    )
    every = sorted(currency_spellings(), key=len, reverse=True)
    named = re.compile(
        rf"(?<![^\W\d_])(?P<code>{'|'.join(re.escape(s).replace(chr(92) + ' ', ' ') for s in every)})[ \u00a0]?(?P<symbol>)\Z",
        re.IGNORECASE,
    )
    ends_lower = "".join(sorted({c.lower() for c in ends}))
    attached_lower = re.compile(rf"{DIGIT}(?<=[{re.escape(ends_lower)}]\d)")
    return _CurrencyBefore(pattern, attached, last, max(map(len, spellings)) + 1, named, max(map(len, every)) + 1, attached_lower)


@cache
def _count_words(language: str, any_case: bool) -> re.Pattern[str]:
    return re.compile(_COUNT_WORDS[language].pattern, re.IGNORECASE if any_case else 0)


@dataclass(frozen=True)
class DocumentNumbers:
    """Every number of a text (_numbers, then _extra_numbers), read once, handed to each sentence by bisect."""

    matches: list[re.Match[str]]
    starts: list[int]
    extra: list[re.Match[str]]
    extra_starts: list[int]

    def of_sentence(self, text: str, lower: str | None, start: int, end: int) -> list[re.Match[str]]:
        """The numbers of text[start:end], in order: those _numbers finds there, and the extra ones."""
        if not (_runs_across(text, start - 1) or _runs_across(text, end)):
            return self.matches[bisect_left(self.starts, start):bisect_left(self.starts, end)]
        # A word or a number runs across the sentence's edge (a sentence cut for length): the patterns'
        # look-arounds see the edge there, so the sentence is read on its own.
        numbers = _numbers(text, lower, start, end)
        extra = self.extra[bisect_left(self.extra_starts, start):bisect_left(self.extra_starts, end)]
        return sorted([*numbers, *extra], key=_match_start) if extra else list(numbers)


def _runs_across(text: str, at: int) -> bool:
    """Whether text[at] may belong to a word or a number (as _numbers reads them)."""
    return 0 <= at < len(text) and (text[at].isalnum() or text[at] in "_/:.,-\u00a0")


def document_numbers(text: str, lower: str | None, lower_exact: str | None, language: str) -> DocumentNumbers:
    """The numbers of the whole text, for _scan_items to read each sentence's by bisect."""
    return _sentence_numbers(text, lower, lower_exact, language, 0, len(text))


def _sentence_numbers(text: str, lower: str | None, lower_exact: str | None, language: str, start: int, end: int) -> DocumentNumbers:
    numbers = list(_numbers(text, lower, start, end))
    extra = sorted(_extra_numbers(text, text if lower_exact is None else lower_exact, lower_exact, language, start, end),
                   key=_match_start)
    if extra:  # never at the same place as a number of _numbers (see _extra_numbers)
        numbers = sorted([*numbers, *extra], key=_match_start)
    return DocumentNumbers(numbers, [m.start() for m in numbers], extra, [m.start() for m in extra])


def _extra_numbers(text: str, subject: str, lower_exact: str | None, language: str, start: int, end: int) -> list[re.Match[str]]:
    """The numbers _numbers leaves out, in text[start:end]: "năm" (five) right before a unit
    and not after "trong", "mỗi", "hằng"...; "a"/"an" before a unit, a multiplier ("a dozen") or a model
    ("an AK-47 rifle"); digits after a currency code."""
    lex, currency = lexicon(), _currency_before()
    found = currency.attached_amounts(text, lower_exact, start, end)
    for match in _count_words(language, lower_exact is None).finditer(subject, start, end):
        after = match.end()
        if lex.unit_re.on(lower_exact).match(subject, after, end) is not None:
            if language == "vi" and _YEAR_BEFORE.on(lower_exact).search(subject, max(start, match.start() - 12), match.start()):
                continue
            found.append(match)
        elif language == "en" and (_MULTIPLIER.on(lower_exact).match(subject, after, end) is not None
                                   or (after + 1 < end and text[after + 1].isupper() and _MODEL.match(text, after, end))
                                   or _after_modifiers(text, subject, lower_exact, after, end) is not None
                                   or _person_after_gap(text, subject, lower_exact, after, end)):
            found.append(match)
    return found


def _after_modifiers(text: str, subject: str, lower_exact: str | None, at: int, end: int) -> re.Match[str] | None:
    """The unit after one or two modifiers at ``at`` when it counts things seized one by one, else None."""
    lex = lexicon()
    modifiers = lex.modifier_re.on(lower_exact).match(subject, at, end)
    if modifiers is None:
        return None
    unit = lex.unit_re.on(lower_exact).match(subject, modifiers.end(), end)
    if unit is None or lex.units[fold(_group(text, unit, 1))].metric not in _ARTICLE_METRICS:
        return None
    return unit


def _person_after_gap(text: str, subject: str, lower_exact: str | None, at: int, end: int) -> bool:
    """Whether a count of people follows ``at`` past an age or a nationality ("a 35-year-old Vietnamese man")."""
    gap = _PERSON_GAP.match(text, at, end).end()
    unit = lexicon().unit_re.on(lower_exact).match(subject, gap, end) if gap > at else None
    return unit is not None and lexicon().units[fold(_group(text, unit, 1))].metric == "persons_arrested"


# One person named without a number: "the driver", "the suspect", "he", "arrested him", "đối tượng",
# "lái xe", "người điều khiển". It counts one person only where a narrow arrest verb governs it
# (_ARREST_ONE, below), only in the story of an incident (extractor), and it is the same person as
# any counted before it in its story. A plural or a quantity word before it ("các đối tượng", "the
# two suspects") is not one person.
_DEFINITE_PERSON = {
    "en": _CaseBlind(
        r"(?<!\w)(?:(?:the|its|his|her|their)\s+(?P<noun>driver|suspect|man|woman|rider|motorcyclist|courier|smuggler|"
        r"trafficker|passenger|owner)|(?P<pronoun>he|she|him))(?![\w'’\-])"
    ),
    "vi": _CaseBlind(r"(?<![\w\-])(?P<noun>đối\s+tượng|lái\s+xe|tài\s+xế|người\s+điều\s+khiển|nghi\s+phạm)(?![\w\-])"),
}
# Every _DEFINITE_PERSON match begins with one of these words in lower case: found with str.find, the
# pattern is tried only there (a pattern opening with a look-behind is tried at every place).
_DEFINITE_FIRST = {"en": ("the", "its", "his", "her", "their", "he", "she", "him"), "vi": ("đối", "lái", "tài", "người", "nghi")}
_PLURAL_BEFORE = _CaseBlind(
    r"(?<!\w)(?:các|những|nhóm|số|nhiều|một|một\s+số|mấy|vài|cả|toàn\s+bộ|mỗi|từng|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|"
    r"hàng\s+chục|hàng\s+trăm)\s+$|\d\s*$"
)


_OWNER_BEFORE = re.compile(r"(?<!\w)của\s+$", re.IGNORECASE)


# The verbs that arrest one person named without a number: never "phát hiện" (spotted), "khởi tố" or
# "charged" (a later step of an arrest told before), "truy nã" (wanted).
_ARREST_ONE = r"bắt\s+giữ|bắt\s+quả\s+tang|bắt\s+giam|bắt|tạm\s+giữ|truy\s+bắt|arrested|arresting|detained|detaining|caught|apprehended|nabbed|taken\s+into\s+custody"
# The verb, then the person: nothing between, or a thing taken with them ("tạm giữ xe máy cùng tài xế").
_ARREST_BEFORE_ONE = _CaseBlind(
    r"(?<!\w)(?:" + _ARREST_ONE + r")\s*(?:[^\d,.;:()]{0,30}?\s(?:cùng(?:\s+với)?|và|and|along\s+with|together\s+with))?\s*$"
)
# The person, then the verb in the passive: a description may follow the noun ("điều khiển xe", a name),
# then asides in commas or brackets ("The driver, a 41-year-old man from Savannakhet, was arrested";
# "Đối tượng Lò Văn S., 29 tuổi, trú tại xã Na Ư, bị bắt"), then the auxiliary, then who arrested
# ("bị lực lượng chức năng khống chế, bắt giữ").
_ONE_THEN_PASSIVE = _CaseBlind(
    r"(?:\s+(?!who\b|which\b|that\b|mà\b)(?:[^\d.;:,()\n\s]|(?<=[a-zđ])\.)+){0,6}?"
    r"(?:\s*\([^()\n]{0,80}\))?"
    r"(?:\s*,(?:[^;:,()\n.]|(?<=[a-zđ])\.|\([^()\n]{0,80}\)){1,100}){0,3}"
    r",?\s*(?:(?:đã|cũng|sau\s+đó|later|then)\s+)?(?:bị|was|has\s+been|had\s+been|got)\s+"
    r"[^\d.;:()\n]{0,50}?(?<!\w)(?:" + _ARREST_ONE + r")(?!\w)"
)


# One vehicle named without a number where a seizure verb governs it: "tạm giữ chiếc xe máy", "tạm giữ xe
# tải cùng lái xe", "impounded the truck", "The car was confiscated"; "both motorbikes" are two. Only in
# an incident's story, and the same vehicle as any counted before it there (extractor). The bare
# "phương tiện" (vehicle or vehicles) is never counted so.
_DEFINITE_VEHICLE = {
    "en": _CaseBlind(
        r"(?:(?:the|its|their|his|her)\s+(?P<noun>pickup\s+truck|truck|car|vehicle|motorbike|motorcycle|pickup|suv|sedan|boat|"
        r"lorry|scooter)|(?P<both>both)\s+(?P<nouns>motorbikes|motorcycles|cars|trucks|vehicles|boats|pickup\s+trucks))(?![\w'’\-])"
    ),
    "vi": _CaseBlind(
        r"(?:chiếc\s+)?(?P<noun>xe\s+máy|xe\s+mô\s+tô|xe\s+ô\s*tô|xe\s+tải|xe\s+bán\s+tải|xe\s+khách|xe\s+con|ô\s*tô|"
        r"xe\s+ba\s+gác|xe\s+buýt|ghe|xuồng|thuyền|tàu\s+cá)(?![\w\-])"
    ),
}
_DEFINITE_VEHICLE_FIRST = {"en": ("the", "its", "their", "his", "her", "both"), "vi": ("chiếc", "xe", "ô", "ghe", "xuồng", "thuyền", "tàu")}
_SEIZE_ONE = r"tạm\s+giữ|thu\s+giữ|tịch\s+thu|seized|seizing|impounded|impounding|confiscated|confiscating"
_SEIZED_BEFORE_ONE = _CaseBlind(
    r"(?<!\w)(?:" + _SEIZE_ONE + r")\s*(?:[^\d,.;:()]{0,30}?\s(?:cùng(?:\s+với)?|và|and|along\s+with|together\s+with))?\s*$"
)
_ONE_THEN_SEIZED = _CaseBlind(
    r"\s+(?:was|were|has\s+been|have\s+been|had\s+been)\s+(?:also\s+|later\s+|then\s+)?(?:seized|impounded|confiscated)(?!\w)"
    r"|(?:\s+của(?:\s+[^\s\d,.;:()]+){1,4}?)?(?:\s+(?:trên|này|đó))?\s+(?:(?:cũng|đã|sau\s+đó)\s+)*bị\s+(?:[^\d,.;:()]{0,30}?\s)?(?:tạm\s+giữ|thu\s+giữ|tịch\s+thu)(?!\w)"
)


def _definite_vehicles(text: str, lower_exact: str | None, language: str, anchors: list[int] | None) -> list[_Item]:
    """Every vehicle of the text named without a number that a seizure verb governs (_DEFINITE_VEHICLE);
    ``anchors`` are where the words of _SEIZURE_WORDS stand (None: read the whole text)."""
    subject = text if lower_exact is None else lower_exact
    lex = lexicon()
    pattern, before, passive = _DEFINITE_VEHICLE[language].on(lower_exact), _SEIZED_BEFORE_ONE.on(lower_exact), _ONE_THEN_SEIZED.on(lower_exact)
    plural = _PLURAL_BEFORE.on(lower_exact)
    if lower_exact is None:
        starts = [m.start() for m in re.finditer(r"(?<![\w\-])", subject)]
    elif language == "vi":  # a seizure verb before it, or "bị" and the verb after it: read near those only
        starts = _starts_near(subject, _DEFINITE_VEHICLE_FIRST["vi"], anchors, 0, 60)
        # "bị" with a seizure word within 50 characters after it ("xe khách cũng bị tạm giữ")
        passives = [at for at in word_starts(subject, ("bị ",))
                    if (i := bisect_left(anchors, at)) < len(anchors) and anchors[i] - at <= 50]
        if passives:
            starts = sorted({*starts, *_starts_near(subject, _DEFINITE_VEHICLE_FIRST["vi"], passives, 80, 0)})
    else:
        starts = sorted(set(word_starts(subject, _DEFINITE_VEHICLE_FIRST[language])))
    found = []
    for at in starts:
        if at and (subject[at - 1].isalnum() or subject[at - 1] == "-"):
            continue
        match = pattern.match(subject, at)
        if match is None:
            continue
        end = match.end()
        if before.search(subject, max(0, at - 50), at) is None and passive.match(subject, end) is None:
            continue
        if plural.search(subject, max(0, at - 16), at) is not None:
            continue
        noun = match.group("noun") or match.group("nouns")
        entry = lex.units[fold(noun)]
        written = " ".join(text[at:end].split())
        value = 2.0 if match.groupdict().get("both") else 1.0
        found.append(_Item(at, end, value, "exact", entry, written, "vehicle_seized", entry.category, True, False,
                           definite=True, note=f"a vehicle named without a number ({written.lower()})"))
    return found


# Every verb that governs an item of definite_items holds one of these words in lower case: an arrest
# (_ARREST_ONE, _ARREST_THEN_NAME: "bắt", "tạm giữ", "arrested") or a seizure (_SEIZE_ONE: "thu giữ", "tịch
# thu", "seized"). A text without them has none (most texts, found by str.find); people are looked for
# near the arrest words only ("thu giữ", in every seizure, never arrests anyone).
_ARREST_WORDS = {"vi": ("bắt", "tạm"), "en": ("arrest", "detain", "caught", "apprehended", "nabbed", "custody")}
_SEIZURE_WORDS = {"vi": ("giữ", "tịch thu"), "en": ("seiz", "impound", "confiscat")}


def definite_items(text: str, lower_exact: str | None, language: str) -> list[_Item]:
    """The people and vehicles of the text named without a number that an arrest or a seizure governs, in order."""
    if lower_exact is None:
        arrests = seizures = None
    else:
        arrests, seizures = word_starts(lower_exact, _ARREST_WORDS[language]), word_starts(lower_exact, _SEIZURE_WORDS[language])
    people = definite_people(text, lower_exact, language, arrests) if arrests != [] else []
    named = _named_people(text, lower_exact, arrests) if language == "vi" and arrests != [] else []
    vehicles = _definite_vehicles(text, lower_exact, language, seizures) if seizures != [] else []
    return sorted(people + named + vehicles, key=_item_start) if vehicles or named else people


def _item_start(item: _Item) -> int:
    return item.start


# Every _ONE_THEN_PASSIVE match of a text in that language holds one of its auxiliaries, in lower case.
_AUXILIARIES = {"vi": ("bị",), "en": ("was", "been", "got")}


# A person named after an arrest verb, without "đối tượng": "bắt quả tang Thào A Lử", "bắt giữ Lô Văn T.";
# never a unit ("Công an xã", "Đồn Biên phòng").
_UPPER = "A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴẤẦẨẪẬẮẰẲẴẶẾỀỂỄỆỐỒỔỖỘỚỜỞỠỢỨỪỬỮỰ"
_ARREST_THEN_NAME = re.compile(
    r"(?:bắt\s+giữ|bắt\s+quả\s+tang|bắt\s+giam|bắt|tạm\s+giữ|truy\s+bắt)\s+"
    r"(?!(?:Công|Đồn|Bộ|Cục|Chi|Hải|Đội|Phòng|Tổ|Lực|BĐBP|Ban|Sở|Viện|Tòa|Ủy|UBND|Trạm|Trung|Biên|Quân|Cảnh)(?!\w))"
    rf"(?P<name>[{_UPPER}][\wÀ-ỹ]*\.?(?:[ \t\u00a0]+[{_UPPER}][\wÀ-ỹ]*\.?){{1,3}})(?![\wÀ-ỹ])"
)
# Another name joined to it: "Lò Văn Thanh (SN 1989) và Quàng Văn Dũng (SN 1995)".
_AND_NAME = re.compile(
    r"(?:[ \t\u00a0]*\([^()\n]{0,80}\))?[ \t\u00a0]*(?:,|và|cùng)[ \t\u00a0]*"
    rf"(?P<name>[{_UPPER}][\wÀ-ỹ]*\.?(?:[ \t\u00a0]+[{_UPPER}][\wÀ-ỹ]*\.?){{1,3}})(?![\wÀ-ỹ])"
)


def _named_people(text: str, lower_exact: str | None, anchors: list[int] | None) -> list[_Item]:
    """The people named after an arrest verb (_ARREST_THEN_NAME, _AND_NAME), as an item counting them;
    ``anchors`` are where the words of _ARREST_WORDS stand (None: read the whole text)."""
    starts = [m.start() for m in re.finditer(r"(?i)bắt|tạm\s+giữ", text)] if anchors is None else anchors
    entry, found, taken = lexicon().units["đối tượng"], [], -1
    for at in starts:
        if at <= taken or (at and text[at - 1].isalnum()):
            continue
        match = _ARREST_THEN_NAME.match(text, at)
        if match is None:
            continue
        names, last = [" ".join(match["name"].split())], match
        while (joined := _AND_NAME.match(text, last.end())) is not None and len(names) < 10:
            names.append(" ".join(joined["name"].split()))
            last = joined
        taken = last.end()
        written = text[match.start("name"):last.end("name")]
        found.append(_Item(match.start("name"), last.end("name"), float(len(names)), "exact", entry, " ".join(written.split()),
                           "persons_arrested", "all_crime", False, False, definite=True,
                           note=f"people named after an arrest verb ({', '.join(names)})"))
    return found


# A second person joined to one named without a number, then the verb in the plural: "The driver, a
# 33-year-old man, and a passenger were taken into custody" (two people).
_AND_ONE_MORE_THEN_ARRESTED = _CaseBlind(
    r"(?:\s*,(?:[^;:,()\n.]|\([^()\n]{0,80}\)){1,100}?)?,?\s+and\s+(?:a|an|one|his|her|their|the|its)\s+(?:[a-z\-]+\s+){0,2}?"
    r"(?:passenger|accomplice|companion|friend|wife|husband|brother|sister|son|partner|woman|man|co-driver)"
    r"\s+were\s+(?:also\s+|later\s+|then\s+)?(?:" + _ARREST_ONE + r")(?!\w)"
)


def _starts_near(subject: str, words, places: list[int], before: int, after: int) -> list[int]:
    """Where one of ``words`` begins in ``subject`` from ``before`` characters before one of ``places`` (in
    order) to ``after`` characters after it, in order."""
    starts: set[int] = set()
    lo = hi = -1
    for place in [*places, None]:
        if place is not None and hi >= 0 and place - before <= hi:
            hi = place + after
            continue
        if hi > lo:
            for word in words:
                at = subject.find(word, lo, hi)
                while at != -1:
                    starts.add(at)
                    at = subject.find(word, at + 1, hi)
        if place is not None:
            lo, hi = max(0, place - before), place + after
    return sorted(starts)


def definite_people(text: str, lower_exact: str | None, language: str, anchors: list[int] | None = None) -> list[_Item]:
    """Every person of the text named without a number (see _DEFINITE_PERSON) that an arrest verb
    governs (_ARREST_ONE: right before it, or after it in the passive; a pronoun only in the way a
    pronoun can be, "arrested him", "he was caught"), as items of value 1, in order; ``anchors`` as for
    _named_people (found here when not given)."""
    subject = text if lower_exact is None else lower_exact
    entry = lexicon().units["đối tượng"]
    plural, before, passive = _PLURAL_BEFORE.on(lower_exact), _ARREST_BEFORE_ONE.on(lower_exact), _ONE_THEN_PASSIVE.on(lower_exact)
    found = []
    auxiliaries = _AUXILIARIES[language]
    pattern = _DEFINITE_PERSON[language].on(lower_exact)
    if lower_exact is None:
        matches = pattern.finditer(subject)
        verbs = None
    else:
        # only near a verb (see _ARREST_WORDS): 70 characters before the person, 350 after it; the
        # nouns are looked for there only (str.find over a whole Vietnamese text costs more than the rest)
        verbs = anchors if anchors is not None else word_starts(subject, _ARREST_WORDS[language])
        matches = filter(None, (pattern.match(subject, at) for at in _starts_near(subject, _DEFINITE_FIRST[language], verbs, 350, 70)))
    for match in matches:
        at, end = match.start(), match.end()
        pronoun = match.groupdict().get("pronoun")
        if plural.search(subject, max(0, at - 16), at) is not None:
            continue
        if language == "vi" and _OWNER_BEFORE.search(subject, max(0, at - 8), at) is not None:
            continue  # "xe máy của đối tượng bị tạm giữ": the owner of what was seized
        governed = (pronoun is None or pronoun.lower() == "him") and (
            verbs is None or bisect_left(verbs, at - 50) < bisect_left(verbs, at)) and \
            before.search(subject, max(0, at - 50), at) is not None
        if not governed and (pronoun is None or pronoun.lower() != "him"):
            reach = min(len(subject), end + 300)
            governed = (lower_exact is None or any(subject.find(word, end, reach) != -1 for word in auxiliaries)) and \
                passive.match(subject, end, reach) is not None
        value = 1.0
        if not governed and language == "en" and pronoun is None:
            joined = _AND_ONE_MORE_THEN_ARRESTED.on(lower_exact).match(subject, end, min(len(subject), end + 300))
            governed, value = joined is not None, 2.0
        if not governed:
            continue
        written = " ".join(text[at:end].split())
        found.append(_Item(at, end, value, "exact", entry, written, "persons_arrested", "all_crime", False, False,
                           definite=True, note=f"one person named without a number ({written.lower()})" if value == 1
                           else f"two people: one named without a number ({written.lower()}) and one joined to it"))
    return found


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
_A_YEAR = re.compile(r"(?:19|20)\d\d")
_PEOPLE_THEN_ARRESTED = _CaseBlind(
    r"(?:[ \t\u00a0]+(?:lao|laotian|vietnamese|chinese|cambodian|thai|myanmar|foreign|local|\d{1,3}-year-old))?"
    r"[ \t\u00a0]+(?P<noun>[a-z][a-z\-]{2,})(?:\s+(?:of|from|at|in)\s+(?:the\s+)?[a-z\-]+(?:\s+[a-z\-]+)?)?"
    r"\s+(?:were|have\s+been|had\s+been)\s+(?:also\s+|later\s+|then\s+|all\s+)?"
    r"(?:arrested|detained|apprehended|caught|nabbed|taken\s+into\s+custody)(?!\w)"
)
_PERSON_GAP = re.compile(
    r"(?:[ \t\u00a0]{1,3}\d{1,3}-year-old(?!\w))?(?:[ \t\u00a0]{1,3}(?:Lao|Laotian|Vietnamese|Chinese|Cambodian|Thai|Myanmar|foreign)(?!\w))?"
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


@cache
def _norm_factor(unit: str, fallback: str) -> tuple[float, str]:
    """Every project unit converts linearly: the factor to the normal unit, and its name."""
    try:
        quantity = normalise(1.0, unit)
    except UnitError:
        quantity = normalise(1.0, fallback)
    return quantity.value, quantity.unit
