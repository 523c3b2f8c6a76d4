"""A reply whose context is gone (a comment above it removed) hides everywhere the page hides it."""

import pytest
from django.urls import reverse

from comments.models import Comment
from comments.services.decisions import comments_set_status
from tests.factories import make_comment

pytestmark = pytest.mark.django_db

REMOVED_TEXT = "النص الذي حذفه المحرر"


@pytest.fixture
def thread(article) -> dict[str, Comment]:
    """root <- removed <- reply <- answer, and a second reply to root that stays in sight."""
    root = make_comment(article=article, body="تعليق أول")
    removed = make_comment(article=article, parent=root, body=REMOVED_TEXT)
    reply = make_comment(article=article, parent=removed, body=f"ردًا على «{REMOVED_TEXT}»")
    answer = make_comment(article=article, parent=reply, body="وأنا أوافق")
    sibling = make_comment(article=article, parent=root, body="رد باق")
    comments_set_status(ids=[removed.pk], to_status=Comment.Status.REMOVED, actor=None,
                        source="admin")  # fmt: skip
    return {"root": root, "reply": reply, "answer": answer, "sibling": sibling}


def test_the_page_shows_neither_the_reply_nor_its_answer(client, article, thread):
    page = client.get(article.get_absolute_url()).content.decode()
    assert REMOVED_TEXT not in page and "وأنا أوافق" not in page and "رد باق" in page


def test_the_api_lists_neither_the_reply_nor_its_answer(client, article, thread):
    listed = client.get(reverse("api:article-comments", args=[article.pk])).json()["results"]
    assert [c["id"] for c in listed] == [thread["root"].pk, thread["sibling"].pk]


def test_the_comments_feed_lists_neither_the_reply_nor_its_answer(client, article, thread):
    feed = client.get(reverse("comments:feed", args=[article.slug])).content.decode()
    assert REMOVED_TEXT not in feed and "وأنا أوافق" not in feed and "رد باق" in feed


@pytest.mark.parametrize("which", ["reply", "answer"])
def test_neither_can_be_reported_nor_quoted_by_the_report_page(client, thread, which):
    comment = thread[which]
    assert client.get(reverse("comments:report", args=[comment.pk])).status_code == 404
    api = reverse("api:comment-reports", args=[comment.pk])
    assert client.post(api, {"reason": "abuse"}, content_type="application/json").status_code == 404


def test_a_reply_in_sight_can_still_be_reported(client, thread):
    page = client.get(reverse("comments:report", args=[thread["sibling"].pk]))
    assert page.status_code == 200 and "رد باق" in page.content.decode()


def test_the_feed_still_costs_the_same_queries(
    client, article, thread, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        client.get(reverse("comments:feed", args=[article.slug]))
