"""Idempotency-Key on posting: mobile networks retry, no comment is stored twice."""

import threading
import uuid
from datetime import timedelta

import pytest
from django.conf import settings
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
    assert IdempotencyKey.objects.get().key == key


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
    assert post(client, article, key).status_code == 201
    assert Comment.objects.count() == 2


@pytest.mark.django_db
def test_a_key_older_than_24_hours_is_forgotten(client, article):
    key = str(uuid.uuid4())
    post(client, article, key)
    IdempotencyKey.objects.update(created_at=timezone.now() - timedelta(hours=25))
    Comment.objects.update(created_at=timezone.now() - timedelta(hours=25))
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
