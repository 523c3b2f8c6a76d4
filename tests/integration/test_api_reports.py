"""POST /api/v1/comments/{id}/reports/: readers flag a published comment."""

import ipaddress

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

from articles.models import Article
from comments.models import Comment, CommentReport, ModerationSettings
from comments.reporters import address_reporter_key
from tests.factories import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db


def report(client, comment_id: int, reason="abuse", **kwargs):
    return client.post(
        reverse("api:comment-reports", args=[comment_id]),
        {"reason": reason},
        content_type="application/json",
        **kwargs,
    )


def test_a_report_is_stored_once_per_reader(client, comment):
    response = report(client, comment.pk)
    assert response.status_code == 201
    assert response.json()["comment"] == comment.pk and response.json()["reason"] == "abuse"
    assert response.json()["message"] == "شكرًا لك. سيراجع المحررون هذا التعليق."
    assert report(client, comment.pk, reason="spam").status_code == 201
    stored = CommentReport.objects.get()
    expected_key = address_reporter_key(ipaddress.ip_address("127.0.0.1"))
    assert (stored.reporter_key, stored.reason) == (expected_key, "abuse")
    assert "127.0.0.1" not in stored.reporter_key  # kept reports never hold the address
    comment.refresh_from_db()
    assert comment.report_count == 1


def test_a_reader_who_reported_on_the_page_is_the_same_reader_in_the_api(client, comment):
    page_report = reverse("comments:report", args=[comment.pk])
    assert client.post(page_report, {"reason": "spam"}).status_code == 303
    assert report(client, comment.pk).status_code == 201
    assert CommentReport.objects.get().reason == "spam"
    comment.refresh_from_db()
    assert comment.report_count == 1


def test_a_signed_in_reader_reports_as_themselves(client, comment):
    reader = make_user(is_staff=False)
    token = Token.objects.create(user=reader)
    report(client, comment.pk, headers={"Authorization": f"Token {token.key}"})
    assert CommentReport.objects.get().reporter_key == f"user:{reader.pk}"


def test_enough_reports_send_the_comment_back_to_the_queue(client, comment):
    ModerationSettings.objects.update(report_threshold=2)
    report(client, comment.pk, REMOTE_ADDR="198.51.100.1")
    report(client, comment.pk, REMOTE_ADDR="198.51.100.2")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    listed = client.get(reverse("api:article-comments", args=[comment.article_id])).json()
    assert listed["results"] == []


def test_an_unknown_reason_is_a_400(client, comment):
    response = report(client, comment.pk, reason="boring")
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["reason"]
    assert not CommentReport.objects.exists()


@pytest.mark.parametrize("status", ["pending", "spam", "removed"])
def test_only_published_comments_can_be_reported(client, article, status):
    hidden = make_comment(article=article, status=status)
    assert report(client, hidden.pk).status_code == 404
    assert report(client, 999999).status_code == 404


def test_comments_of_a_draft_article_cannot_be_reported(client, section):
    draft = make_article(section=section, status=Article.Status.DRAFT)
    assert report(client, make_comment(article=draft).pk).status_code == 404
