"""Sanctions through the real admin views: imposed, refused with the date, ended, lifted, audited."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from comments.models import Comment, CommenterNote, ModerationEvent, ModerationSettings, Sanction
from comments.selectors import commenter_notes
from newsroom.formats.digits import localize_digits
from tests.factories import make_comment, make_superuser, make_user, make_verified_email
from tests.integration.test_comment_form import form_data

pytestmark = pytest.mark.django_db

TROLL = "troll@example.com"
TROLL_IP = "2001:db8:1:2::5"
SANCTIONS = reverse("admin:comments_sanction_changelist")


@pytest.fixture(autouse=True)
def _quick_posting():
    ModerationSettings.objects.update(flood_seconds=0)


@pytest.fixture
def troll_comment(article):
    """A trusted commenter's published comment: confirmed address, approved before."""
    make_verified_email(TROLL)
    return make_comment(article=article, email=TROLL, ip_address=TROLL_IP, body="تعليق مسيء")


def sanction(client, comment, *, kind="suspend", duration="24h", reason="abuse", **extra):
    url = reverse("admin:comments_comment_sanction", args=[comment.pk])
    data = {"kind": kind, "duration": duration, "reason": reason, "note": "سبّ القراء", **extra}
    return client.post(url, data)


def reader_post(article, *, email=TROLL, ip=TROLL_IP, body="تعليق جديد"):
    url = reverse("pages:comment_post", args=[article.pk])
    return Client().post(url, form_data(article, email=email, body=body), REMOTE_ADDR=ip)


def api_post(article, *, email=TROLL, ip=TROLL_IP, body="تعليق من التطبيق"):
    url = reverse("api:article-comments", args=[article.pk])
    data = {"name": "سلمى", "email": email, "body": body}
    return Client().post(url, data, content_type="application/json", REMOTE_ADDR=ip)


def arabic_until(moment) -> str:
    with translation.override("ar"):
        return localize_digits(date_format(timezone.localtime(moment), "DATETIME_FORMAT"))


def at(moment):
    return mock.patch("django.utils.timezone.now", return_value=moment)


# Suspensions and their end ---------------------------------------------------------------------

DURATIONS = {"24h": timedelta(hours=24), "7d": timedelta(days=7), "30d": timedelta(days=30)}


@pytest.mark.parametrize("duration", DURATIONS)
def test_a_suspension_refuses_posts_saying_until_when_and_ends_on_time(
    client, editor, article, troll_comment, duration, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert sanction(client, troll_comment, duration=duration).status_code == 302
    ends_at = Sanction.objects.get().ends_at
    assert ends_at - Sanction.objects.get().starts_at == DURATIONS[duration]

    refused = reader_post(article, body="أثناء الإيقاف")
    page = refused.content.decode()
    assert refused.status_code == 403
    assert f"لا يمكنك التعليق حتى {arabic_until(ends_at)}" in page
    assert "أثناء الإيقاف" in page  # the reader's text is kept in the form
    api = api_post(article)
    assert api.status_code == 403 and api.json()["error"]["code"] == "suspended"
    assert arabic_until(ends_at) in api.json()["error"]["message"]

    with at(ends_at - timedelta(minutes=1)):
        assert reader_post(article, body="قبل النهاية بدقيقة").status_code == 403
    with at(ends_at + timedelta(seconds=1)):
        assert reader_post(article, body="بعد النهاية").status_code == 302
    assert Comment.objects.get(body="بعد النهاية").status == Comment.Status.APPROVED
    assert not Comment.objects.filter(body__in=["أثناء الإيقاف", "قبل النهاية بدقيقة"]).exists()


def test_a_suspension_for_good_never_ends(
    client, editor, article, troll_comment, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sanction(client, troll_comment, duration="forever")
    assert Sanction.objects.get().ends_at is None
    with at(timezone.now() + timedelta(days=3650)):
        refused = reader_post(article)
    assert refused.status_code == 403
    assert "لم يعد بإمكانك التعليق على هذا الموقع" in refused.content.decode()


def test_a_suspension_by_network_covers_the_whole_ipv6_slash_64(
    client, editor, article, troll_comment, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sanction(client, troll_comment, include_network="on")
    assert Sanction.objects.get().network == "2001:db8:1:2::/64"
    assert (
        reader_post(article, email="other@example.com", ip="2001:db8:1:2:ff::9").status_code == 403
    )
    assert reader_post(article, email="other@example.com", ip="2001:db8:1:3::9").status_code == 302


def test_a_suspension_by_email_alone_leaves_the_address_free(
    client, editor, article, troll_comment, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sanction(client, troll_comment)
    assert Sanction.objects.get().network == ""
    assert reader_post(article, email="neighbour@example.com").status_code == 302
    assert reader_post(article).status_code == 403


# Shadow hold ----------------------------------------------------------------------------------


def test_a_shadow_hold_holds_silently_and_answers_like_any_held_comment(
    client, editor, article, troll_comment, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sanction(client, troll_comment, kind="shadow_hold", duration="7d")
    shadowed = reader_post(article, body="تحت الحجز")
    stranger = reader_post(article, email="first@example.com", ip="192.0.2.1", body="أول مرة")
    assert shadowed.status_code == stranger.status_code == 302
    held = Comment.objects.get(body="تحت الحجز")
    assert held.status == Comment.Status.PENDING
    assert [r["code"] for r in held.moderation_reasons] == ["shadow_hold"]
    api_held, api_stranger = (
        api_post(article),
        api_post(article, email="x@example.com", ip="192.0.2.2"),
    )
    ignore = {"id", "created_at", "body_html"}
    assert {k: v for k, v in api_held.json().items() if k not in ignore} == {
        k: v for k, v in api_stranger.json().items() if k not in ignore
    }
    assert api_held.json()["status"] == "pending"
    with at(timezone.now() + timedelta(days=7, seconds=1)):
        assert api_post(article, body="بعد الحجز").json()["status"] == "approved"


# Lifting and the audit trail --------------------------------------------------------------------


def test_lifting_from_the_sanctions_list_lets_the_commenter_post_and_is_audited(
    client, editor, article, troll_comment, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sanction(client, troll_comment, duration="30d")
    assert reader_post(article, body="قبل الرفع").status_code == 403
    listed = client.get(SANCTIONS).content.decode()
    assert TROLL in listed
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            SANCTIONS, {"action": "lift_sanctions", "_selected_action": [Sanction.objects.get().pk]}
        )
    assert response.status_code == 302
    lifted = Sanction.objects.get()
    assert lifted.lifted_at is not None and lifted.lifted_by == editor
    assert reader_post(article, body="بعد الرفع").status_code == 302
    events = ModerationEvent.objects.filter(comment=troll_comment).order_by("pk")
    assert [(e.reason, e.actor, e.source) for e in events] == [
        ("suspend_30d", editor, "admin"),
        ("sanction_lifted", editor, "admin"),
    ]
    assert events[0].note == "سبّ القراء"
    assert events[0].from_status == events[0].to_status == Comment.Status.APPROVED


def test_the_comment_page_lists_the_commenters_sanctions(
    client, editor, article, troll_comment, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sanction(client, troll_comment, duration="7d")
    later = make_comment(article=article, email=TROLL, status=Comment.Status.PENDING)
    html = client.get(reverse("admin:comments_comment_change", args=[later.pk])).content.decode()
    assert 'class="nr-sanction"' in html and "Suspension" in html


def test_an_incomplete_sanction_form_imposes_nothing(client, editor, troll_comment):
    response = sanction(client, troll_comment, duration="1y")
    assert response.status_code == 302 and not Sanction.objects.exists()


# Permissions ------------------------------------------------------------------------------------


@pytest.fixture
def staff_outside_editors(client):
    user = make_user()
    client.force_login(user)
    return user


def test_staff_outside_the_editors_may_not_sanction_or_see_the_list(
    client, staff_outside_editors, troll_comment
):
    assert sanction(client, troll_comment).status_code == 403
    assert client.get(SANCTIONS).status_code == 403
    assert not Sanction.objects.exists()


def test_staff_outside_the_editors_may_not_lift(client, editor, troll_comment):
    sanction(client, troll_comment)
    client.force_login(make_user())
    response = client.post(
        SANCTIONS, {"action": "lift_sanctions", "_selected_action": [Sanction.objects.get().pk]}
    )
    assert response.status_code == 403
    assert Sanction.objects.get().lifted_at is None


def test_a_superuser_may_sanction(client, troll_comment):
    client.force_login(make_superuser())
    assert sanction(client, troll_comment).status_code == 302
    assert Sanction.objects.count() == 1


def test_a_get_does_not_sanction(client, editor, troll_comment):
    url = reverse("admin:comments_comment_sanction", args=[troll_comment.pk])
    assert client.get(url).status_code == 405


# Editors' notes ---------------------------------------------------------------------------------


def test_an_editor_notes_a_commenter_and_every_comment_of_theirs_shows_it(
    client, editor, article, troll_comment
):
    url = reverse("admin:comments_comment_note", args=[troll_comment.pk])
    assert client.post(url, {"text": "يكرر الإساءة في الأخبار السياسية"}).status_code == 302
    other = make_comment(article=article, email=TROLL.upper(), status=Comment.Status.PENDING)
    html = client.get(reverse("admin:comments_comment_change", args=[other.pk])).content.decode()
    assert "يكرر الإساءة في الأخبار السياسية" in html
    [note] = commenter_notes(TROLL)
    assert note.author == editor and note.email == TROLL


def test_an_empty_note_is_not_kept(client, editor, troll_comment):
    url = reverse("admin:comments_comment_note", args=[troll_comment.pk])
    client.post(url, {"text": ""})
    assert not CommenterNote.objects.exists()


def test_staff_outside_the_editors_may_not_add_notes(client, staff_outside_editors, troll_comment):
    url = reverse("admin:comments_comment_note", args=[troll_comment.pk])
    assert client.post(url, {"text": "ملاحظة"}).status_code == 403
    assert not CommenterNote.objects.exists()


@pytest.mark.parametrize("notes", [2, 40])
def test_the_comment_page_reads_notes_and_sanctions_in_bounded_queries(
    client, editor, article, troll_comment, notes, django_assert_max_num_queries
):
    for n in range(notes):
        url = reverse("admin:comments_comment_note", args=[troll_comment.pk])
        client.post(url, {"text": f"ملاحظة {n}"})
        sanction(client, troll_comment)
    with django_assert_max_num_queries(16) as captured:  # with the header count, the versions
        response = client.get(reverse("admin:comments_comment_change", args=[troll_comment.pk]))
    assert response.content.decode().count('class="nr-note"') == notes
    print(f"\ncomment page with {notes} notes and sanctions: {len(captured)} queries")


def test_the_sanction_form_warns_when_the_address_was_never_confirmed(client, editor, article):
    stranger = make_comment(article=article, email="borrowed@example.com")
    trusted = make_comment(article=article, email="owner@example.com")
    make_verified_email("owner@example.com")
    page = client.get(reverse("admin:comments_comment_change", args=[stranger.pk])).content
    assert b'class="nr-unconfirmed' in page
    page = client.get(reverse("admin:comments_comment_change", args=[trusted.pk])).content
    assert b'class="nr-unconfirmed' not in page


def test_the_sanctions_list_and_the_comment_page_speak_arabic(client, editor, troll_comment):
    sanction(client, troll_comment, duration="7d")
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ar"
    listed = client.get(SANCTIONS).content.decode()
    assert "رفع العقوبات المحددة" in listed and "إيقاف" in listed
    page = client.get(reverse("admin:comments_comment_change", args=[troll_comment.pk]))
    html = page.content.decode()
    assert "إيقاف هذا المعلّق أو حجز تعليقاته خفيةً" in html and "٧ أيام" in html
    assert re.search(r"[٠-٩]{4}", html)  # the sanction's end, in Arabic-Indic digits
