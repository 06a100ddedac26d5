"""The reporting window of each figure: the period phrase of its sentence, or one it carries on from."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from ..periods import Period, find_periods
from .sentences import _in_spans

_CONTINUES = re.compile(
    r"^\W*(?:cùng\s+với\s+đó|bên\s+cạnh\s+đó|ngoài\s+ra|đồng\s+thời|đặc\s+biệt|trong\s+đó|qua\s+đó|tổng\s+cộng|cụ\s+thể|"
    r"riêng|tính\s+chung|thu\s+giữ|khởi\s+tố|bắt\s+giữ|triệt\s+phá|phát\s+hiện|giải\s+cứu|tang\s+vật|kết\s+quả|(?:qua\s+)?kiểm\s+tra|khám\s+xét|tại\s+đây|they|also|in\s+addition|additionally|besides|furthermore|moreover|of\s+these|"
    r"of\s+which|in\s+total|a\s+total\s+of|in\s+all|overall|altogether|at\s+the\s+same\s+time|they\s+also|police\s+also|authorities\s+also)\b"
    # A topic opening a review sentence ("Về ma túy, đơn vị bắt 21 vụ") carries on too.
    r"|^\W*về\s+[^,.;\d]{1,30},",
    re.IGNORECASE,
)
# "The force also rescued", "According to police, officers also seized", "Đơn vị cũng tổ chức": "also" carries on.
_ALSO = re.compile(r"(?<!\w)(?:also|cũng)(?!\w)")
_OCCASION = re.compile(r"^\W*(?:nhân\s+)?dịp\s+này|^\W*tại\s+buổi\s+lễ|^\W*on\s+(?:this|the)\s+occasion", re.IGNORECASE)
_COMPARISON_BEFORE = re.compile(r"(?:so\s+với|cùng\s+kỳ|compared\s+(?:with|to)|than)\s*$", re.IGNORECASE)
# A birth year ("sinh năm 1990", "born in 1987") is not a reporting window.
_BIRTH_BEFORE = re.compile(r"(?<!\w)(?:sinh|SN|born)\s*$", re.IGNORECASE)


class Windows:
    """The period phrases of a report's sentences, read only where they are needed: in sentences
    holding figures and, for a sentence that carries on, back to the last sentence that named a
    period (the same windows as one scan of the whole text, for the price of the sentences that matter)."""

    def __init__(self, text: str, sentences: list[tuple[int, int]], noise, published: date | None, main_event=None):
        self.text, self.sentences, self.noise, self.published = text, sentences, noise, published
        self.main_event = main_event
        self._periods: dict[int, list[tuple[int, int, Period]]] = {}
        self._last: dict[int, Period | None] = {}

    def periods_of(self, k: int) -> list[tuple[int, int, Period]]:
        """(start, end, period) of each period phrase of sentence k, in order."""
        if k not in self._periods:
            text = self.text
            p_start, p_end = self.sentences[k]
            self._periods[k] = [
                (p_start + s, p_start + e, p) for s, e, p in find_periods(text[p_start:p_end], self.published)
                if not _in_spans(p_start + s, self.noise)
                and not _COMPARISON_BEFORE.search(text[max(0, p_start + s - 25):p_start + s])
                and not _BIRTH_BEFORE.search(text[max(0, p_start + s - 8):p_start + s])
            ]
        return self._periods[k]

    def last_period_up_to(self, k: int) -> Period | None:
        """The last period named in sentences 0..k."""
        walked = []
        while k >= 0 and k not in self._last:
            found = self.periods_of(k)
            if found:
                self._last[k] = found[-1][2]
                break
            walked.append(k)
            k -= 1
        answer = self._last.get(k) if k >= 0 else None
        for j in walked:
            self._last[j] = answer
        return answer

    def for_sentence(self, k: int):
        """A function giving the window of each item of sentence k: (Period or None, basis), the basis
        one of WINDOW_BASES ("" when there is no window)."""
        s_start, s_end = self.sentences[k]
        head = self.text[s_start:s_end]
        continues = bool(_CONTINUES.match(head)) or (("also" in head[:120] or "cũng" in head[:120]) and _ALSO.search(head, 0, 120) is not None)
        occasion = _OCCASION.match(head)
        sentence_periods = self.periods_of(k)
        main_event = self.main_event

        def window(item) -> tuple[Period | None, str]:
            before = [p for p in sentence_periods if p[1] <= item.start]
            if before:
                return self._bounded(before[-1][2], _basis(before[-1][2]))
            after = [p for p in sentence_periods if p[0] >= item.end]
            if after:
                return self._bounded(after[0][2], _basis(after[0][2]))
            if occasion is not None and main_event is not None:
                return Period(main_event.start_date, main_event.end_date, "day", occasion.group(0).strip(" ,")), "event"
            if k > 0:
                previous = self.last_period_up_to(k - 1)
                # A sentence that carries on takes the last window named; any other sentence of the
                # story takes the last one only when it is an incident's: a day, or a week at most.
                if previous is not None and (continues or _is_incident(previous)):
                    return self._bounded(previous, "inherited")
            return None, ""

        return window

    def _bounded(self, period: Period, basis: str) -> tuple[Period, str]:
        """No window ends after its report was published: a period still running then ("năm 2025"
        in June 2025, "quý IV" in November) ends at the publication date."""
        published = self.published
        if published is None or period.end is None or period.end <= published:
            return period, basis
        if period.start is not None and period.start > published:
            return period, basis
        note = "; ".join(filter(None, [period.note, "still running when published: ends at the publication date"]))
        return replace(period, end=published, relative=True, note=note), basis if basis == "inherited" else "publication"


# How a figure's window was found: written in its sentence (stated), read against the publication
# date (a year or an end left to the reader, a period still running), taken from an earlier sentence
# of the story (inherited), or counted from an event the text names (event).
WINDOW_BASES = ("stated", "publication", "inherited", "event")


def _basis(period: Period) -> str:
    if period.anchor:
        return "event"
    return "publication" if period.relative else "stated"


def _is_incident(period: Period) -> bool:
    """A day ("ngày 2/5") or a week ("last week", "tuần qua"): the time of one story, not a tally's."""
    return period.start is not None and period.end is not None and (period.end - period.start).days <= 7
