"""A commenter's personal data: export and erase by email (service, command, admin page), audited."""

import json
import time
from datetime import timedelta

import pytest
from django.contrib.admin.models import DELETION, LogEntry
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from comments.models import Comment, ModerationEvent
from comments.services.privacy import (
    PLACEHOLDER_DOMAIN,
    client_data_purge,
    personal_data_erase,
    personal_data_export,
)
from tests.factories import make_comment, make_verified_email

pytestmark = pytest.mark.django_db
EMAIL = "Layla@Example.com"


@pytest.fixture
def editor(make_role):
    return make_role("editor")


@pytest.fixture
def layla(article):
    """Two comments by Layla (one held), and one by someone else."""
    first = make_comment(
        article=article, name="ليلى", email="layla@example.com", url="https://layla.example",
        ip_address="203.0.113.7", user_agent="Firefox/140", body="رأيي في المقال",
    )  # fmt: skip
    held = make_comment(
        article=article, name="ليلى", email=EMAIL, status=Comment.Status.PENDING,
        ip_address="203.0.113.7", user_agent="Firefox/140", body="تعليق ثانٍ",
    )  # fmt: skip
    other = make_comment(article=article, name="سمير", email="samir@example.com")
    return first, held, other


def _count(article: Article) -> int:
    article.refresh_from_db()
    return article.approved_comment_count


def test_export_holds_every_comment_of_the_address_and_only_those(layla):
    data = personal_data_export(email="LAYLA@example.com")
    assert [c["id"] for c in data["comments"]] == [layla[0].pk, layla[1].pk]
    first = data["comments"][0]
    assert first["ip_address"] == "203.0.113.7" and first["user_agent"] == "Firefox/140"
    assert first["website"] == "https://layla.example" and first["comment"] == "رأيي في المقال"
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data


def test_export_by_an_editor_is_recorded_in_each_comments_history(layla, editor):
    personal_data_export(email=EMAIL, actor=editor)
    events = ModerationEvent.objects.filter(source=ModerationEvent.Source.PRIVACY)
    assert sorted(events.values_list("comment_id", "reason", "actor")) == [
        (layla[0].pk, "exported", editor.pk),
        (layla[1].pk, "exported", editor.pk),
    ]


def test_anonymizing_removes_every_personal_detail_and_keeps_the_text(layla, editor, article):
    before = _count(article)
    assert personal_data_erase(email=EMAIL, actor=editor, mode="anonymize") == 2
    first, held = (Comment.objects.get(pk=c.pk) for c in layla[:2])
    assert first.name == held.name == "مجهول"
    assert first.email != held.email
    assert first.email.endswith(f"@{PLACEHOLDER_DOMAIN}") and "layla" not in first.email
    assert (first.url, first.ip_address, first.user_agent) == ("", None, "")
    assert first.body == "رأيي في المقال" and "ليلى" not in first.body_normalized
    assert (first.status, held.status) == (Comment.Status.APPROVED, Comment.Status.PENDING)
    assert _count(article) == before
    assert personal_data_export(email=EMAIL)["comments"] == []
    assert Comment.objects.get(pk=layla[2].pk).name == "سمير"


def test_erasure_is_audited_with_the_editor_and_the_privacy_source(layla, editor):
    personal_data_erase(email=EMAIL, actor=editor, mode="anonymize")
    events = ModerationEvent.objects.filter(source=ModerationEvent.Source.PRIVACY, reason="erased")
    assert events.count() == 2 and set(events.values_list("actor", flat=True)) == {editor.pk}


def test_the_editor_may_remove_the_text_as_well(layla, editor):
    personal_data_erase(email=EMAIL, actor=editor, mode="anonymize", keep_body=False)
    first = Comment.objects.get(pk=layla[0].pk)
    assert "رأيي" not in first.body and "رأيي" not in first.body_html
    assert first.body == "حُذف هذا التعليق بطلب من كاتبه."


def test_the_article_page_forgets_the_name_at_once(
    client, layla, editor, article, django_capture_on_commit_callbacks
):
    assert "ليلى" in client.get(article.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        personal_data_erase(email=EMAIL, actor=editor, mode="anonymize")
    page = client.get(article.get_absolute_url()).content.decode()
    assert "ليلى" not in page and "https://layla.example" not in page


@pytest.mark.parametrize("mode", ["anonymize", "delete"])
def test_erasure_renews_the_queue_so_the_editors_live_count_sees_it(
    client, layla, editor, mode, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    count_url = reverse("admin:comments_comment_desk_count")
    before = client.get(count_url, HTTP_ACCEPT_LANGUAGE="en")
    assert before.json()["waiting"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        personal_data_erase(email=EMAIL, actor=editor, mode=mode)
    after = client.get(count_url, HTTP_IF_NONE_MATCH=before["ETag"], HTTP_ACCEPT_LANGUAGE="en")
    assert after.status_code == 200  # not 304: the desk asks again for its cards too
    assert after.json()["waiting"] == (1 if mode == "anonymize" else 0)
    desk = client.get(reverse("admin:comments_comment_desk")).content.decode()
    assert "ليلى" not in desk


def test_deleting_keeps_the_counts_right_and_a_log_that_outlives_the_rows(layla, editor, article):
    before = _count(article)
    assert personal_data_erase(email=EMAIL, actor=editor, mode="delete") == 2
    assert not Comment.objects.filter(pk__in=[layla[0].pk, layla[1].pk]).exists()
    assert _count(article) == before - 1
    logged = LogEntry.objects.filter(action_flag=DELETION, user=editor)
    assert sorted(logged.values_list("object_id", flat=True)) == sorted(
        [str(layla[0].pk), str(layla[1].pk)]
    )
    assert "ليلى" not in "".join(logged.values_list("object_repr", flat=True))


def test_deleting_a_comment_others_replied_to_anonymizes_it_instead(layla, editor, article):
    reply = make_comment(article=article, parent=layla[0], email="samir@example.com")
    own_reply = make_comment(article=article, parent=reply, email=EMAIL, body="ردّي")
    personal_data_erase(email=EMAIL, actor=editor, mode="delete")
    tombstone = Comment.objects.get(pk=layla[0].pk)
    assert tombstone.name == "مجهول" and "رأيي" not in tombstone.body
    assert Comment.objects.filter(pk=reply.pk).exists()
    assert not Comment.objects.filter(pk__in=[own_reply.pk, layla[1].pk]).exists()


def test_an_unknown_mode_is_refused(layla, editor):
    with pytest.raises(ValueError):
        personal_data_erase(email=EMAIL, actor=editor, mode="shred")


def test_client_data_older_than_the_retention_is_cleared_in_one_update(
    article, django_assert_num_queries
):
    now = timezone.now()
    old = make_comment(article=article, ip_address="198.51.100.1", user_agent="Old/1",
                       created_at=now - timedelta(days=91))  # fmt: skip
    recent = make_comment(article=article, ip_address="198.51.100.2", user_agent="New/1",
                          created_at=now - timedelta(days=89))  # fmt: skip
    with django_assert_num_queries(1):
        assert client_data_purge(older_than_days=90) == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.ip_address, old.user_agent) == (None, "")
    assert (recent.ip_address, recent.user_agent) == ("198.51.100.2", "New/1")


def test_the_purge_command_defaults_to_the_retention_setting(article, settings):
    settings.COMMENTS_CLIENT_DATA_DAYS = 30
    old = make_comment(article=article, ip_address="198.51.100.1",
                       created_at=timezone.now() - timedelta(days=31))  # fmt: skip
    call_command("purge_client_data")
    old.refresh_from_db()
    assert old.ip_address is None


def test_the_daily_purge_drops_expired_idempotency_keys_only():
    from comments.models import IdempotencyKey

    expired = IdempotencyKey.objects.create(key="old", fingerprint="x")
    IdempotencyKey.objects.filter(pk=expired.pk).update(
        created_at=timezone.now() - timedelta(days=2)
    )
    IdempotencyKey.objects.create(key="fresh", fingerprint="y")
    call_command("purge_client_data")
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["fresh"]


def test_the_export_command_writes_json_and_needs_an_editor(layla, editor, make_role, tmp_path):
    target = tmp_path / "export.json"
    call_command("personal_data_export", EMAIL, actor=editor.username, output=str(target))
    assert len(json.loads(target.read_text(encoding="utf-8"))["comments"]) == 2
    with pytest.raises(CommandError):
        call_command("personal_data_export", EMAIL, actor=make_role("staff").username)


def test_the_erase_command_anonymizes_or_deletes(layla, editor):
    call_command("personal_data_erase", EMAIL, actor=editor.username, mode="delete", yes=True)
    assert not Comment.objects.filter(email__iexact=EMAIL).exists()


@pytest.mark.parametrize("role, status", [("staff", 403), ("editor", 200), ("superuser", 200)])
def test_the_admin_page_needs_the_moderation_permission(client, make_role, role, status):
    client.force_login(make_role(role))
    assert client.get(reverse("privacy:personal_data")).status_code == status


def test_anonymous_visitors_are_sent_to_the_admin_login(client):
    response = client.get(reverse("privacy:personal_data"))
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]


def test_the_admin_page_finds_and_exports_by_email(client, editor, layla):
    client.force_login(editor)
    url = reverse("privacy:personal_data")
    found = client.post(url, {"email": EMAIL, "find": "1", "mode": "anonymize"})
    assert found.status_code == 200 and "رأيي في المقال" in found.content.decode()
    export = client.post(url, {"email": EMAIL, "export": "1", "mode": "anonymize"})
    assert export["Content-Disposition"].startswith("attachment;")
    assert len(export.json()["comments"]) == 2


def test_the_admin_page_erases_only_once_confirmed(client, editor, layla):
    client.force_login(editor)
    url = reverse("privacy:personal_data")
    unconfirmed = client.post(url, {"email": EMAIL, "erase": "1", "mode": "anonymize"})
    assert unconfirmed.status_code == 200
    assert Comment.objects.filter(email__iexact=EMAIL).count() == 2
    done = client.post(url, {"email": EMAIL, "erase": "1", "mode": "anonymize", "confirm": "on"})
    assert done.status_code == 302
    assert not Comment.objects.filter(email__iexact=EMAIL).exists()
    assert ModerationEvent.objects.filter(source="privacy", actor=editor).count() == 2


def test_the_purge_clears_blocked_addresses_from_old_reasons_and_keeps_the_codes(article):
    now = timezone.now()
    reasons = [
        {"code": "blocked_email", "detail": "blocked@example.com"},
        {"code": "blocked_ip", "detail": "198.51.100.66"},
        {"code": "too_many_links", "detail": "4"},
    ]
    old = make_comment(article=article, status=Comment.Status.SPAM, moderation_reasons=reasons,
                       created_at=now - timedelta(days=91))  # fmt: skip
    recent = make_comment(article=article, status=Comment.Status.SPAM, moderation_reasons=reasons,
                          created_at=now - timedelta(days=89))  # fmt: skip
    call_command("purge_client_data")
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.moderation_reasons == [
        {"code": "blocked_email", "detail": ""},
        {"code": "blocked_ip", "detail": ""},
        {"code": "too_many_links", "detail": "4"},
    ]
    assert recent.moderation_reasons == reasons


@pytest.mark.parametrize("mode", ["anonymize", "delete"])
def test_erasure_leaves_no_trace_in_the_blocklist_or_the_idempotency_keys(
    client, layla, editor, article, mode
):
    from comments.models import IdempotencyKey, ModerationListEntry
    from comments.services.reports import commenter_block

    commenter_block(comment=layla[0], moderator=editor, include_ip=True)
    commenter_block(comment=layla[2], moderator=editor, include_ip=False)  # someone else's
    posted = client.post(
        reverse("api:article-comments", args=[article.pk]),
        {"name": "ليلى الأخرى", "email": EMAIL, "body": "نص لا يبقى بعد المحو"},
        content_type="application/json", headers={"Idempotency-Key": "layla-1"},
    )  # fmt: skip
    assert posted.status_code == 201
    personal_data_erase(email=EMAIL, actor=editor, mode=mode)
    entries = list(ModerationListEntry.objects.values_list("value", "note"))
    assert entries == [("samir@example.com", f"comment #{layla[2].pk}, {editor.username}")]
    stored = json.dumps(list(IdempotencyKey.objects.values("key", "response")), ensure_ascii=False)
    assert "ليلى الأخرى" not in stored and "نص لا يبقى" not in stored


def _reply_chain(article, depth: int, *, email: str) -> list[Comment]:
    """Store an approved chain of replies by one email, answered at the bottom by someone else."""
    from comments.services.build import ParentRef, comment_build, comments_store

    first_pk = (Comment.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    start = timezone.now() - timedelta(days=1)
    chain, parent = [], None
    for i in range(depth):
        comment = comment_build(
            article=article, parent=parent, name="ليلى", body=f"رد {i}",
            email=email if i < depth - 1 else "samir@example.com",
            status=Comment.Status.APPROVED, created_at=start + timedelta(seconds=i),
        )  # fmt: skip
        comment.pk = first_pk + i
        chain.append(comment)
        parent = ParentRef(pk=comment.pk, thread_id=comment.thread_id, depth=comment.depth)
    stored = comments_store(chain)
    Article.objects.filter(pk=article.pk).update(
        approved_comment_count=F("approved_comment_count") + depth
    )
    return stored


def _erase_timed(email: str, actor) -> tuple[float, int]:
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        personal_data_erase(email=email, actor=actor, mode="delete")
        elapsed = time.perf_counter() - started
    return elapsed, len(queries)


def test_erasing_a_deep_reply_chain_is_linear_in_its_depth(editor, section):
    """Every comment of the chain is kept (a reply by someone else hangs at its bottom)."""
    from tests.factories import make_article

    warm, small, deep = (make_article(section=section) for _ in range(3))
    _reply_chain(warm, 10, email="warm@example.com")
    _reply_chain(small, 300, email="small@example.com")
    _reply_chain(deep, 2400, email="deep@example.com")
    _erase_timed("warm@example.com", editor)  # what the first call loads once (translations)
    small_time, small_queries = _erase_timed("small@example.com", editor)
    deep_time, deep_queries = _erase_timed("deep@example.com", editor)
    assert Comment.objects.filter(email="deep@example.com").count() == 0
    assert Comment.objects.filter(article=deep).count() == 2400  # kept, anonymized
    # 8 times the comments: 8 times the time, with room for a noisy machine (quadratic is 64)
    assert deep_time <= 20 * small_time, (small_time, deep_time)
    assert deep_queries == small_queries  # no batch, no level, no comment costs a query of its own


# What editors and the confirmation links keep about the address --------------------------------


@pytest.fixture
def layla_on_file(layla, editor):
    from comments.services.commenters import commenter_note_add, sanction_impose

    make_verified_email("layla@example.com")
    commenter_note_add(email=EMAIL, body="تكتب بأدب", author=editor)
    sanction_impose(
        comment=layla[0], kind="shadow_hold", duration="7d", reason="other", moderator=editor
    )
    return layla


def test_export_holds_the_confirmations_notes_and_sanctions_of_the_address(layla_on_file):
    data = personal_data_export(email=EMAIL)
    assert len(data["email_confirmations"]) == 1
    assert data["email_confirmations"][0]["confirmed_at"] is not None
    assert [n["note"] for n in data["editors_notes"]] == ["تكتب بأدب"]
    assert [s["kind"] for s in data["sanctions"]] == ["shadow_hold"]
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data


def test_erasure_forgets_confirmations_and_notes_but_keeps_sanctions(layla_on_file, editor):
    from comments.models import CommenterNote, EmailConfirmation, Sanction

    personal_data_erase(email=EMAIL, actor=editor)
    assert not EmailConfirmation.objects.filter(email="layla@example.com").exists()
    assert not CommenterNote.objects.filter(email="layla@example.com").exists()
    assert Sanction.objects.filter(email="layla@example.com").count() == 1
