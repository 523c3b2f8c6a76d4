"""Presses sent at the same moment, each on its own connection, count each reader once (PostgreSQL).

Each thread is a reader's tab; they start together at a barrier. The count on the comment must
equal the number of distinct readers who pressed, and the rows behind it, whatever the order
in which the transactions meet the unique constraint.
"""

import threading

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from comments.models import Comment, CommentReaction
from comments.services.reactions import reaction_add, reaction_toggle
from tests.concurrency import needs_postgres
from tests.factories import make_comment

pytestmark = needs_postgres("concurrent connections need PostgreSQL")

THREADS = 16
WAIT_SECONDS = 30


def run_together(work) -> None:
    """Run work(n) for each n at once, each on a database connection of its own."""
    start = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def run(n: int) -> None:
        try:
            start.wait(WAIT_SECONDS)
            work(n)
        except BaseException as error:  # reported by the test, not lost in the thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,), daemon=True) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT_SECONDS)
    assert not errors, errors


@pytest.fixture
def shown(article) -> Comment:
    return make_comment(article=article)


def test_simultaneous_presses_count_each_distinct_reader_once(shown):
    readers = [f"ip:reader-{n % 5}" for n in range(THREADS)]  # 5 readers, each pressing 3-4 times
    run_together(lambda n: reaction_add(comment=shown, reader_key=readers[n]))
    assert Comment.objects.get(pk=shown.pk).useful_count == 5
    assert CommentReaction.objects.filter(comment=shown).count() == 5


def test_simultaneous_presses_through_the_page_count_each_address_once(settings, shown):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {**rates, "reaction": "1000/min"},
    }  # fmt: skip
    url = reverse("comments:useful", args=[shown.pk])
    statuses = [0] * THREADS

    def press(n: int) -> None:
        client = Client(REMOTE_ADDR=f"198.51.100.{n + 1}", HTTP_ACCEPT="application/json")
        statuses[n] = client.post(url).status_code

    run_together(press)
    assert statuses == [200] * THREADS
    assert Comment.objects.get(pk=shown.pk).useful_count == THREADS
    assert CommentReaction.objects.filter(comment=shown).count() == THREADS


def test_simultaneous_toggles_leave_the_count_equal_to_the_rows(shown):
    readers = [f"ip:reader-{n % 4}" for n in range(THREADS)]
    run_together(lambda n: reaction_toggle(comment=shown, reader_key=readers[n]))
    rows = CommentReaction.objects.filter(comment=shown).count()
    assert 0 <= rows <= 4
    assert Comment.objects.get(pk=shown.pk).useful_count == rows
