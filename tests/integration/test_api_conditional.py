"""Conditional GET on the API lists: 304 while nothing changed, a new answer as soon as it does."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comments.models import Comment
from tests.factories import make_article, make_comment
from tests.integration.test_comment_cache import decide
from tests.queries import reads_comments

pytestmark = pytest.mark.django_db


def comments_url(article) -> str:
    return reverse("api:article-comments", args=[article.pk])


def test_an_unchanged_comment_list_answers_304_without_reading_comments(client, article):
    make_comment(article=article)
    etag = client.get(comments_url(article))["ETag"]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(comments_url(article), headers={"if-none-match": etag})
    assert response.status_code == 304 and response["ETag"] == etag
    assert not reads_comments(queries)


def test_a_decision_on_the_article_changes_its_list_at_once(
    client, article, django_capture_on_commit_callbacks
):
    held = make_comment(article=article, status=Comment.Status.PENDING, body="رأي جديد")
    etag = client.get(comments_url(article))["ETag"]
    decide([held.pk], "approved", django_capture_on_commit_callbacks)
    response = client.get(comments_url(article), headers={"if-none-match": etag})
    assert response.status_code == 200 and response["ETag"] != etag
    assert [c["body_html"] for c in response.json()["results"]] == ["<p>رأي جديد</p>"]


def test_a_decision_on_another_article_keeps_the_list_unchanged(
    client, article, django_capture_on_commit_callbacks
):
    other = make_comment(article=make_article(section=article.section))
    etag = client.get(comments_url(article))["ETag"]
    decide([other.pk], "removed", django_capture_on_commit_callbacks)
    assert client.get(comments_url(article), headers={"if-none-match": etag}).status_code == 304


def test_each_page_of_the_list_has_its_own_etag(client, article, settings):
    settings.COMMENTS_PER_PAGE = 2
    for _ in range(3):
        make_comment(article=article)
    first = client.get(comments_url(article))
    second = client.get(first.json()["next"])
    assert second.status_code == 200 and second["ETag"] != first["ETag"]
    again = client.get(first.json()["next"], headers={"if-none-match": second["ETag"]})
    assert again.status_code == 304


def test_the_first_page_is_served_from_the_cache_until_it_changes(
    client, article, django_capture_on_commit_callbacks
):
    make_comment(article=article, body="أول")
    client.get(comments_url(article))
    with CaptureQueriesContext(connection) as queries:
        cached = client.get(comments_url(article)).json()
    assert not reads_comments(queries)
    held = make_comment(article=article, status=Comment.Status.PENDING, body="ثان")
    decide([held.pk], "approved", django_capture_on_commit_callbacks)
    fresh = client.get(comments_url(article)).json()
    assert len(cached["results"]) == 1 and len(fresh["results"]) == 2


def test_the_article_list_answers_304_until_a_count_changes(client, article):
    url = reverse("api:articles")
    etag = client.get(url)["ETag"]
    assert client.get(url, headers={"if-none-match": etag}).status_code == 304
    make_comment(article=article)  # the factory keeps the approved count right
    assert client.get(url, headers={"if-none-match": etag}).status_code == 200
