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


def test_allowed_tags_past_the_open_limit_become_text():
    from newsroom.sanitize import MAX_OPEN_ELEMENTS

    html = sanitize_comment("<blockquote>" * (MAX_OPEN_ELEMENTS + 2) + "x")
    assert html.count("<blockquote>") == MAX_OPEN_ELEMENTS - 1  # the paragraph is open too
    assert html.count("&lt;blockquote&gt;") == 3


def test_formatting_past_its_open_limit_becomes_text():
    from newsroom.sanitize import MAX_OPEN_FORMATTING

    html = sanitize_comment("<b><i>" * MAX_OPEN_FORMATTING + "x")
    assert html.count("<b>") + html.count("<i>") == MAX_OPEN_FORMATTING
    assert html.count("&lt;b&gt;") + html.count("&lt;i&gt;") == MAX_OPEN_FORMATTING
    assert sanitize_comment("<b>x</b>" * 50).count("<b>") == 50  # closed ones don't count


def test_formatting_reopened_in_each_paragraph_does_not_multiply_the_text():
    text = "".join(f"<p><b id={i}>x</p>" for i in range(2_000))
    assert len(sanitize_comment(text)) < 5 * len(text)  # 17 times with 50 reopened


def test_closed_and_self_closing_tags_do_not_count_against_the_limit():
    html = sanitize_comment("<b>x</b><a>y" * 200 + "<br>" * 200)
    assert "&lt;" not in html and html.count("<b>") == 200


def test_bare_less_than_signs_read_as_before():
    assert sanitize_comment("a < b <3 <<") == "<p>a &lt; b &lt;3 &lt;&lt;</p>"


@pytest.mark.parametrize(
    "text",
    [
        "see example.com.", "(example.com)", "((www.example.com/a_(b)))", "http://example.com:8080/x",
        "https://user@example.co.uk/path?q=1,", "foo-bar.example.org/x.", "-foo.com", "a.b.c.d.com",
        "http://xn--mgbh0fb.xn--kgbechtv/", "example.community", "x@example.com", "1.2.3.4",
        "مقال على example.com/خبر اليوم", "ftp://files.example.net",
    ],
)  # fmt: skip
def test_links_found_are_bleachs_own(text):
    import bleach
    from bleach.linkifier import URL_RE

    from newsroom.sanitize import _url_pattern

    assert [m[0] for m in _url_pattern().finditer(text)] == [m[0] for m in URL_RE.finditer(text)]
    assert "href" in sanitize_comment(text) or "href" not in bleach.linkify(text)
