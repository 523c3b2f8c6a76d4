"""Turn untrusted text into safe HTML: the only module that imports bleach.

Everything here costs time linear in its input. The HTML parser's tree building (the spec's,
so every conforming parser's) scans the open elements for each tag, and bleach's link pattern
retried a long run of letters and hyphens from each of its positions: so the markup is bounded
before parsing (bound_markup) and links are found by a pattern whose every try is bounded.
"""

import re
from collections import Counter
from collections.abc import Collection
from functools import lru_cache, partial
from html import unescape

import bleach
from bleach import html5lib_shim
from bleach.css_sanitizer import CSSSanitizer
from bleach.linkifier import TLDS, LinkifyFilter

COMMENT_TAGS = frozenset({"a", "b", "strong", "i", "em", "blockquote", "code", "p", "br"})
COMMENT_ATTRIBUTES = {"a": ["href", "title", "rel"]}
SAFE_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"

ARTICLE_TAGS = COMMENT_TAGS | {
    "h2", "h3", "h4", "ul", "ol", "li", "figure", "figcaption", "img", "hr", "q", "cite",
    "sub", "sup", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ARTICLE_ATTRIBUTES = {
    "a": ["href", "title", "rel"],
    "img": ["src", "alt", "width", "height"],
    "th": ["scope"],
}


_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
_C0_OR_SPACE = "".join(map(chr, range(0x21)))


def url_scheme(value: str) -> str:
    """Return the scheme a browser reads from an (entity-decoded) URL, or "" for a relative one."""
    match = _SCHEME.match(_TAB_OR_NEWLINE.sub("", value.strip(_C0_OR_SPACE)))
    return match[1].lower() if match else ""


# Elements a parser really nests; past this many open at once, further start tags are text.
MAX_OPEN_ELEMENTS = 50
VOID_TAGS = frozenset({"br", "hr", "img", "wbr", "col", "area", "source", "track", "input"})
# A start tag of these closes an open one of the same name, so they do not nest by repeating.
REOPENING_CLOSES = frozenset(
    {"a", "nobr", "p", "li", "dt", "dd", "tr", "td", "th", "h2", "h3", "h4", "option"}
)
_TAG_OR_BARE_LT = re.compile(r"<(/?)([a-zA-Z][^\s/>]*)|<(?![a-zA-Z/!?])")


def bound_markup(html: str, *, allowed: Collection[str]) -> str:
    """Escape each allowed start tag past MAX_OPEN_ELEMENTS open ones, and every bare "<".

    Disallowed tags never reach the tree (bleach turns them into text), so only allowed ones
    count. A bare "<" is text for the parser too, but each one costs it a parse error whose
    position it works out by rescanning its buffer.
    """
    open_tags: Counter[str] = Counter()

    def bounded(tag: re.Match[str]) -> str:
        name = (tag[2] or "").lower()
        if not name:
            return "&lt;"
        if name not in allowed or name in VOID_TAGS:
            return tag[0]
        if tag[1]:
            open_tags[name] -= open_tags[name] > 0
        elif not (name in REOPENING_CLOSES and open_tags[name]):
            if open_tags.total() >= MAX_OPEN_ELEMENTS:
                return "&lt;" + tag[0][1:]
            open_tags[name] += 1
        return tag[0]

    return _TAG_OR_BARE_LT.sub(bounded, html)


def _url_pattern() -> re.Pattern[str]:
    """Return bleach's link pattern, each of its tries bounded: the same links, in linear time.

    bleach's own tries "[\\w-]+\\." from every word boundary of a run of letters and hyphens,
    each try scanning to the run's end. Here a host name is at most 253 characters (RFC 1035),
    a label is taken whole (a label never holds the dot that follows it), a port has at most
    five digits and a path at most 2,048 characters (the rest stays text).
    """
    return re.compile(
        r"""\({{0,20}}+  # opening parentheses
        \b(?<![@.])(?:(?:{protocols}):/{{0,3}}(?:(?:\w{{1,64}}+:)?\w{{1,64}}+@)?)?  # http://
        (?=[\w.-]{{1,253}}+(?![\w.-]))  # a host name's length
        (?:[\w-]++\.)+(?:{tlds})(?:\:[0-9]{{1,5}}+)?(?!\.\w)\b   # xx.yy.tld(:##)?
        (?:[/?][^\s\{{\}}\|\\\^`<>"]{{0,2048}}+)?  # /path/zz, as bleach allows it
        """.format(
            protocols="|".join(sorted(html5lib_shim.allowed_protocols)),
            tlds="|".join(sorted(TLDS)),
        ),
        re.IGNORECASE | re.VERBOSE | re.UNICODE,
    )


def _comment_attribute(tag: str, name: str, value: str) -> bool:
    # bleach hands over the value with its character references still encoded.
    value = unescape(value)
    # A double quote makes bleach single-quote the value and escape it again on a second pass.
    if name not in COMMENT_ATTRIBUTES.get(tag, ()) or '"' in value:
        return False
    # bleach reads "javascript:123" as host:port and keeps it; a browser runs it as a script.
    return name != "href" or url_scheme(value) in SAFE_PROTOCOLS | {""}


def _force_link_rel(attrs: dict, new: bool = False) -> dict:
    attrs[(None, "rel")] = LINK_REL
    return attrs


@lru_cache(maxsize=1)
def _comment_cleaner() -> bleach.Cleaner:
    # Linkify inside the same pass: a second parse would escape the text of <code> twice.
    linkify = partial(
        LinkifyFilter, callbacks=[_force_link_rel], skip_tags={"code"}, parse_email=False,
        url_re=_url_pattern(),
    )  # fmt: skip
    return bleach.Cleaner(
        tags=COMMENT_TAGS,
        attributes=_comment_attribute,
        protocols=SAFE_PROTOCOLS,
        strip=False,
        strip_comments=True,
        filters=[linkify],
    )


def _paragraphs(text: str) -> str:
    """Wrap blank-line separated blocks in <p> and single newlines in <br>."""
    blocks = [block.strip() for block in text.replace("\r\n", "\n").split("\n\n")]
    return "".join(f"<p>{block.replace(chr(10), '<br>')}</p>" for block in blocks if block)


def clean_comment_html(html: str) -> str:
    """Return HTML with only the comment allow-list kept, the rest escaped, and links tamed."""
    return _comment_cleaner().clean(bound_markup(html, allowed=COMMENT_TAGS))


def sanitize_comment(text: str) -> str:
    """Return a reader's comment as safe HTML: allowed tags kept, the rest escaped, links tamed."""
    return clean_comment_html(_paragraphs(text))


def sanitize_article_html(html: str) -> str:
    """Return staff-written article HTML with anything executable stripped."""
    cleaned = bleach.clean(
        bound_markup(html, allowed=ARTICLE_TAGS),
        tags=ARTICLE_TAGS,
        attributes=ARTICLE_ATTRIBUTES,
        protocols=SAFE_PROTOCOLS,
        strip=True,
        strip_comments=True,
        css_sanitizer=CSSSanitizer(allowed_css_properties=[]),
    )
    return cleaned


def plain_text(text: str) -> str:
    """Return text with every tag removed, for names and excerpts."""
    return bleach.clean(bound_markup(text, allowed=()), tags=set(), strip=True)
