"""metrics.briefing and `metrics report`: the Word briefing read back (python-docx, LibreOffice) against `metrics summary`."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from compare_archive import archive, stated_store
from metrics.formatting import format_number
from metrics.i18n import category_label, metric_label, unit_label
from metrics.synth import write_bundle

ROOT = Path(__file__).resolve().parent.parent
PERIOD = ["--from", "2025-01-01", "--to", "2025-12-31"]
EVENT = {
    "event_id": "E-T1", "source_id": "t004", "kind": "conference", "date_precision": "day", "place": "Đông Hà", "country": "VN",
    "title": "Hội nghị sơ kết quy chế phối hợp giữa BĐBP Quảng Trị và Công an tỉnh Sa-van-na-khẹt (thử)",
    "start_date": "2025-05-20", "end_date": "2025-05-20", "participant_ids": "vn-test-bdbp-qt",
    "quote": "Báo cáo", "quote_start": 0, "quote_end": 7,
}


def run(*args):
    return subprocess.run([sys.executable, "-m", "metrics", *args], cwd=ROOT, capture_output=True, text=True)


@pytest.fixture(scope="module")
def bundle_dir(tmp_path_factory):
    return write_bundle(archive(with_newcomers=True, events=[EVENT]), tmp_path_factory.mktemp("archive"), texts=False)


@pytest.fixture(scope="module")
def briefing_files(bundle_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("briefing")
    files = {}
    for language in ("vi", "en"):
        path = out / f"bao-cao-{language}.docx"
        result = run("report", "--bundle", str(bundle_dir), *PERIOD, "--lang", language, "--format", "docx", "--out", str(path))
        assert result.returncode == 0, result.stderr
        files[language] = path
    return files


def _tables(path: Path) -> dict[str, list[list[str]]]:
    """Each table of the document by its first header cell and the next (several tables start alike)."""
    found = {}
    for table in docx.Document(str(path)).tables:
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        found.setdefault(" | ".join(rows[0][:2]), rows)
    return found


def test_summary_table_is_what_metrics_summary_gives(bundle_dir, briefing_files):
    result = run("summary", "--bundle", str(bundle_dir), *PERIOD, "--format", "json")
    assert result.returncode == 0, result.stderr
    expected = sorted(
        (metric_label(r["metric"], "vi"), category_label(r["category"], "vi"), format_number(r["value"], "vi"),
         unit_label(r["unit_norm"], "vi"), str(r["n_figures"]), str(r["n_sources"]))
        for r in json.loads(result.stdout))
    table = _tables(briefing_files["vi"])["Cơ quan | Đối tác"]
    assert table[0][:6] == ["Cơ quan", "Đối tác", "Chỉ số", "Loại", "Giá trị", "Đơn vị"]
    assert sorted((r[2], r[3], r[4], r[5], r[6], r[7]) for r in table[1:]) == expected
    assert len(expected) == 8


def test_headline_table_compares_only_where_fair(briefing_files):
    table = _tables(briefing_files["vi"])["Chỉ số | Đơn vị"]
    assert table[0] == ["Chỉ số", "Đơn vị", "2025", "2024", "Chênh lệch", "Thay đổi (%)", "Ghi chú"]
    cases = next(r for r in table if r[0] == "Số vụ")
    assert cases[2:6] == ["150", "100", "—", "—"]
    assert cases[6].startswith("2024: 3 tỉnh báo cáo; 2025: 5 tỉnh")
    drugs = next(r for r in table if r[0] == metric_label("drug_seized", "vi"))
    assert drugs[2:6] == ["9", "12,5", "—", "—"] and "30/06/2025" in drugs[6]


def test_per_agency_and_per_province_tables(briefing_files):
    tables = _tables(briefing_files["vi"])
    for first in ("Cơ quan | Chỉ số", "Tỉnh | Chỉ số"):
        rows = tables[first]
        quang_tri = next(r for r in rows if "Quảng Trị" in r[0] and r[1] == "Số vụ")
        assert quang_tri[3:7] == ["52", "40", "+12", "+30,0%"] and quang_tri[7] == ""


def test_english_document_uses_english_words_numbers_and_dates(briefing_files):
    document = docx.Document(str(briefing_files["en"]))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Period: 2025 (Jan 1, 2025 – Dec 31, 2025)." in text
    tables = _tables(briefing_files["en"])
    headline = tables["Metric | Unit"]
    drugs = next(r for r in headline if r[0] == metric_label("drug_seized", "en"))
    assert drugs[3] == "12.5" and drugs[6] == "2025 has only a tally to Jun 30, 2025 (Quang Tri Border Guard (test))."
    agency = next(r for r in tables["Agency | Metric"] if r[0] == "Quang Tri Border Guard (test)" and r[1] == "Cases")
    assert agency[5:7] == ["+12", "+30.0%"]


def test_charts_events_sources_assumptions_and_left_out(briefing_files):
    document = docx.Document(str(briefing_files["vi"]))
    assert len(document.inline_shapes) == 2  # the headline chart and the per-agency chart, as PNG
    text = "\n".join(p.text for p in document.paragraphs)
    events = _tables(briefing_files["vi"])["Ngày | Loại sự kiện"]
    assert events[1][2] == EVENT["title"] and events[1][0] == "20/05/2025"
    assert "[t004] Báo cáo năm 2025 của Bộ Chỉ huy BĐBP tỉnh Quảng Trị (thử)" in text
    assert "350 gram" in text and "0,1 gram" in text  # grams per brick and per tablet, with their sources
    assert "Số liệu không được tính: " in text  # the half-year tallies inside the year tallies


def test_markdown_says_the_same_with_its_images_beside_it(bundle_dir, tmp_path):
    out = tmp_path / "bao-cao.md"
    result = run("report", "--bundle", str(bundle_dir), *PERIOD, "--format", "md", "--out", str(out))
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "| Số vụ | vụ | 150 | 100 | — | — | 2024: 3 tỉnh báo cáo; 2025: 5 tỉnh" in text
    assert (tmp_path / "bao-cao-1.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "![" in text and "(bao-cao-2.png)" in text


@pytest.mark.parametrize("reads", ["--db", "--bundle"])
def test_the_report_checks_what_reports_state_from_a_store_or_its_exported_bundle(tmp_path, reads):
    """Regression: from a bundle directory the briefing had no stated changes, although the bundle carries them."""
    store = stated_store(tmp_path / "stated.sqlite")
    data = (f"sqlite:///{tmp_path / 'stated.sqlite'}" if reads == "--db" else str(store.export_bundle(tmp_path / "bundle")))
    out = tmp_path / "bao-cao.md"
    result = run("report", reads, data, *PERIOD, "--format", "md", "--no-charts", "--out", str(out))
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "| tăng 12 vụ | +12 vụ | +12 | khớp |  |" in text
    assert "| tăng 50% | +50% | — | không kiểm tra được | 2024: không có số liệu. |" in text


@pytest.mark.parametrize("args, message", [
    (["--from", "2025-01-01"], "a report is for a period: give --from and --to"),
    (PERIOD + ["--format", "pdf"], "invalid choice: 'pdf'"),
])
def test_report_bad_arguments_get_one_line(bundle_dir, tmp_path, args, message):
    result = run("report", "--bundle", str(bundle_dir), *args, "--out", str(tmp_path / "x.docx"))
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


@pytest.mark.slow
def test_libreoffice_opens_it_with_its_text_and_images(briefing_files, tmp_path):
    """Debian's LibreOffice (libreoffice-writer-nogui, `make setup` installs it) converts it to PDF: text and images are there."""
    soffice, pdftotext, pdfimages = shutil.which("soffice"), shutil.which("pdftotext"), shutil.which("pdfimages")
    if not (soffice and pdftotext and pdfimages):
        pytest.skip("LibreOffice or poppler-utils is not installed (make setup installs libreoffice-writer-nogui and poppler-utils)")
    result = subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to", "pdf",
                             "--outdir", str(tmp_path), str(briefing_files["vi"])], capture_output=True, text=True, timeout=240)
    pdf = tmp_path / "bao-cao-vi.pdf"
    assert pdf.exists(), result.stderr
    text = " ".join(subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True).stdout.split())
    for expected in ("Kết quả chính so với cùng kỳ", "2025 chỉ có số liệu lũy kế đến 30/06/2025", "+30,0%", "Nguồn trích dẫn"):
        assert expected in text
    images = subprocess.run([pdfimages, "-list", str(pdf)], capture_output=True, text=True).stdout.splitlines()
    assert sum(line.split()[2:3] == ["image"] for line in images[2:]) == 2  # each with its alpha mask beside it
