"""Items: [qualifier] number [multiplier] unit [category noun], read one sentence at a time."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..numbers import MULTIPLIERS
from ..units import UnitError, normalise
from .lexicon import UnitEntry, _CaseBlind, _group, fold, lexicon
from .numerals import _CHANGE_BEFORE, _MULTIPLIER, _NOT_A_COUNT_BEFORE, _is_word_numeral, _match_start, _numbers, _value

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
    numbers = _numbers(text, lower, start, end)
    attached = _currency_attached(text, start, end)
    if attached:
        numbers = sorted([*numbers, *attached], key=_match_start)
    for match in numbers:
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
            currency = _currency_before()
            if at == start or (text[at - 1] not in currency.last_characters
                               and not (text[at - 1] in " \u00a0" and at - 1 > start and text[at - 2] in currency.last_characters)):
                continue  # most numbers without a unit (dates, years) end here, before any regular expression
            prefix = currency.pattern.search(text, max(start, at - currency.longest), at)
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
            unit_text, item_end = prefix["code"] or prefix["symbol"], pos
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
                  metric, category, has_noun, _is_word_numeral(match), norm_unit=norm_unit)
        )
    return items


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
    return _CurrencyBefore(pattern, attached, last, max(map(len, spellings)) + 1)


def _currency_attached(text: str, start: int, end: int) -> list[re.Match[str]]:
    """Amounts written right after a currency code ("VND3.5 billion"), which _numbers leaves out."""
    before = _currency_before()
    return [m for m in before.attached.finditer(text, start, end) if before.pattern.search(text, max(start, m.start() - before.longest), m.start())]


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


@cache
def _norm_factor(unit: str, fallback: str) -> tuple[float, str]:
    """Every project unit converts linearly: the factor to the normal unit, and its name."""
    try:
        quantity = normalise(1.0, unit)
    except UnitError:
        quantity = normalise(1.0, fallback)
    return quantity.value, quantity.unit
