"""metrics.syndication: a republished article is found; a different report on the same subject is not."""

from __future__ import annotations

import pytest

from metrics.syndication import COPY_THRESHOLD, CopyIndex, shingles

ORIGINAL = """Ngày 12/10, Bộ đội Biên phòng tỉnh Quảng Trị phối hợp với Công an huyện Hướng Hóa bắt quả tang 2 đối tượng đang vận chuyển trái phép 9 bánh heroin và 24.000 viên ma túy tổng hợp qua đường mòn biên giới.
Tại thời điểm bắt giữ, lực lượng chức năng thu giữ thêm 1 xe máy, 3 điện thoại di động và 12 triệu đồng tiền mặt.
Bước đầu, các đối tượng khai nhận đã nhận vận chuyển số ma túy trên từ bên kia biên giới về nội địa để lấy tiền công.
Vụ việc đang được củng cố hồ sơ để xử lý theo quy định của pháp luật."""

HEADER_FOOTER = "TIN NHANH 24H | Thời sự | Pháp luật\n" + ORIGINAL + "\n(Theo Báo Quảng Trị)\nChia sẻ bài viết: Facebook Zalo"
PARAGRAPH_MORE = ORIGINAL + ("\nTừ đầu năm đến nay, lực lượng chức năng trên địa bàn đã phát hiện, xử lý nhiều vụ việc tương tự, "
                             "góp phần giữ vững an ninh trật tự khu vực biên giới.")
REWORDED_SHORTER = "\n".join(ORIGINAL.splitlines()[:3])  # the last paragraph dropped
SAME_SUBJECT_OTHER_REPORT = """Ngày 14/10, Công an tỉnh Quảng Trị cho biết đã bắt giữ 3 đối tượng vận chuyển trái phép 15 bánh heroin trên quốc lộ 9, gần cửa khẩu quốc tế Lao Bảo.
Lực lượng chức năng thu giữ 1 xe ô tô, 4 điện thoại di động và nhiều giấy tờ liên quan; các đối tượng khai đã nhận hàng từ một người đàn ông không rõ lai lịch.
Cơ quan Cảnh sát điều tra đang mở rộng điều tra, truy bắt các đối tượng liên quan trong đường dây."""
ENGLISH_TRANSLATION = """On October 12, the Quang Tri Border Guard and Huong Hoa district police caught 2 people carrying 9 cakes of heroin and 24,000 synthetic drug pills along a border trail.
They also seized 1 motorbike, 3 mobile phones and 12 million dong in cash.
The suspects said they had been paid to carry the drugs from across the border.
The case is being prepared for prosecution."""


@pytest.fixture(scope="module")
def index():
    return CopyIndex([("007_original", ORIGINAL), ("008_other", SAME_SUBJECT_OTHER_REPORT)])


@pytest.mark.parametrize("text, expected", [
    (ORIGINAL, "007_original"),
    (HEADER_FOOTER, "007_original"),
    (PARAGRAPH_MORE, "007_original"),
    (REWORDED_SHORTER, "007_original"),
    (SAME_SUBJECT_OTHER_REPORT, "008_other"),
    (ENGLISH_TRANSLATION, None),  # a translation is another report, not a copy
    ("Bắt giữ 2 đối tượng vận chuyển 9 bánh heroin.", None),  # too short to call a copy of anything
], ids=["itself", "header-footer", "paragraph-more", "paragraph-less", "other-report", "translation", "headline"])
def test_copies_are_found_and_other_reports_are_not(index, text, expected):
    found = index.find(text)
    assert (found.source_id if found else None) == expected
    if found:
        assert max(found.similarity, found.containment) >= COPY_THRESHOLD


def test_a_report_on_the_same_subject_is_not_a_copy_of_the_original():
    found = CopyIndex([("007_original", ORIGINAL)]).find(SAME_SUBJECT_OTHER_REPORT)
    assert found is None


def test_shingles_ignore_case_and_punctuation():
    assert shingles("Bắt giữ 9 bánh heroin, tại biên giới.") == shingles("bắt GIỮ 9 bánh heroin tại biên giới")
