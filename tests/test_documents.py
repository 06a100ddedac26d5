import hashlib
import io

import pytest

from metrics.documents import MAX_BYTES, DocumentError, display_name, read_document

VI_TEXT = "Bộ đội Biên phòng đã bắt giữ 12 đối tượng, thu giữ 3 bánh heroin."


def _docx(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _pdf(text: str | None) -> bytes:
    """A one-page PDF with ``text`` drawn in Helvetica (no page content when None)."""
    stream = b"" if text is None else f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_text_is_read_as_utf8_with_bom_and_crlf_normalised():
    data = "\ufeff".encode() + VI_TEXT.replace(",", ",\r\n").encode("utf-8")
    document = read_document(data, "report.txt")
    assert document.text == VI_TEXT.replace(",", ",\n")
    assert document.kind == "text"
    assert document.sha256 == hashlib.sha256(data).hexdigest()


def test_decomposed_vietnamese_is_composed():
    import unicodedata

    document = read_document(unicodedata.normalize("NFD", VI_TEXT).encode(), "nfd.txt")
    assert document.text == VI_TEXT


def test_html_gives_the_article_text_without_tags():
    paragraphs = "".join(f"<p>{VI_TEXT} Đoạn {i}.</p>" for i in range(6))
    html = f"<html><head><title>T</title></head><body><nav>Menu</nav><article>{paragraphs}</article></body></html>"
    document = read_document(html.encode(), "page.html")
    assert VI_TEXT in document.text
    assert "<p>" not in document.text


def test_docx_paragraphs_are_read():
    document = read_document(_docx(["Tiêu đề", VI_TEXT]), "bao-cao.docx")
    assert document.text == f"Tiêu đề\n{VI_TEXT}"
    assert document.kind == "docx"


def test_pdf_text_layer_is_read():
    document = read_document(_pdf("Border guards seized 12 kg of heroin"), "report.pdf")
    assert "seized 12 kg of heroin" in document.text


@pytest.mark.parametrize(
    "data, filename, message",
    [
        (b"", "empty.txt", "empty"),
        (b"  \n\t ", "blank.txt", "empty"),
        (b"x" * (MAX_BYTES + 1), "big.txt", "limit is 5 MB"),
        (b"MZ\x90\x00", "tool.exe", "unsupported file type"),
        (b"old word", "old.doc", "unsupported file type"),
        (b"no suffix", "README", "unsupported file type"),
        (b"plain words", "fake.pdf", "not a PDF"),
        (b"plain words", "fake.docx", "not a Word .docx"),
        (b"PK\x03\x04 broken zip", "broken.docx", "could not be opened"),
        (b"%PDF-1.4 broken", "broken.pdf", "could not be read"),
        (VI_TEXT.encode("utf-16"), "utf16.txt", "binary file"),
        ("Bộ đội".encode("cp1258", errors="replace") + b"\xff\xfe", "latin.txt", "not UTF-8"),
        (b"%PDF-1.4\n...", "scan.txt", "binary file"),
        (b"just words, no markup", "page.html", "does not look like HTML"),
        (b"<html><body><script>var x = 1;</script></body></html>", "script.html", "no article text"),
    ],
)
def test_unreadable_documents_get_one_clear_sentence(data, filename, message):
    with pytest.raises(DocumentError) as caught:
        read_document(data, filename)
    text = str(caught.value)
    assert message in text
    assert "\n" not in text and "Traceback" not in text
    assert text.startswith(display_name(filename))


def test_pdf_without_a_text_layer_asks_for_pasted_text():
    with pytest.raises(DocumentError, match="no text layer"):
        read_document(_pdf(None), "scan.pdf")


def test_exactly_five_megabytes_is_accepted():
    data = (VI_TEXT + "\n").encode() * (MAX_BYTES // len((VI_TEXT + "\n").encode()))
    assert len(data) <= MAX_BYTES
    assert read_document(data, "long.txt").size == len(data)


@pytest.mark.parametrize(
    "uploaded, shown",
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("C:\\Users\\an\\báo cáo.docx", "báo cáo.docx"),
        ("/abs/path/x.pdf", "x.pdf"),
        ("bad\x00name\r\n.txt", "badname.txt"),
        ("", "document"),
        ("..", ".."),
    ],
)
def test_uploaded_names_are_reduced_to_a_display_name(uploaded, shown):
    assert display_name(uploaded) == shown


def test_a_path_like_name_never_reaches_the_file_system(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    document = read_document(VI_TEXT.encode(), "../../outside/evil.txt")
    assert document.name == "evil.txt"
    assert list(tmp_path.iterdir()) == []
