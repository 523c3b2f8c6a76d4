"""RSS feeds: latest articles, and one article's approved comments, never with an email."""

import uuid
from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from comments.models import Comment
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db


def feed_items(response) -> list[dict]:
    """Return the feed's items as {tag: text}, checking it is well-formed RSS."""
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ElementTree.fromstring(response.content).find("channel")
    return [{child.tag: child.text or "" for child in item} for item in channel.iter("item")]


def approved_comment(article: Article, n: int, now) -> Comment:
    return Comment(
        article=article, name=f"قارئ {n}", email=f"r{n}@example.com", body=f"تعليق {n}",
        body_html=f"<p>تعليق {n}</p>", status=Comment.Status.APPROVED,
        created_at=now - timedelta(minutes=n),
    )  # fmt: skip


def comments_feed_url(article: Article) -> str:
    return reverse("comments:feed", args=[article.slug])


def test_articles_feed_lists_published_articles_newest_first(client, section):
    now = timezone.now()
    older = make_article(section=section, published_at=now - timedelta(days=2))
    newer = make_article(section=section, published_at=now - timedelta(hours=1), excerpt="ملخص")
    draft = make_article(section=section, status=Article.Status.DRAFT)
    future = make_article(section=section, published_at=now + timedelta(days=1))
    items = feed_items(client.get(reverse("articles:feed")))
    titles = [item["title"] for item in items]
    assert titles == [newer.title, older.title]
    assert draft.title not in titles and future.title not in titles
    assert items[0]["link"] == f"http://testserver{newer.get_absolute_url()}"
    assert items[0]["description"] == "ملخص"


def test_articles_feed_keeps_to_the_latest_twenty(client, section):
    for _ in range(25):
        make_article(section=section)
    assert len(feed_items(client.get(reverse("articles:feed")))) == 20


def test_comments_feed_lists_only_approved_comments_of_the_article(client, article):
    shown = make_comment(article=article, body="تعليق منشور")
    hidden = [
        make_comment(article=article, status=status, body=f"مخفي {status}")
        for status in [Comment.Status.PENDING, Comment.Status.SPAM, Comment.Status.REMOVED]
    ]
    elsewhere = make_comment(article=make_article(section=article.section), body="مقال آخر")
    xml = client.get(comments_feed_url(article)).content.decode()
    items = feed_items(client.get(comments_feed_url(article)))
    assert [item["link"] for item in items] == [f"http://testserver{shown.get_absolute_url()}"]
    assert all(comment.body not in xml for comment in [*hidden, elsewhere])


def test_comments_feed_never_contains_an_email(client, article):
    email = f"secret-{uuid.uuid4().hex}@example.org"
    make_comment(article=article, email=email, name="سامي")
    xml = client.get(comments_feed_url(article)).content.decode()
    [item] = feed_items(client.get(comments_feed_url(article)))
    assert email not in xml and "secret-" not in xml
    assert "author" not in item  # RSS <author> is an email; the name goes in dc:creator
    assert "سامي" in xml


def test_comments_feed_escapes_reader_text(client, article):
    make_comment(article=article, name="<b>Sami</b>", body='<script>alert("x")</script>مرحبا')
    xml = client.get(comments_feed_url(article)).content.decode()
    [item] = feed_items(client.get(comments_feed_url(article)))
    assert "<b>" not in xml and "<script" not in xml.lower()
    assert "<b>Sami</b>" in item["title"]  # text, once the XML is parsed
    assert "<script" not in item["description"].lower() and "مرحبا" in item["description"]


def test_control_characters_in_reader_text_do_not_break_the_feed(client, article):
    make_comment(article=article, name="سامي\x07\x1b", body="نص\x01\x0b عادي")
    [item] = feed_items(client.get(comments_feed_url(article)))
    assert "سامي" in item["title"] and "\x07" not in item["title"]
    assert "عادي" in item["description"]


def test_comments_feed_of_an_unpublished_article_is_not_found(client, section):
    draft = make_article(section=section, status=Article.Status.DRAFT)
    assert client.get(comments_feed_url(draft)).status_code == 404


@pytest.mark.parametrize("count", [5, 500])
def test_feeds_queries_are_bounded_whatever_the_comment_count(
    client, article, count, django_assert_max_num_queries
):
    now = timezone.now()
    Comment.objects.bulk_create(approved_comment(article, i, now) for i in range(count))
    with django_assert_max_num_queries(3):
        items = feed_items(client.get(comments_feed_url(article)))
    assert len(items) == min(count, 20)
    with django_assert_max_num_queries(2):
        feed_items(client.get(reverse("articles:feed")))
