"""Posting limits hold across app processes through Redis, and fail safe when Redis is down."""

import re

import httpx
import pytest
import redis

from tests.servers import app_servers, base_environment, migrate, redis_or_skip, run_python

REDIS_TEST_URL = "redis://127.0.0.1:6379/7"
CLOSED_REDIS_URL = "redis://127.0.0.1:9/7"  # the discard port: nothing listens there
SEED = """
from tests.factories import make_article
from comments.models import ModerationSettings
ModerationSettings.objects.update_or_create(pk=1, defaults={"hold_first_time": False})
article = make_article()
print(article.pk, article.get_absolute_url())
"""
SET_FLOOD = """
from comments.models import Comment, ModerationSettings
Comment.objects.all().delete()  # every test posts from 127.0.0.1: start with no recent post
ModerationSettings.objects.filter(pk=1).update(flood_seconds={seconds})
"""
TIMESTAMP = re.compile(r'name="timestamp" value="([^"]+)"')


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A migrated file database with one article, shared by every app process of this module."""
    redis_or_skip(REDIS_TEST_URL)
    database = tmp_path_factory.mktemp("served") / "served.sqlite3"
    env = base_environment(f"sqlite:///{database}", COMMENTS_FORM_MIN_SECONDS="0",
                           THROTTLE_COMMENT_POST="3/min")  # fmt: skip
    migrate(env)
    article_id, path = run_python(SEED, env).split()
    return env, int(article_id), path


def set_flood(env: dict[str, str], seconds: int) -> None:
    """Set the flood interval and forget earlier comments."""
    run_python(SET_FLOOD.format(seconds=seconds), env)


def api_post(base: str, article_id: int, n: int) -> httpx.Response:
    payload = {"name": "قارئ", "email": f"reader{n}@example.com", "body": f"تعليق رقم {n}"}
    return httpx.post(f"{base}/api/v1/articles/{article_id}/comments/", json=payload, timeout=30)


def form_post(base: str, path: str, article_id: int, email: str) -> httpx.Response:
    with httpx.Client(base_url=base, timeout=30) as client:
        page = client.get(path)
        data = {
            "name": "قارئة", "email": email, "body": f"رأي من {email}", "url": "",
            "timestamp": TIMESTAMP.search(page.text)[1],
        }  # fmt: skip
        same_site = {"Origin": base, "Sec-Fetch-Site": "same-origin"}  # as a browser sends it
        return client.post(f"/articles/{article_id}/comments/", data=data, headers=same_site)


def test_the_post_throttle_counts_across_two_processes_sharing_redis(served):
    env, article_id, _path = served
    redis.Redis.from_url(REDIS_TEST_URL).flushdb()
    set_flood(env, 0)
    with app_servers(env | {"REDIS_URL": REDIS_TEST_URL}, 2) as (first, second):
        answers = [api_post(base, article_id, n) for n, base in enumerate([first, second] * 2)]
    assert [a.status_code for a in answers] == [201, 201, 201, 429]
    assert answers[3].json()["error"]["code"] == "throttled"


@pytest.fixture(scope="module")
def redis_down(served):
    """Two app processes whose Redis address is closed."""
    env, _article_id, _path = served
    with app_servers(env | {"REDIS_URL": CLOSED_REDIS_URL}, 2) as bases:
        yield bases


def test_with_redis_down_pages_serve_and_posting_still_works(served, redis_down):
    env, article_id, path = served
    first, second = redis_down
    set_flood(env, 0)
    assert httpx.get(f"{first}{path}", timeout=30).status_code == 200
    assert httpx.get(f"{second}/api/v1/articles/{article_id}/comments/").status_code == 200
    # Without Redis the per-process throttle cannot count, so it lets posts through.
    answers = [api_post(base, article_id, 100 + n) for n, base in enumerate([first, second] * 2)]
    assert [a.status_code for a in answers] == [201] * 4


def test_with_redis_down_flood_control_still_holds_through_the_database(served, redis_down):
    env, article_id, path = served
    first, second = redis_down
    set_flood(env, 30)
    assert form_post(first, path, article_id, "hasty@example.com").status_code == 302
    assert form_post(second, path, article_id, "hasty@example.com").status_code == 429
