"""Trust that cannot be borrowed: only a confirmed email earns it, and the answers never tell."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment, EmailConfirmation, ModerationSettings
from tests.factories import make_comment, make_verified_email
from tests.integration.test_comment_form import form_data

pytestmark = pytest.mark.django_db

REGULAR = "regular@example.com"
LINK = re.compile(r"https?://\S+/comments/confirm/(\S+?)/")


@pytest.fixture(autouse=True)
def _quick_posting():
    ModerationSettings.objects.update(flood_seconds=0)


@pytest.fixture
def regular(article):
    """A commenter with approved comments whose address was never confirmed."""
    for body in ("تعليق أول منشور", "تعليق ثان منشور"):
        make_comment(article=article, email=REGULAR, body=body)
    return REGULAR


def form_post(client, article, email: str, body: str = "رأيي في الخبر"):
    url = reverse("pages:comment_post", args=[article.pk])
    return client.post(url, form_data(article, email=email, body=body))


def api_post(client, article, email: str, body: str = "رأيي في الخبر"):
    url = reverse("api:article-comments", args=[article.pk])
    data = {"name": "سلمى", "email": email, "body": body}
    return client.post(url, data, content_type="application/json")


def stored(email: str, body: str = "رأيي في الخبر") -> Comment:
    return Comment.objects.get(email=email, body=body)


def form_answer(client, response) -> tuple:
    """What the poster learns from the form: the status, where it sends them and what it says."""
    location = re.sub(r"#comment-\d+$", "", response["Location"])
    location = re.sub(r"own=[^&#]+", "own=<token>", location)  # signed per comment, both have it
    page = client.get(response["Location"]).content.decode()
    return response.status_code, location, "تعليقك في انتظار المراجعة" in page


def api_answer(response) -> tuple:
    body = {k: v for k, v in response.json().items() if k not in ("id", "created_at")}
    return response.status_code, body


def confirmation_links() -> list[str]:
    return [m for message in mail.outbox for m in LINK.findall(message.body)]


# Known but unconfirmed: a first-time comment, and the same answer ------------------------------


def test_a_known_unconfirmed_address_is_held_as_a_first_time_comment_by_the_form(
    client, article, regular
):
    form_post(client, article, REGULAR)
    comment = stored(REGULAR)
    assert comment.status == Comment.Status.PENDING
    assert [r["code"] for r in comment.moderation_reasons] == ["first_time"]


def test_a_known_unconfirmed_address_is_held_as_a_first_time_comment_by_the_api(
    client, article, regular
):
    response = api_post(client, article, REGULAR)
    assert response.status_code == 201 and response.json()["status"] == "pending"
    assert stored(REGULAR).status == Comment.Status.PENDING


def test_the_form_answers_a_known_and_an_unknown_address_alike(client, article, regular):
    known = form_answer(client, form_post(client, article, REGULAR, body="نص أ"))
    unknown = form_answer(client, form_post(client, article, "stranger@example.com", body="نص ب"))
    assert known == unknown
    assert known[0] == 302 and known[2]


def test_the_api_answers_a_known_and_an_unknown_address_alike(client, article, regular):
    known = api_answer(api_post(client, article, REGULAR, body="نص أ"))
    unknown = api_answer(api_post(client, article, "stranger@example.com", body="نص أ"))
    assert known[0] == 201
    # The body differs only by the text each sent; make it the same text on two articles.
    assert known[1] | {"body_html": ""} == unknown[1] | {"body_html": ""}
    assert known[1]["status"] == unknown[1]["status"] == "pending"
    assert known[1]["message"] == unknown[1]["message"]


# The confirmation link -------------------------------------------------------------------------


def test_a_first_comment_emails_one_confirmation_link_to_its_address(
    client, article, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        form_post(client, article, "new@example.com", body="الأول")
        form_post(client, article, "new@example.com", body="الثاني")
    sent = [m for m in mail.outbox if LINK.search(m.body)]
    assert len(sent) == 1 and sent[0].to == ["new@example.com"]
    assert EmailConfirmation.objects.filter(email="new@example.com").count() == 1


def test_a_confirmed_address_gets_no_new_link(client, article, django_capture_on_commit_callbacks):
    make_verified_email("known@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        api_post(client, article, "known@example.com")
    assert confirmation_links() == []


def test_confirming_earns_trust_but_publishes_nothing(
    client, article, regular, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        form_post(client, article, REGULAR)
    held = stored(REGULAR)
    [token] = confirmation_links()
    response = client.get(reverse("comments:confirm_email", args=[token]))
    assert response.status_code == 200
    assert "تم تأكيد عنوان بريدك الإلكتروني" in response.content.decode()
    held.refresh_from_db()
    assert held.status == Comment.Status.PENDING  # confirming is not approving
    assert api_post(client, article, REGULAR, body="بعد التأكيد").json()["status"] == "approved"


def test_a_confirmation_link_works_once(client, article, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        form_post(client, article, "once@example.com")
    [token] = confirmation_links()
    url = reverse("comments:confirm_email", args=[token])
    first_confirmed = client.get(url)
    assert first_confirmed.status_code == 200
    confirmed_at = EmailConfirmation.objects.get().confirmed_at
    again = client.get(url)
    assert "هذا الرابط استُخدم من قبل" in again.content.decode()
    assert EmailConfirmation.objects.get().confirmed_at == confirmed_at


def test_an_expired_link_confirms_nothing(
    client, article, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        form_post(client, article, "late@example.com")
    [token] = confirmation_links()
    later = timezone.now() + timedelta(seconds=settings.COMMENTS_CONFIRMATION_MAX_AGE + 1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        response = client.get(reverse("comments:confirm_email", args=[token]))
    assert response.status_code == 410
    assert "انتهت صلاحية هذا الرابط" in response.content.decode()
    assert EmailConfirmation.objects.get().confirmed_at is None


def test_a_link_still_works_just_before_it_expires(
    client, article, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        form_post(client, article, "onTime@example.com")
    [token] = confirmation_links()
    almost = timezone.now() + timedelta(seconds=settings.COMMENTS_CONFIRMATION_MAX_AGE - 60)
    with mock.patch("django.utils.timezone.now", return_value=almost):
        assert client.get(reverse("comments:confirm_email", args=[token])).status_code == 200


@pytest.mark.parametrize("language", ["ar", "en"])
def test_a_tampered_link_shows_a_clear_translated_page(
    client, article, language, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        form_post(client, article, "victim@example.com")
    [token] = confirmation_links()
    forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    response = client.get(reverse("comments:confirm_email", args=[forged]))
    expected = {"ar": "هذا الرابط غير صالح", "en": "This link is not valid."}[language]
    assert response.status_code == 400 and expected in response.content.decode()
    assert EmailConfirmation.objects.get().confirmed_at is None


def test_a_link_for_one_address_cannot_confirm_another(client, article):
    from comments.notifications import confirmation_token

    mine = EmailConfirmation.objects.create(email="mine@example.com", created_at=timezone.now())
    mine.email = "other@example.com"  # a token naming the wrong address for this confirmation
    response = client.get(reverse("comments:confirm_email", args=[confirmation_token(mine)]))
    assert response.status_code == 400
    assert not EmailConfirmation.objects.filter(confirmed_at__isnull=False).exists()


def test_a_bot_s_spam_sends_no_confirmation(client, article, django_capture_on_commit_callbacks):
    url = reverse("pages:comment_post", args=[article.pk])
    data = form_data(article, email="target@example.com", homepage="http://bot.example")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, data)
    assert confirmation_links() == []


# Trusted commenters ----------------------------------------------------------------------------


def test_a_confirmed_address_skips_the_first_time_hold_after_n_approved(client, article, settings):
    settings.COMMENTS_TRUSTED_AFTER_APPROVED = 3
    make_verified_email(REGULAR)
    make_comment(article=article, email=REGULAR)
    make_comment(article=article, email=REGULAR)
    assert api_post(client, article, REGULAR, body="الثالث").json()["status"] == "pending"
    make_comment(article=article, email=REGULAR)  # the third approved
    assert api_post(client, article, REGULAR, body="الرابع").json()["status"] == "approved"


def test_a_trusted_commenter_still_goes_through_every_other_rule(client, article):
    from comments.models import ModerationListEntry

    ModerationListEntry.objects.create(list="watch", kind="word", value="مشبوه", action="hold")
    make_verified_email(REGULAR)
    make_comment(article=article, email=REGULAR)
    form_post(client, article, REGULAR, body="كلام مشبوه هنا")
    comment = stored(REGULAR, body="كلام مشبوه هنا")
    assert comment.status == Comment.Status.PENDING
    assert [r["code"] for r in comment.moderation_reasons] == ["watch_word"]
