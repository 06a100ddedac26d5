"""The briefing downloaded from the Export page in a real browser (Debian's Chromium via Playwright), then read back.

The server reads the invented two-year archive (tests/compare_archive.py) as a bundle directory.
"""

from __future__ import annotations

import io
import os
from datetime import date
from pathlib import Path

import docx
import pytest

from browser_support import ARTIFACTS, CHROMIUM, StreamlitServer, chromium
from compare_archive import archive
from metrics.aggregate import Filters, select
from metrics.summary import summary
from metrics.figures import figures_from_bundle
from metrics.formatting import format_number
from metrics.synth import write_bundle

pytestmark = pytest.mark.browser
TIMEOUT_MS = 90_000

sync_api = pytest.importorskip("playwright.sync_api")
if not Path(CHROMIUM).exists():
    pytest.skip("Debian's chromium is not installed (make setup installs it)", allow_module_level=True)


@pytest.fixture(scope="module")
def archive_server(tmp_path_factory):
    directory = write_bundle(archive(), tmp_path_factory.mktemp("archive"), texts=False)
    server = StreamlitServer(env={**os.environ, "BORDER_METRICS_BUNDLE": str(directory)}, log_name="briefing")
    yield server
    server.stop()


def test_export_page_downloads_the_briefing_and_it_reads_back(archive_server):
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(f"{archive_server.url}/export?from=2025-01-01&to=2025-12-31")
        button = page.get_by_role("button", name="Tải Báo cáo (.docx)")
        button.wait_for()
        with page.expect_download(timeout=TIMEOUT_MS) as download_info:
            button.click()
        download = download_info.value
        data = Path(download.path()).read_bytes()
        context.close()
    assert download.suggested_filename == "bao-cao_2025-01-01_2025-12-31.docx"
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / download.suggested_filename).write_bytes(data)

    document = docx.Document(io.BytesIO(data))
    assert document.paragraphs[0].text == "Báo cáo tóm tắt kết quả đấu tranh trên tuyến biên giới Việt Nam – Lào"
    tables = {tuple(c.text for c in t.rows[0].cells[:2]): [[c.text for c in r.cells] for r in t.rows] for t in document.tables}
    cases = next(r for r in tables[("Chỉ số", "Đơn vị")] if r[0] == "Số vụ")
    assert cases[2:6] == ["110", "100", "+10", "+10,0%"]
    assert len(document.inline_shapes) == 2

    bundle = archive()
    expected = summary(select(figures_from_bundle(bundle), Filters(date_from=date(2025, 1, 1), date_to=date(2025, 12, 31)),
                              bundle.registry))
    shown = tables[("Cơ quan", "Đối tác")][1:]
    assert sorted(r[4] for r in shown) == sorted(format_number(v, "vi") for v in expected["value"])
