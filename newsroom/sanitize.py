"""Turn untrusted text into safe HTML: the only module that imports bleach.

Everything here costs time linear in its input. The HTML parser's tree building (the spec's,
so every conforming parser's) scans the open elements for each tag, and bleach's link pattern
retried a long run of letters and hyphens from each of its positions: so the markup is bounded
before parsing (bound_markup) and links are found by a pattern whose every try is bounded.
html5lib's tree appends each text token to its node's text (`text += data`, a copy each time),
so the parser here joins each run of text tokens into one before the tree sees it; and its tree
walker scans all siblings to climb back up, so the walker here remembers their places.
"""

import re
import threading
from collections import Counter
from collections.abc import Collection, Iterator
from functools import partial
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
# The parser reopens every open formatting element in each new paragraph (the spec's
# "reconstruct the active formatting elements"), so each one open can be copied into every
# paragraph that follows: at 50, 100 KB of "<p><b id=N>x" became 1.8 MB of HTML.
MAX_OPEN_FORMATTING = 8
FORMATTING_TAGS = frozenset(
    {
        "a",
        "b",
        "big",
        "code",
        "em",
        "font",
        "i",
        "nobr",
        "s",
        "small",
        "strike",
        "strong",
        "tt",
        "u",
    }
)
VOID_TAGS = frozenset({"br", "hr", "img", "wbr", "col", "area", "source", "track", "input"})
# A start tag of these closes an open one of the same name, so they do not nest by repeating.
REOPENING_CLOSES = frozenset(
    {"a", "nobr", "p", "li", "dt", "dd", "tr", "td", "th", "h2", "h3", "h4", "option"}
)
_TAG_OR_BARE_LT = re.compile(r"<(/?)([a-zA-Z][^\s/>]*)|<(?![a-zA-Z/!?])")


def bound_markup(html: str, *, allowed: Collection[str]) -> str:
    """Escape each allowed start tag past MAX_OPEN_ELEMENTS open ones (MAX_OPEN_FORMATTING for
    formatting elements), and every bare "<".

    Disallowed tags never reach the tree (bleach turns them into text), so only allowed ones
    count. A bare "<" is text for the parser too, but each one costs it a parse error whose
    position it works out by rescanning its buffer.
    """
    open_tags: Counter[str] = Counter()
    open_formatting = 0

    def bounded(tag: re.Match[str]) -> str:
        nonlocal open_formatting
        name = (tag[2] or "").lower()
        if not name:
            return "&lt;"
        if name not in allowed or name in VOID_TAGS:
            return tag[0]
        formatting = name in FORMATTING_TAGS
        if tag[1]:
            closes = open_tags[name] > 0
            open_tags[name] -= closes
            open_formatting -= closes and formatting
        elif not (name in REOPENING_CLOSES and open_tags[name]):
            if open_tags.total() >= MAX_OPEN_ELEMENTS or (
                formatting and open_formatting >= MAX_OPEN_FORMATTING
            ):
                return "&lt;" + tag[0][1:]
            open_tags[name] += 1
            open_formatting += formatting
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


_CHARACTERS = html5lib_shim.TAG_TOKEN_TYPE_CHARACTERS
_SPACE_CHARACTERS = html5lib_shim.constants.tokenTypes["SpaceCharacters"]
_PARSE_ERROR = html5lib_shim.TAG_TOKEN_TYPE_PARSEERROR


class _TextJoiningTokenizer(html5lib_shim.BleachHTMLTokenizer):
    """bleach's tokenizer, each run of text tokens handed over as one token.

    A bare "&", an escaped tag or a "&lt;" each come as a token of their own, and the tree
    copies its node's whole text to append each one: 100 KB of them cost seconds. Joining is
    safe: html5lib already cuts text into tokens at arbitrary points (its read chunks), no
    tokenizer state depends on text, and in the body a space token is inserted as text is.
    A NUL stays on its own, as the parser drops it only then; parse errors pass ahead of the run.
    """

    def __iter__(self) -> Iterator[dict]:
        run: list[str] = []
        for token in super().__iter__():
            if self._joins(token, run):
                run.append(token["data"])
            elif token["type"] == _PARSE_ERROR and run:
                yield token
            else:
                if run:
                    yield {"type": _CHARACTERS, "data": "".join(run)}
                    run = []
                if token["type"] == _CHARACTERS and token["data"] != "\0":
                    run.append(token["data"])
                else:
                    yield token
        if run:
            yield {"type": _CHARACTERS, "data": "".join(run)}

    def _joins(self, token: dict, run: list[str]) -> bool:
        if not run or token.get("data") == "\0":
            return False
        if token["type"] == _CHARACTERS:
            return True
        in_body = self.parser.phase is self.parser.phases["inBody"]
        return token["type"] == _SPACE_CHARACTERS and in_body


class _TextJoiningParser(html5lib_shim.BleachHTMLParser):
    def _parse(self, stream, innerHTML=False, container="div", scripting=True, **kwargs):
        # As bleach's own _parse, with the tokenizer above.
        self.innerHTMLMode = innerHTML
        self.container = container
        self.scripting = scripting
        self.tokenizer = _TextJoiningTokenizer(
            stream=stream, consume_entities=self.consume_entities, parser=self, **kwargs
        )
        self.reset()
        try:
            self.mainLoop()
        except html5lib_shim.ReparseException:
            self.reset()
            self.mainLoop()


class _TreeWalker(html5lib_shim.getTreeWalker("etree")):
    """html5lib's etree walker, finding an element's place among its siblings in constant time.

    Its own copies the parent's children twice to find it (list.count for an assertion, then
    list.index) each time it climbs back up: a comment of n paragraphs cost n passes over n.
    """

    def __init__(self, tree) -> None:
        super().__init__(tree)
        self._positions: dict[int, dict[int, int]] = {}

    def getParentNode(self, node):
        if not isinstance(node, tuple) or node[3] == "text":
            return super().getParentNode(node)
        parents = node[2]
        parent = parents.pop()
        if not parents:
            return parent
        grandparent = parents[-1]
        positions = self._positions.get(id(grandparent))
        if positions is None:  # the tree outlives the walk, so ids stay its elements'
            positions = {id(child): index for index, child in enumerate(grandparent)}
            self._positions[id(grandparent)] = positions
        return parent, positions[id(parent)], parents, None


class _Cleaner(bleach.Cleaner):
    """bleach's Cleaner, parsing with the text-joining parser and walking with the walker above."""

    def __init__(self, **options) -> None:
        super().__init__(**options)
        self.parser = _TextJoiningParser(
            tags=self.tags, strip=self.strip, consume_entities=False, namespaceHTMLElements=False
        )
        self.walker = _TreeWalker


def _comment_cleaner() -> bleach.Cleaner:
    # Linkify inside the same pass: a second parse would escape the text of <code> twice.
    linkify = partial(
        LinkifyFilter, callbacks=[_force_link_rel], skip_tags={"code"}, parse_email=False,
        url_re=_url_pattern(),
    )  # fmt: skip
    return _Cleaner(
        tags=COMMENT_TAGS,
        attributes=_comment_attribute,
        protocols=SAFE_PROTOCOLS,
        strip=False,
        strip_comments=True,
        filters=[linkify],
    )


def _article_cleaner() -> bleach.Cleaner:
    return _Cleaner(
        tags=ARTICLE_TAGS,
        attributes=ARTICLE_ATTRIBUTES,
        protocols=SAFE_PROTOCOLS,
        strip=True,
        strip_comments=True,
        css_sanitizer=CSSSanitizer(allowed_css_properties=[]),
    )


def _plain_text_cleaner() -> bleach.Cleaner:
    return _Cleaner(tags=set(), strip=True)


_cleaners = threading.local()  # bleach's Cleaner is not thread-safe: one set per thread


def _cleaner(make) -> bleach.Cleaner:
    cleaner = getattr(_cleaners, make.__name__, None)
    if cleaner is None:
        cleaner = make()
        setattr(_cleaners, make.__name__, cleaner)
    return cleaner


def _paragraphs(text: str) -> str:
    """Wrap blank-line separated blocks in <p> and single newlines in <br>."""
    blocks = [block.strip() for block in text.replace("\r\n", "\n").split("\n\n")]
    return "".join(f"<p>{block.replace(chr(10), '<br>')}</p>" for block in blocks if block)


def clean_comment_html(html: str) -> str:
    """Return HTML with only the comment allow-list kept, the rest escaped, and links tamed."""
    return _cleaner(_comment_cleaner).clean(bound_markup(html, allowed=COMMENT_TAGS))


def sanitize_comment(text: str) -> str:
    """Return a reader's comment as safe HTML: allowed tags kept, the rest escaped, links tamed."""
    return clean_comment_html(_paragraphs(text))


def sanitize_article_html(html: str) -> str:
    """Return staff-written article HTML with anything executable stripped."""
    return _cleaner(_article_cleaner).clean(bound_markup(html, allowed=ARTICLE_TAGS))


def plain_text(text: str) -> str:
    """Return text with every tag removed, for names and excerpts."""
    return _cleaner(_plain_text_cleaner).clean(bound_markup(text, allowed=()))
