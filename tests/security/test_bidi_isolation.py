"""Bidi and invisible-character tricks cannot reorder the page around a comment."""

import pytest
from django.test import Client

from comments.models import Comment
from comments.services.decisions import comments_set_status
from comments.text import joiner_joins
from tests.security.corpora import bidi_test_strings, format_controls
from tests.security.html_checks import parse
from tests.security.posting import open_the_gates, post_api, post_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def posted(article):
    """Post every bidi test string as a name and a body, by form and by API, then approve all."""
    open_the_gates()
    client = Client()
    codes = []
    for entry in bidi_test_strings():
        codes.append(post_form(client, article, name=entry["text"], body=entry["text"]).status_code)
        codes.append(post_api(client, article, name=entry["text"], body=entry["text"]).status_code)
    pending = Comment.objects.filter(article=article).exclude(status="approved")
    comments_set_status(ids=list(pending.values_list("pk", flat=True)), to_status="approved",
                        actor=None, source="admin")  # fmt: skip
    return codes


def controls() -> set[str]:
    """Return the twelve Bidi_Control characters and the zero-width ones of the corpus."""
    zero_width = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"}
    return set(format_controls()[:12]) | zero_width


def test_every_test_string_is_accepted(posted):
    assert set(posted) <= {201, 302}


def stray_controls(text: str) -> set[str]:
    """Return the controls in text, but for joiners that join (Persian ZWNJ, emoji ZWJ)."""
    return {
        hex(ord(ch))
        for i, ch in enumerate(text)
        if ch in controls()
        and not (0 < i < len(text) - 1 and joiner_joins(text[i - 1], ch, text[i + 1]))
    }


def test_no_bidi_or_stray_zero_width_control_is_stored(posted, article):
    rows = Comment.objects.filter(article=article).values_list("name", "body")
    assert (
        set().union(*(stray_controls(name) | stray_controls(body) for name, body in rows)) == set()
    )
    bodies = set(Comment.objects.filter(article=article).values_list("body", flat=True))
    assert {"می\u200cخواهم", "👨\u200d👩\u200d👧"} <= bodies  # the legitimate joiners stay


def test_no_control_reaches_the_page(posted, client, article, settings):
    settings.COMMENTS_PER_PAGE = 100
    html = client.get(article.get_absolute_url()).content.decode()
    assert stray_controls(html) == set()


def test_names_are_isolated_in_bdi_and_bodies_in_dir_auto(posted, client, article, settings):
    settings.COMMENTS_PER_PAGE = 100
    page = parse(client.get(article.get_absolute_url()).content)
    items = page.select("#comments li.nr-comment")
    assert len(items) == len(posted)
    for li in items:
        name = li.select_one(".nr-comment-author bdi")
        assert name is not None and name.get_text()
        assert li.select_one(".nr-comment-body")["dir"] == "auto"
        header_texts = [s for s in li.find_all(string=True) if name.get_text() in s]
        for text in header_texts:
            classes = {c for parent in text.parents for c in parent.get("class", [])}
            if {"nr-comment-body", "visually-hidden"} & classes:
                continue  # the body has dir="auto"; hidden text is never laid out
            assert "bdi" in {p.name for p in text.parents}, f"{text!r} is outside <bdi>"
