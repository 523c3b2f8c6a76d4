"""Cache warming: after a change, a worker re-renders the comment block before the next reader."""

import base64
import json
import os
import re

import pytest
import redis
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from comments import block, tasks
from comments.block import comment_blocks_warm
from comments.models import Comment
from comments.services.decisions import comments_set_status
from newsroom.celery import app
from newsroom.versions import block_version
from tests.factories import make_article, make_comment
from tests.integration.test_comment_cache import decide
from tests.integration.test_task_queue import use_broker
from tests.queries import reads_comments

pytestmark = pytest.mark.django_db

BROKER_URL = "redis://127.0.0.1:6379/5"
COMMENT_BLOCK = re.compile(r'<section id="comments".*?</section>', re.S)


# Named by the version the block shows, which cache.clear() renews (static/js/live-comments.js).
LIVE_VERSION = re.compile(r' data-live-(version-time|etag)="[^"]*"')


def block_of(html: str) -> str:
    return LIVE_VERSION.sub("", COMMENT_BLOCK.search(html).group(0))


def cached_block(article) -> str | None:
    return cache.get(block._block_key(article, 1, block_version(article.pk)))


def test_a_warmed_block_is_what_a_reader_renders_and_costs_them_no_comment_query(article):
    root = make_comment(article=article, body="رأي أول")
    make_comment(article=article, parent=root, body="رد على الرأي")
    cold = block_of(Client().get(article.get_absolute_url()).content.decode())
    cache.clear()
    assert tasks.warm_comment_blocks(article_ids=[article.pk]) == 1
    with CaptureQueriesContext(connection) as queries:
        warm = block_of(Client().get(article.get_absolute_url()).content.decode())
    assert warm == cold and "رد على الرأي" in warm
    assert not reads_comments(queries)


def test_every_language_is_warmed(article):
    make_comment(article=article)
    comment_blocks_warm([article.pk])
    reply_words = {"ar": 'aria-hidden="true">رد</span>', "en": 'aria-hidden="true">Reply</span>'}
    for language, other in (("ar", "en"), ("en", "ar")):
        with translation.override(language):
            block = cached_block(article)
        assert reply_words[language] in block and reply_words[other] not in block


def test_warming_replaces_a_block_cached_from_a_lagging_replica(article):
    make_comment(article=article, body="تعليق وافق عليه المحرر")
    with translation.override("ar"):
        cache.set(
            block._block_key(article, 1, block_version(article.pk)), "<section>قديم</section>"
        )
        comment_blocks_warm([article.pk])
        assert "تعليق وافق عليه المحرر" in cached_block(article)


def test_a_bulk_change_warms_only_its_newest_articles(section, monkeypatch):
    monkeypatch.setattr(block, "WARM_MOST_ARTICLES", 2)
    oldest, middle, newest = (make_article(section=section) for _ in range(3))
    assert comment_blocks_warm([oldest.pk, middle.pk, newest.pk]) == 2
    with translation.override("ar"):
        warmed = [cached_block(a) is not None for a in (oldest, middle, newest)]
    assert warmed == [False, True, True]


def test_in_process_a_decision_leaves_rendering_to_the_next_reader(
    article, django_capture_on_commit_callbacks
):
    held = make_comment(article=article, status=Comment.Status.PENDING)
    decide([held.pk], "approved", django_capture_on_commit_callbacks)
    with translation.override("ar"):
        assert cached_block(article) is None  # nothing rendered in the editor's request


@pytest.fixture
def broker(settings):
    client = redis.Redis.from_url(BROKER_URL, socket_connect_timeout=1)
    try:
        client.flushdb()
    except redis.RedisError:
        if os.environ.get("CI"):
            pytest.fail("Redis is not running at 127.0.0.1:6379")
        pytest.skip("Redis is not running at 127.0.0.1:6379")
    settings.CELERY_TASK_ALWAYS_EAGER = False
    use_broker(app, BROKER_URL)
    yield client
    use_broker(app, None)
    client.flushdb()


def queued_tasks(client) -> list[tuple[str, dict]]:
    messages = [json.loads(raw) for raw in client.lrange("celery", 0, -1)]
    return [(m["headers"]["task"], json.loads(base64.b64decode(m["body"]))[1]) for m in messages]


def test_a_decision_queues_warming_for_a_worker(
    broker, section, django_capture_on_commit_callbacks
):
    first, second = make_article(section=section), make_article(section=section)
    held = [make_comment(article=a, status=Comment.Status.PENDING) for a in (second, first)]
    with django_capture_on_commit_callbacks(execute=True):
        comments_set_status(
            ids=[c.pk for c in held], to_status="removed", actor=None, source="admin"
        )
    assert ("comments.warm_comment_blocks", {"article_ids": [first.pk, second.pk]}) in (
        queued_tasks(broker)
    )


def test_a_broker_outage_skips_warming_rather_than_doing_it_in_the_request(
    article, settings, django_capture_on_commit_callbacks
):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    use_broker(app, "redis://127.0.0.1:1/0")  # nothing listens there
    try:
        make_comment(article=article)
        held = make_comment(article=article, status=Comment.Status.PENDING)
        decide([held.pk], "approved", django_capture_on_commit_callbacks)
    finally:
        use_broker(app, None)
    with translation.override("ar"):
        assert cached_block(article) is None
    assert Comment.objects.get(pk=held.pk).status == Comment.Status.APPROVED
