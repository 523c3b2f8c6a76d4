"""GET /api/v1/sections/, /articles/ and /articles/{id}/: what the pages show, as JSON."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_comment, make_comments_bulk, make_section

pytestmark = pytest.mark.django_db


def test_sections_are_listed_in_their_order(client):
    second = make_section(name="رياضة", position=2)
    first = make_section(name="سياسة", position=1)
    response = client.get(reverse("api:sections"))
    assert response.status_code == 200
    assert [s["id"] for s in response.json()] == [first.pk, second.pk]
    assert response.json()[0] == {
        "id": first.pk, "name": "سياسة", "slug": first.slug,
        "url": f"http://testserver{first.get_absolute_url()}",
    }  # fmt: skip


def test_articles_are_published_only_and_newest_first(client, section):
    old = make_article(section=section, published_at=timezone.now() - timedelta(days=2))
    new = make_article(section=section, published_at=timezone.now() - timedelta(hours=1))
    make_article(section=section, status=Article.Status.DRAFT)
    make_article(section=section, published_at=timezone.now() + timedelta(days=1))
    response = client.get(reverse("api:articles"))
    body = response.json()
    assert body["count"] == 2
    assert [a["id"] for a in body["results"]] == [new.pk, old.pk]


def test_articles_filter_by_section_and_search_the_title(client, section):
    economy = make_section(name="اقتصاد")
    wanted = make_article(section=economy, title="أسعار النفط ترتفع")
    make_article(section=economy, title="البورصة اليوم")
    make_article(section=section, title="النفط في الأخبار")
    response = client.get(reverse("api:articles"), {"section": economy.pk, "search": "النفط"})
    assert [a["id"] for a in response.json()["results"]] == [wanted.pk]


def test_articles_are_paginated(client, section):
    for _ in range(14):
        make_article(section=section)
    first = client.get(reverse("api:articles")).json()
    assert len(first["results"]) == 12 and first["count"] == 14
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 2
    assert client.get(reverse("api:articles"), {"page": 9}).status_code == 404


def test_an_invalid_section_filter_is_a_400(client):
    response = client.get(reverse("api:articles"), {"section": "abc"})
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["section"]


def test_article_detail_has_what_the_page_shows(client, section):
    article = make_article(section=section, byline="مراسلنا", body_html="<p>نص <b>المقال</b></p>")
    related = make_article(section=section)
    make_comment(article=article)
    make_comment(article=article)
    response = client.get(reverse("api:article", args=[article.pk]))
    body = response.json()
    assert response.status_code == 200
    assert body["title"] == article.title and body["byline"] == "مراسلنا"
    assert body["section"]["id"] == section.pk
    assert body["body_html"] == "<p>نص <b>المقال</b></p>"
    assert body["url"] == f"http://testserver{article.get_absolute_url()}"
    assert body["comment_count"] == 2
    assert body["comments_open"] is True and body["comment_mode"] == "open"
    assert [r["id"] for r in body["related"]] == [related.pk]


def test_article_with_closed_comments_says_so(client, section):
    article = make_article(section=section, comment_mode=Article.CommentMode.CLOSED)
    assert client.get(reverse("api:article", args=[article.pk])).json()["comments_open"] is False


def test_a_draft_article_is_not_found(client, section):
    draft = make_article(section=section, status=Article.Status.DRAFT)
    response = client.get(reverse("api:article", args=[draft.pk]))
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("count", [5, 500])
def test_article_endpoints_take_a_bounded_number_of_queries(
    client, section, count, django_assert_max_num_queries
):
    article = make_article(section=section)
    for _ in range(3):
        make_article(section=section)
    make_comments_bulk(article=article, count=count)
    with django_assert_max_num_queries(2):
        client.get(reverse("api:articles"))
    # The article, the related links (two index-served queries), their rows, the closing days.
    with django_assert_max_num_queries(5):
        client.get(reverse("api:article", args=[article.pk]))
    with django_assert_max_num_queries(1):
        client.get(reverse("api:sections"))
