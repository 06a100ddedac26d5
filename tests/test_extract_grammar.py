"""The general grammar of reports, table-driven over our own sentences (never the blind samples'):
people named without a number, vehicles stopped and seized in the next sentences, totals written
after their parts. Each table lists the standing figures (not restatements) as "metric value"."""

from __future__ import annotations

from datetime import date

import pytest

from metrics.extract import extract

D = date


def standing(text: str, published: date, language: str, shown: str = "") -> list[str]:
    """Each standing figure (not a restatement) as "metric value", then its window, its category or,
    for a part of a total, "< total", as ``shown`` asks."""
    figures = extract(text, published, language).figures

    def described(f) -> str:
        if shown == "window":
            return f" {f.period_start}..{f.period_end}"
        if shown == "category":
            return f" {f.category}"
        return f" < {figures[f.part_of].value:g}" if shown == "part" and f.part_of is not None else ""

    return sorted(f"{f.metric} {f.value:g}" + described(f) for f in figures if f.restates is None)


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
     ["drug_seized 2", "persons_arrested 1", "vehicle_seized 1"]),
    # a second person joined to the first, then the verb in the plural: two
    ("en", "The rider, a 19-year-old student, and his companion were arrested on June 6 with 900 meth pills.",
     ["drug_seized 900", "persons_arrested 2"]),
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



# A vehicle stopped or inspected is seized when its story goes on to a seizure or an arrest (in its
# sentence or the next two, in an incident's story); one named without a number after a seizure
# verb ("tạm giữ chiếc xe máy", "the truck was impounded") is one vehicle, the same as any before it.
VEHICLES = [
    ("en", "On May 5, police stopped a pickup truck on Route 13. Officers found 22 kg of crystal meth behind the seats.",
     ["drug_seized 22", "vehicle_seized 1"]),
    ("en", "Soldiers flagged down two motorbikes near the border on June 2. A search turned up 3 bricks of heroin.",
     ["drug_seized 3", "vehicle_seized 2"]),
    ("en", "On July 7, police impounded the car and seized 8 kg of heroin hidden in its doors.",
     ["drug_seized 8", "vehicle_seized 1"]),
    ("en", "Police stopped a car at the checkpoint on March 4. The car was later impounded.", ["vehicle_seized 1"]),
    ("vi", "Ngày 3/5, tổ công tác dừng 1 xe ô tô để kiểm tra. Qua kiểm tra, phát hiện 12 bánh heroin giấu dưới ghế.",
     ["drug_seized 12", "vehicle_seized 1"]),
    ("vi", "Ngày 6/5, Đồn Biên phòng Ka Lăng chặn 2 xe máy tại đường mòn. Tổ công tác thu giữ 5.000 viên ma túy tổng hợp.",
     ["drug_seized 5000", "vehicle_seized 2"]),
    ("vi", "Sáng 9/5, lực lượng chức năng thu giữ 2 bánh heroin, đồng thời tạm giữ chiếc xe máy đối tượng sử dụng.",
     ["drug_seized 2", "vehicle_seized 1"]),
    ("vi", "Chiều 11/5, tổ công tác kiểm tra 1 xe tải, phát hiện 300 kg pháo nổ. Lực lượng chức năng tạm giữ xe tải.",
     ["other 300", "vehicle_seized 1"]),
    # stopped and let go, or inspected in a tally: no vehicle seized
    ("en", "On May 8, police stopped a truck on Route 9 and let it go after checking its papers.", []),
    ("vi", "Ngày 12/5, tổ công tác dừng 1 xe ô tô để kiểm tra giấy tờ. Xe được cho đi tiếp.", []),
    ("vi", "Năm 2024, đơn vị đã kiểm tra 350 phương tiện, phát hiện 12 vụ buôn lậu.", ["cases 12"]),
    ("vi", "Ngày 13/5, tổ công tác kiểm tra xe khách biển số 27B-012.34, phát hiện 1 bánh heroin trong hành lý của hành khách.",
     ["drug_seized 1"]),    # vehicles the lexicon names by other nouns (vans, buses, "xe ba gác", "ghe", "xuồng"), and seized in the passive
    ("en", "On June 3, customs officers seized two vans loaded with illegal timber at the Nam Phao checkpoint.", ["vehicle_seized 2"]),
    ("en", "On June 4, police seized a bus carrying 40 kg of dried cannabis in Khammouane.", ["drug_seized 40", "vehicle_seized 1"]),
    ("en", "On June 9, officers found 5 kg of heroin near the river, and a boat tied up on the bank was impounded.",
     ["drug_seized 5", "vehicle_seized 1"]),
    ("vi", "Tối 14/5, tổ tuần tra kiểm tra 1 chiếc xuồng máy trên sông, phát hiện 120 bao thuốc lá ngoại. Tổ công tác đã tạm giữ xuồng.",
     ["other 120", "vehicle_seized 1"]),
    ("vi", "Ngày 15/5, lực lượng chức năng thu giữ 3 xe ba gác chở hàng lậu qua đường mòn.", ["vehicle_seized 3"]),
    ("vi", "Chiều 16/5, tổ công tác kiểm tra xe bán tải biển số 24C-111.22, phát hiện 2 bánh heroin dưới sàn xe. "
           "Chiếc xe bán tải đã bị tạm giữ.", ["drug_seized 2", "vehicle_seized 1"]),
    ("vi", "Sáng 17/5, tổ công tác kiểm tra 1 chiếc ghe chở khách trên sông Hậu. Các giấy tờ đều hợp lệ.", []),
    ("vi", "Trưa 18/5, 3 xe máy không giấy tờ bị lực lượng chức năng tạm giữ tại chợ biên giới.", ["vehicle_seized 3"]),
    # the owner of what was seized is not a person arrested; the vehicle is counted
    ("vi", "Ngày 19/5, Công an huyện bắt 2 đối tượng vận chuyển 4 bánh heroin. Chiếc xe máy của đối tượng cũng bị tạm giữ.",
     ["drug_seized 4", "persons_arrested 2", "vehicle_seized 1"]),
]



# A total written after its parts ("tổng cộng", "in total", "bringing the total to") is one figure and
# the parts point to it (part_of: never added to it); only when the parts add up to it.
TOTALS_AFTER_PARTS = [
    ("vi", "Năm 2024, Đồn Biên phòng Ka Lăng bắt 14 đối tượng, Đồn Biên phòng Pa Tần bắt 9 đối tượng, tổng cộng 23 đối tượng.",
     ["persons_arrested 14 < 23", "persons_arrested 23", "persons_arrested 9 < 23"]),
    ("vi", "Trong tháng 10, phía Việt Nam thu giữ 12,5 kg heroin và phía Lào thu giữ 7,5 kg heroin. Tổng cộng, hai bên thu giữ 20 kg heroin.",
     ["drug_seized 12.5 < 20", "drug_seized 20", "drug_seized 7.5 < 20"]),
    ("en", "In 2023, police seized 300 kg of cannabis and customs seized 150 kg, bringing the total to 450 kg.",
     ["drug_seized 150 < 450", "drug_seized 300 < 450", "drug_seized 450"]),
    ("en", "Last year, officers handled 40 drug cases and 12 smuggling cases, 52 cases in total.",
     ["cases 12 < 52", "cases 40 < 52", "cases 52"]),
    # not the sum of what came before: figures of their own
    ("vi", "Năm 2024, đơn vị bắt 14 đối tượng; tổng cộng từ năm 2020 đến nay đã bắt 95 đối tượng.",
     ["persons_arrested 14", "persons_arrested 95"]),
    ("en", "In 2023, police seized 300 kg of cannabis, bringing the total since 2019 to 1,200 kg.",
     ["drug_seized 1200", "drug_seized 300"]),
]



# Counts as words: compounds ("twenty-three", "mười hai", "hai mươi lăm"), and a modifier between the
# count and what is counted ("three homemade guns", "two hand grenades", "four stolen motorbikes").
COUNTS_AS_WORDS = [
    ("en", "On May 3, twenty-three people were detained in a raid on a karaoke bar.", ["persons_arrested 23"]),
    ("en", "On May 4, police seized thirty-five motorbikes and arrested forty one suspects.",
     ["persons_arrested 41", "vehicle_seized 35"]),
    ("vi", "Ngày 5/5, lực lượng chức năng bắt giữ mười hai đối tượng.", ["persons_arrested 12"]),
    ("vi", "Ngày 6/5, đơn vị thu giữ hai mươi lăm bánh heroin.", ["drug_seized 25"]),
    ("en", "On May 7, soldiers confiscated three homemade guns and two hand grenades.",
     ["explosive_seized 2", "weapon_seized 3"]),
    ("en", "On May 8, police seized four stolen motorbikes and two unregistered pistols.",
     ["vehicle_seized 4", "weapon_seized 2"]),
    ("en", "On May 9, police detained the vehicle's two occupants and seized 5 kg of heroin.",
     ["drug_seized 5", "persons_arrested 2"]),
    # an adjective that names no kind of thing counted leaves nothing to count
    ("en", "On May 10, police met two local leaders and three village heads.", []),
]



# A sentence that says "also" ("cũng") or opens with "A total of" carries on the window before it.
CARRIED_WINDOWS = [
    ("vi", "Từ đầu năm đến nay, Đồn Biên phòng Bát Xát bắt 8 vụ buôn lậu. Đơn vị cũng tổ chức 40 buổi tuyên truyền.",
     ["cases 8 2025-01-01..2025-12-20", "outreach_sessions 40 2025-01-01..2025-12-20"]),
    ("en", "In 2024, police seized 120 kg of heroin. A total of 310 suspects were arrested.",
     ["drug_seized 120 2024-01-01..2024-12-31", "persons_arrested 310 2024-01-01..2024-12-31"]),
]


# People arrested carrying, hiding or holding a drug told later in their clause are drug traffickers;
# people arrested "in N drug cases" take the cases' crime.
CATEGORIES = [
    ("en", "Three Thai nationals were arrested at a rubber plantation in Bokeo on May 11 while transporting 60 kg of crystal meth.",
     ["drug_seized 60 crystal_meth", "persons_arrested 3 drug_trafficking"]),
    ("vi", "Hai đối tượng người địa phương đã bị tổ công tác bắt giữ tại khu vực bản Xa Vền khi đang cất giấu 3 bánh heroin.",
     ["drug_seized 3 heroin", "persons_arrested 2 drug_trafficking"]),
    ("en", "In 2023, 1,870 suspects were arrested in 1,204 drug cases.",
     ["cases 1204 drug_trafficking", "persons_arrested 1870 drug_trafficking"]),
    # the drug belongs to another clause: nothing said of the people's crime
    ("vi", "Tổ công tác bắt giữ 2 đối tượng; qua khám xét nơi ở của một người dân khác, thu giữ 3 bánh heroin.",
     ["drug_seized 3 heroin", "persons_arrested 2 all_crime"]),
]


# People counted by a noun the lexicon does not hold, or by name: the verb says they are people.
PEOPLE_BY_THE_VERB = [
    ("en", "On May 12, four Cambodian fishermen were detained after 2 kg of heroin was found on their boat.",
     ["drug_seized 2", "persons_arrested 4"]),
    ("en", "Three managers of the casino were arrested on May 13.", ["persons_arrested 3"]),
    ("en", "On May 14, two suspects were taken into custody at the Nam Phao checkpoint.", ["persons_arrested 2"]),
    ("en", "On May 15, police rescued nine Lao workers from a factory in Binh Duong.", ["victims_rescued 9"]),
    ("vi", "Ngày 16/5, Công an huyện Mường Lát bắt quả tang Thào A Lử (sinh năm 1985) đang vận chuyển 2 bánh heroin.",
     ["drug_seized 2", "persons_arrested 1"]),
    # not people arrested: a count of things, or people who did something else
    ("en", "On May 17, three villages were visited by the border post's outreach team.", []),
    ("en", "Two officers were injured during the raid on May 18.", []),
    ("en", "In 2022 officials were arrested for taking bribes at the checkpoint.", []),
    ("vi", "Ngày 19/5, đơn vị bắt giữ Công an xã báo cáo kết quả.", []),
]

# Each table with what its expectations show beside "metric value".
TABLES = {
    "person-without-number": (DEFINITE_PEOPLE, ""),
    "vehicle-stopped-then-seized": (VEHICLES, ""),
    "total-after-parts": (TOTALS_AFTER_PARTS, "part"),
    "counts-as-words": (COUNTS_AS_WORDS, ""),
    "window-carried-on": (CARRIED_WINDOWS, "window"),
    "people-crime": (CATEGORIES, "category"),
    "people-by-the-verb": (PEOPLE_BY_THE_VERB, ""),
}


@pytest.mark.parametrize("shown, language, text, expected", [
    pytest.param(shown, language, text, expected, id=f"{name}-{number}")
    for name, (table, shown) in TABLES.items() for number, (language, text, expected) in enumerate(table)
])
def test_the_grammar_of_reports(shown, language, text, expected):
    assert standing(text, D(2025, 12, 20), language, shown) == expected
