"""Logging in with st.login against a real OIDC provider on loopback, in headless Chromium.

The provider is ``oidc-provider-mock`` (a Flask app) served by werkzeug on a free 127.0.0.1
port in a thread of this process; its authorization form asks for a subject, and the user it
makes carries that subject as its e-mail claim. The app is a fresh ``streamlit run app.py``
whose secrets come from a temporary file (``--secrets.files``), so the repository's files
are never touched. Plain HTTP on loopback, hence ``AUTHLIB_INSECURE_TRANSPORT`` for both sides.
"""

from __future__ import annotations

import os
import secrets
import threading
from pathlib import Path

import pytest

from browser_support import ARTIFACTS, CHROMIUM, chromium, StreamlitServer, free_port, wait_healthy

pytestmark = pytest.mark.browser

TIMEOUT_MS = 60_000
EDITOR = "editor@example.org"
VIEWER = "viewer@example.org"

sync_api = pytest.importorskip("playwright.sync_api")
oidc_provider_mock = pytest.importorskip("oidc_provider_mock")
if not Path(CHROMIUM).exists():
    pytest.skip("Debian's chromium is not installed (make setup installs it)", allow_module_level=True)


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    """The mock OIDC provider on 127.0.0.1, stopped after the module."""
    import werkzeug.serving

    previous = os.environ.get("AUTHLIB_INSECURE_TRANSPORT")
    os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"  # the provider's token endpoint over plain HTTP on loopback
    server = werkzeug.serving.make_server("127.0.0.1", 0, oidc_provider_mock.app(), threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}"
    wait_healthy(f"{url}/.well-known/openid-configuration", seconds=15)
    yield url
    server.shutdown()
    server.server_close()
    thread.join(5)
    if previous is None:
        os.environ.pop("AUTHLIB_INSECURE_TRANSPORT", None)
    else:
        os.environ["AUTHLIB_INSECURE_TRANSPORT"] = previous


@pytest.fixture(scope="module")
def app_url(provider, tmp_path_factory):
    """A fresh streamlit server of app.py with [auth] and the editors list in a temporary secrets file."""
    port = free_port()
    config = tmp_path_factory.mktemp("login-config")
    secrets_file = config / "secrets.toml"
    secrets_file.write_text(
        "[auth]\n"
        f'redirect_uri = "http://localhost:{port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_hex(32)}"\n'
        'client_id = "border-metrics-test"\n'
        f'client_secret = "{secrets.token_hex(16)}"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n'
        "\n[border_metrics]\n"
        f'editors = "{EDITOR}"\n',
        encoding="utf-8",
    )
    env = {key: value for key, value in os.environ.items() if key != "BORDER_METRICS_EDITORS"}
    env["AUTHLIB_INSECURE_TRANSPORT"] = "1"  # plain HTTP is fine on loopback
    server = StreamlitServer("--secrets.files", str(secrets_file), env=env, log_name="login-server", port=port)
    try:
        yield f"http://localhost:{port}"  # the host of redirect_uri, so the login cookie is sent back
    finally:
        server.stop()


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


@pytest.fixture
def page(browser):
    """A page in a context of its own: no cookie from another login."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    yield page
    context.close()


def open_page(page, url: str, title: str) -> None:
    """Open ``url`` and wait until the script has drawn ``title`` and finished its run."""
    page.goto(url)
    page.wait_for_function(
        "t => [...document.querySelectorAll('h1')].some(h => h.innerText.trim() === t)", arg=title, timeout=TIMEOUT_MS
    )
    page.wait_for_function(
        "() => document.querySelectorAll('[data-testid=\"stSidebar\"] [data-testid=\"stMultiSelect\"]').length >= 4"
        " && !document.querySelector('[data-testid=\"stStatusWidget\"]')",
        timeout=TIMEOUT_MS,
    )


def main_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def log_in(page, app_url: str, email: str) -> None:
    """From the Add report page as a visitor: the log-in button, the provider's form, and back."""
    open_page(page, f"{app_url}/add_report", "Thêm báo cáo")
    assert "hãy đăng nhập để chỉnh sửa" in main_text(page)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_selector('input[name="sub"]', timeout=TIMEOUT_MS)  # the provider's authorization form
    assert page.url.split("/oauth2/authorize")[0].startswith("http://127.0.0.1:")
    page.fill('input[name="sub"]', email)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{app_url}/**", timeout=TIMEOUT_MS)  # redirected back through /oauth2callback


def test_an_editor_logs_in_and_gets_the_editing_forms(page, app_url):
    log_in(page, app_url, EDITOR)
    open_page(page, f"{app_url}/add_report", "Thêm báo cáo")
    page.get_by_text(f"Đã đăng nhập: {EDITOR}").wait_for(timeout=TIMEOUT_MS)
    # the editor's form: a link, pasted text or an upload, then review and save (the text box is in its own tab)
    page.get_by_role("tab", name="Dán văn bản").click()
    page.get_by_label("Văn bản báo cáo").wait_for(timeout=TIMEOUT_MS)
    page.get_by_role("tab", name="Tải tệp lên").wait_for(timeout=TIMEOUT_MS)
    page.get_by_role("button", name="Đăng xuất").wait_for(timeout=TIMEOUT_MS)
    assert page.get_by_role("button", name="Đăng nhập").count() == 0
    assert "hãy đăng nhập để chỉnh sửa" not in main_text(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "login-editor-add-report.png"), full_page=True)
    # and the Sources page offers corrections
    open_page(page, f"{app_url}/sources?figure=003-17&source=003_b927c23a097a318e", "Nguồn")
    page.get_by_text("Hiệu chỉnh số liệu", exact=True).wait_for(timeout=TIMEOUT_MS)
    page.get_by_text("Rút số liệu", exact=True).first.wait_for(timeout=TIMEOUT_MS)


def test_a_logged_in_viewer_gets_no_editing_form(page, app_url):
    log_in(page, app_url, VIEWER)
    open_page(page, f"{app_url}/add_report", "Thêm báo cáo")
    page.get_by_text("tài khoản này không có trong danh sách biên tập viên").wait_for(timeout=TIMEOUT_MS)
    page.get_by_text(f"Đã đăng nhập: {VIEWER}").wait_for(timeout=TIMEOUT_MS)  # drawn after the notice: the run is over
    assert page.get_by_label("Văn bản báo cáo").count() == 0
    assert page.get_by_role("button", name="Lưu báo cáo").count() == 0
    page.screenshot(path=str(ARTIFACTS / "login-viewer-add-report.png"), full_page=True)
    open_page(page, f"{app_url}/sources?figure=003-17&source=003_b927c23a097a318e", "Nguồn")
    page.get_by_text("chỉ biên tập viên mới hiệu chỉnh hoặc rút được số liệu").wait_for(timeout=TIMEOUT_MS)
    page.get_by_role("button", name="Đăng xuất").wait_for(timeout=TIMEOUT_MS)  # the section's last element
    assert page.get_by_text("Hiệu chỉnh số liệu", exact=True).count() == 0
    assert page.get_by_role("button", name="Lưu hiệu chỉnh").count() == 0
