"""The public article pages: visibility, order of the page, related articles, query bounds."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, SocialLink
from articles.selectors import related_articles
from comments.models import ModerationSettings
from tests.factories import make_article, make_comment, make_section
from tests.integration.test_comment_form import form_data

pytestmark = pytest.mark.django_db


def test_home_lists_published_articles_newest_first(client, section):
    older = make_article(section=section, published_at=timezone.now() - timedelta(days=2))
    newer = make_article(section=section, published_at=timezone.now() - timedelta(hours=1))
    html = client.get(reverse("articles:home")).content.decode()
    assert html.index(newer.title) < html.index(older.title)


def count_queries(queries) -> int:
    return sum("COUNT(" in query["sql"].upper() for query in queries.captured_queries)


@pytest.mark.parametrize("where", ["home", "section"])
def test_article_lists_count_once_per_change_not_per_request(
    section, where, django_capture_on_commit_callbacks
):
    url = reverse("articles:home") if where == "home" else section.get_absolute_url()
    for _ in range(13):
        make_article(section=section)
    with CaptureQueriesContext(connection) as first:
        html = Client().get(url).content.decode()
    with CaptureQueriesContext(connection) as second:
        Client().get(url)
    assert (count_queries(first), count_queries(second)) == (1, 0)
    assert "الصفحة ١ من ٢" in html
    assert "body_html" not in " ".join(q["sql"] for q in second.captured_queries)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(12):
            make_article(section=section)  # each save bumps the site's version
    html = Client().get(url + "?page=3").content.decode()
    assert "الصفحة ٣ من ٣" in html  # counted again after the change


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Article.Status.DRAFT},
        {"published_at": timezone.now() + timedelta(days=1)},
    ],
    ids=["draft", "future"],
)
def test_unpublished_articles_are_404_and_unlisted(client, section, fields):
    hidden = make_article(section=section, **fields)
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert hidden.title not in client.get(reverse("articles:home")).content.decode()
    assert hidden.title not in client.get(section.get_absolute_url()).content.decode()


def test_section_page_lists_only_its_articles(client):
    news, culture = make_section(), make_section()
    inside = make_article(section=news)
    outside = make_article(section=culture)
    html = client.get(news.get_absolute_url()).content.decode()
    assert inside.title in html and outside.title not in html


def test_article_page_is_arabic_rtl_and_in_the_designed_order(client, article):
    SocialLink.objects.create(name="تيليجرام", url="https://t.me/newsroom")
    make_article(section=article.section)
    make_comment(article=article)
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in html
    landmarks = [
        'nr-section-label', article.title, "نص المقال", "تابعونا على", "https://t.me/newsroom",
        "مقالات ذات صلة", 'id="comments"', "اترك تعليقاً",
        "لن يتم نشر عنوان بريدك الإلكتروني. الحقول الإلزامية مشار إليها بـ *",
        'href="#top"',
    ]  # fmt: skip
    body = html[html.index("<main") :]
    positions = [body.index(text) for text in landmarks]
    assert positions == sorted(positions)


def test_unicode_slug_urls_resolve(client, section):
    article = make_article(section=section, slug="مكتبة-عامة-جديدة")
    assert client.get(article.get_absolute_url()).status_code == 200
    assert client.get(section.get_absolute_url()).status_code == 200


def test_related_articles_same_section_first_then_newest_never_itself(section):
    other = make_section()
    now = timezone.now()
    article = make_article(section=section, published_at=now - timedelta(hours=1))
    same_old = make_article(section=section, published_at=now - timedelta(days=5))
    same_new = make_article(section=section, published_at=now - timedelta(days=1))
    other_newest = make_article(section=other, published_at=now - timedelta(minutes=5))
    other_older = make_article(section=other, published_at=now - timedelta(days=2))
    make_article(section=other, published_at=now - timedelta(days=9))
    make_article(section=section, status=Article.Status.DRAFT)
    assert related_articles(article) == [same_new, same_old, other_newest, other_older]


def test_article_body_is_sanitized_on_save(section):
    article = make_article(
        section=section, body_html='<p onclick="x()">نص</p><script>alert(1)</script>'
    )
    assert "onclick" not in article.body_html and "<script" not in article.body_html


@pytest.mark.parametrize(
    "fields",
    [
        {"comment_mode": "closed"},
        {"published_at": timezone.now() - timedelta(days=10), "comments_close_after_days": 3},
    ],
)
def test_a_closed_article_says_so_instead_of_offering_the_form(client, section, fields):
    closed = make_article(section=section, **fields)
    html = client.get(closed.get_absolute_url()).content.decode()
    assert "التعليقات مغلقة." in html
    assert 'id="comment-form"' not in html


def test_an_open_article_offers_the_form(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'id="comment-form"' in html and "التعليقات مغلقة." not in html


def test_a_post_that_finds_comments_closed_keeps_the_readers_text(client, section):
    closed = make_article(section=section, comment_mode="closed")
    data = form_data(closed, body="رأيي الذي كتبته قبل الإغلاق")
    response = client.post(reverse("pages:comment_post", args=[closed.pk]), data)
    html = response.content.decode()
    assert response.status_code == 403
    assert "التعليقات مغلقة." in html and "رأيي الذي كتبته قبل الإغلاق" in html


def test_a_new_site_closing_date_shows_on_cached_pages_at_once(
    section, django_capture_on_commit_callbacks
):
    article = make_article(section=section, published_at=timezone.now() - timedelta(days=10))
    assert 'id="comment-form"' in Client().get(article.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        row = ModerationSettings.current()
        row.close_after_days = 3
        row.save()
    html = Client().get(article.get_absolute_url()).content.decode()
    assert "التعليقات مغلقة." in html and 'id="comment-form"' not in html
