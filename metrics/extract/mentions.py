"""Agency mentions in a report, their resolution against the registry, and the agency of a figure."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from ..agencies import AgencyRegistry
from .lexicon import _CaseBlind
from .sentences import _in_spans

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
