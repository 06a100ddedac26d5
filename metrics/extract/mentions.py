"""Agency mentions in a report, their resolution against the registry, and the agency of a figure."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from ..agencies import AgencyRegistry
from .lexicon import _CaseBlind
from .sentences import _in_spans

_COUNTERPART_VERBS = ("cho", "với", "giúp", "giúp đỡ", "hỗ trợ", "cùng", "và", "phối hợp", "to", "with", "for", "helped",
                      "assisted", "and", "alongside", "supported")
_COUNTERPART_FILLERS = ("các", "phía", "đơn vị", "nước bạn", "bạn")
_BY_VERBS, _BY_FILLERS = ("bởi", "do", "by"), ("các", "lực lượng")


def _words(words) -> str:
    return "|".join(r"\s+".join(map(re.escape, word.split())) for word in words)


def _reversed_words(words) -> str:
    return "|".join(r"\s+".join(re.escape(part[::-1]) for part in reversed(word.split())) for word in words)


def _ending_with(verbs, fillers) -> _CaseBlind:
    """A verb, then any fillers, at the end of the text searched: "phối hợp với các " ."""
    return _CaseBlind(rf"(?<!\w)(?:{_words(verbs)})\s+(?:(?:{_words(fillers)})\s+)*$")


def _ending_with_reversed(verbs, fillers) -> re.Pattern[str]:
    """_ending_with's pattern for the text reversed, matched at its start: the same answer without
    trying every place of the text (see _mentions)."""
    return re.compile(rf"(?:\s+(?:{_reversed_words(fillers)}))*\s+(?:{_reversed_words(verbs)})(?!\w)")


_COUNTERPART_BEFORE = _ending_with(_COUNTERPART_VERBS, _COUNTERPART_FILLERS)
_BY_BEFORE = _ending_with(_BY_VERBS, _BY_FILLERS)
_COUNTERPART_BEFORE_REVERSED = _ending_with_reversed(_COUNTERPART_VERBS, _COUNTERPART_FILLERS)
_BY_BEFORE_REVERSED = _ending_with_reversed(_BY_VERBS, _BY_FILLERS)
# Every _COUNTERPART_BEFORE (_BY_BEFORE) match holds one of these words in lower case, so the
# case-blind regex is searched only in text that does. Under IGNORECASE their letters match only themselves
# and their capitals, except i (also İ and ı) and s (also ſ): text holding those is always searched.
_COUNTERPART_WORDS = ("cho", "với", "giúp", "hỗ", "cùng", "và", "phối", "to", "with", "for", "helped", "assisted", "and",
                      "alongside", "supported")
_BY_WORDS = ("bởi", "do", "by")
_ODD_CASE = ("İ", "ı", "ſ")
_BOTH_SIDES = _CaseBlind(r"(?<!\w)(?:hai\s+bên(?!\s+biên\s+giới)|both\s+sides|the\s+two\s+sides|lực\s+lượng\s+chức\s+năng\s+hai\s+nước)(?!\w)")
_EACH = _CaseBlind(r"(?<!\w)(?:mỗi|each)\s+(?P<noun>tỉnh|province|bên|side|nước|country|đơn\s+vị|unit|đồn|post|huyện|district)(?!\w)")
_EACH_KIND = {"tỉnh": "provincial", "province": "provincial", "huyện": "district", "district": "district"}
_UNKNOWN_AGENCY = re.compile(
    r"(?<!\w)(?:Công\s+an|Bộ\s+Chỉ\s+huy\s+(?:BĐBP|Bộ\s+đội\s+Biên\s+phòng)|BĐBP|Bộ\s+đội\s+Biên\s+phòng|Đồn\s+Biên\s+phòng(?:\s+[Cc]ửa\s+khẩu)?(?:\s+[Qq]uốc\s+tế)?|Cục\s+Hải\s+quan|Hải\s+quan)"
    r"\s+(?:tỉnh|thành\s+phố|TP\.?|huyện|quận|xã|phường)?\s*(?:[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ][\wÀ-ỹ]*(?:[ \-](?=[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ]))?){1,4}"
    r"|(?<!\w)[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\s+(?:provincial\s+police|Provincial\s+Police|border\s+guards?|Border\s+Guards?(?:\s+Command)?)(?!\w)"
)


# Verbs of helping and advising: "X tham vấn cho Y bắt giữ ..." credits Y with the arrests, X with the advice.
_ADVISED = re.compile(r"(?<!\w)(?:tham\s+vấn|tư\s+vấn|hướng\s+dẫn|giúp(?:\s+đỡ)?|hỗ\s+trợ|advised|helped|assisted|"
                      r"supported|guided)(?!\w)", re.IGNORECASE)
# Between a unit and the parent a report adds to say where it belongs: "X (Y", "X thuộc Y", "X of Y".
_APPOSITION = re.compile(r"\s*(?:\(|\s(?:thuộc|trực\s+thuộc|of|under)\s)\s*(?:(?:the|lực\s+lượng)\s+)?", re.IGNORECASE)


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


def _mentions(text: str, registry: AgencyRegistry | None, noise, unknown: list[str], lower_exact: str | None = None,
              nfc_lower: str | None = None) -> list[_Mention]:
    """The agency mentions of ``text``; ``nfc_lower`` is text.lower() when the text is in NFC and its
    lower case keeps the offsets (the registry then reads it as is)."""
    found: list[tuple[int, int, str]] = []
    if registry is not None:
        found = registry.find_mentions(text, nfc_lower)
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
            backwards = lower_exact[max(0, s - 40):s][::-1]
            counterpart = _COUNTERPART_BEFORE_REVERSED.match(backwards) is not None
            by = _BY_BEFORE_REVERSED.match(backwards) is not None
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
        if len(agents) > 1 and _APPOSITION.fullmatch(text, agents[-2].end, agent.start):
            # "Đồn Biên phòng Na Mèo (BĐBP tỉnh Thanh Hóa)": the unit named first, its parent after.
            agent = agents[-2]
        partners = [m for m in before if m.counterpart_role and m.start > agent.start]
        if partners and _ADVISED.search(text, agent.end, partners[-1].start):
            # "BĐBP đã tham vấn nghiệp vụ cho lực lượng chức năng Lào bắt giữ 24 vụ": the partner made the
            # arrests on the agent's advice; the figure is the partner's, the agent helped.
            return partners[-1].agency, agent.agency
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


# --- units the registry does not know: proposed as new agencies, never folded into a parent ------

@dataclass(frozen=True)
class ProposedAgency:
    """A unit a report names that the registry does not hold, as the report writes it, with what its
    name says of it: kind, level, country and the unit it belongs to (for an editor to review)."""

    name: str
    agency_id: str
    country: str
    kind: str
    level: str
    parent_id: str


# (how the name begins, kind, level, the parent's kind in the registry, the national parent by country)
_UNIT_KINDS = [
    (re.compile(r"Đồn\s+Biên\s+phòng|Border\s+(?:Guard\s+)?(?:post|station)", re.IGNORECASE), "border post", "post",
     "provincial border guard command", {"VN": "vn-bdbp", "LA": "la-border-defence"}, "post"),
    (re.compile(r"Công\s+an\s+(?:huyện|quận|thị\s+xã|thành\s+phố\s+\w+\s+thuộc|xã|phường|thị\s+trấn)|District\s+Police|"
                r"\w+\s+district\s+police", re.IGNORECASE), "district police", "district",
     "provincial police", {"VN": "vn-mps", "LA": "la-mps"}, "district"),
    (re.compile(r"Chi\s+cục\s+Hải\s+quan", re.IGNORECASE), "customs branch", "district", "provincial customs",
     {"VN": "vn-customs", "LA": "la-customs"}, "branch"),
    (re.compile(r"Cục\s+Hải\s+quan|Hải\s+quan|Customs", re.IGNORECASE), "provincial customs", "provincial", None,
     {"VN": "vn-customs", "LA": "la-customs"}, "customs"),
    (re.compile(r"Bộ\s+Chỉ\s+huy|BĐBP|Bộ\s+đội\s+Biên\s+phòng|Border\s+Guard", re.IGNORECASE),
     "provincial border guard command", "provincial", None, {"VN": "vn-bdbp", "LA": "la-border-defence"}, "bdbp"),
    (re.compile(r"Công\s+an|police", re.IGNORECASE), "provincial police", "provincial", None,
     {"VN": "vn-mps", "LA": "la-mps"}, "police"),
]
# Laos as the name says it: "Lào", "Laos", "(Lao)"; never "Lao" alone, which begins Vietnamese places (Lao Bảo).
_LAO = re.compile(r"\bLào\b|\bLaos\b|\(Lao\)|\bLao\s+(?:PDR|authorities|police)\b")
_KIND_WORDS = re.compile(
    r"^(?:Đồn\s+Biên\s+phòng(?:\s+cửa\s+khẩu)?(?:\s+quốc\s+tế)?|Bộ\s+Chỉ\s+huy\s+(?:BĐBP|Bộ\s+đội\s+Biên\s+phòng)|BĐBP|"
    r"Bộ\s+đội\s+Biên\s+phòng|Chi\s+cục\s+Hải\s+quan|Cục\s+Hải\s+quan|Hải\s+quan|Công\s+an)\s+"
    r"(?:tỉnh|thành\s+phố|TP\.?|huyện|quận|thị\s+xã|xã|phường|thị\s+trấn)?\s*", re.IGNORECASE)


def slug(text: str) -> str:
    """Lower-case ASCII words joined by hyphens: "Na Mèo" -> "na-meo"."""
    import unicodedata

    text = text.replace("Đ", "D").replace("đ", "d")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def propose_agencies(names: list[str], mentions: list[_Mention], registry: AgencyRegistry | None) -> list[ProposedAgency]:
    """Each unknown unit ``names`` holds, proposed as a child of the unit its kind belongs under: the
    nearest unit of that kind the report names before it (after it when none is before), else the
    national body of its country."""
    proposed = []
    for name in names:
        country = "LA" if _LAO.search(name) else "VN"
        kind, level, parent_kind, national, marker = next(
            ((k, lv, pk, nat, m) for pattern, k, lv, pk, nat, m in _UNIT_KINDS if pattern.search(name)),
            ("unit", "district", None, {"VN": "", "LA": ""}, "unit"))
        parent = national.get(country, "")
        if parent_kind is not None and registry is not None:
            at = next((m.start for m in mentions if m.agency == name), 0)
            known = [m for m in mentions if m.agency in registry and registry[m.agency].kind == parent_kind
                     and registry[m.agency].country == country]
            before = [m for m in known if m.start < at]
            nearest = before[-1] if before else (known[0] if known else None)
            if nearest is not None:
                parent = nearest.agency
        if registry is not None and parent and parent not in registry:
            parent = ""
        own = slug(_KIND_WORDS.sub("", name)) or slug(name)
        agency_id = f"{parent or country.lower()}-{marker}-{own}" if parent else f"{country.lower()}-{marker}-{own}"
        proposed.append(ProposedAgency(name, agency_id, country, kind, level, parent))
    return proposed
