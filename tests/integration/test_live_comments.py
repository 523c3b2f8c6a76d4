"""The article page's live poll: a 304 without a query while quiet, the new comments otherwise."""

import re
from html import unescape

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from comments.live import approvals_since
from comments.models import Comment, ModerationEvent
from comments.services.decisions import comments_set_status
from tests.factories import make_article, make_comment, make_comments_bulk

pytestmark = pytest.mark.django_db

LIVE_ETAG = re.compile(r'data-live-etag="([^"]+)"')
VERSION_TIME = re.compile(r'data-live-version-time="([0-9]+)"')


def page_poll(article) -> tuple[str, dict]:
    """Return the live URL and headers an open page's first poll sends, read from the page."""
    html = Client().get(article.get_absolute_url()).content.decode()
    etag = unescape(LIVE_ETAG.search(html).group(1))
    version_time = VERSION_TIME.search(html).group(1)
    url = reverse("comments:live", args=[article.pk]) + f"?version_time={version_time}"
    return url, {"if-none-match": etag}


@pytest.fixture
def approve(django_capture_on_commit_callbacks):
    def approve_now(comment: Comment) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            comments_set_status(ids=[comment.pk], to_status="approved", actor=None, source="admin")

    return approve_now


@pytest.mark.parametrize("comments", [5, 500])
def test_a_quiet_story_answers_304_without_any_query(article, comments):
    make_comments_bulk(article=article, count=comments)
    url, headers = page_poll(article)
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(url, headers=headers)
    assert response.status_code == 304
    assert queries.captured_queries == []
    assert "public" in response["Cache-Control"]
    assert set(response["xkey"].split()) == {"site", f"article-{article.pk}"}


def test_an_approval_changes_the_etag_and_brings_the_comment(article, approve):
    root = make_comment(article=article, body="رأي أول")
    url, headers = page_poll(article)
    reply = make_comment(article=article, parent=root, body="ردٌّ <script>x</script> جديد",
                         status=Comment.Status.PENDING)  # fmt: skip
    assert Client().get(url, headers=headers).status_code == 304  # held: nothing shows
    approve(reply)
    response = Client().get(url, headers=headers)
    assert response.status_code == 200
    assert response["ETag"] != headers["if-none-match"]
    answer = response.json()
    (new,) = answer["comments"]
    assert (new["id"], new["parent"], new["thread"]) == (reply.pk, root.pk, root.pk)
    assert f'id="comment-{reply.pk}"' in new["html"] and "nr-depth-1" in new["html"]
    assert "<script>" not in new["html"] and "&lt;script&gt;" in new["html"]
    assert new["url"] == reverse("comments:permalink", args=[reply.pk])
    assert answer["heading"] == "تعليقان"
    assert answer["announcements"][:3] == ["تعليق جديد", "تعليقان جديدان", "٣ تعليقات جديدة"]
    assert answer["more"] is False
    again = Client().get(
        reverse("comments:live", args=[article.pk]) + f"?since={answer['since']}",
        headers={"if-none-match": response["ETag"]},
    )
    assert again.status_code == 304


def test_a_comment_held_long_and_approved_late_still_arrives(article, approve):
    held = make_comment(article=article, status=Comment.Status.PENDING, body="انتظر طويلاً")
    make_comment(article=article, body="نُشر قبله")  # a newer id, already on the page
    url, headers = page_poll(article)
    approve(held)
    answer = Client().get(url, headers=headers).json()
    assert [c["id"] for c in answer["comments"]] == [held.pk]


def test_only_this_articles_public_comments_come(article, approve):
    url, headers = page_poll(article)
    other = make_comment(article=make_article(section=article.section), status="pending")
    removed = make_comment(article=article, status=Comment.Status.PENDING)
    approve(other)
    approve(removed)
    with_removal = make_comment(article=article, status=Comment.Status.PENDING)
    approve(with_removal)
    comments_set_status(ids=[removed.pk], to_status="removed", actor=None, source="admin")
    answer = Client().get(url, headers=headers).json()
    assert [c["id"] for c in answer["comments"]] == [with_removal.pk]


@pytest.mark.parametrize("comments", [5, 500])
def test_the_answer_costs_the_same_queries_whatever_the_comments(article, approve, comments):
    make_comments_bulk(article=article, count=comments)
    url, headers = page_poll(article)
    held = make_comment(article=article, status=Comment.Status.PENDING)
    approve(held)
    with CaptureQueriesContext(connection) as queries:
        answer = Client().get(url, headers=headers).json()
    assert [c["id"] for c in answer["comments"]] == [held.pk]
    # The article, the cursor now and at the page's version, the approvals since.
    assert len(queries.captured_queries) == 4


def test_past_the_most_it_inserts_it_offers_a_reload(article, approve, settings):
    settings.COMMENTS_LIVE_MOST_NEW = 3
    url, headers = page_poll(article)
    held = [make_comment(article=article, status=Comment.Status.PENDING) for _ in range(5)]
    for comment in held:
        approve(comment)
    answer = Client().get(url, headers=headers).json()
    assert [c["id"] for c in answer["comments"]] == [c.pk for c in held[:3]]
    assert answer["more"] is True and len(answer["announcements"]) == 3


def test_the_labels_follow_the_readers_language(article, approve):
    url, headers = page_poll(article)
    approve(make_comment(article=article, status=Comment.Status.PENDING))
    client = Client()
    client.cookies["django_language"] = "en"
    response = client.get(url, headers=headers)
    answer = response.json()
    assert answer["announcements"][:2] == ["1 new comment", "2 new comments"]
    assert answer["heading"] == "1 comment" and answer["show"] == "Show"
    assert {"cookie", "accept-language"} <= {v.strip().lower() for v in response["Vary"].split(",")}


@pytest.mark.parametrize("query", ["since=abc", "since=-1", "since=1.5", "since=٣", "version_time=x",
                                   "since=99999999999999999999"])  # fmt: skip
def test_a_bad_cursor_is_a_clear_400_never_a_500(article, query):
    response = Client().get(reverse("comments:live", args=[article.pk]) + f"?{query}")
    assert response.status_code == 400
    assert response.json()["error"]["message"] == (
        "يجب أن يكون المعاملان since و version_time عددين صحيحين من الصفحة أو من إجابة سابقة."
    )


def test_an_unpublished_or_unknown_article_is_a_404(section):
    draft = make_article(section=section, status=Article.Status.DRAFT)
    assert Client().get(reverse("comments:live", args=[draft.pk])).status_code == 404
    assert Client().get(reverse("comments:live", args=[987654])).status_code == 404


@pytest.mark.postgres
def test_the_polls_queries_are_served_by_indexes(article, approve):
    if connection.vendor != "postgresql":
        pytest.skip("query plans are checked on PostgreSQL, the production database")
    approve(make_comment(article=article, status=Comment.Status.PENDING))
    cursor_query = ModerationEvent.objects.filter(created_at__lt=timezone.now()).order_by("-pk")
    plans = []
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        for query in (approvals_since(article.pk, since=0)[:21], cursor_query.values("pk")[:1]):
            sql, params = query.query.sql_with_params()
            cursor.execute(f"EXPLAIN {sql}", params)
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
        cursor.execute("RESET enable_seqscan")
    for plan in plans:
        assert "Seq Scan" not in plan and "Index" in plan, plan
