"""The general grammar of reports, table-driven over our own sentences (never the blind samples'):
people named without a number, vehicles stopped and seized in the next sentences, totals written
after their parts. Each table lists the standing figures (not restatements) as "metric value"."""

from __future__ import annotations

from datetime import date

import pytest

from metrics.extract import extract

D = date


def standing(text: str, published: date, language: str) -> list[str]:
    return sorted(f"{f.metric} {f.value:g}" for f in extract(text, published, language).figures if f.restates is None)


# One person named without a number ("arrested the driver", "Đối tượng ... đã bị bắt giữ"): counted
# once, only where an arrest verb governs it, never again when the story counted the people before.
DEFINITE_PEOPLE = [
    ("en", "On March 3, customs officers in Savannakhet arrested the driver and seized 9 kg of heroin.",
     ["drug_seized 9", "persons_arrested 1"]),
    ("en", "On May 19, police detained the suspect at his home in Pakse and confiscated 3,000 meth pills.",
     ["drug_seized 3000", "persons_arrested 1"]),
    ("en", "The rider, a 27-year-old farmer from Phongsaly, was detained on July 2 with 5 kg of opium.",
     ["drug_seized 5", "persons_arrested 1"]),
    ("en", "The suspect fled into the forest on October 11. He was caught two hours later with 2 kg of heroin.",
     ["drug_seized 2", "persons_arrested 1"]),
    ("vi", "Ngày 4/4, tổ công tác bắt quả tang đối tượng Giàng A Tủa đang vận chuyển 3 bánh heroin.",
     ["drug_seized 3", "persons_arrested 1"]),
    ("vi", "Sáng 21/9, đối tượng Lường Văn P. (34 tuổi, trú tại bản Pa Háng) đã bị Công an huyện bắt giữ cùng 1,2 kg ma túy đá.",
     ["drug_seized 1.2", "persons_arrested 1"]),
    ("vi", "Chiều 2/12, người điều khiển xe, Vi Văn K., 45 tuổi, bị bắt giữ khi đang chở 4.000 viên ma túy tổng hợp.",
     ["drug_seized 4000", "persons_arrested 1"]),
    ("vi", "Tối 15/1, lực lượng chức năng tạm giữ xe máy cùng tài xế để làm rõ nguồn gốc 2 bánh heroin.",
     ["drug_seized 2", "persons_arrested 1"]),
    # the same person told twice, or counted before: once
    ("vi", "Ngày 6/2, Đồn Biên phòng Phìn Hồ bắt giữ 1 đối tượng vận chuyển 2 bánh heroin. Đối tượng đã bị tạm giữ hình sự.",
     ["drug_seized 2", "persons_arrested 1"]),
    ("en", "On June 1, police arrested two men with 8 kg of crystal meth. The driver was detained at the scene.",
     ["drug_seized 8", "persons_arrested 2"]),
    # not governed by an arrest: nothing
    ("en", "On August 8, police seized 4 kg of heroin. The driver fled and remains at large.", ["drug_seized 4"]),
    ("vi", "Ngày 9/8, lực lượng chức năng thu giữ 4 bánh heroin, đối tượng đã bỏ trốn.", ["drug_seized 4"]),
    ("vi", "Ngày 10/8, tổ công tác phát hiện đối tượng đang cất giấu 2 bánh heroin.", ["drug_seized 2"]),
    # people of a tally are never counted without their number
    ("vi", "Năm 2024, Công an tỉnh bắt giữ đối tượng truy nã và thu giữ 20 kg ma túy các loại.", ["drug_seized 20"]),
    ("vi", "Ngày 4/4, các đối tượng đã bị bắt giữ cùng 3 bánh heroin.", ["drug_seized 3"]),
]


@pytest.mark.parametrize("language, text, expected", DEFINITE_PEOPLE)
def test_a_person_named_without_a_number(language, text, expected):
    assert standing(text, D(2025, 12, 20), language) == expected
