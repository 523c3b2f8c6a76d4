"""Readers' reports: the "إبلاغ" button, one report per reader, the threshold back to the queue."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from comments.models import Comment, CommentReport, ModerationEvent, ModerationSettings
from comments.services.decisions import comment_approve
from comments.services.reports import comment_report
from tests.factories import make_comment, make_editor

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def report_url(comment) -> str:
    return reverse("comments:report", args=[comment.pk])


def report(comment, *, ip: str = "203.0.113.1", reason: str = "abuse", client=None):
    client = client or Client(HTTP_ACCEPT_LANGUAGE="en")
    return client.post(report_url(comment), {"reason": reason}, REMOTE_ADDR=ip)


def set_threshold(value: int) -> None:
    ModerationSettings.objects.filter(pk=ModerationSettings.current().pk).update(
        report_threshold=value
    )


def comments_section(html: str) -> str:
    return html[html.index('id="comments"') : html.index('id="respond"')]


# The button and the page ---------------------------------------------------------------------


def test_each_approved_comment_has_a_report_button_with_reasons(client, article):
    shown = make_comment(article=article)
    html = comments_section(client.get(article.get_absolute_url()).content.decode())
    assert f'action="{report_url(shown)}"' in html
    for reason in CommentReport.Reason.values:
        assert f'value="{reason}"' in html


def test_report_button_is_in_arabic_by_default(article):
    make_comment(article=article)
    html = Client().get(article.get_absolute_url()).content.decode()
    assert "إبلاغ" in comments_section(html)


def test_report_button_carries_nothing_personal_so_the_block_can_be_cached(article):
    make_comment(article=article)
    first = comments_section(Client().get(article.get_absolute_url()).content.decode())
    second = comments_section(Client().get(article.get_absolute_url()).content.decode())
    assert "csrfmiddlewaretoken" not in first
    assert first == second


def test_report_page_confirms_with_a_csrf_protected_form(client, article):
    shown = make_comment(article=article, body="نص مزعج")
    html = client.get(report_url(shown), {"reason": "spam"}).content.decode()
    assert "csrfmiddlewaretoken" in html and "نص مزعج" in html
    assert 'value="spam" id="id_reason_0" required checked' in html
    assert f"{article.get_absolute_url()}#comment-{shown.pk}" in html


@pytest.mark.parametrize("status", ["pending", "spam", "removed"])
def test_only_published_comments_can_be_reported(client, article, status):
    hidden = make_comment(article=article, status=status)
    assert client.get(report_url(hidden)).status_code == 404
    assert report(hidden).status_code == 404
    assert not CommentReport.objects.exists()


# Storing reports ----------------------------------------------------------------------------


def test_report_is_stored_and_the_reader_thanked(article):
    shown = make_comment(article=article)
    reader = Client()
    reader.cookies["django_language"] = "en"  # the reader chose English with the switch
    response = report(shown, client=reader)
    assert response.status_code == 303
    assert CommentReport.objects.get().reason == "abuse"
    shown.refresh_from_db()
    assert shown.report_count == 1
    thanks = reader.get(response["Location"]).content.decode()
    assert "Thank you. Your report was sent to the editors." in thanks
    assert f"#comment-{shown.pk}" in thanks


def test_thanks_are_in_arabic_by_default(article):
    shown = make_comment(article=article)
    reader = Client()
    response = reader.post(report_url(shown), {"reason": "spam"}, REMOTE_ADDR="203.0.113.5")
    assert "شكرًا" in reader.get(response["Location"]).content.decode()


def test_a_reader_reports_a_comment_only_once(article):
    shown = make_comment(article=article)
    report(shown, reason="spam")
    report(shown, reason="abuse")
    assert CommentReport.objects.count() == 1
    shown.refresh_from_db()
    assert shown.report_count == 1


def test_addresses_of_one_ipv6_network_count_as_one_reader(article):
    shown = make_comment(article=article)
    report(shown, ip="2001:db8:1:2::1")
    report(shown, ip="2001:db8:1:2:ffff::9")
    report(shown, ip="2001:db8:1:3::1")
    assert CommentReport.objects.count() == 2


def test_a_signed_in_reader_is_one_reader_from_any_address(client, article):
    shown = make_comment(article=article)
    client.force_login(make_editor())
    report(shown, ip="203.0.113.1", client=client)
    report(shown, ip="198.51.100.1", client=client)
    assert list(CommentReport.objects.values_list("reporter_key", flat=True)) == [
        f"user:{client.session['_auth_user_id']}"
    ]


def test_unknown_reason_is_refused_without_echoing_it(article):
    shown = make_comment(article=article)
    response = report(shown, reason="<script>x</script>")
    assert response.status_code == 400
    assert "<script>x</script>" not in response.content.decode()
    assert not CommentReport.objects.exists()


def test_reporting_needs_the_csrf_token(article):
    shown = make_comment(article=article)
    guarded = Client(enforce_csrf_checks=True)
    assert guarded.post(report_url(shown), {"reason": "spam"}).status_code == 403
    assert not CommentReport.objects.exists()


def test_reports_are_rate_limited_per_reader(article, settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**rates, "report": "2/hour"},
    }
    targets = [make_comment(article=article) for _ in range(3)]
    assert [report(c).status_code for c in targets] == [303, 303, 429]
    assert CommentReport.objects.count() == 2
    assert report(targets[2], ip="198.51.100.77").status_code == 303


# The threshold ------------------------------------------------------------------------------


def test_threshold_sends_the_comment_back_to_the_queue_as_reported(
    article, django_capture_on_commit_callbacks
):
    set_threshold(2)
    make_editor(email="desk@example.com")
    shown = make_comment(article=article)
    report(shown, ip="203.0.113.1")
    shown.refresh_from_db()
    assert shown.status == "approved"
    with django_capture_on_commit_callbacks(execute=True):
        report(shown, ip="203.0.113.2")
    shown.refresh_from_db()
    article.refresh_from_db()
    assert shown.status == "pending" and article.approved_comment_count == 0
    event = ModerationEvent.objects.filter(comment=shown).latest("pk")
    assert (event.source, event.reason, event.from_status) == ("report", "reported", "approved")
    assert {"code": "reported", "detail": "2"} in shown.moderation_reasons
    assert [m.to for m in mail.outbox] == [["desk@example.com"]]


def test_reported_comment_disappears_from_the_page(client, article):
    set_threshold(1)
    shown = make_comment(article=article, body="تعليق مثير")
    report(shown)
    assert "تعليق مثير" not in client.get(article.get_absolute_url()).content.decode()


def test_editors_reapproval_is_not_undone_by_the_next_report(article):
    set_threshold(2)
    editor = make_editor()
    shown = make_comment(article=article)
    for ip in ("203.0.113.1", "203.0.113.2"):
        comment_report(comment=shown, reporter_key=ip, reason="spam")
    comment_approve(comment=shown, moderator=editor)
    comment_report(comment=shown, reporter_key="203.0.113.3", reason="spam")
    shown.refresh_from_db()
    assert shown.status == "approved" and shown.report_count == 3
    comment_report(comment=shown, reporter_key="203.0.113.4", reason="spam")
    shown.refresh_from_db()
    assert shown.status == "pending"


def test_threshold_zero_never_sends_comments_back(article):
    set_threshold(0)
    shown = make_comment(article=article)
    for n in range(5):
        comment_report(comment=shown, reporter_key=f"k{n}", reason="spam")
    shown.refresh_from_db()
    assert shown.status == Comment.Status.APPROVED and shown.report_count == 5
