"""Editors see where an embedded thread lives, and edit it like any article."""

import pytest
from django.urls import reverse

from articles.models import Article
from comments.models import Comment
from tests.factories import make_article, make_comment, make_section, make_user

pytestmark = pytest.mark.django_db
STORY = "https://news.example/2026/11/story/"


@pytest.fixture
def external():
    return make_article(kind="external", canonical_url=STORY, body_html="", title="قصة مضمّنة")


def test_the_desk_card_names_the_site_the_comment_came_from(client, editor, external):
    make_comment(article=external, status=Comment.Status.PENDING, body="من الموقع")
    html = client.get(reverse("admin:comments_comment_desk")).content.decode()
    assert f'href="{STORY}" class="nr-card-origin"' in html
    assert "Embedded in news.example" in html


def test_the_comment_page_names_the_articles_host(client, editor, external):
    comment = make_comment(article=external)
    url = reverse("admin:comments_comment_change", args=[comment.pk])
    assert '<bdi class="nr-article-host">(news.example)</bdi>' in client.get(url).content.decode()


def test_the_article_list_shows_and_filters_embedded_threads(client, external):
    client = superuser_client(client)
    make_article(title="مقال الموقع")
    changelist = reverse("admin:articles_article_changelist")
    html = client.get(changelist, {"kind__exact": "external"}).content.decode()
    assert "قصة مضمّنة" in html and "news.example" in html and "مقال الموقع" not in html


def change_data(article: Article, **overrides) -> dict:
    data = {
        "title": article.title, "slug": article.slug, "section": article.section_id,
        "byline": "", "excerpt": "", "body_html": article.body_html, "status": article.status,
        "published_at_0": "2026-11-01", "published_at_1": "10:00:00",
        "comment_mode": Article.CommentMode.MODERATED, "comments_close_after_days": "",
        "kind": article.kind, "canonical_url": article.canonical_url,
    }  # fmt: skip
    return data | overrides


def superuser_client(client):
    client.force_login(make_user(is_superuser=True))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_an_embedded_thread_is_edited_like_any_article_without_a_body(client, external):
    client = superuser_client(client)
    url = reverse("admin:articles_article_change", args=[external.pk])
    response = client.post(url, change_data(external))
    assert response.status_code == 302
    external.refresh_from_db()
    assert external.comment_mode == Article.CommentMode.MODERATED


def test_a_newsroom_page_still_needs_a_body(client):
    client = superuser_client(client)
    page = make_article(section=make_section())
    url = reverse("admin:articles_article_change", args=[page.pk])
    response = client.post(url, change_data(page, body_html="  "))
    assert response.status_code == 200
    assert "A Newsroom page needs a body." in response.content.decode()
    page.refresh_from_db()
    assert page.body_html
