"""The comment page's risk highlighting builds HTML from reader text: only <mark> may come out."""

from django.utils.html import escape

from comments.admin.display import highlighted_terms
from comments.risk.features import prepare, words
from tests.security.corpora import naughty_strings, xss_vectors
from tests.security.html_checks import parse


def marked_everywhere(text: str) -> str:
    """Highlight every word of the text, the most markup the function can add."""
    return highlighted_terms(text, words(prepare(text)))


def test_every_xss_vector_comes_out_as_text_with_only_mark_elements():
    for vector in xss_vectors():
        html = marked_everywhere(vector.payload)
        tags = {tag.name for tag in parse(f"<div>{html}</div>").find("div").find_all(True)}
        assert tags <= {"mark"}, (vector.source, vector.payload, html)


def test_the_text_reads_the_same_once_marked():
    for text in (*naughty_strings(), *(v.payload for v in xss_vectors())):
        shown = parse(f"<div>{marked_everywhere(text)}</div>").find("div").get_text()
        assert shown == parse(f"<div>{escape(text)}</div>").find("div").get_text(), text
