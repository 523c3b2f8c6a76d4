"""Flood control holds when one reader sends many posts at the same moment (PostgreSQL).

Each thread is a reader's browser tab with its own database connection; they start together.
The flood rule allows one comment per author every flood_seconds, so at most one is stored.
"""

import threading

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from comments.models import Comment, ModerationSettings
from tests.concurrency import needs_postgres
from tests.integration.test_comment_form import form_data

pytestmark = needs_postgres("concurrent connections need PostgreSQL")

POSTS = 20
WAIT_SECONDS = 30


def _post_together(article, data_for, address_for) -> list[int]:
    """Send POSTS form posts at once, each on its own connection; return their statuses."""
    start, statuses = threading.Barrier(POSTS), [0] * POSTS
    url = reverse("pages:comment_post", args=[article.pk])

    def post(n: int) -> None:
        try:
            client = Client(REMOTE_ADDR=address_for(n))
            start.wait(WAIT_SECONDS)
            statuses[n] = client.post(url, data_for(n)).status_code
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(n,), daemon=True) for n in range(POSTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT_SECONDS)
    return statuses


@pytest.fixture
def flood_only(article, settings):
    """Flood control on (15 s), the form's post throttle out of the way."""
    ModerationSettings.objects.update_or_create(
        pk=1, defaults={"flood_seconds": 15, "hold_first_time": False}
    )
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {**rates, "comment_post": "1000/min"},
    }  # fmt: skip
    return article


def test_simultaneous_posts_from_one_address_store_one_comment(flood_only):
    statuses = _post_together(
        flood_only,
        lambda n: form_data(flood_only, email=f"r{n}@example.com", body=f"تعليق رقم {n}"),
        lambda n: "203.0.113.9",
    )
    assert Comment.objects.count() == 1
    assert sorted(statuses) == [302] + [429] * (POSTS - 1)


def test_simultaneous_posts_with_one_email_from_many_addresses_store_one(flood_only):
    statuses = _post_together(
        flood_only,
        lambda n: form_data(flood_only, email="same@example.com", body=f"تعليق رقم {n}"),
        lambda n: f"198.51.100.{n + 1}",
    )
    assert Comment.objects.count() == 1
    assert sorted(statuses) == [302] + [429] * (POSTS - 1)
