"""metrics.extract.changes: stated changes ("tăng 12 vụ so với cùng kỳ năm 2024") read as their own kind, and stored."""

from dataclasses import replace
from datetime import date

import pytest

from metrics.access import Actor
from metrics.extract import extract, extract_document
from metrics.extract.changes import _matches
from metrics.ingest import ingest_bytes
from metrics.store import Store, StoreError

# (language, published, text, [(direction, amount, percent?, unit, base, base year, value of the figure it qualifies)])
CHANGES = [
    ("vi", "2024-07-04", "Trong 6 tháng đầu năm 2024, BĐBP tỉnh Nghệ An đã bắt giữ 37 vụ, tăng 12 vụ so với cùng kỳ năm 2023.",
     [("up", 12, False, "vụ", "same_period", None, 37)]),
    ("vi", "2024-12-30", "Năm 2024, đơn vị bắt 95 đối tượng, giảm 8,5% so với cùng kỳ.",
     [("down", 8.5, True, "%", "same_period", None, 95)]),
    ("vi", "2024-12-30", "Toàn lực lượng đã phát hiện 64 vụ (giảm 8 vụ), bắt 80 đối tượng (tăng 11 đối tượng) so với cùng kỳ năm trước.",
     [("down", 8, False, "vụ", "same_period", None, 64), ("up", 11, False, "đối tượng", "same_period", None, 80)]),
    ("vi", "2025-01-08", "Năm 2024, lực lượng chức năng thu giữ 18,2 kg heroin, tăng 3,1 kg so với năm 2023.",
     [("up", 3.1, False, "kg", "year", 2023, 18.2)]),
    ("vi", "2024-10-02", "Từ đầu năm đến nay đã bắt giữ 22 vụ, giảm 4 vụ.",
     [("down", 4, False, "vụ", "", None, 22)]),
    ("vi", "2024-10-02", "Đơn vị đã bắt giữ 22 vụ, thu 5 bánh heroin.", []),  # no change stated
    ("en", "2024-07-10", "In the first half of 2024 the Nghe An border guard arrested 37 cases, up 12 cases year on year.",
     [("up", 12, False, "cases", "same_period", None, 37)]),
    ("en", "2025-01-12", "Police seized 18 kg of heroin in 2024, an increase of 20 percent compared with 2023.",
     [("up", 20, True, "%", "year", 2023, 18)]),
    ("en", "2024-12-20", "The command detained 95 people this year, 9 fewer than in the same period of 2023.",
     [("down", 9, False, "people", "same_period", None, 95)]),
    ("en", "2024-12-20", "Rescues rose by 15% from a year earlier to 30 victims.",
     [("up", 15, True, "%", "same_period", None, 30)]),
]


@pytest.mark.parametrize("language, published, text, expected", CHANGES)
def test_stated_changes(language, published, text, expected):
    extraction = extract(text, date.fromisoformat(published), language)
    got = [(c.direction, c.amount, c.is_percent, c.unit, c.base, c.base_year,
            extraction.figures[c.figure].value if c.figure is not None else None) for c in extraction.changes]
    assert got == expected
    for change in extraction.changes:
        assert text[change.start:change.end] == change.quote


def test_a_change_is_never_a_figure():
    extraction = extract("Năm 2024, đơn vị bắt 95 đối tượng, tăng 12 đối tượng so với cùng kỳ.", date(2024, 12, 30))
    assert [f.value for f in extraction.figures] == [95]


def test_same_period_base_is_the_figures_window_a_year_earlier():
    text = "Trong 6 tháng đầu năm 2024, BĐBP tỉnh Nghệ An đã bắt giữ 37 vụ, tăng 12 vụ so với cùng kỳ năm 2023."
    extraction = extract(text, date(2024, 7, 4))
    change = extraction.changes[0]
    assert change.base_window(extraction.figures[change.figure]) == (date(2023, 1, 1), date(2023, 6, 30))


def test_ingest_stores_the_changes_with_the_ids_of_their_figures(tmp_path):
    store = Store(tmp_path / "changes.sqlite")
    text = "Năm 2024, BĐBP tỉnh Nghệ An bắt giữ 64 vụ (giảm 8 vụ), 80 đối tượng (tăng 11 đối tượng) so với cùng kỳ năm trước."
    result = ingest_bytes(store, Actor("tester", True), text.encode("utf-8"), "report.txt", published="2024-12-30",
                          accept=False)
    stored = store.stated_changes_frame(result.source_id)
    figures = store.figures_frame(result.source_id).set_index("figure_id")
    assert list(stored["direction"]) == ["down", "up"]
    assert [figures.loc[f, "value"] for f in stored["figure_id"]] == [64, 80]
    assert list(stored["quote"]) == ["giảm 8 vụ", "tăng 11 đối tượng"]
    assert set(store.audit_frame("stated_change")["entity_id"]) == set(stored["change_id"])


def test_a_stated_change_that_cannot_be_stored_leaves_no_part_of_the_report_behind(tmp_path):
    def shifted_change_offsets(*args, **kwargs):
        extraction = extract_document(*args, **kwargs)
        extraction.changes = [replace(change, start=change.start + 1) for change in extraction.changes]
        return extraction

    store = Store(tmp_path / "changes.sqlite")
    stored_before = (len(store.sources_frame()), len(store.figures_frame()), len(store.stated_changes_frame()))
    text = "Năm 2024, BĐBP tỉnh Nghệ An bắt giữ 64 vụ (giảm 8 vụ), 80 đối tượng (tăng 11 đối tượng) so với cùng kỳ năm trước."
    with pytest.raises(StoreError, match="stated change 1: its quote is not at offsets"):
        ingest_bytes(store, Actor("tester", True), text.encode("utf-8"), "report.txt", published="2024-12-30",
                     accept=True, extractor=shifted_change_offsets)
    assert (len(store.sources_frame()), len(store.figures_frame()), len(store.stated_changes_frame())) == stored_before


# Vietnamese change phrases are looked for only where a direction word begins (in lower case): the
# same phrases as the patterns tried around every trigger word, in any case and spacing.
VI_PHRASINGS = [
    "Bắt 37 vụ, tăng 12 vụ; thu 5 kg, giảm bớt 2 kg so với cùng kỳ.",
    "Số vụ nhiều hơn 7 vụ, số đối tượng ít  hơn 3 đối tượng.",
    "TĂNG 4 VỤ, GIẢM 8,5% so với năm 2023; Tăng thêm 2 bánh.",
    "Đơn vị bắt 22 vụ, tăng hơn 10 vụ, nhiều hơn năm trước; tăng cường phối hợp, giảm thiểu tác hại.",
    "xtăng 5 vụ, ít hơn, hơn 3 vụ, giảm",
]


@pytest.mark.parametrize("text", VI_PHRASINGS)
def test_vietnamese_changes_found_at_direction_words_are_those_found_around_triggers(text):
    around_triggers = [(m.start(), m.end()) for m in _matches(text, "vi")]
    at_direction_words = [(m.start(), m.end()) for m in _matches(text, "vi", text.lower())]
    assert at_direction_words == around_triggers
    assert around_triggers or text.startswith("xtăng")
