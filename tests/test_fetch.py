"""metrics.fetch against the loopback site: pages, redirects, failures, limits and the private-address rule."""

from __future__ import annotations

import pytest

from metrics.documents import DocumentError
from metrics.fetch import FEED_TYPES, FetchError, fetch, private_urls_allowed, read_article


def test_a_page_is_fetched_with_where_and_when(site):
    page = fetch(site("/vi/heroin.html"), allow_private=True)
    assert page.url == site("/vi/heroin.html") and page.content_type == "text/html"
    assert page.body.startswith(b"<!DOCTYPE html>") and page.fetched_at.endswith("+00:00")


def test_a_redirect_is_followed_and_the_final_address_kept(site):
    page = fetch(site("/redirect"), allow_private=True)
    assert page.requested_url == site("/redirect") and page.url == site("/vi/heroin.html")


@pytest.mark.parametrize("path, accept, sentence", [
    ("/missing.html", None, "the server answered 404 Not Found"),
    ("/error.html", None, "the server answered 500 Internal Server Error"),
    ("/slow.html", None, "no answer within 0.5 seconds"),
    ("/huge.html", None, "the page is larger than 5 MB; not fetched"),
    ("/huge-declared.html", None, "the page is 20.0 MB; the limit is 5 MB"),
    ("/report.pdf", None, "this is application/pdf, not a web page"),
    ("/vi/heroin.html", FEED_TYPES, "this is text/html, not a feed"),
])
def test_each_failure_is_one_sentence_naming_the_link(site, path, accept, sentence):
    with pytest.raises(FetchError) as raised:
        fetch(site(path), allow_private=True, timeout=0.5, **({"accept": accept} if accept else {}))
    message = str(raised.value)
    assert message == f"{site(path)}: {sentence}"
    assert "\n" not in message and "Traceback" not in message


@pytest.mark.parametrize("url, sentence", [
    ("ftp://example.org/report.html", "only http:// and https:// links can be fetched"),
    ("file:///etc/passwd", "only http:// and https:// links can be fetched"),
    ("http:///nohost", "the link has no host name"),
    ("http://127.0.0.1:9/a.html", "127.0.0.1 is on this machine or a private network (127.0.0.1)"),
    ("http://localhost:9/a.html", "localhost is on this machine or a private network"),
    ("http://10.1.2.3/a.html", "10.1.2.3 is on this machine or a private network (10.1.2.3)"),
    ("http://192.168.0.10/a.html", "192.168.0.10 is on this machine or a private network"),
    ("http://169.254.169.254/latest/meta-data", "169.254.169.254 is on this machine or a private network"),
    ("http://[::1]:9/a.html", "::1 is on this machine or a private network (::1)"),
    ("http://100.64.0.1/a.html", "100.64.0.1 is on this machine or a private network"),
])
def test_other_schemes_and_private_addresses_are_refused(url, sentence, monkeypatch):
    monkeypatch.delenv("BORDER_METRICS_ALLOW_PRIVATE_URLS", raising=False)
    with pytest.raises(FetchError, match=f"^{url.replace('[', '.').replace(']', '.').replace('?', '.')}: "):
        fetch(url, timeout=0.5)
    with pytest.raises(FetchError) as raised:
        fetch(url, timeout=0.5)
    assert sentence in str(raised.value)


def test_a_redirect_to_a_private_address_is_refused_at_the_hop(site, monkeypatch):
    """The public first hop is simulated by allowing the loopback start; the redirect target is checked again."""
    monkeypatch.delenv("BORDER_METRICS_ALLOW_PRIVATE_URLS", raising=False)
    with pytest.raises(FetchError, match="is on this machine or a private network"):
        fetch(site("/redirect"))


@pytest.mark.parametrize("environment, config, allowed", [
    ("", None, False), ("1", None, True), ("yes", None, True), ("0", None, False),
    ("", {"allow_private_urls": True}, True), ("", {"allow_private_urls": "true"}, True),
    ("", {"allow_private_urls": False}, False), ("", {}, False),
])
def test_private_addresses_are_allowed_by_the_environment_or_the_configuration(environment, config, allowed,
                                                                               monkeypatch):
    monkeypatch.setenv("BORDER_METRICS_ALLOW_PRIVATE_URLS", environment)
    assert private_urls_allowed(config) is allowed


def test_the_environment_lets_the_loopback_site_through(site, monkeypatch):
    monkeypatch.setenv("BORDER_METRICS_ALLOW_PRIVATE_URLS", "1")
    assert fetch(site("/en/seizure.html")).body


@pytest.mark.parametrize("path, title, publisher, published, first_line, absent", [
    ("/vi/heroin.html", "Nghệ An: Triệt phá đường dây vận chuyển 18 bánh heroin qua biên giới", "Báo Biên Cương",
     "2025-11-20", "Nghệ An: Triệt phá đường dây", ["Tin liên quan", "bóng đá", "Bình luận", "100 đối tượng",
                                                    "Trang chủ", "Giấy phép"]),
    ("/en/seizure.html", "Lao police seize 1.2 tonnes of methamphetamine near the Vietnamese border",
     "Mekong Herald", "2025-10-02", "Lao police seize", ["Related stories", "football", "reader42", "Opinion"]),
    ("/syndicated/heroin-copy.html", "Triệt phá đường dây vận chuyển 18 bánh heroin qua biên giới",
     "Tin Tức Miền Trung", "2025-11-20", "Triệt phá đường dây", ["Đọc thêm", "Lịch cắt điện", "Quá nguy hiểm"]),
])
def test_the_article_and_its_own_metadata_are_read_without_page_noise(site, path, title, publisher, published,
                                                                      first_line, absent):
    page = fetch(site(path), allow_private=True)
    article = read_article(page.body, page.url)
    assert (article.title, article.publisher, article.published) == (title, publisher, published)
    assert article.text.startswith(first_line)
    for noise in absent:
        assert noise not in article.text


def test_a_page_without_an_article_is_one_sentence():
    with pytest.raises(DocumentError, match="^http://x/empty: no article text was found in the page$"):
        read_article(b"<html><body><script>var page = 1;</script><img src='/a.png'></body></html>", "http://x/empty")
