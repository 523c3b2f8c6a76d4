"""GET and POST /api/v1/articles/{id}/comments/: the page's rules, over JSON."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from comments.models import Comment, ModerationEvent, ModerationListEntry, ModerationSettings
from comments.policy import forget_cached_lists
from tests.factories import (
    make_article,
    make_comment,
    make_comments_bulk,
    make_user,
    make_verified_email,
)

pytestmark = pytest.mark.django_db


def comments_url(article) -> str:
    return reverse("api:article-comments", args=[article.pk])


def post_comment(client, article, *, headers=None, **overrides):
    data = {"name": "سلمى", "email": "salma@example.com", "body": "مقال مفيد، شكرًا لكم."}
    data.update(overrides)
    return client.post(
        comments_url(article), data, content_type="application/json", headers=headers or {}
    )


# --- Reading -----------------------------------------------------------------------------------


def test_only_published_comments_are_listed_oldest_first_with_reply_counts(client, article):
    first = make_comment(article=article, body="الأول")
    make_comment(article=article, status=Comment.Status.PENDING, body="ينتظر")
    make_comment(article=article, status=Comment.Status.SPAM, body="مزعج")
    reply = make_comment(article=article, parent=first, body="رد")
    make_comment(article=article, parent=first, status=Comment.Status.REMOVED)

    response = client.get(comments_url(article))

    assert response.status_code == 200
    results = response.json()["results"]
    assert [c["id"] for c in results] == [first.pk, reply.pk]
    assert results[0]["reply_count"] == 1 and results[1]["reply_count"] == 0
    assert results[1]["parent"] == first.pk
    assert set(results[0]) == {
        "id", "parent", "name", "url", "body_html", "created_at", "reply_count", "is_pick",
        "is_staff_voice", "useful_count", "edited_at",
    }  # fmt: skip
    assert results[0]["edited_at"] is None


def test_a_reply_under_a_hidden_comment_is_hidden_with_it(client, article):
    removed = make_comment(article=article, status=Comment.Status.REMOVED)
    make_comment(article=article, parent=removed)
    assert client.get(comments_url(article)).json()["results"] == []


def test_comments_of_a_draft_or_missing_article_are_not_found(client, section):
    draft = make_article(section=section, status=Article.Status.DRAFT)
    assert client.get(comments_url(draft)).status_code == 404
    assert client.get(reverse("api:article-comments", args=[999999])).status_code == 404


def test_cursor_pages_neither_repeat_nor_skip_while_comments_arrive(client, article):
    existing = make_comments_bulk(article=article, count=5)
    response = client.get(comments_url(article), {"page_size": 2})
    seen = [c["id"] for c in response.json()["results"]]
    newer = make_comment(article=article, created_at=timezone.now())
    older = make_comment(article=article, created_at=timezone.now() - timedelta(days=30))
    next_url = response.json()["next"]
    while next_url:
        page = client.get(next_url).json()
        seen += [c["id"] for c in page["results"]]
        next_url = page["next"]
    ordered = sorted(existing, key=lambda c: (c.created_at, c.pk))
    assert seen == [c.pk for c in ordered] + [newer.pk]
    assert older.pk not in seen  # it sorts before the cursor: it does not shift the pages


@pytest.mark.parametrize("cursor", ["not-a-cursor", "cD16eno=", "cD0yMDI2LTEzLTQ1"])
def test_a_cursor_the_api_did_not_make_is_a_400_in_the_error_shape(client, article, cursor):
    make_comment(article=article, status=Comment.Status.APPROVED)
    response = client.get(comments_url(article), {"cursor": cursor})  # e.g. base64 of "p=zzz"
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_cursor"


@pytest.mark.parametrize("count", [5, 500])
def test_listing_comments_takes_a_bounded_number_of_queries(
    client, article, count, django_assert_max_num_queries
):
    make_comments_bulk(article=article, count=count)
    with django_assert_max_num_queries(2):
        response = client.get(comments_url(article), {"page_size": 100})
    results = response.json()["results"]
    assert len(results) == min(count, 100)
    assert sum(c["reply_count"] for c in results) > 0
    for listed in results:
        assert listed["reply_count"] == Comment.objects.filter(parent_id=listed["id"]).count()


# --- Posting -----------------------------------------------------------------------------------


def test_first_comment_is_stored_pending_and_answered_without_email(client, article):
    response = post_comment(client, article, url="https://salma.example/", notify_replies=True)
    comment = Comment.objects.get()
    body = response.json()
    assert response.status_code == 201
    assert body["id"] == comment.pk and body["status"] == "pending"
    assert body["message"] == "تعليقك في انتظار المراجعة."
    assert "email" not in body and "salma@example.com" not in response.content.decode()
    assert comment.status == Comment.Status.PENDING and comment.notify_replies
    assert comment.ip_address == "127.0.0.1"
    assert ModerationEvent.objects.get(comment=comment).source == ModerationEvent.Source.RULE


def test_comment_of_a_known_author_is_published_at_once(client, article):
    make_verified_email("salma@example.com")
    make_comment(article=article, email="salma@example.com", body="قديم")
    response = post_comment(client, article)
    assert response.status_code == 201
    assert response.json()["status"] == "approved"
    article.refresh_from_db()
    assert article.approved_comment_count == 2


def test_reply_to_a_published_comment_is_stored_under_it(client, article):
    parent = make_comment(article=article)
    response = post_comment(client, article, parent=parent.pk)
    assert response.status_code == 201
    assert Comment.objects.get(pk=response.json()["id"]).parent == parent


def test_logged_in_reader_is_recorded_as_the_author(client, article):
    from rest_framework.authtoken.models import Token

    reader = make_user(is_staff=False)
    token = Token.objects.create(user=reader)
    response = post_comment(client, article, headers={"Authorization": f"Token {token.key}"})
    assert Comment.objects.get(pk=response.json()["id"]).user == reader


def test_mass_assignment_of_status_ip_and_user_is_ignored(client, article):
    admin = make_user(is_superuser=True)
    response = post_comment(
        client, article, status="approved", ip_address="203.0.113.9", user=admin.pk,
        report_count=9, kind="pingback", id=424242,
    )  # fmt: skip
    comment = Comment.objects.get()
    assert response.status_code == 201 and response.json()["status"] == "pending"
    assert comment.pk != 424242
    assert (comment.status, comment.ip_address, comment.user) == ("pending", "127.0.0.1", None)
    assert (comment.report_count, comment.kind) == (0, "comment")


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"name": ""}, "name"),
        ({"email": "not-an-email"}, "email"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"url": "ftp://example.com/file"}, "url"),
        ({"name": "ن" * 101}, "name"),
        ({"body": "ت" * 5001}, "body"),
        ({"url": "https://example.com/" + "a" * 300}, "url"),
        ({"parent": "abc"}, "parent"),
    ],
    ids=["empty-name", "bad-email", "js-url", "ftp-url", "long-name", "long-body", "long-url",
         "parent-not-a-number"],
)  # fmt: skip
def test_invalid_fields_are_a_400_naming_each_field(client, article, overrides, field):
    response = post_comment(client, article, **overrides)
    error = response.json()["error"]
    assert response.status_code == 400
    assert error["code"] == "invalid"
    assert list(error["fields"]) == [field]
    assert not Comment.objects.exists()


def test_missing_fields_are_each_reported_in_arabic_by_default(client, article):
    response = client.post(comments_url(article), {}, content_type="application/json")
    fields = response.json()["error"]["fields"]
    assert set(fields) == {"name", "email", "body"}
    assert fields["name"] == ["هذا الحقل مطلوب."]


def test_messages_are_in_english_with_accept_language_en(client, article):
    response = post_comment(client, article, name="", headers={"Accept-Language": "en"})
    assert response.json()["error"]["fields"]["name"] == ["This field is required."]


def test_a_website_without_scheme_is_taken_as_https_like_the_form(client, article):
    response = post_comment(client, article, url="salma.example")
    assert response.status_code == 201
    assert Comment.objects.get().url == "https://salma.example"


@pytest.mark.parametrize("make_parent", ["other_article", "pending", "missing"])
def test_reply_to_anything_but_a_published_comment_here_is_refused(client, article, make_parent):
    parent_id = {
        "other_article": lambda: make_comment(article=make_article(section=article.section)).pk,
        "pending": lambda: make_comment(article=article, status=Comment.Status.PENDING).pk,
        "missing": lambda: 999999,
    }[make_parent]()
    response = post_comment(client, article, parent=parent_id)
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["parent"] == [
        "يمكنك الرد فقط على تعليق منشور في هذا المقال."
    ]
    assert not Comment.objects.filter(parent_id=parent_id).exists()


def test_closed_article_answers_403_with_the_pipeline_message(client, section):
    closed = make_article(section=section, comment_mode=Article.CommentMode.CLOSED)
    response = post_comment(client, closed)
    assert response.status_code == 403
    assert response.json()["error"] == {
        "code": "closed", "message": "التعليقات مغلقة.", "fields": {},
    }  # fmt: skip
    assert not Comment.objects.exists()


def test_article_past_its_closing_date_answers_403(client, section):
    old = make_article(
        section=section,
        published_at=timezone.now() - timedelta(days=10),
        comments_close_after_days=3,
    )
    assert post_comment(client, old).status_code == 403


def test_posting_too_fast_answers_429_with_retry_after(client, article):
    assert post_comment(client, article).status_code == 201
    response = post_comment(
        client, article, body="تعليق آخر مختلف تمامًا", headers={"Accept-Language": "en"}
    )
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= ModerationSettings.current().flood_seconds
    assert response.json()["error"] == {
        "code": "flood",
        "message": "You are posting comments too quickly. Please wait a moment.",
        "fields": {},
    }
    assert Comment.objects.count() == 1


def test_duplicate_comment_answers_400_with_the_message(client, article):
    ModerationSettings.objects.update(flood_seconds=0)
    post_comment(client, article)
    response = post_comment(client, article, headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "duplicate"
    assert (
        response.json()["error"]["message"] == "It looks like you have already posted this comment."
    )
    assert Comment.objects.count() == 1


def test_blocklisted_email_answers_400_without_saying_which_list(client, article):
    ModerationListEntry.objects.create(
        list="block", kind="email", value="salma@example.com", action="reject"
    )
    forget_cached_lists()
    response = post_comment(client, article, headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "rejected"
    assert response.json()["error"]["message"] == "Your comment could not be published."
    assert not Comment.objects.exists()


def test_spam_is_stored_hidden_and_answered_as_pending(client, article):
    ModerationListEntry.objects.create(list="block", kind="word", value="كازينو", action="spam")
    forget_cached_lists()
    response = post_comment(client, article, body="أفضل كازينو على الإنترنت")
    assert response.status_code == 201 and response.json()["status"] == "pending"
    assert Comment.objects.get().status == Comment.Status.SPAM


def test_posting_to_a_draft_article_is_not_found(client, section):
    draft = make_article(section=section, status=Article.Status.DRAFT)
    assert post_comment(client, draft).status_code == 404


def test_each_message_is_given_once_per_field(client, article):
    response = post_comment(client, article, url="javascript:alert(1)")
    messages = response.json()["error"]["fields"]["url"]
    assert messages == ["الرجاء إدخال رابط إلكتروني صالح."]


def test_a_name_on_several_lines_is_a_clear_400_in_english_too(client, article):
    english = {"Accept-Language": "en"}
    response = post_comment(client, article, name="Salma\nModerator", headers=english)
    assert response.status_code == 400 and not Comment.objects.exists()
    assert response.json()["error"]["fields"]["name"] == ["Please write your name on one line."]
