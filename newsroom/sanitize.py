"""Turn untrusted text into safe HTML: the only module that imports bleach."""

import re
from functools import lru_cache, partial
from html import unescape

import bleach
from bleach.css_sanitizer import CSSSanitizer
from bleach.linkifier import LinkifyFilter

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
        LinkifyFilter, callbacks=[_force_link_rel], skip_tags={"code"}, parse_email=False
    )
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
    return _comment_cleaner().clean(html)


def sanitize_comment(text: str) -> str:
    """Return a reader's comment as safe HTML: allowed tags kept, the rest escaped, links tamed."""
    return clean_comment_html(_paragraphs(text))


def sanitize_article_html(html: str) -> str:
    """Return staff-written article HTML with anything executable stripped."""
    cleaned = bleach.clean(
        html,
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
    return bleach.clean(text, tags=set(), strip=True)
