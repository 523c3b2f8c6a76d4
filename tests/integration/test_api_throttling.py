"""DRF throttles per scope: 429 with Retry-After, counted in the shared cache."""

import os
import threading
import uuid

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.request import Request

from comments.models import ModerationSettings
from newsroom.api.throttling import AnonReadThrottle
from tests.factories import make_comment, make_editor

pytestmark = pytest.mark.django_db

REDIS_URL = "redis://127.0.0.1:6379/5"


@pytest.fixture(autouse=True)
def _no_flood_rule(db):
    """Leave the pipeline's own flood rule out, so only the throttles speak."""
    ModerationSettings.objects.update(flood_seconds=0)


@pytest.fixture
def rates(settings):
    """Set some scopes' rates for one test."""

    def set_rates(**scopes: str) -> None:
        current = settings.REST_FRAMEWORK
        settings.REST_FRAMEWORK = {
            **current,
            "DEFAULT_THROTTLE_RATES": {**current["DEFAULT_THROTTLE_RATES"], **scopes},
        }

    return set_rates


def post_comment(client, article, n: int):
    return client.post(
        reverse("api:article-comments", args=[article.pk]),
        {"name": "سلمى", "email": f"s{n}@example.com", "body": f"تعليق رقم {n}"},
        content_type="application/json",
    )


def test_posting_comments_is_throttled_per_client(client, article, rates):
    rates(comment_post="2/min")
    assert post_comment(client, article, 1).status_code == 201
    assert post_comment(client, article, 2).status_code == 201
    response = post_comment(client, article, 3)
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "throttled"
    assert 0 < int(response["Retry-After"]) <= 60
    other_reader = client.post(
        reverse("api:article-comments", args=[article.pk]),
        {"name": "منى", "email": "m@example.com", "body": "من جهاز آخر"},
        content_type="application/json",
        REMOTE_ADDR="198.51.100.20",
    )
    assert other_reader.status_code == 201


def test_a_forged_forwarded_for_header_does_not_escape_the_limit(client, article, rates):
    rates(comment_post="1/min")
    post_comment(client, article, 1)
    response = client.post(
        reverse("api:article-comments", args=[article.pk]),
        {"name": "سلمى", "email": "x@example.com", "body": "محاولة"},
        content_type="application/json",
        headers={"X-Forwarded-For": "192.0.2.99"},
    )
    assert response.status_code == 429


def test_reading_does_not_use_up_the_posting_allowance(client, article, rates):
    rates(comment_post="1/min")
    for _ in range(3):
        client.get(reverse("api:article-comments", args=[article.pk]))
    assert post_comment(client, article, 1).status_code == 201


def test_anonymous_reads_are_throttled_but_editors_are_not(client, rates):
    rates(anon_read="2/min")
    url = reverse("api:sections")
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 429]
    headers = {"Authorization": f"Token {Token.objects.create(user=make_editor()).key}"}
    assert client.get(url, headers=headers).status_code == 200


def test_reports_are_throttled(client, article, rates):
    rates(report="1/hour")
    comment = make_comment(article=article)
    url = reverse("api:comment-reports", args=[comment.pk])
    client.post(url, {"reason": "not-a-reason"}, content_type="application/json")
    response = client.post(url, {"reason": "spam"}, content_type="application/json")
    assert response.status_code == 429
    assert 3000 < int(response["Retry-After"]) <= 3600


def test_token_requests_are_throttled_per_ip_whatever_the_username(client, rates):
    rates(token="2/min")
    url = reverse("api:token")
    for name in ("a", "b"):
        client.post(url, {"username": name, "password": "x"}, content_type="application/json")
    response = client.post(url, {"username": "c", "password": "x"}, content_type="application/json")
    assert response.status_code == 429


@pytest.fixture
def redis_cache(settings):
    """Use Redis (db 5) as the cache, as production does when REDIS_URL is set."""
    redis = pytest.importorskip("redis")
    connection = redis.Redis.from_url(REDIS_URL)
    try:
        connection.ping()
    except redis.ConnectionError:
        if os.environ.get("CI"):
            raise
        pytest.skip("Redis is not running at 127.0.0.1:6379 (CI starts it)")
    prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    yield connection, prefix
    for key in connection.scan_iter(f"{prefix}:*"):
        connection.delete(key)


def test_throttle_counts_live_in_redis_so_every_process_shares_them(client, rates, redis_cache):
    from django.core.cache import caches

    connection, prefix = redis_cache
    rates(anon_read="2/min")
    url = reverse("api:sections")
    assert [client.get(url).status_code for _ in range(2)] == [200, 200]
    assert list(connection.scan_iter(f"{prefix}:*throttle_anon_read_*"))
    caches.close_all()  # nothing is kept in the process: a new connection sees the same count
    assert client.get(url).status_code == 429


def anonymous_read(address: str):
    request = Request(RequestFactory().get("/api/v1/sections/", REMOTE_ADDR=address))
    request.user = AnonymousUser()
    return request


def test_concurrent_requests_are_each_counted_once(rates, redis_cache):
    rates(anon_read="50/min")
    allowed: list[bool] = []

    def client_burst() -> None:
        for _ in range(5):
            allowed.append(AnonReadThrottle().allow_request(anonymous_read("203.0.113.5"), None))

    threads = [threading.Thread(target=client_burst) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert allowed.count(True) == 50  # 100 requests at once, not one more let through


def test_a_busy_clients_window_costs_the_same_as_a_quiet_ones(rates):
    rates(anon_read="100000/min")
    throttle = AnonReadThrottle()
    for _ in range(500):
        assert throttle.allow_request(anonymous_read("203.0.113.6"), None)
    assert cache.get(throttle.key) == 500  # one counter, not 500 request times
