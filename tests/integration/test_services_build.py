"""comment_build derives every field a source does not know; event_record audits a batch at once."""

from io import StringIO

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments.models import Comment, ModerationEvent
from comments.services.build import ParentRef, comment_build, comments_store
from comments.services.events import StatusChange, event_record
from comments.text import search_text
from tests.factories import make_comment, make_editor

pytestmark = pytest.mark.django_db


def build(article, parent=None, **fields) -> Comment:
    fields.setdefault("name", "قارئ")
    fields.setdefault("email", "reader@example.com")
    fields.setdefault("body", "تعليق")
    return comment_build(
        article=article, parent=parent, status=Comment.Status.APPROVED,
        created_at=timezone.now(), **fields,
    )  # fmt: skip


def test_a_reply_to_a_reply_joins_the_thread_of_its_root(article):
    root = make_comment(article=article)
    reply = make_comment(article=article, parent=root)
    answer = build(article, parent=reply)
    assert (answer.parent_id, answer.thread_id, answer.depth) == (reply.pk, root.pk, 2)
    assert (build(article).thread_id, build(article).depth) == (None, 0)


def test_a_parent_known_only_by_its_place_gives_the_same_thread(article):
    root = make_comment(article=article)
    reply = make_comment(article=article, parent=root)
    answer = build(article.pk, parent=ParentRef(pk=reply.pk, thread_id=root.pk, depth=1))
    assert (answer.article_id, answer.parent_id, answer.thread_id, answer.depth) == (
        article.pk, reply.pk, root.pk, 2,
    )  # fmt: skip


def test_a_reply_to_a_loaded_comment_reads_its_article_and_thread_without_a_query(article):
    root = make_comment(article=article)
    reply = build(article, parent=root)
    with CaptureQueriesContext(connection) as captured:
        assert (reply.article, reply.parent, reply.thread) == (article, root, root)
    assert len(captured) == 0


def test_the_body_is_sanitized_and_the_search_text_derived(article):
    body = 'مرحبا <script>alert(1)</script><a href="javascript:x">رابط</a> والمدير'
    comment = build(article, name="منى", body=body)
    assert "<script" not in comment.body_html and "javascript:" not in comment.body_html
    assert comment.body == body  # the reader's text is kept as typed
    assert comment.body_normalized == search_text(f"منى {body}")
    assert "المدير" in comment.body_normalized.split()  # found without its proclitic


def test_the_email_is_stored_in_lower_case(article):
    assert build(article, email="  Mona.K@Example.COM ").email == "mona.k@example.com"


def test_comments_are_stored_in_one_insert_with_their_keys(article):
    with CaptureQueriesContext(connection) as captured:
        stored = comments_store(build(article, body=f"تعليق {n}") for n in range(5))
    assert len(captured) == 1 and captured[0]["sql"].startswith("INSERT")
    assert all(c.pk for c in stored) and Comment.objects.count() == 5


def test_a_batch_of_events_is_one_insert(article):
    comments = [make_comment(article=article) for _ in range(5)]
    editor = make_editor()
    changes = [StatusChange(c.pk, to_status="removed", from_status=c.status) for c in comments]
    with CaptureQueriesContext(connection) as captured:
        event_record(changes=changes, actor=editor, reason="spam", source="admin")
    assert len(captured) == 1 and captured[0]["sql"].startswith("INSERT")
    events = ModerationEvent.objects.all()
    assert sorted(e.comment_id for e in events) == sorted(c.pk for c in comments)
    assert {(e.actor_id, e.from_status, e.to_status, e.reason) for e in events} == {
        (editor.pk, "approved", "removed", "spam")
    }


def test_an_anonymous_actor_is_recorded_as_nobody(article):
    comment = make_comment(article=article)
    [event] = event_record(
        changes=[StatusChange(comment.pk, to_status="spam")], actor=AnonymousUser(), source="api"
    )
    assert event.actor is None and ModerationEvent.objects.get().from_status == ""


def test_loading_the_demo_twice_creates_nothing_new():
    call_command("load_demo", stdout=StringIO())
    first = sorted(Comment.objects.values_list("source", "parent__source", "thread__source"))
    call_command("load_demo", stdout=StringIO())
    assert sorted(Comment.objects.values_list("source", "parent__source", "thread__source")) == (
        first
    )
    assert ("demo:lib-3", "demo:lib-2", "demo:lib-1") in first
    assert Comment.objects.get(source="demo:lib-3").depth == 2
    assert not ModerationEvent.objects.exists()


def test_the_demo_loader_fills_in_only_the_missing_comments():
    call_command("load_demo", stdout=StringIO())
    Comment.objects.filter(source="demo:lib-3").delete()
    call_command("load_demo", stdout=StringIO())
    restored = Comment.objects.get(source="demo:lib-3")
    assert (restored.parent.source, restored.thread.source, restored.depth) == (
        "demo:lib-2", "demo:lib-1", 2,
    )  # fmt: skip
