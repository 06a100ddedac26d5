"""Each figure's reporting window, how it was found (window_basis) and the precision of its dates,
table-driven over our own sentences in the style of provincial and national press."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from metrics.agencies import AgencyRegistry
from metrics.extract import extract

REGISTRY = AgencyRegistry.from_frame(pd.read_csv("data/agencies.csv", dtype=str, keep_default_na=False))
D = date

# (id, language, published, text, quote of the figure, start, end, basis, precision)
WINDOWS = [
    ("vi_day_year_from_publication", "vi", D(2025, 5, 20), "Khoảng 10 giờ ngày 3/5, tổ công tác thu giữ 8 bánh heroin.",
     "8 bánh heroin", D(2025, 5, 3), D(2025, 5, 3), "publication", "day"),
    ("vi_day_after_publication_is_last_year", "vi", D(2025, 1, 6), "Rạng sáng 30-12, công an thu giữ 2 kg cần sa.",
     "2 kg cần sa", D(2024, 12, 30), D(2024, 12, 30), "publication", "day"),
    ("vi_day_with_year_is_stated", "vi", D(2025, 1, 6), "Ngày 30/12/2024, công an thu giữ 2 kg cần sa.",
     "2 kg cần sa", D(2024, 12, 30), D(2024, 12, 30), "stated", "day"),
    ("vi_day_carries_to_the_next_sentence", "vi", D(2025, 5, 20),
     "Sáng 14/5, Đồn Biên phòng phát hiện một xe tải chở hàng. Kiểm tra, lực lượng chức năng thu giữ 900 bao thuốc lá.",
     "900 bao thuốc lá", D(2025, 5, 14), D(2025, 5, 14), "inherited", "day"),
    ("vi_a_tally_ends_the_day", "vi", D(2025, 5, 20),
     "Sáng 14/5, Đồn Biên phòng bắt 1 đối tượng. Từ đầu năm đến nay, đơn vị đã bắt 12 vụ.",
     "12 vụ", D(2025, 1, 1), D(2025, 5, 20), "publication", "year"),
    ("vi_start_of_year_to_a_day", "vi", D(2021, 6, 30), "Từ đầu năm 2021 đến ngày 15-6-2021, lực lượng chức năng bắt 40 vụ.",
     "40 vụ", D(2021, 1, 1), D(2021, 6, 15), "stated", "day"),
    ("vi_days_without_year", "vi", D(2025, 7, 10), "Từ ngày 1/1 đến 30/6, đơn vị bắt giữ 25 đối tượng.",
     "25 đối tượng", D(2025, 1, 1), D(2025, 6, 30), "publication", "day"),
    ("vi_year_running_ends_at_publication", "vi", D(2025, 6, 18), "Năm 2025, đơn vị đã bắt giữ 30 vụ.",
     "30 vụ", D(2025, 1, 1), D(2025, 6, 18), "publication", "year"),
    ("vi_quarter_running", "vi", D(2024, 11, 25), "Trong quý IV, lực lượng chức năng bắt giữ 6 vụ.",
     "6 vụ", D(2024, 10, 1), D(2024, 11, 25), "publication", "quarter"),
    ("vi_mixed_window", "vi", D(2023, 6, 20), "Năm 2022 và 5 tháng đầu năm 2023, hai bên bắt giữ 70 đối tượng.",
     "70 đối tượng", D(2022, 1, 1), D(2023, 5, 31), "stated", "span"),
    ("vi_since_an_event", "vi", D(2023, 3, 1),
     "Kể từ khi ký kết quy chế phối hợp (tháng 5/2022), hai bên đã bắt giữ 19 vụ.",
     "19 vụ", D(2022, 5, 1), D(2023, 3, 1), "event", "month"),
    ("vi_months_after_an_event", "vi", D(2022, 9, 12),
     "Sau 3 tháng triển khai cao điểm (bắt đầu từ 15/3), đơn vị bắt giữ 11 vụ.",
     "11 vụ", D(2022, 3, 15), D(2022, 6, 14), "event", "day"),
    ("en_day_month_name", "en", D(2024, 3, 20), "On March 9, police seized 3 kg of heroin.",
     "3 kg of heroin", D(2024, 3, 9), D(2024, 3, 9), "publication", "day"),
    ("en_between_months", "en", D(2022, 7, 14), "Between January and May, police arrested 31 people in drug cases.",
     "31 people in drug", D(2022, 1, 1), D(2022, 5, 31), "publication", "month"),
    ("en_since_month", "en", D(2025, 8, 6), "Since March, officers have seized 210 kg of cannabis.",
     "210 kg of cannabis", D(2025, 3, 1), D(2025, 8, 6), "publication", "month"),
    ("en_first_year_of_an_agreement", "en", D(2023, 4, 18),
     "In the first year of carrying out the memorandum signed in March 2022, the two sides seized 85 kg of heroin.",
     "85 kg of heroin", D(2022, 3, 1), D(2023, 2, 28), "event", "month"),
    ("en_last_weekday", "en", D(2025, 3, 7), "Last Wednesday, officers seized 40 kg of opium.",
     "40 kg of opium", D(2025, 3, 5), D(2025, 3, 5), "publication", "day"),
    ("en_last_weekday_a_week_back", "en", D(2025, 3, 5), "Last Wednesday, officers seized 40 kg of opium.",
     "40 kg of opium", D(2025, 2, 26), D(2025, 2, 26), "publication", "day"),
    ("en_said_on_a_weekday_is_not_the_window", "en", D(2025, 3, 7),
     "Police said on Thursday that in 2019 officers seized 12 kg of heroin.", "12 kg of heroin", D(2019, 1, 1), D(2019, 12, 31), "stated", "year"),
    ("en_last_week_is_the_calendar_week_before", "en", D(2025, 10, 15),
     "Border guards in Dien Bien last week seized 6 kg of opium.", "6 kg of opium", D(2025, 10, 6), D(2025, 10, 12),
     "publication", "span"),
    ("en_last_week_carries_through_the_story", "en", D(2025, 10, 15),
     "Last week, police in Bokeo stopped a pickup near the river. Officers seized 40,000 meth pills hidden in the cabin.",
     "40,000 meth pills", D(2025, 10, 6), D(2025, 10, 12), "inherited", "span"),
    ("vi_tuan_qua_is_the_seven_days_before", "vi", D(2025, 10, 15), "Trong tuần qua, Công an tỉnh Sơn La bắt 6 đối tượng.",
     "6 đối tượng", D(2025, 10, 8), D(2025, 10, 15), "publication", "span"),
    ("en_last_month", "en", D(2025, 10, 15), "Last month, customs officers at Cau Treo seized 2 kg of ketamine.",
     "2 kg of ketamine", D(2025, 9, 1), D(2025, 9, 30), "publication", "month"),
    ("en_mixed_window", "en", D(2024, 5, 10), "In 2023 and the first quarter of 2024, police arrested 64 people.",
     "64 people", D(2023, 1, 1), D(2024, 3, 31), "stated", "span"),
]


@pytest.mark.parametrize("language, published, text, quote, start, end, basis, precision", [w[1:] for w in WINDOWS],
                         ids=[w[0] for w in WINDOWS])
def test_window_of_a_figure(language, published, text, quote, start, end, basis, precision):
    result = extract(text, published, language, REGISTRY)
    assert result.failures == []
    figure = next(f for f in result.figures if f.quote == quote)
    assert (figure.period_start, figure.period_end, figure.window_basis, figure.window_precision) == (start, end, basis, precision)


def test_no_window_ends_after_publication():
    text = "Trong năm 2025, đơn vị bắt 9 vụ. Quý III, đơn vị thu giữ 4 kg heroin. 6 tháng cuối năm, bắt 3 đối tượng."
    for figure in extract(text, D(2025, 8, 2), "vi", REGISTRY).figures:
        assert figure.period_end is not None and figure.period_end <= D(2025, 8, 2), figure


def test_a_figure_without_a_window_says_so():
    figure = extract("Đơn vị bắt giữ 4 đối tượng.", D(2025, 1, 1), "vi", REGISTRY).figures[0]
    assert (figure.period_start, figure.window_basis, figure.window_precision) == (None, "", "")
