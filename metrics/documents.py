"""Uploaded documents (.txt, .html, .docx, .pdf bytes) read into plain text.

The text returned here is the text a report's quotes point into: figure offsets are counted
in it, and it is what the store keeps. Uploaded names are only ever shown, never used as
paths: ``display_name`` keeps the last path component with control characters removed.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass

__all__ = [
    "Document",
    "DocumentError",
    "MAX_BYTES",
    "SUPPORTED_SUFFIXES",
    "display_name",
    "normalise_text",
    "read_document",
    "sha256_text",
]

MAX_BYTES = 5 * 1024 * 1024
SUPPORTED_SUFFIXES = (".txt", ".html", ".htm", ".docx", ".pdf")
_KINDS = {".txt": "text", ".html": "html", ".htm": "html", ".docx": "docx", ".pdf": "pdf"}


class DocumentError(ValueError):
    """A document cannot be read; the message is one sentence a user can act on."""


@dataclass(frozen=True)
class Document:
    name: str  # for display only; never a path
    kind: str  # text | html | docx | pdf
    text: str
    sha256: str  # of the bytes as received
    size: int


def display_name(filename: str | None) -> str:
    """The last component of an uploaded name, printable, at most 120 characters."""
    name = re.split(r"[\\/]", filename or "")[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    return name[:120] or "document"


def normalise_text(text: str) -> str:
    """NFC, Unix line ends, no NUL, no trailing spaces at the end of the text."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\x00", "").strip()


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_document(data: bytes, filename: str) -> Document:
    """Read an uploaded file's bytes into text, by its suffix, checking its content matches."""
    name = display_name(filename)
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in _KINDS:
        allowed = ", ".join(SUPPORTED_SUFFIXES)
        raise DocumentError(f"{name}: unsupported file type '{suffix or 'none'}'; use one of {allowed}.")
    if len(data) > MAX_BYTES:
        raise DocumentError(f"{name}: the file is {len(data) / 1024 / 1024:.1f} MB; the limit is 5 MB.")
    if not data.strip():
        raise DocumentError(f"{name}: the file is empty.")
    kind = _KINDS[suffix]
    text = normalise_text(_READERS[kind](data, name))
    if not text:
        raise DocumentError(f"{name}: no text could be read from the file.")
    return Document(name=name, kind=kind, text=text, sha256=hashlib.sha256(data).hexdigest(), size=len(data))


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DocumentError(f"{name}: the text is not UTF-8; save it as UTF-8 and try again.") from None


def _read_text(data: bytes, name: str) -> str:
    if data.startswith((b"%PDF", b"PK\x03\x04")) or b"\x00" in data[:1024]:
        raise DocumentError(f"{name}: this is a binary file, not plain text; check its type.")
    return _decode(data, name)


def _read_html(data: bytes, name: str) -> str:
    import trafilatura

    html = _read_text(data, name)
    if "<" not in html:
        raise DocumentError(f"{name}: this does not look like HTML; save it as .txt instead.")
    text = trafilatura.extract(html, include_comments=False, include_tables=True, favor_recall=True)
    if not text:
        raise DocumentError(f"{name}: no article text was found in the HTML page.")
    return text


def _read_docx(data: bytes, name: str) -> str:
    import docx

    if not data.startswith(b"PK\x03\x04"):
        raise DocumentError(f"{name}: this is not a Word .docx file (old .doc files are not supported).")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # python-docx raises several kinds for a damaged package
        raise DocumentError(f"{name}: the Word file could not be opened; it may be damaged.") from None
    paragraphs = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            paragraphs.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(paragraphs)


def _read_pdf(data: bytes, name: str) -> str:
    import pypdf
    from pypdf.errors import PyPdfError

    if not data.startswith(b"%PDF"):
        raise DocumentError(f"{name}: this is not a PDF file.")
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise DocumentError(f"{name}: the PDF is password-protected; remove the password first.")
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except DocumentError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError):
        raise DocumentError(f"{name}: the PDF could not be read; it may be damaged.") from None
    if not text.strip():
        raise DocumentError(f"{name}: the PDF has no text layer (a scan?); paste its text instead.")
    return text


_READERS = {"text": _read_text, "html": _read_html, "docx": _read_docx, "pdf": _read_pdf}
