"""Sanitizing readers' text: the allow-list, links, and nested tricks."""

import pytest
from bs4 import BeautifulSoup

from newsroom.sanitize import COMMENT_TAGS, SAFE_PROTOCOLS, sanitize_comment


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        '<a href="javascript:alert(1)">x</a>',
        '<a href="JaVaScRiPt:alert(1)">x</a>',
        '<a href="&#106;avascript:alert(1)">x</a>',
        "<<script>script>alert(1)<</script>/script>",
        "<svg><script>alert(1)</script></svg>",
        '<p style="background:url(javascript:alert(1))">x</p>',
        '<b onmouseover="alert(1)">x</b>',
        '<iframe src="http://evil.example"></iframe>',
        '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    ],
)
def test_no_executable_markup_survives(text):
    soup = BeautifulSoup(sanitize_comment(text), "html5lib")
    body = soup.body
    for element in body.find_all(True):
        assert element.name in COMMENT_TAGS
        assert not any(attr.lower().startswith("on") or attr == "style" for attr in element.attrs)
        href = element.get("href", "")
        assert not href or href.split(":", 1)[0].lower() in SAFE_PROTOCOLS


def test_allowed_tags_are_kept():
    html = sanitize_comment(
        "<b>عريض</b> <em>مائل</em> <code>x</code> <blockquote>اقتباس</blockquote>"
    )
    for tag in ("<b>", "<em>", "<code>", "<blockquote>"):
        assert tag in html


def test_links_get_nofollow_ugc_noopener_and_bare_urls_are_linked():
    html = sanitize_comment('see https://example.com and <a href="http://a.example" rel="me">a</a>')
    assert html.count('rel="nofollow ugc noopener"') == 2
    assert 'href="https://example.com"' in html


def test_blank_lines_make_paragraphs():
    assert sanitize_comment("سطر\nسطر\n\nفقرة") == "<p>سطر<br>سطر</p><p>فقرة</p>"
