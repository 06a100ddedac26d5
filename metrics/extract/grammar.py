"""The figure grammar: items grouped (composites, shared nouns, restatements, parts) and their word
senses settled by context."""

from __future__ import annotations

import math
import re
from bisect import bisect_right

from ..units import UnitError
from .items import _Item, _norm_factor
from .lexicon import _CaseBlind, _group, fold, lexicon

_JOIN_SHARED = re.compile(r"^\s*(?:và|hoặc|and|or)\s*$", re.IGNORECASE)
_JOIN_COMPOSITE = re.compile(r"^\s*/\s*$")
# A restatement may follow a short description of the form ("4.405 gói ma túy dạng viên nén,
# tương đương 8.810.000 viên"): words without digits or punctuation before the marker.
_JOIN_RESTATE = re.compile(r"^(?:\s+(?:dạng|loại|in\s+the\s+form\s+of)[^\d,;.()/]{0,40})?\s*,?\s*(?:\(\s*)?(?:tương\s+đương(?:\s+với)?|tương\s+ứng(?:\s+với)?|equivalent\s+to|i\.e\.|hay|or|ước\s+tính|tức(?:\s+là)?|chứa|containing|estimated\s+at|nặng|(?:có\s+)?(?:tổng\s+)?(?:trọng\s+lượng|khối\s+lượng)(?:\s+là)?|weighing(?:\s+a\s+total\s+of)?|with\s+a\s+(?:total\s+)?weight\s+of)\s*(?:\(\s*)?$|^\s*\(\s*$", re.IGNORECASE)
_JOIN_COMMA = re.compile(r"^\s*,\s*$")
_CARRYING = re.compile(
    r"(?<!\w)(?:vận\s+chuyển|mua\s+bán|tàng\s+trữ|buôn\s+bán|cất\s+giấu|giấu|carrying|transporting|trafficking|smuggling|"
    r"hiding|concealing|possessing|in\s+possession\s+of|with)(?!\w)",
    re.IGNORECASE,
)
# People counted after "của" (of, belonging to) own something: "nơi ở của một người dân", never arrested.
_POSSESSOR_BEFORE = re.compile(r"(?<!\w)của\s+$", re.IGNORECASE)
# People, then the cases they were arrested in: "1,870 suspects were arrested in 1,204 drug cases".
_JOIN_PERSONS_CASES = re.compile(
    r"^\s*(?:(?:were|have\s+been|had\s+been|đã\s+bị|bị)\s+)?(?:(?:arrested|detained|charged|prosecuted|bắt(?:\s+giữ)?|khởi\s+tố)\s+)?"
    r"(?:in|over|trong)\s*$", re.IGNORECASE,
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
# A threshold of the law, not a seizure: "anyone found with more than 500 grams of heroin faces the death
# penalty", "người nào vận chuyển từ 100 gam heroin trở lên".
_GENERIC_SUBJECT = re.compile(r"(?<!\w)(?:anyone|anybody|whoever|any\s+person|người\s+nào|kẻ\s+nào)(?!\w)", re.IGNORECASE)
_THRESHOLD_AFTER = re.compile(r"\s*(?:trở\s+lên|or\s+more)(?!\w)", re.IGNORECASE)


def _per_unit_or_range(text: str, floor: int, item: _Item) -> bool:
    """Whether the item is an amount per trip/unit/price, the top of a range or a threshold of the law, not a total."""
    window_start = max(floor, item.start - 50)
    window = text[window_start:item.start]
    marks = [m.end() for m in _CLAUSE_MARK.finditer(window)]
    clause = window[marks[-1]:] if marks else window
    for per in _PER_BEFORE.finditer(clause):
        if fold(per["noun"]) not in _PER_RECIPIENTS:
            return True
    if _RANGE_BEFORE.search(window) or _GENERIC_SUBJECT.search(clause):
        return True
    return _PER_AFTER.match(text, item.end) is not None or _THRESHOLD_AFTER.match(text, item.end) is not None


# People counted, then the verb in the passive: "11 people, including two Vietnamese nationals, were
# detained", "23 people have been arrested", "12 người bị bắt giữ", "30 người được giải cứu". An aside
# in commas or brackets may sit between; a relative clause ("who were ...") may not.
_PASSIVE_BEFORE_VERB = _CaseBlind(
    # a noun phrase may follow the count ("quốc tịch Lào", "wanted for trafficking", "suspected of
    # smuggling timber"), the nearest verb in the passive closing it; never a relative clause
    r"(?:(?:\s+(?!who\b|which\b|that\b|mà\b)[^\d.;:,()\n\s]+){1,8}?)??"
    r"\s*(?:\([^()]{0,80}\)\s*|,[^.;:,()]{0,80},\s*)?"
    r"(?:(?:đã|cũng|đều|vừa)\s+)?(?:(?:were|was|are|is|have\s+been|has\s+been|had\s+been|being|got|bị|được)\s+)"
    r"(?:(?:all|also|later|subsequently|then|reportedly|allegedly|đã|cũng|đều|vừa)\s+)?"
)
_AGENT = re.compile(r"[^\d.;:,()\n]{1,40}")
_GOVERNING_VERBS = frozenset({"arrest", "rescue", "sar", "attend", "outreach", "handover"})
_PARTICIPLE = re.compile(r"[ \t\u00a0]+((?:arrested|detained|caught|apprehended|rescued|freed)(?!\w))", re.IGNORECASE)
# People described, not counted again: "38 suspects were foreign nationals", "25 đối tượng là người
# nước ngoài" (after the total, with no verb of their own: see _described).
_DESCRIBED_EN = _CaseBlind(
    r"\s+(?:were|are|was|is)\s+(?:all\s+|also\s+)?(?:foreign|foreigners|lao|laotian|vietnamese|chinese|cambodian|thai|myanmar|"
    r"women|female|male|minors|juveniles|children|repeat|ethnic|members)(?!\w)"
)
_DESCRIBED_VI = _CaseBlind(r"\s+(?:đều\s+|cũng\s+)?là\s+")
# A restatement of a seizure told before it: "Số ma túy trên tương đương 240.000 viên", "toàn bộ số tang
# vật tương đương 160.000 viên".
_ANAPHOR_RESTATE = _CaseBlind(
    r"(?:(?:toàn\s+bộ\s+|tổng\s+)?số\s+(?:ma\s+túy|tang\s+vật|hàng)(?:\s+(?:trên|nói\s+trên|này))?|the\s+(?:drugs|haul|seizure))"
    r"[^\d;.,()]{0,20}?(?:tương\s+đương(?:\s+với)?|tương\s+ứng(?:\s+với)?|equivalent\s+to|amounting\s+to)\s*$"
)
_CLOSE_THEN = re.compile(r"\s*\)")


def _passive_verb_after(text: str, subject: str, end: int, s_end: int, lower_exact: str | None) -> str:
    """The class of the passive verb that follows a count of people (see _PASSIVE_BEFORE_VERB), or ''."""
    auxiliary = _PASSIVE_BEFORE_VERB.on(lower_exact).match(subject, end, s_end)
    lex = lexicon()
    if auxiliary is None:
        # English drops the auxiliary after a count: "Of the 75 people detained in 2023, ..."
        participle = _PARTICIPLE.match(text, end, s_end)
        verb = lex.verb_re.on(lower_exact).match(subject, participle.start(1), s_end) if participle is not None else None
        return lex.verbs[fold(_group(text, verb, 0))] if verb is not None and verb.end() == participle.end(1) else ""
    verb = lex.verb_re.on(lower_exact).match(subject, auxiliary.end(), s_end)
    if verb is None and auxiliary.group(0).split()[-1:] in (["bị"], ["được"]):
        # "bị lực lượng chức năng tạm giữ": who did it stands between the auxiliary and the verb
        agent = _AGENT.match(subject, auxiliary.end(), s_end)
        verb = lex.verb_re.on(lower_exact).search(subject, auxiliary.end(), agent.end()) if agent is not None else None
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
    for item in items:
        # "2.500 gói (khoảng 500.000 viên) ma túy tổng hợp": the noun after the bracket names both.
        if item.restates is not None and not item.has_noun and (close := _CLOSE_THEN.match(text, item.end)) is not None:
            noun = lex.noun_re.on(lower_exact).match(subject, close.end(), sentence_end or len(text))
            if noun is not None and lex.nouns[fold(_group(text, noun, 1))][0] == "drug_seized":
                for member in (items[item.restates], item):
                    if not member.has_noun:
                        member.metric, member.category = lex.nouns[fold(_group(text, noun, 1))]
                        member.has_noun = True
    _link_told_restatements(s_start, items, previous, subject, lower_exact)
    # "arrested a man and a woman", "two men and a woman were detained": one count of people.
    for a, b in zip(items, items[1:]):
        if a.metric == b.metric == "persons_arrested" and (a.article or b.article) and a.metric and _JOIN_SHARED.match(text[a.end:b.start]):
            b.value, b.article, b.start, b.quote_start = a.value + b.value, a.article and b.article, a.start, a.quote_start
            a.metric = ""
    kept: list[_Item] = []
    s_end = items[-1].end if items else s_start
    verbs = [(m.start(), m.end(), lex.verbs[written], written)
             for m in lex.verb_re.on(lower_exact).finditer(subject, s_start, s_end) for written in (fold(_group(text, m, 0)),)]
    verb_ends = [v[1] for v in verbs]
    seen_classes: list[frozenset[str]] = []
    running: set[str] = set()
    for _, _, verb_class, _ in verbs:
        running.add(verb_class)
        seen_classes.append(frozenset(running))
    for index, item in enumerate(items):
        count = bisect_right(verb_ends, item.start)
        verb, verb_end = (verbs[count - 1][2], verbs[count - 1][1]) if count else ("", s_start)
        before = seen_classes[count - 1] if count else frozenset()
        item.verb = verbs[count - 1][3] if count else ""
        needs = item.unit.needs
        item.dropped = True
        if _per_unit_or_range(text, max(s_start, items[index - 1].end if index else s_start), item):
            continue
        if item.metric == "persons_arrested" and _described(subject, item, kept, verb_ends, lower_exact):
            continue
        if item.metric == "persons_arrested" and not item.definite and _POSSESSOR_BEFORE.search(text, max(s_start, item.start - 8), item.start):
            continue
        if item.definite:  # an arrest verb governs it (items.definite_people)
            item.dropped = False
            kept.append(item)
            continue
        if item.article and item.metric == "persons_arrested" and not (
                verb in ("arrest", "rescue") and not text[verbs[count - 1][1]:item.start].strip()) \
                and _passive_verb_after(text, subject, item.end, sentence_end or len(text), lower_exact) not in ("arrest", "rescue"):
            # "arrested a man", "a 35-year-old woman was detained": one person; any other "a man" is narrative.
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
                and verb != "rescue" \
                and _passive_verb_after(text, subject, item.end, sentence_end or len(text), lower_exact) != "rescue":
            continue
        if needs == "person" and (verb in ("handover", "build") or _passive_verb_after(
                text, subject, item.end, sentence_end or len(text), lower_exact) in ("handover", "build")):
            continue  # people handed over ("handed over", "extradited", "trao trả") are not this agency's arrests
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
            if not before & {"seize", "arrest", "surrender"} and _passive_verb_after(
                    text, subject, item.end, sentence_end or len(text), lower_exact) not in ("seize", "arrest", "surrender"):
                # "a pickup waiting on the riverbank was also impounded", "2 xe máy bị tạm giữ"
                if item.metric != "vehicle_seized" or verb not in ("stop", "inspect"):
                    continue
                if not (verb == "stop" and _seizure_follows(text, subject, item.end, sentence_end, lower_exact)):
                    item.stopped = True  # seized if its incident's story goes on to a seizure (extractor)
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
    # 4 bánh heroin", "two Lao nationals carrying 20 bricks of heroin"), or later in their clause with the
    # verb right before it ("were arrested ... on May 11 while transporting 60 kg", "bị bắt ... khi đang cất
    # giấu 3 bánh heroin"), are drug traffickers.
    for person, seized in zip(kept, kept[1:]):
        carried = "drug_trafficking" if seized.metric == "drug_seized" else "smuggling" if seized.category == "cigarettes" else ""
        if person.metric == "persons_arrested" and person.category == "all_crime" and carried and (
                (seized.start - person.end <= 60 and _CARRYING.search(text, person.end, seized.start))
                or (seized.start - person.end <= 160 and ";" not in text[person.end:seized.start]
                    and _CARRYING.search(text, max(person.end, seized.start - 30), seized.start))):
            person.category = carried
        if person.metric == "persons_arrested" and seized.metric == "cases" and person.category == "all_crime" \
                and _JOIN_PERSONS_CASES.match(text[person.end:seized.start]):
            person.category = seized.category
    _link_totals(text, s_start, kept, previous, lower_exact)
    return _mark_parts(text, s_start, items, kept, list(previous), lower_exact)


# A total written after its parts: "tổng cộng 23 đối tượng", "Tổng cộng, hai bên thu giữ 20 kg", "a total
# of", "bringing the total to 450 kg", "52 cases in total". The parts point to it (part_of) when they add
# up to it, in its sentence or, when the sentence opens with the marker, in the one before.
_TOTAL_BEFORE = _CaseBlind(
    r"(?<!\w)(?:tổng\s+cộng|tổng\s+số|nâng\s+tổng\s+số|a\s+total\s+of|in\s+total|totall?ing|altogether|"
    r"bringing\s+the\s+(?:total|tally)(?:[^\d.;]{0,60}?\s)?to)(?![\w])[^\d.;]{0,40}$"
)
_TOTAL_WORDS = ("tổng", "total", "tally", "altogether")  # every _TOTAL_BEFORE match holds one, in lower case
_TOTAL_AFTER = _CaseBlind(r"\s*,?\s*(?:in\s+total|altogether|in\s+all|combined)(?!\w)")
_TOTAL_OPENS = _CaseBlind(r"\W*(?:tổng\s+cộng|in\s+total|altogether)(?!\w)")


def _link_totals(text: str, s_start: int, kept: list[_Item], previous, lower_exact: str | None) -> None:
    subject = text if lower_exact is None else lower_exact
    for i, total in enumerate(kept):
        floor = kept[i - 1].end if i else s_start
        before = subject[floor:total.start] if lower_exact is not None else text[floor:total.start].lower()
        marked_before = any(word in before for word in _TOTAL_WORDS) and \
            _TOTAL_BEFORE.on(lower_exact).search(subject, floor, total.start) is not None
        if not marked_before and _TOTAL_AFTER.on(lower_exact).match(subject, total.end) is None:
            continue
        unit_norm = _unit_norm(total)
        pool = [k for k in kept[:i] if k.metric == total.metric and k.restates is None and k.part_of is None
                and _unit_norm(k) == unit_norm]
        if not pool and _TOTAL_OPENS.on(lower_exact).match(subject, s_start) is not None:
            pool = [k for k in previous if k.metric == total.metric and k.restates is None and k.part_of is None
                    and not k.dropped and _unit_norm(k) == unit_norm]
        parts = _adding_up_to(pool, total.value)
        for part in parts:
            part.part_of = total
            part.note = "; ".join(filter(None, [part.note, "part of a total written after it (tổng cộng, in total): not to be added to it"]))


def _adding_up_to(pool: list[_Item], value: float) -> list[_Item]:
    """The last two or more items of ``pool`` (a run ending with its last) whose values add up to ``value``."""
    added = 0.0
    for start in range(len(pool) - 1, -1, -1):
        added += pool[start].value
        if len(pool) - start >= 2 and math.isclose(added, value, rel_tol=1e-9, abs_tol=1e-6):
            return pool[start:]
    return []


def _seizure_follows(text: str, subject: str, at: int, sentence_end: int | None, lower_exact: str | None) -> bool:
    """Whether a seizure or an arrest verb follows ``at`` in its sentence ("stopped a pickup truck and seized ...")."""
    lex = lexicon()
    return any(lex.verbs[fold(_group(text, m, 0))] in ("seize", "arrest")
               for m in lex.verb_re.on(lower_exact).finditer(subject, at, sentence_end or len(text)))


def _described(subject: str, item: _Item, kept: list[_Item], verb_ends: list[int], lower_exact: str | None) -> bool:
    """Whether a count of people describes people already counted ("38 suspects were foreign nationals";
    "bắt 340 đối tượng, 25 đối tượng là người nước ngoài"), not an arrest of its own."""
    if _DESCRIBED_EN.on(lower_exact).match(subject, item.end) is not None:
        return True
    if _DESCRIBED_VI.on(lower_exact).match(subject, item.end) is None:
        return False
    total = next((k for k in reversed(kept) if k.metric == "persons_arrested"), None)
    return total is not None and total.value > item.value and bisect_right(verb_ends, item.start) == bisect_right(verb_ends, total.end)


def _link_told_restatements(s_start: int, items: list[_Item], previous, subject: str, lower_exact: str | None) -> None:
    """An amount after "số ma túy trên tương đương" restates the last seizure told before it, in its
    sentence or the one before; the amounts that restate it follow it there."""
    for i, item in enumerate(items):
        if item.restates is not None or item.unit.needs != "drug":
            continue
        floor = items[i - 1].end if i else s_start
        if _ANAPHOR_RESTATE.on(lower_exact).search(subject, max(floor, item.start - 60), item.start) is None:
            continue
        told = [t for t in [*previous, *items[:i]] if t.metric == "drug_seized" and t.restates is None and not t.dropped]
        if not told:
            continue
        head = told[-1]
        for member in items[i:]:
            if member is item or member.head is item:
                member.head, member.restates = head, -1
                member.note = "restates an amount written before it"
                member.metric, member.category, member.has_noun = head.metric, head.category, True
