"""Turn untrusted text into safe HTML: the only module that imports bleach."""

from functools import lru_cache

import bleach
from bleach.css_sanitizer import CSSSanitizer
from bleach.linkifier import Linker

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


def _force_link_rel(attrs: dict, new: bool = False) -> dict:
    attrs[(None, "rel")] = LINK_REL
    return attrs


@lru_cache(maxsize=1)
def _comment_cleaner() -> bleach.Cleaner:
    return bleach.Cleaner(
        tags=COMMENT_TAGS,
        attributes=COMMENT_ATTRIBUTES,
        protocols=SAFE_PROTOCOLS,
        strip=False,
        strip_comments=True,
        filters=[],
    )


@lru_cache(maxsize=1)
def _linker() -> Linker:
    return Linker(callbacks=[_force_link_rel], skip_tags={"code"}, parse_email=False)


def _paragraphs(text: str) -> str:
    """Wrap blank-line separated blocks in <p> and single newlines in <br>."""
    blocks = [block.strip() for block in text.replace("\r\n", "\n").split("\n\n")]
    return "".join(f"<p>{block.replace(chr(10), '<br>')}</p>" for block in blocks if block)


def sanitize_comment(text: str) -> str:
    """Return a reader's comment as safe HTML: allowed tags kept, the rest escaped, links tamed."""
    cleaned = _comment_cleaner().clean(_paragraphs(text))
    return _linker().linkify(cleaned)


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
