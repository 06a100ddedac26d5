"""Reports that flow in, in a real browser (Debian's Chromium via Playwright).

An editor pastes a link served by the loopback site on Add report, checks the metadata read from
the page, saves, accepts two of its figures in the Review queue, and sees them on the Overview.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from browser_support import ARTIFACTS, CHROMIUM, StreamlitServer, chromium
from metrics.store import Store

pytestmark = pytest.mark.browser
sync_api = pytest.importorskip("playwright.sync_api")
if not Path(CHROMIUM).exists():
    pytest.skip("Debian's chromium is not installed (make setup installs it)", allow_module_level=True)

TIMEOUT_MS = 60_000


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("flow") / "store.sqlite"
    Store(path)  # seeded before the server starts
    return path


@pytest.fixture(scope="module")
def server(db):
    import os

    server = StreamlitServer(env={**os.environ, "BORDER_METRICS_DB": str(db), "BORDER_METRICS_ALLOW_PRIVATE_URLS": "1"},
                             log_name="flow")
    yield server
    server.stop()


@pytest.fixture
def page():
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1600, "height": 1100})
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        yield page
        context.close()


def idle(page) -> None:
    page.wait_for_timeout(400)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=TIMEOUT_MS)
    page.wait_for_timeout(400)


def sources_caption(page) -> str:
    """The Overview's 'n figures from m sources' line under the tiles."""
    page.get_by_text(re.compile(r"\d+ số liệu từ \d+ nguồn")).first.wait_for()
    captions = page.locator('[data-testid="stCaptionContainer"]').all_inner_texts()
    return next(c for c in captions if re.search(r"\d+ số liệu từ \d+ nguồn", c))


def test_a_pasted_link_is_saved_reviewed_and_counted_on_the_overview(server, site, page, db):
    page.goto(server.url)
    page.get_by_role("heading", name="Tổng quan").wait_for()
    idle(page)
    overview_before = sources_caption(page)

    page.goto(f"{server.url}/add_report")
    page.get_by_role("tab", name="Dán đường dẫn").click()
    page.get_by_label("Địa chỉ bài báo (http:// hoặc https://)").fill(site("/vi/heroin.html"))
    page.get_by_role("button", name="Tải trang").click()
    title = page.get_by_label("Tiêu đề")
    title.wait_for()
    idle(page)
    assert title.input_value() == "Nghệ An: Triệt phá đường dây vận chuyển 18 bánh heroin qua biên giới"
    assert page.get_by_label("Cơ quan báo chí").input_value() == "Báo Biên Cương"
    assert page.get_by_text("Tiêu đề, cơ quan đăng và ngày đăng được đọc từ chính trang báo").is_visible()
    page.screenshot(path=str(ARTIFACTS / "flow-add-report-link.png"), full_page=True)
    page.get_by_role("button", name="Lưu báo cáo").click()
    page.get_by_text(re.compile(r"Đã lưu với mã 005_")).wait_for()
    stored = Store(db).sources_frame().iloc[-1]
    assert stored["url"] == site("/vi/heroin.html") and stored["pending"] == 5

    page.goto(f"{server.url}/review")
    page.get_by_role("heading", name="Duyệt số liệu").wait_for()
    idle(page)
    page.locator('[data-testid="stSidebar"]').get_by_text("5 số liệu chờ duyệt").wait_for()
    grid = page.locator('[data-testid="stDataFrameResizable"]').first
    grid.wait_for()
    idle(page)
    box = grid.bounding_box()
    for row in (0, 1):  # the "Chọn" cell of the first two rows (35 px rows under a 35 px header): select, Space ticks
        for attempt in range(3):
            page.mouse.click(box["x"] + 20, box["y"] + 35 + 35 * row + 17)
            page.keyboard.press("Space")
            idle(page)
            # Under load the grid may be redrawn as the tick lands and lose it: tick again only when the button
            # still counts the rows ticked before, never when it already counts this one.
            ticked = page.get_by_role("button", name=f"Chấp nhận {row + 1} số liệu đã chọn")
            try:
                ticked.wait_for(timeout=15_000)
                break
            except PlaywrightTimeoutError:
                lost = row == 0 or page.get_by_role("button", name=f"Chấp nhận {row} số liệu đã chọn").count() == 1
                if attempt == 2 or not lost:
                    raise
    page.screenshot(path=str(ARTIFACTS / "flow-review-queue.png"), full_page=True)
    accept = page.get_by_role("button", name="Chấp nhận 2 số liệu đã chọn")
    accept.wait_for()
    accept.click()
    page.get_by_text("Đã chuyển 2 số liệu sang trạng thái chấp nhận.").wait_for()
    figures = Store(db).figures_frame(source_id=stored["source_id"])
    assert sorted(figures["status"]) == ["accepted", "accepted", "pending", "pending", "pending"]
    page.locator('[data-testid="stSidebar"]').get_by_text("3 số liệu chờ duyệt").wait_for()

    page.goto(server.url)
    page.get_by_role("heading", name="Tổng quan").wait_for()
    idle(page)
    before = [int(n) for n in re.findall(r"\d+", overview_before)[:2]]
    after = [int(n) for n in re.findall(r"\d+", sources_caption(page))[:2]]
    assert after == [before[0] + 2, before[1] + 1]  # two more figures, from one more source
    page.screenshot(path=str(ARTIFACTS / "flow-overview.png"), full_page=True)
