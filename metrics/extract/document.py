"""A document (UTF-8 text or HTML bytes) decoded and handed to the extractor."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from ..agencies import AgencyRegistry
from .candidates import MAX_DOCUMENT_BYTES, Extraction, ExtractionError
from .extractor import extract

_HTML = re.compile(r"<(?:!doctype\s+html|html|body|head|p|div|article|span|br|table|a\s)[^>]{0,200}>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]{0,2000}>")
_VI_LETTERS = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)


def _guess_language(text: str) -> str:
    sample = text[:20000]
    letters = sum(ch.isalpha() for ch in sample) or 1
    return "vi" if len(_VI_LETTERS.findall(sample)) / letters > 0.02 else "en"


def extract_document(
    data: bytes,
    filename: str = "",
    published: date | None = None,
    language: str | None = None,
    registry: AgencyRegistry | None = None,
) -> Extraction:
    """Decode a document (UTF-8 text or HTML) and extract from its main text."""
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    if not isinstance(data, (bytes, bytearray)):
        raise ExtractionError("The document must be given as bytes.")
    label = f"'{filename}'" if filename else "The document"
    if len(data) > MAX_DOCUMENT_BYTES:
        raise ExtractionError(f"{label} is larger than {MAX_DOCUMENT_BYTES // 1_000_000} MB; split it into articles.")
    if not data.strip():
        raise ExtractionError(f"{label} is empty.")
    if b"\x00" in data[:65536]:
        raise ExtractionError(f"{label} looks like a binary file, not text: give a UTF-8 text or HTML file.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ExtractionError(f"{label} is not UTF-8 text: save it as UTF-8 and try again.") from None
    if language is not None and language not in ("vi", "en"):
        raise ExtractionError(f"Unknown language '{language}': use 'vi' or 'en'.")
    if filename.lower().endswith((".html", ".htm")) or _HTML.search(text[:5000]):
        text = _main_text(text)
        if not text.strip():
            raise ExtractionError(f"{label} is HTML without any article text.")
    text = unicodedata.normalize("NFC", text)
    return extract(text, published, language or _guess_language(text), registry)


def _main_text(html: str) -> str:
    try:
        import trafilatura

        extracted = trafilatura.extract(html, include_comments=False, include_tables=True, favor_precision=True)
    except Exception:  # trafilatura fails on some malformed pages; fall back to stripping tags
        extracted = None
    if extracted:
        return extracted
    import html as html_lib

    stripped = re.sub(r"(?is)<(script|style)\b.*?</\1\s*>", " ", html) if len(html) < 5_000_000 else html
    return html_lib.unescape(_TAG.sub("\n", stripped))
