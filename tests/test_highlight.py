"""metrics.highlight and ui.document: quotes highlighted at their offsets, page noise marked, text escaped."""

from metrics.highlight import _repeated_lines, highlight_segments, page_noise, quote_matches
from ui.document import document_html


def test_segments_cover_the_text_and_carry_figure_ids():
    text = "Bắt 128 vụ/512 người trong năm."
    segments = highlight_segments(text, [(4, 20, "003-01"), (11, 20, "003-02")])
    assert "".join(s.text for s in segments) == text
    marked = {s.text: s.figure_ids for s in segments if s.figure_ids}
    assert marked == {"128 vụ/": ("003-01",), "512 người": ("003-01", "003-02")}


def test_every_seed_quote_is_found_at_its_offsets(bundle):
    for row in bundle.figures.itertuples():
        assert quote_matches(bundle.source_text(row.source_id), row.quote_start, row.quote_end, row.quote), row.figure_id


def test_repeated_caption_lines_are_noise():
    text = "Body.\nCaption.\nCaption.\nMore body."
    spans = _repeated_lines(text)
    assert [text[s:e] for s, e in spans] == ["Caption.", "Caption."]


def test_seed_source_tail_is_marked_as_noise(bundle):
    text = bundle.source_text("001_38e1de18716da251")
    noisy = "".join(text[s:e] for s, e in page_noise(text))
    assert "Tin đọc nhiều trong tuần" in noisy


def test_document_html_escapes_article_text():
    text = "<script>alert(1)</script> 5 kg <b>heroin</b>"
    html = document_html(highlight_segments(text, [(26, 30, "X-1")]), selected="X-1")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b>" not in html
    assert '<mark id="fig-X-1" class="bm-selected" title="X-1">5 kg</mark>' in html
