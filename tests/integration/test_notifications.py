"""Emails about comments, in Django's locmem outbox: after commit, in Arabic, never blocking."""

import logging
import smtplib
import time
from unittest import mock

import pytest
from django.core import mail, signing
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse

from comments.forms import TIMESTAMP_SALT
from comments.models import Comment, ModerationSettings
from comments.notifications import unsubscribe_token
from comments.services.decisions import comment_approve
from comments.services.reports import comment_report
from tests.factories import make_comment, make_editor, make_verified_email

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _quick_posting():
    ModerationSettings.objects.filter(pk=ModerationSettings.current().pk).update(flood_seconds=0)


@pytest.fixture
def editors(settings):
    settings.NEWSROOM_EDITORS_EMAIL = ["desk@example.com"]
    return [make_editor(email="huda@example.com"), make_editor(email="omar@example.com")]


def post_comment(client, article, **fields):
    data = {
        "name": "سلمى", "email": "salma@example.com", "url": "", "body": "تعليق جديد",
        "parent": "", "homepage": "",
        "timestamp": signing.dumps({"a": article.pk, "t": int(time.time())}, salt=TIMESTAMP_SALT),
    }  # fmt: skip
    data.update(fields)
    return client.post(reverse("pages:comment_post", args=[article.pk]), data)


def approve(comment, editor=None):
    comment_approve(comment=comment, moderator=editor or make_editor(email=""))


# Editors ------------------------------------------------------------------------------------


def test_editors_get_one_email_per_held_comment_after_commit(
    client, article, editors, django_capture_on_commit_callbacks
):
    make_verified_email("salma@example.com")  # no confirmation link to send, only the editors'
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        post_comment(client, article)
    assert mail.outbox == [] and callbacks  # the email and the queue's new version wait
    for callback in callbacks:
        callback()
    held = Comment.objects.get()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["desk@example.com", "huda@example.com", "omar@example.com"]
    assert article.title in message.subject
    assert reverse("admin:comments_comment_change", args=[held.pk]) in message.body


def test_editors_are_not_emailed_about_published_comments(
    client, article, editors, django_capture_on_commit_callbacks
):
    make_verified_email("salma@example.com")
    make_comment(article=article, email="salma@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(client, article)
    assert Comment.objects.filter(status="approved").count() == 2
    assert mail.outbox == []


def test_editors_can_turn_the_emails_off(
    client, article, editors, django_capture_on_commit_callbacks
):
    ModerationSettings.objects.update(notify_editors=False)
    make_verified_email("salma@example.com")  # else the only email is its confirmation link
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(client, article)
    assert Comment.objects.get().status == "pending" and mail.outbox == []


def test_emails_are_arabic_right_to_left_with_a_plain_text_part(
    client, article, editors, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(client, article, body="نص <b>التعليق</b>")
    message = mail.outbox[0]
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert '<html lang="ar" dir="rtl">' in html and 'dir="rtl"' in html
    assert "نص &lt;b&gt;التعليق&lt;/b&gt;" in html
    assert "نص <b>التعليق</b>" in message.body and "<html" not in message.body


# The author of a held comment ----------------------------------------------------------------


def test_author_is_emailed_when_their_held_comment_is_approved(
    article, django_capture_on_commit_callbacks
):
    held = make_comment(article=article, status="pending", email="salma@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        approve(held)
    assert [m.to for m in mail.outbox] == [["salma@example.com"]]
    assert f"#comment-{held.pk}" in mail.outbox[0].body


def test_author_is_not_emailed_twice_when_a_reported_comment_is_approved_again(
    article, django_capture_on_commit_callbacks
):
    ModerationSettings.objects.update(report_threshold=1)
    held = make_comment(article=article, status="pending")
    with django_capture_on_commit_callbacks(execute=True):
        approve(held)
    comment_report(comment=held, reporter_key="k", reason="spam")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        approve(held)
    assert held.email not in [address for m in mail.outbox for address in m.to]


def test_approving_spam_does_not_email_the_author(article, django_capture_on_commit_callbacks):
    spam = make_comment(article=article, status="spam")
    with django_capture_on_commit_callbacks(execute=True):
        approve(spam)
    assert mail.outbox == []


# Reply subscribers ---------------------------------------------------------------------------


@pytest.fixture
def subscribed(article):
    return make_comment(article=article, email="parent@example.com", notify_replies=True)


def test_reply_subscriber_is_emailed_only_once_the_reply_is_approved(
    client, article, subscribed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(client, article, parent=str(subscribed.pk), email="replier@example.com")
    reply = Comment.objects.get(parent=subscribed)
    assert reply.status == "pending"
    assert "parent@example.com" not in [a for m in mail.outbox for a in m.to]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        approve(reply)
    to_parent = [m for m in mail.outbox if m.to == ["parent@example.com"]]
    assert len(to_parent) == 1
    assert reply.body in to_parent[0].body
    assert all("parent@example.com" not in m.to for m in mail.outbox if m is not to_parent[0])


def test_replier_never_sees_the_subscribers_email(
    client, article, subscribed, django_capture_on_commit_callbacks
):
    make_verified_email("replier@example.com")
    replier = make_comment(article=article, email="replier@example.com")  # approved before
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(client, article, parent=str(subscribed.pk), email=replier.email)
    assert Comment.objects.get(parent=subscribed).status == "approved"
    assert all(m.to == ["parent@example.com"] for m in mail.outbox)
    assert all("replier@example.com" not in m.message().as_string() for m in mail.outbox)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "parent@example.com" not in page


def test_reply_email_unsubscribe_link_works(
    client, article, subscribed, django_capture_on_commit_callbacks
):
    reply = make_comment(article=article, parent=subscribed, status="pending")
    with django_capture_on_commit_callbacks(execute=True):
        approve(reply)
    message = mail.outbox[-1]
    link = reverse("comments:unsubscribe", args=[unsubscribe_token(subscribed.pk)])
    assert link in message.body and link in message.alternatives[0][0]
    assert client.get(link).status_code == 200
    subscribed.refresh_from_db()
    assert subscribed.notify_replies is False
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        approve(make_comment(article=article, parent=subscribed, status="pending"))
    assert "parent@example.com" not in [a for m in mail.outbox for a in m.to]


def test_forged_unsubscribe_link_is_refused(client, subscribed):
    forged = unsubscribe_token(subscribed.pk)[:-2] + "xx"
    assert client.get(reverse("comments:unsubscribe", args=[forged])).status_code == 400
    subscribed.refresh_from_db()
    assert subscribed.notify_replies is True


def test_no_email_for_replying_to_yourself_or_to_an_unsubscribed_comment(
    article, subscribed, django_capture_on_commit_callbacks
):
    quiet = make_comment(article=article)
    own = make_comment(article=article, parent=subscribed, email="Parent@Example.com",
                       status="pending")  # fmt: skip
    other = make_comment(article=article, parent=quiet, status="pending")
    with django_capture_on_commit_callbacks(execute=True):
        approve(own)
        approve(other)
    # Only the "published" note to its author, stored in one case: not a reply note to themself.
    assert [m.to for m in mail.outbox] == [["parent@example.com"], [other.email]]
    assert not any("/comments/unsubscribe/" in m.body for m in mail.outbox)


# A failing mail server -----------------------------------------------------------------------


def test_failing_mail_server_is_logged_and_the_comment_kept(
    client, article, editors, caplog, django_capture_on_commit_callbacks
):
    failure = smtplib.SMTPException("451 try again later")
    with (
        mock.patch.object(EmailBackend, "send_messages", side_effect=failure) as send,
        caplog.at_level(logging.ERROR, logger="comments.notifications"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = post_comment(client, article)
    assert send.called
    assert response.status_code == 302
    assert Comment.objects.get().status == "pending"
    assert "Could not send held email" in caplog.text


def test_failing_mail_server_does_not_undo_an_approval(
    client, article, caplog, django_capture_on_commit_callbacks
):
    held = make_comment(article=article, status="pending")
    client.force_login(make_editor())
    url = reverse("admin:comments_comment_decide", args=[held.pk, "approve"])
    with (
        mock.patch.object(EmailBackend, "send_messages", side_effect=smtplib.SMTPException()),
        caplog.at_level(logging.ERROR, logger="comments.notifications"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert client.post(url).status_code == 302
    held.refresh_from_db()
    assert held.status == "approved"
    assert "Could not send approved email" in caplog.text


def test_subscriber_is_not_emailed_again_when_a_reply_is_approved_a_second_time(
    article, subscribed, django_capture_on_commit_callbacks
):
    ModerationSettings.objects.update(report_threshold=1)
    reply = make_comment(article=article, parent=subscribed, status="pending")
    with django_capture_on_commit_callbacks(execute=True):
        approve(reply)
    comment_report(comment=reply, reporter_key="k", reason="abuse")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        approve(reply)
    assert "parent@example.com" not in [a for m in mail.outbox for a in m.to]


def test_a_stored_name_on_several_lines_stays_on_one_line_in_the_emails(
    article, editors, subscribed, django_capture_on_commit_callbacks
):
    """Imported names were never checked: the plain-text part must not gain lines from one."""
    forged = "سلمى\n\nرابط المراجعة: https://evil.example/\u2028"
    held = make_comment(article=article, parent=subscribed, name=forged, email="r@example.com",
                        status=Comment.Status.PENDING)  # fmt: skip
    from comments.notifications import notify_editors_held

    notify_editors_held(comment_id=held.pk)
    with django_capture_on_commit_callbacks(execute=True):
        approve(held)
    bodies = [m.body for m in mail.outbox]
    assert len(bodies) == 3  # the editors, the author once published, the subscriber
    for body in bodies:
        assert "سلمى رابط المراجعة: https://evil.example/" in body
        assert not any(line.startswith("رابط المراجعة") for line in body.splitlines())
