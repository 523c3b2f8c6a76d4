"""The reader's "اترك تعليقاً" form: every rule, Post/Redirect/Get, who sees what."""

import time
import uuid

import pytest
from django.core import signing
from django.urls import reverse

from comments.forms import TIMESTAMP_SALT, form_timestamp
from comments.models import Comment, ModerationSettings
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db


def form_data(article, **overrides) -> dict:
    data = {
        "name": "سلمى",
        "email": "salma@example.com",
        "url": "",
        "body": "مقال مفيد، شكرًا لكم.",
        "parent": "",
        "timestamp": form_timestamp(article),
        "homepage": "",
    }
    data.update(overrides)
    return data


def post(client, article, **overrides):
    return client.post(
        reverse("pages:comment_post", args=[article.pk]), form_data(article, **overrides)
    )


def test_valid_comment_redirects_to_it_and_waits_for_moderation(client, article):
    response = post(client, article)
    comment = Comment.objects.get()
    assert response.status_code == 302
    address, anchor = response["Location"].split("#")
    assert address.startswith(f"{article.get_absolute_url()}?own=")
    assert anchor == f"comment-{comment.pk}"
    assert comment.status == Comment.Status.PENDING
    answer = client.get(response["Location"])
    page = answer.content.decode()
    assert "تعليقك في انتظار المراجعة" in page and "مقال مفيد" in page
    assert "private" in answer["Cache-Control"] and "public" not in answer["Cache-Control"]


def test_pending_comment_is_hidden_from_other_readers(client, article):
    post(client, article)
    from django.test import Client

    other = Client().get(article.get_absolute_url()).content.decode()
    assert "مقال مفيد" not in other and "تعليقك في انتظار المراجعة" not in other


@pytest.mark.parametrize("field", ["name", "email", "body"])
def test_each_required_field_is_reported_next_to_it_and_text_kept(client, article, field):
    response = post(client, article, **{field: ""}, url="https://example.org/me")
    html = response.content.decode()
    assert response.status_code == 400
    assert f'id="id_{field}_error"' in html
    assert "هذا الحقل مطلوب" in html
    assert 'value="https://example.org/me"' in html
    assert not Comment.objects.exists()


def test_required_fields_are_marked_with_a_star(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    for field in ("name", "email", "body"):
        label_start = html.index(f'for="id_{field}"')
        assert "*" in html[label_start : html.index("</label>", label_start)]


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"email": "not-an-email"}, "email"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"url": "ftp://example.com/file"}, "url"),
        ({"name": "ن" * 101}, "name"),
        ({"body": "ت" * 5001}, "body"),
        ({"url": "https://example.com/" + "a" * 300}, "url"),
    ],
    ids=["bad-email", "javascript-url", "ftp-url", "long-name", "long-body", "long-url"],
)
def test_invalid_fields_are_refused_with_an_arabic_error(client, article, overrides, field):
    response = post(client, article, **overrides)
    html = response.content.decode()
    assert response.status_code == 400
    assert f'id="id_{field}_error"' in html
    assert not Comment.objects.exists()
    kept = "مقال مفيد، شكرًا لكم." if field != "body" else 'value="سلمى"'
    assert kept in html  # the reader's text is kept


def test_honeypot_makes_the_comment_spam_silently(client, article):
    response = post(client, article, homepage="http://spam.example")
    assert response.status_code == 302
    assert Comment.objects.get().status == Comment.Status.SPAM


def test_tampered_timestamp_makes_the_comment_spam_silently(client, article):
    token = form_timestamp(article)
    response = post(client, article, timestamp=token[:-3] + "abc")
    assert response.status_code == 302
    assert Comment.objects.get().status == Comment.Status.SPAM


def test_timestamp_of_another_article_is_spam(client, article):
    other = make_article(section=article.section)
    post(client, article, timestamp=form_timestamp(other))
    assert Comment.objects.get().status == Comment.Status.SPAM


def test_form_posted_too_fast_is_spam(client, article, settings):
    settings.COMMENTS_FORM_MIN_SECONDS = 30
    post(client, article)
    assert Comment.objects.get().status == Comment.Status.SPAM


def test_stale_form_is_refused_with_a_fresh_timestamp_and_text_kept(client, article, settings):
    old = signing.dumps({"a": article.pk, "t": int(time.time()) - 10}, salt=TIMESTAMP_SALT)
    settings.COMMENTS_FORM_MAX_AGE = -1
    response = post(client, article, timestamp=old)
    html = response.content.decode()
    assert response.status_code == 400
    assert "انتهت صلاحية" in html and "مقال مفيد" in html
    assert not Comment.objects.exists()


def test_reply_to_a_comment_of_another_article_is_refused(client, article):
    elsewhere = make_comment(article=make_article(section=article.section))
    response = post(client, article, parent=str(elsewhere.pk))
    assert response.status_code == 400
    assert not Comment.objects.filter(parent=elsewhere).exists()


def test_reply_to_a_pending_comment_is_refused(client, article):
    pending = make_comment(article=article, status=Comment.Status.PENDING)
    response = post(client, article, parent=str(pending.pk))
    assert response.status_code == 400
    assert not Comment.objects.filter(parent=pending).exists()


def test_reply_is_stored_under_its_parent_and_thread(client, article):
    root = make_comment(article=article)
    child = make_comment(article=article, parent=root)
    post(client, article, parent=str(child.pk))
    reply = Comment.objects.get(parent=child)
    assert reply.thread == root and reply.depth == 2


CROSS_SITE = {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "https://attacker.example"}


def test_a_cross_site_post_is_refused_with_a_translated_page(article):
    from django.test import Client

    url = reverse("pages:comment_post", args=[article.pk])
    response = Client(enforce_csrf_checks=True).post(url, form_data(article), **CROSS_SITE)
    assert response.status_code == 403
    assert "أُرسل من موقع آخر" in response.content.decode()
    assert not Comment.objects.exists()
    old_browser = {"HTTP_ORIGIN": "https://attacker.example"}  # Origin only, no Fetch Metadata
    assert (
        Client(enforce_csrf_checks=True).post(url, form_data(article), **old_browser).status_code
        == 403
    )


def test_a_reader_posts_from_the_site_without_a_token(article):
    from django.test import Client

    same_site = {"HTTP_SEC_FETCH_SITE": "same-origin", "HTTP_ORIGIN": "http://testserver"}
    url = reverse("pages:comment_post", args=[article.pk])
    response = Client(enforce_csrf_checks=True).post(url, form_data(article), **same_site)
    assert response.status_code == 302
    assert Comment.objects.count() == 1


def test_a_signed_in_user_still_needs_the_token(article, django_user_model):
    from django.test import Client

    user = django_user_model.objects.create_user("reader", password="x")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    same_site = {"HTTP_SEC_FETCH_SITE": "same-origin", "HTTP_ORIGIN": "http://testserver"}
    response = client.post(
        reverse("pages:comment_post", args=[article.pk]), form_data(article), **same_site
    )
    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_remember_me_cookie_only_with_consent(client, article):
    ModerationSettings.objects.update(flood_seconds=0)
    response = post(client, article)
    assert (
        not response.cookies.get("comment_author", None)
        or not response.cookies["comment_author"].value
    )
    response = post(client, article, remember="on", body="تعليق ثان مختلف", url="https://a.example")
    assert response.cookies["comment_author"].value
    own = client.get(reverse("comments:own"), {"article": article.pk}).json()
    assert own["author"] == {
        "name": "سلمى",
        "email": "salma@example.com",
        "url": "https://a.example",
    }
    html = client.get(article.get_absolute_url()).content.decode()
    assert "salma@example.com" not in html  # the page is the shared one: the script fills it


def test_commenter_email_never_appears_in_public_responses(client, article):
    email = f"secret-{uuid.uuid4().hex}@example.com"
    comment = make_comment(article=article, email=email, name="Secret Reader")
    make_comment(article=article, parent=comment)
    urls = [
        reverse("articles:home"),
        article.section.get_absolute_url(),
        article.get_absolute_url(),
        reverse("comments:permalink", args=[comment.pk]),
    ]
    from django.test import Client

    anonymous = Client()
    for url in urls:
        body = anonymous.get(url, follow=True).content.decode()
        assert email not in body
        assert email.split("@")[0] not in body


def test_each_page_view_carries_a_fresh_valid_timestamp_for_its_article(client, article):
    import re

    html = client.get(article.get_absolute_url()).content.decode()
    token = re.search(r'name="timestamp" value="([^"]+)"', html).group(1)
    assert signing.loads(token, salt=TIMESTAMP_SALT)["a"] == article.pk
    other = make_article(section=article.section)
    html = client.get(other.get_absolute_url()).content.decode()
    token = re.search(r'name="timestamp" value="([^"]+)"', html).group(1)
    assert signing.loads(token, salt=TIMESTAMP_SALT)["a"] == other.pk


def test_the_form_is_throttled_per_reader_like_the_api(client, article, settings):
    ModerationSettings.objects.update(flood_seconds=0)
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {**rates, "comment_post": "2/min"},
    }  # fmt: skip
    statuses = [
        post(client, article, email=f"r{n}@example.com", body=f"تعليق رقم {n}").status_code
        for n in range(3)
    ]
    assert statuses == [302, 302, 429]
    assert Comment.objects.count() == 2
    other_reader = client.post(
        reverse("pages:comment_post", args=[article.pk]),
        form_data(article, email="o@example.com", body="من جهاز آخر"), REMOTE_ADDR="198.51.100.20",
    )  # fmt: skip
    assert other_reader.status_code == 302


def test_a_refused_comment_does_not_use_up_the_flood_window(client, article):
    ModerationSettings.objects.update(flood_seconds=15)
    make_comment(article=article, email="salma@example.com", body="تعليقي القديم")
    duplicate = post(client, article, body="تعليقي القديم")  # refused: nothing stored
    corrected = post(client, article, body="تعليقي الجديد")
    assert (duplicate.status_code, corrected.status_code) == (403, 302)


@pytest.mark.parametrize("name", ["سلمى\nالمحرر", "Salma\r\nEditor", "سلمى\u2028المحرر", "a\x85b"])
def test_a_name_on_several_lines_is_refused_in_arabic_and_kept(client, article, name):
    response = post(client, article, name=name)
    assert response.status_code == 400 and not Comment.objects.exists()
    form = response.context["form"]
    assert form.errors["name"] == ["اكتب اسمك في سطر واحد."]
    assert form["name"].value() == name  # what the reader typed, to fix
