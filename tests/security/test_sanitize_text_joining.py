"""The sanitizer's text-joining parser gives exactly what bleach's own parser gives."""

import pytest
from bleach import html5lib_shim

from newsroom import sanitize
from tests.security.corpora import naughty_strings, xss_vectors
from tests.unit.test_text_complexity import HOSTILE_INPUTS

CLEANERS = {
    "comment": sanitize._comment_cleaner,
    "article": sanitize._article_cleaner,
    "plain text": sanitize._plain_text_cleaner,
}
# Runs of text tokens: bare "&", escaped tags, NULs, spaces between them, text inside tables
# and <pre> (where spaces are not plain text), formatting the parser reopens.
TEXT_RUNS = (
    "& & &amp; &lt;x &#0; a\0b\0\0 c",
    "<script>x</script><b>&&<i>&lt; &gt;</b> t</i>",
    "<pre>\n\n&x</pre><table> &a <tr> b&<td>&c</td></tr></table> d",
    "<p><b>x<p>&y &z</b><blockquote>&amp;<code>&<a href=x>&q</a></code>",
    "<textarea>\n&a</textarea><svg><![CDATA[&]]></svg><!-- & -->&",
)


def _stock(make):
    """The same cleaner as `make` builds, parsing with bleach's own parser."""
    cleaner = make()
    cleaner.parser = html5lib_shim.BleachHTMLParser(
        tags=cleaner.tags, strip=cleaner.strip, consume_entities=False,
        namespaceHTMLElements=False,
    )  # fmt: skip
    return cleaner


def _inputs() -> list[str]:
    hostile = [make(300) for make in HOSTILE_INPUTS.values()]
    vectors = [vector.payload for vector in xss_vectors()]
    return [*TEXT_RUNS, *hostile, *vectors, *naughty_strings()]


@pytest.mark.parametrize("kind", CLEANERS)
def test_joined_text_parses_as_bleach_parses(kind):
    ours, stock = CLEANERS[kind](), _stock(CLEANERS[kind])
    inputs = _inputs()
    differing = [value for value in inputs if ours.clean(value) != stock.clean(value)]
    assert len(inputs) > 1000
    assert not differing, f"{len(differing)} inputs differ, the first: {differing[0]!r}"


def test_a_run_of_text_tokens_reaches_the_tree_as_one():
    parser = sanitize._comment_cleaner().parser
    inserted: list[str] = []
    insert_text = parser.tree.insertText

    def recording_insert(data, insertBefore=None):
        inserted.append(data)
        insert_text(data, insertBefore)

    parser.tree.insertText = recording_insert
    parser.parseFragment("&a & b<x>&c\0 " * 3)
    # One insert per run; each NUL ends a run (the parser drops it), the space after it comes alone.
    assert inserted == ["&a & b<x>&c", " "] * 3
