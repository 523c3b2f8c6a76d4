"""Every moderation rule, through the reader's real form post and the editors' lists."""

import time
from datetime import timedelta

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from comments.forms import TIMESTAMP_SALT
from comments.models import Comment, ModerationEvent, ModerationListEntry, ModerationSettings
from tests.factories import (
    make_article,
    make_comment,
    make_editor,
    make_user,
    make_verified_email,
)

pytestmark = pytest.mark.django_db

Entry = ModerationListEntry
KNOWN = "known@example.com"


@pytest.fixture(autouse=True)
def _relaxed_settings():
    """Let one client post several comments; the flood test turns the limit back on."""
    ModerationSettings.objects.filter(pk=ModerationSettings.current().pk).update(flood_seconds=0)


@pytest.fixture
def known(article):
    """A commenter with a confirmed email and an approved comment: no first-time hold."""
    make_verified_email(KNOWN)
    return make_comment(article=article, email=KNOWN, body="تعليق قديم منشور")


def post(client, article, ip: str = "203.0.113.10", **fields):
    data = {
        "name": "سلمى", "email": KNOWN, "url": "", "body": "مقال مفيد، شكرًا لكم.",
        "parent": "", "homepage": "",
        "timestamp": signing.dumps({"a": article.pk, "t": int(time.time())}, salt=TIMESTAMP_SALT),
    }  # fmt: skip
    data.update(fields)
    return client.post(reverse("pages:comment_post", args=[article.pk]), data, REMOTE_ADDR=ip)


def stored(**filters) -> Comment:
    return Comment.objects.exclude(body="تعليق قديم منشور").get(**filters)


def reason_codes(comment: Comment) -> list[str]:
    return [r["code"] for r in comment.moderation_reasons]


def listed(
    value: str, *, listed=Entry.List.BLOCK, kind=Entry.Kind.WORD, action=Entry.Action.REJECT
):
    return Entry.objects.create(list=listed, kind=kind, value=value, action=action)


# Comment modes and closing --------------------------------------------------------------------


def test_open_article_publishes_a_known_commenters_comment(client, article, known):
    assert post(client, article).status_code == 302
    comment = stored()
    assert comment.status == "approved" and comment.moderation_reasons == []
    assert ModerationEvent.objects.get(comment=comment).source == "rule"


def test_moderated_article_holds_everything(client, section):
    article = make_article(section=section, comment_mode="moderated")
    make_verified_email(KNOWN)
    make_comment(article=article, email=KNOWN, body="تعليق قديم منشور")
    post(client, article)
    assert reason_codes(stored()) == ["moderated_article"] and stored().status == "pending"


def test_closed_article_refuses_with_the_arabic_message(client, section):
    article = make_article(section=section, comment_mode="closed")
    response = post(client, article)
    assert response.status_code == 403
    assert "التعليقات مغلقة" in response.content.decode()
    assert not Comment.objects.exists()


def test_comments_close_by_themselves_after_the_sites_days(client, section):
    ModerationSettings.objects.update(close_after_days=3)
    old = make_article(section=section, published_at=timezone.now() - timedelta(days=4))
    assert post(client, old).status_code == 403
    assert not Comment.objects.exists()


def test_an_article_can_keep_comments_open_longer(client, section):
    ModerationSettings.objects.update(close_after_days=3)
    old = make_article(
        section=section, published_at=timezone.now() - timedelta(days=4),
        comments_close_after_days=30,
    )  # fmt: skip
    assert post(client, old).status_code == 302


# Blocklist -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind, value, fields, code",
    [
        ("word", "كلب", {"body": "أنت كَلْـــب"}, "blocked_word"),
        ("word", "كلب", {"body": "يا والكلب"}, "blocked_word"),
        ("email", "@bad.example", {"email": "x@mail.bad.example"}, "blocked_email"),
        ("ip", "198.51.100.0/24", {"ip": "198.51.100.23"}, "blocked_ip"),
        ("domain", "casino.example", {"body": "زوروا www.casino.example الآن"}, "blocked_domain"),
    ],
    ids=["word", "word-with-clitics", "email-domain", "ip-network", "link-domain"],
)
def test_blocklist_rejects_with_a_message_and_stores_nothing(
    client, article, known, kind, value, fields, code
):
    listed(value, kind=kind)
    response = post(client, article, **fields)
    assert response.status_code == 403
    assert "تعذّر نشر تعليقك." in response.content.decode()
    assert not Comment.objects.exclude(pk=known.pk).exists()


def test_blocklist_spam_entry_stores_the_comment_silently_as_spam(client, article, known):
    listed("casino.example", kind="domain", action=Entry.Action.SPAM)
    response = post(client, article, url="https://win.casino.example/")
    assert response.status_code == 302
    assert stored().status == "spam" and reason_codes(stored()) == ["blocked_domain"]


def test_a_word_merely_containing_a_blocked_word_passes(client, article, known):
    listed("كلب")
    post(client, article, body="كلبنا لطيف والكلبة أيضا")
    assert stored().status == "approved"


def test_blocking_a_commenter_from_the_admin_spams_their_next_comment(client, article, known):
    editor = make_editor()
    offender = make_comment(article=article, email="troll@example.com", ip_address="192.0.2.66")
    client.force_login(editor)
    client.post(reverse("admin:comments_comment_block", args=[offender.pk]), {"include_ip": "on"})
    client.logout()
    post(client, article, email="Troll@Example.com", body="عدت مجددا")
    post(client, article, email="new@example.com", ip="192.0.2.66", body="باسم آخر")
    assert set(Comment.objects.filter(body__in=["عدت مجددا", "باسم آخر"]).values_list(
        "status", flat=True)) == {"spam"}  # fmt: skip


# Holds ----------------------------------------------------------------------------------------


def test_watched_word_holds_and_is_named(client, article, known):
    listed("رشوة", listed=Entry.List.WATCH, action=Entry.Action.HOLD)
    post(client, article, body="هذه رشوةٌ واضحة")
    comment = stored()
    assert comment.status == "pending"
    assert comment.moderation_reasons == [{"code": "watch_word", "detail": "رشوة"}]


@pytest.mark.parametrize(
    "body",
    [
        "https://a.example https://b.example https://c.example",
        "اتصل ٠٥٥١٢٣٤٥٦٧ أو 0551234568 أو @deals_bot",
        "واتساب wa.me/123 و t.me/deals و https://x.example",
    ],
    ids=["urls", "phones-and-handle", "messengers"],
)
def test_more_links_than_allowed_hold(client, article, known, body):
    post(client, article, body=body)
    assert stored().status == "pending" and reason_codes(stored()) == ["too_many_links"]


def test_two_links_are_allowed_by_default(client, article, known):
    post(client, article, body="المصدر https://a.example و https://b.example")
    assert stored().status == "approved"


def test_first_comment_from_an_email_is_held(client, article):
    post(client, article, email="new@example.com")
    assert reason_codes(stored()) == ["first_time"]


def test_first_time_hold_can_be_turned_off(client, article):
    ModerationSettings.objects.update(hold_first_time=False)
    post(client, article, email="new@example.com")
    assert stored().status == "approved"


@pytest.mark.parametrize("name", ["المحرر", "الـمُحَرِّر", "Admin", "аdmin", "Huda Saleh"])
def test_names_dressed_up_as_staff_or_reserved_words_are_held(client, article, known, name):
    make_user(first_name="Huda", last_name="Saleh")
    post(client, article, name=name)
    assert stored().status == "pending" and reason_codes(stored()) == ["impersonation"]


# Gates ----------------------------------------------------------------------------------------


def test_second_comment_too_soon_is_refused_and_not_stored(client, article, known):
    ModerationSettings.objects.update(flood_seconds=60)
    Comment.objects.filter(pk=known.pk).update(created_at=timezone.now() - timedelta(hours=2))
    assert post(client, article, body="الأول").status_code == 302
    response = post(client, article, body="الثاني", email="other@example.com")
    assert response.status_code == 429
    assert not Comment.objects.filter(body="الثاني").exists()


def test_the_same_comment_twice_is_refused_with_the_arabic_message(client, article, known):
    post(client, article)
    response = post(client, article)
    assert response.status_code == 403
    assert "يبدو أنك أرسلت هذا التعليق من قبل" in response.content.decode()
    assert Comment.objects.filter(body="مقال مفيد، شكرًا لكم.").count() == 1


@pytest.mark.parametrize(
    "fields", [{"homepage": "http://bot.example"}, {"timestamp": "forged"}], ids=["honeypot", "ts"]
)
def test_bot_checks_send_the_comment_to_spam_silently(client, article, known, fields):
    response = post(client, article, **fields)
    assert response.status_code == 302
    assert stored().status == "spam" and reason_codes(stored()) == ["bot"]


# Combinations and storage ---------------------------------------------------------------------


def test_every_hold_reason_is_recorded(client, article):
    listed("رشوة", listed=Entry.List.WATCH, action=Entry.Action.HOLD)
    post(client, article, email="new@example.com", name="الإدارة",
         body="رشوة https://a.example https://b.example https://c.example")  # fmt: skip
    assert reason_codes(stored()) == ["watch_word", "too_many_links", "first_time", "impersonation"]
    assert ModerationEvent.objects.get(comment=stored()).reason == (
        "watch_word,too_many_links,first_time,impersonation"
    )


def test_block_beats_hold(client, article):
    listed("كلب")
    response = post(client, article, email="new@example.com", body="كلب")
    assert response.status_code == 403 and not Comment.objects.exists()


def test_bidi_and_zero_width_characters_are_stripped_before_storage(client, article, known):
    post(client, article, name="سل\u202eمى\u200b", body="نص\u2067 عادي\u200d")
    comment = stored()
    assert (comment.name, comment.body) == ("سلمى", "نص عادي")
    assert not any(ch in comment.body_html for ch in "\u202e\u2067\u200d")


def test_queue_search_finds_a_posted_comment_without_its_diacritics(client, article, known):
    listed("رشوة", listed=Entry.List.WATCH, action=Entry.Action.HOLD)
    post(client, article, body="هذه رشوةٌ والمُدِيـــرُ يعلم")
    client.force_login(make_editor())
    html = client.get(reverse("admin:comments_comment_changelist"), {"q": "المدير"}).content
    assert "يعلم" in html.decode()
