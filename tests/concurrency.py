"""Tests with real concurrent connections: what they need (PostgreSQL) and how they wait."""

import threading
import time

import pytest
from django.conf import settings
from django.db import connection, connections

WAIT_SECONDS = 10


def needs_postgres(reason: str) -> list:
    """The marks of a module whose tests hold row locks from several connections at once."""
    return [
        pytest.mark.postgres,
        pytest.mark.skipif(
            "postgresql" not in settings.DATABASES["default"]["ENGINE"],
            reason=f"{reason} (set DATABASE_URL)",
        ),
        pytest.mark.django_db(transaction=True),
    ]


def in_own_connection(work) -> threading.Thread:
    """A thread that runs work on a database connection of its own, closed when it ends."""

    def run() -> None:
        try:
            work()
        finally:
            connections.close_all()

    return threading.Thread(target=run, daemon=True)


def someone_waits_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


def wait_until(condition, seconds: float = WAIT_SECONDS) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting for the other connection"
        time.sleep(0.02)
