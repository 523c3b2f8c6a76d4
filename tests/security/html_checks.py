"""Structural checks on parsed HTML: what a browser would build, not what the text looks like."""

import re
from collections.abc import Iterable, Iterator

from bs4 import BeautifulSoup, Tag

from newsroom.sanitize import COMMENT_ATTRIBUTES, COMMENT_TAGS, SAFE_PROTOCOLS

FORBIDDEN_TAGS = frozenset(
    {
        "script", "style", "iframe", "object", "embed", "svg", "math", "form", "meta", "base",
        "link", "frame", "frameset", "applet", "template", "portal", "noscript", "xmp",
        "plaintext", "noembed", "input", "textarea", "button", "select", "img", "video", "audio",
    }
)  # fmt: skip
URL_ATTRIBUTES = frozenset(
    {
        "href", "src", "action", "formaction", "xlink:href", "poster", "background", "data",
        "cite", "srcset", "ping", "manifest", "codebase", "dynsrc", "lowsrc", "srcdoc",
    }
)  # fmt: skip
DANGEROUS_SCHEMES = frozenset({"javascript", "data", "vbscript"})
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
_C0_OR_SPACE = "".join(map(chr, range(0x21)))
Skeleton = tuple[tuple[str, tuple[str, ...]], ...]


def parse(html: str | bytes) -> BeautifulSoup:
    """Parse like a browser does (HTML5 tree construction)."""
    return BeautifulSoup(html, "html5lib")


def url_scheme(value: str) -> str:
    """Return the scheme a browser would read from an attribute value (already entity-decoded)."""
    cleaned = _TAB_OR_NEWLINE.sub("", value.strip(_C0_OR_SPACE))
    scheme, colon, _rest = cleaned.partition(":")
    return scheme.lower() if colon and re.fullmatch(r"[a-zA-Z][a-zA-Z0-9+.-]*", scheme) else ""


def attribute_problems(element: Tag) -> Iterator[str]:
    """Yield what makes an element's attributes executable or styled."""
    for name, value in element.attrs.items():
        values = value if isinstance(value, list) else [value]
        if name.lower().startswith("on"):
            yield f"<{element.name} {name}>: event handler"
        elif name.lower() == "style":
            yield f"<{element.name} style>: inline style"
        elif name.lower() in URL_ATTRIBUTES:
            for item in values:
                if url_scheme(item) in DANGEROUS_SCHEMES:
                    yield f"<{element.name} {name}={item[:60]!r}>: dangerous URL"


def tree_problems(root: Tag) -> list[str]:
    """Return every event handler, style attribute or dangerous URL under root."""
    return [problem for el in [root, *root.find_all(True)] for problem in attribute_problems(el)]


def reader_html_problems(root: Tag) -> list[str]:
    """Return what breaks the comment allow-list under root (tags, attributes, URL schemes)."""
    problems = []
    for element in root.find_all(True):
        if element.name not in COMMENT_TAGS or element.name in FORBIDDEN_TAGS:
            problems.append(f"<{element.name}> is not allowed in reader text")
        allowed = set(COMMENT_ATTRIBUTES.get(element.name, []))
        for name, value in element.attrs.items():
            if name not in allowed:
                problems.append(f"<{element.name} {name}> is not an allowed attribute")
            elif name == "href" and url_scheme(value) not in {*SAFE_PROTOCOLS, ""}:
                problems.append(f"<a href={value[:60]!r}> has a disallowed scheme")
    return problems + tree_problems(root)


def skeleton(root: Tag, *, opaque: Iterable[str] = ()) -> Skeleton:
    """Return the element names and attribute names under root, skipping inside opaque classes."""
    opaque = set(opaque)
    shape = []
    for element in root.find_all(True):
        if any(set(parent.get("class", [])) & opaque for parent in element.parents):
            continue
        shape.append((element.name, tuple(sorted(element.attrs))))
    return tuple(shape)
