"""One page, one thread: the canonical form of a page's address and of a site's origin."""

import pytest

from articles.canonical import (
    CANONICAL_URL_MAX_LENGTH,
    canonical_origin,
    canonical_url,
    origin_allowed,
)

STORY = "https://news.example/2026/11/story/"


@pytest.mark.parametrize(
    "raw",
    [
        STORY,
        "HTTPS://News.Example/2026/11/story/",
        "https://news.example:443/2026/11/story/",
        "https://news.example/2026/11/story/?utm_source=x&fbclid=y",
        "https://news.example/2026/11/story/#comments",
        "  https://news.example/2026/11/story/  ",
    ],
)
def test_spellings_of_one_page_are_one_address(raw):
    assert canonical_url(raw) == STORY


def test_the_path_keeps_its_case_and_one_form_of_its_escapes():
    arabic = "https://news.example/%D8%AE%D8%A8%D8%B1/"
    assert canonical_url("https://news.example/خبر/") == arabic
    assert canonical_url(arabic) == arabic
    assert canonical_url("https://news.example/Story") != canonical_url(
        "https://news.example/story"
    )


def test_a_bare_host_is_its_root_page_and_other_ports_stay():
    assert canonical_url("http://news.example") == "http://news.example/"
    assert canonical_url("http://news.example:8080/a") == "http://news.example:8080/a"
    assert canonical_url("http://news.example:80/a") == "http://news.example/a"


def test_query_parameters_the_site_names_are_kept_sorted():
    raw = "https://news.example/?utm=1&p=42&lang=ar"
    assert canonical_url(raw, kept_query=["p"]) == "https://news.example/?p=42"
    assert canonical_url(raw, kept_query=["p", "lang"]) == "https://news.example/?lang=ar&p=42"
    assert canonical_url(raw) == "https://news.example/"


@pytest.mark.parametrize(
    "raw",
    [
        "javascript:alert(1)", "ftp://news.example/a", "//news.example/a", "/2026/11/story/",
        "https://user:pw@news.example/a", "https://news.example:99999/a", "https://",
        "https://news.example/a\nb", "https://news.example/" + "a" * CANONICAL_URL_MAX_LENGTH,
        "", None,
    ],
)  # fmt: skip
def test_what_is_not_an_http_page_has_no_canonical_address(raw):
    assert canonical_url(raw) is None


def test_an_international_host_is_written_in_ascii():
    url = canonical_url("https://أخبار.example/a")
    host = url.removeprefix("https://").removesuffix("/a")
    assert url.isascii() and host.startswith("xn--")
    assert host.encode().decode("idna") == "أخبار.example"
    assert canonical_url(f"https://{host}/a") == url


def test_origins_compare_in_their_canonical_form():
    allowed = ["https://News.Example", "https://www.news.example:443/"]
    assert canonical_origin("https://news.example/any/page?x=1") == "https://news.example"
    assert origin_allowed("https://news.example", allowed)
    assert origin_allowed("https://www.news.example/story/", allowed)
    assert not origin_allowed("http://news.example", allowed)  # another scheme
    assert not origin_allowed("https://news.example.evil.test", allowed)
    assert not origin_allowed("https://news.example:8443", allowed)
    assert not origin_allowed("null", allowed)
    assert not origin_allowed(None, allowed)
    assert not origin_allowed("https://news.example", [])
