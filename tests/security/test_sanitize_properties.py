"""Properties of the sanitizer over generated hostile HTML: idempotent, allow-list only, contained."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsroom.sanitize import clean_comment_html, sanitize_comment
from tests.security.html_checks import parse, reader_html_problems

TAGS = [
    "a", "b", "strong", "i", "em", "blockquote", "code", "p", "br", "script", "style", "img",
    "svg", "math", "iframe", "object", "embed", "form", "input", "textarea", "title", "base",
    "meta", "link", "template", "noscript", "xmp", "plaintext", "select", "table", "div", "x",
]  # fmt: skip
ATTRIBUTES = ["href", "title", "rel", "src", "style", "onclick", "onerror", "OnLoad", "formaction",
              "xlink:href", "srcdoc", "data", "action", "id", "class"]  # fmt: skip
URLS = [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
    "&#106;avascript:alert(1)", "&#x6A;avascript:1", "javascript&colon;alert(1)", "javascript:123",
    "vbscript:msgbox(1)", "data:text/html;base64,PHNjcmlwdD4=", "\x01javascript:1",
    "https://example.com/a?b=1&c=2", "http://example.com", "mailto:a@example.com", "/relative",
    "#top", "//example.com", "https://example.com/\"onmouseover=alert(1)",
]  # fmt: skip
TEXT = st.text(
    alphabet=st.sampled_from([*"<>&\"'=/ \n\t;:-!?`abcxyz", "ع", "ر", "\u202e", "\u200b"]),
    max_size=12,
)


@st.composite
def attribute(draw) -> str:
    name = draw(st.sampled_from(ATTRIBUTES))
    value = draw(st.one_of(st.sampled_from(URLS), TEXT))
    quote = draw(st.sampled_from(['"', "'", ""]))
    return f" {name}={quote}{value}{quote}"


@st.composite
def element(draw) -> str:
    tag = draw(st.sampled_from(TAGS))
    tag = tag.upper() if draw(st.booleans()) else tag
    attrs = "".join(draw(st.lists(attribute(), max_size=3)))
    inner = draw(
        st.lists(st.one_of(TEXT, st.sampled_from(["<!--", "-->", "]]>", "</"])), max_size=3)
    )
    closing = draw(st.sampled_from([f"</{tag}>", "", "/>", f"</{tag}"]))
    return f"<{tag}{attrs}>{''.join(inner)}{closing}"


HOSTILE = st.lists(st.one_of(element(), TEXT), max_size=8).map("".join)
PROPERTY_SETTINGS = settings(max_examples=300, deadline=None,
                             suppress_health_check=[HealthCheck.too_slow])  # fmt: skip


@PROPERTY_SETTINGS
@given(HOSTILE)
def test_cleaning_twice_changes_nothing(html):
    once = clean_comment_html(html)
    assert clean_comment_html(once) == once


@PROPERTY_SETTINGS
@given(HOSTILE)
def test_output_holds_only_allowed_tags_attributes_and_schemes(html):
    for output in (clean_comment_html(html), sanitize_comment(html)):
        assert reader_html_problems(parse(output).body) == []


@PROPERTY_SETTINGS
@given(HOSTILE)
def test_output_cannot_swallow_or_close_what_follows_it(html):
    page = parse(f'<div id="box">{sanitize_comment(html)}</div><p id="after">x</p>')
    after = page.find(id="after")
    assert after is not None and after.parent.name == "body"
    assert after.find_previous_sibling() is page.find(id="box")
