"""Two first embeds of one page at once make one thread (PostgreSQL: real concurrent inserts)."""

import threading

from django.db import transaction

from articles.embedded import external_article_get_or_create
from articles.models import Article, Section
from tests.concurrency import (
    WAIT_SECONDS,
    in_own_connection,
    needs_postgres,
    someone_waits_for_a_lock,
    wait_until,
)

pytestmark = needs_postgres("two first embeds race on the unique canonical address")
STORY = "https://news.example/2026/11/story/"


def test_two_first_embeds_at_once_share_one_article():
    inserted, release, results = threading.Event(), threading.Event(), {}

    def first() -> None:
        with transaction.atomic():  # the row exists, uncommitted, while the second one inserts
            results["first"] = external_article_get_or_create(url=STORY, title="قصة").pk
            inserted.set()
            release.wait(WAIT_SECONDS)

    def second() -> None:
        inserted.wait(WAIT_SECONDS)
        results["second"] = external_article_get_or_create(url=STORY, title="قصة").pk

    threads = [in_own_connection(first), in_own_connection(second)]
    for thread in threads:
        thread.start()
    inserted.wait(WAIT_SECONDS)
    wait_until(someone_waits_for_a_lock)  # the second insert waits on the unique index
    release.set()
    for thread in threads:
        thread.join(WAIT_SECONDS)
    assert results["first"] == results["second"]
    assert Article.objects.filter(canonical_url=STORY).count() == 1
    assert Section.objects.filter(slug="embedded").count() == 1
