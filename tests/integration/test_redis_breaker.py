"""A stopped Redis is skipped after a few failed connections, then probed again.

The cache is the real django-redis client with the production options, pointed at a port where
nothing listens, at a listener that hangs up on every connection (and counts them), or at a
redis-server started here. Only the clock is the test's: the breaker's periods pass at once.
"""

import os
import shutil
import socket
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import redis
from django.conf import settings
from django_redis.cache import RedisCache

from newsroom import redis_breaker
from newsroom.redis_breaker import CLOSED, OPEN, breaker_for
from tests.servers import base_environment, free_port, run_python


class Clock:
    """The breaker's clock, moved by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class HangUpListener:
    """A TCP listener on loopback that accepts every connection and closes it, counting them:
    a Redis that is there but fails every connection, with a count we can read."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.accepted = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _peer = self.sock.accept()
            except OSError:
                return
            self.accepted += 1
            connection.close()

    def close(self) -> None:
        self.sock.close()


@pytest.fixture(autouse=True)
def _fresh_breakers():
    """Each test meets breakers that have seen nothing (they live as long as the process)."""
    redis_breaker._breakers.clear()
    yield
    redis_breaker._breakers.clear()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def listener() -> Iterator[HangUpListener]:
    hang_up = HangUpListener()
    yield hang_up
    hang_up.close()


def production_cache(port: int) -> RedisCache:
    """Return the cache production builds from REDIS_URL, for a Redis on this port."""
    options = {"OPTIONS": settings.REDIS_CACHE_OPTIONS, "KEY_PREFIX": "breaker-test"}
    return RedisCache(f"redis://127.0.0.1:{port}/9", options)


def breaker_on(port: int, clock: Clock):
    breaker = breaker_for("127.0.0.1", port)
    breaker.clock = clock
    return breaker


def test_a_failing_redis_is_asked_only_until_the_breaker_opens(listener, clock):
    cache, breaker = production_cache(listener.port), breaker_on(listener.port, clock)
    failures, seconds = settings.REDIS_BREAKER_FAILURES, settings.REDIS_BREAKER_SECONDS
    assert [cache.get(f"key-{n}") for n in range(30)] == [None] * 30
    assert listener.accepted == failures  # 30 requests, only the first few asked Redis
    assert breaker.state == OPEN
    clock.advance(seconds - 1)
    cache.get("still-open")
    assert listener.accepted == failures
    clock.advance(1)
    for n in range(30):
        cache.get(f"after-{n}")
    assert listener.accepted == failures + 1  # one probe, which failed: open for another period
    assert breaker.state == OPEN


def test_a_closed_port_opens_the_breaker_and_the_cache_still_answers(clock):
    port = free_port()  # nothing listens there
    cache, breaker = production_cache(port), breaker_on(port, clock)
    for n in range(settings.REDIS_BREAKER_FAILURES):
        assert breaker.state == CLOSED
        assert cache.get(f"key-{n}", "default") == "default"
    assert breaker.state == OPEN
    assert cache.add("skipped", 1, 10) is None  # not asked: "can't tell", as when Redis fails
    assert breaker.failures == settings.REDIS_BREAKER_FAILURES


@contextmanager
def redis_server(port: int) -> Iterator[None]:
    if shutil.which("redis-server") is None:
        if os.environ.get("CI"):
            pytest.fail("redis-server is not installed")
        pytest.skip("redis-server is not installed")
    server = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1",
                               "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL)  # fmt: skip
    try:
        client = redis.Redis(port=port, socket_connect_timeout=1)
        for _attempt in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                threading.Event().wait(0.05)
        yield
    finally:
        server.terminate()
        server.wait()


def test_the_breaker_closes_again_once_redis_answers(clock):
    port = free_port()
    cache, breaker = production_cache(port), breaker_on(port, clock)
    for n in range(settings.REDIS_BREAKER_FAILURES):
        cache.get(f"key-{n}")
    assert breaker.state == OPEN
    with redis_server(port):
        cache.set("greeting", "marhaba")  # Redis is back, but the period has not passed
        assert cache.get("greeting") is None
        clock.advance(settings.REDIS_BREAKER_SECONDS)
        cache.set("greeting", "marhaba")  # the probe: it succeeds
        assert breaker.state == CLOSED
        assert cache.get("greeting") == "marhaba"


PUBLISH = """
from comments.tasks import _enqueue_now, notify_editors_held
for _ in range(10):
    _enqueue_now(notify_editors_held, {"comment_id": 0}, run_here_if_unavailable=False)
"""


def test_a_failing_broker_is_asked_only_until_the_breaker_opens(tmp_path):
    def broker_connections(**breaker_env: str) -> int:
        listener = HangUpListener()
        try:
            env = base_environment(f"sqlite:///{tmp_path / 'db.sqlite3'}",
                                   REDIS_URL=f"redis://127.0.0.1:{listener.port}/9",
                                   LOG_LEVEL="CRITICAL", **breaker_env)  # fmt: skip
            run_python(PUBLISH, env)
            return listener.accepted
        finally:
            listener.close()

    without_breaker = broker_connections(REDIS_BREAKER_FAILURES="1000")
    with_breaker = broker_connections(REDIS_BREAKER_FAILURES="3")
    assert without_breaker > 0
    assert with_breaker * 10 == without_breaker * 3  # 3 of the 10 tasks tried the broker


def test_an_outage_is_logged_once_not_once_per_cache_call(clock, caplog, settings):
    from newsroom.redis_breaker import SkipBreakerOpen

    settings.DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    port = free_port()
    cache, breaker = production_cache(port), breaker_on(port, clock)
    with caplog.at_level("WARNING"):
        for n in range(30):
            cache.get(f"key-{n}")
    console = SkipBreakerOpen()
    written = [record for record in caplog.records if console.filter(record)]
    opened = [r for r in written if r.name == "newsroom.redis_breaker"]
    refused = [r for r in written if r.name.startswith("django_redis")]
    assert len(opened) == 1 and "not asked for" in opened[0].getMessage()
    assert len(refused) == settings.REDIS_BREAKER_FAILURES  # the real failures, not the skips
    assert breaker.state == OPEN
