"""Idempotency-Key on posting: mobile networks retry, no comment is stored twice."""

import threading
import uuid
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment, IdempotencyKey, ModerationEvent
from tests.factories import make_article, make_section

BODY = {"name": "سلمى", "email": "salma@example.com", "body": "مقال مفيد، شكرًا لكم."}
ON_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def post(client, article, key: str | None, **overrides):
    headers = {"Idempotency-Key": key} if key is not None else {}
    return client.post(
        reverse("api:article-comments", args=[article.pk]),
        {**BODY, **overrides},
        content_type="application/json",
        headers=headers,
    )


@pytest.mark.django_db
def test_a_retry_with_the_same_key_and_body_replays_the_first_answer(client, article):
    key = str(uuid.uuid4())
    first = post(client, article, key)
    retry = post(client, article, key)
    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert retry["Idempotent-Replayed"] == "true"
    assert Comment.objects.count() == 1
    assert ModerationEvent.objects.count() == 1
    assert IdempotencyKey.objects.count() == 1


@pytest.mark.django_db
def test_the_same_body_in_other_key_order_is_the_same_request(client, article):
    key = str(uuid.uuid4())
    post(client, article, key)
    reordered = dict(reversed(list(BODY.items())))
    response = client.post(
        reverse("api:article-comments", args=[article.pk]),
        reordered,
        content_type="application/json",
        headers={"Idempotency-Key": key},
    )
    assert response.status_code == 201 and Comment.objects.count() == 1


@pytest.mark.django_db
def test_the_same_key_with_another_body_is_a_422(client, article):
    key = str(uuid.uuid4())
    post(client, article, key)
    response = post(client, article, key, body="نص آخر مختلف")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "idempotency_key_reused"
    assert Comment.objects.count() == 1


@pytest.mark.django_db
def test_the_same_key_on_another_article_is_a_422(client, article):
    key = str(uuid.uuid4())
    post(client, article, key)
    other = make_article(section=article.section)
    assert post(client, other, key).status_code == 422


@pytest.mark.django_db
def test_without_a_key_a_retry_is_refused_as_a_duplicate_or_flood(client, article):
    post(client, article, None)
    assert post(client, article, None).status_code in (400, 429)
    assert Comment.objects.count() == 1


@pytest.mark.django_db
def test_a_refused_post_keeps_nothing_so_a_later_retry_runs_again(client, article):
    key = str(uuid.uuid4())
    post(client, article, None, body="تعليق أول")  # starts the flood window
    assert post(client, article, key).status_code == 429
    assert not IdempotencyKey.objects.exists()
    Comment.objects.update(created_at=timezone.now() - timedelta(minutes=5))
    cache.clear()  # five minutes on: the flood window has closed too
    assert post(client, article, key).status_code == 201
    assert Comment.objects.count() == 2


@pytest.mark.django_db
def test_a_key_older_than_24_hours_is_forgotten(client, article):
    key = str(uuid.uuid4())
    post(client, article, key)
    IdempotencyKey.objects.update(created_at=timezone.now() - timedelta(hours=25))
    Comment.objects.update(created_at=timezone.now() - timedelta(hours=25))
    cache.clear()
    response = post(client, article, key, body="تعليق جديد بعد يوم")
    assert response.status_code == 201
    assert Comment.objects.count() == 2
    assert IdempotencyKey.objects.get().created_at > timezone.now() - timedelta(minutes=1)


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["", "x" * 201, "مفتاح", "with space"])
def test_a_malformed_key_is_a_400(client, article, key):
    response = post(client, article, key)
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["error"]["fields"]
    assert not Comment.objects.exists()


@pytest.mark.postgres
@pytest.mark.skipif(not ON_POSTGRES, reason="needs PostgreSQL's row locks across threads")
@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_store_one_comment_and_all_get_its_answer():
    article = make_article(section=make_section())
    key = str(uuid.uuid4())
    retries = 6
    barrier = threading.Barrier(retries)
    answers: list = []

    def retry() -> None:
        try:
            barrier.wait()
            response = post(Client(), article, key)
            answers.append((response.status_code, response.json()))
        finally:
            connection.close()

    threads = [threading.Thread(target=retry) for _ in range(retries)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert len(answers) == retries
    assert {status for status, _body in answers} == {201}
    assert len({body["id"] for _status, body in answers}) == 1
    assert Comment.objects.count() == 1
    assert IdempotencyKey.objects.count() == 1


@pytest.fixture
def no_flood(db):
    """Several readers share an address or post at once here: leave flood control out."""
    from comments.models import ModerationSettings

    ModerationSettings.objects.update_or_create(pk=1, defaults={"flood_seconds": 0})


def _reader(address: str, agent: str = "Reader/1.0") -> Client:
    return Client(REMOTE_ADDR=address, HTTP_USER_AGENT=agent)


@pytest.mark.django_db
def test_another_client_cannot_claim_a_readers_key(article, no_flood):
    key = str(uuid.uuid4())
    squatter = post(_reader("198.51.100.66"), article, key, body="أخذت المفتاح أولًا",
                    email="squatter@example.com")  # fmt: skip
    victim = post(_reader("203.0.113.7"), article, key)
    assert (squatter.status_code, victim.status_code) == (201, 201)
    retry = post(_reader("203.0.113.7"), article, key)
    assert retry["Idempotent-Replayed"] == "true" and retry.json() == victim.json()
    assert Comment.objects.count() == 2


@pytest.mark.django_db
def test_a_key_is_scoped_to_the_address_and_the_user_agent(article, no_flood):
    key = str(uuid.uuid4())
    post(_reader("203.0.113.7", "Phone/1"), article, key)
    other_app = post(_reader("203.0.113.7", "Tablet/2"), article, key, body="من جهاز آخر",
                     email="other@example.com")  # fmt: skip
    assert other_app.status_code == 201 and "Idempotent-Replayed" not in other_app
    assert Comment.objects.count() == 2


@pytest.mark.django_db
def test_a_signed_in_clients_key_follows_its_token_not_its_address(article, no_flood):
    from rest_framework.authtoken.models import Token

    from tests.factories import make_editor

    token = Token.objects.create(user=make_editor())
    key, auth = str(uuid.uuid4()), f"Token {token.key}"
    first = post(Client(REMOTE_ADDR="203.0.113.7", HTTP_AUTHORIZATION=auth), article, key)
    moved = post(Client(REMOTE_ADDR="192.0.2.44", HTTP_AUTHORIZATION=auth), article, key)
    assert first.status_code == moved.status_code == 201
    assert moved["Idempotent-Replayed"] == "true"
    squatter = post(_reader("198.51.100.66"), article, key, body="مفتاح غيري",
                    email="squatter@example.com")  # fmt: skip
    assert squatter.status_code == 201 and "Idempotent-Replayed" not in squatter
