"""A circuit breaker in front of Redis, so a stopped Redis costs no request any waiting.

The cache and the task queue both use Redis (REDIS_URL), and neither may break a page when it
is down: the cache ignores its errors, the task queue runs the task in the request instead.
But each request would still try Redis first and wait for the refusal, the timeout or the task
queue's retries. After REDIS_BREAKER_FAILURES failed connections in a row to one server, its
breaker opens: for REDIS_BREAKER_SECONDS no connection to it is even tried, and the callers fall
back at once. Then one connection is let through as a probe: if it succeeds the breaker
closes, if not it stays open for another period. One breaker per server and process.

The breaker logs when it opens and closes; the requests it turns away are not logged each
(SkipBreakerOpen), or an outage would write a traceback for every cache call.
"""

import logging
import threading
import time
from collections.abc import Callable
from typing import TypeVar
from urllib.parse import urlsplit

from django.conf import settings
from redis.connection import Connection, ConnectionPool
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

CLOSED, OPEN, PROBING = "closed", "open", "probing"
T = TypeVar("T")

logger = logging.getLogger(__name__)


class CircuitBreaker:
    """Count failures in a row; after `failures` of them refuse for `seconds`, then probe once."""

    def __init__(
        self, *, failures: int, seconds: float, clock: Callable[[], float] = time.monotonic,
        name: str = "",
    ) -> None:  # fmt: skip
        self.failures_to_open, self.seconds, self.clock = failures, seconds, clock
        self.name = name
        self.state, self.failures, self.opened_at = CLOSED, 0, 0.0
        self._lock = threading.Lock()

    def allow(self) -> bool:
        """Tell whether to try the server now (True once per period while open: the probe)."""
        with self._lock:
            if self.state == CLOSED:
                return True
            if self.state == OPEN and self.clock() - self.opened_at >= self.seconds:
                self.state = PROBING
                return True
            return False

    def succeeded(self) -> None:
        with self._lock:
            if self.state != CLOSED:
                logger.warning("%s answers again: breaker closed", self.name)
            self.state, self.failures = CLOSED, 0

    def failed(self) -> None:
        with self._lock:
            self.failures += 1
            if self.state == PROBING or self.failures >= self.failures_to_open:
                if self.state == CLOSED:
                    logger.warning("%s failed %d times in a row: not asked for %s s, then "
                                   "probed", self.name, self.failures, self.seconds)  # fmt: skip
                self.state, self.opened_at = OPEN, self.clock()

    def call(self, work: Callable[[], T], *, failures: tuple[type[BaseException], ...]) -> T:
        """Run work unless the breaker is open (BreakerOpen then); count its failures."""
        if not self.allow():
            raise BreakerOpen("skipped: the server failed repeatedly, it is retried later")
        try:
            result = work()
        except failures:
            self.failed()
            raise
        self.succeeded()
        return result


class BreakerOpen(RedisConnectionError):
    """Redis was not asked: its breaker is open after repeated failures."""


_breakers: dict[tuple[str, int], CircuitBreaker] = {}
_breakers_lock = threading.Lock()


def breaker_for(host: str, port: int) -> CircuitBreaker:
    """Return the breaker of one Redis server, made on first use with the current settings."""
    with _breakers_lock:
        if (host, port) not in _breakers:
            _breakers[(host, port)] = CircuitBreaker(
                failures=settings.REDIS_BREAKER_FAILURES, seconds=settings.REDIS_BREAKER_SECONDS,
                name=f"Redis at {host}:{port}",
            )  # fmt: skip
        return _breakers[(host, port)]


def breaker_for_url(url: str) -> CircuitBreaker | None:
    """Return the breaker of the Redis server a URL names; None for anything but redis://."""
    parts = urlsplit(url)
    if parts.scheme != "redis":
        return None
    return breaker_for(parts.hostname or "localhost", parts.port or 6379)


class SkipBreakerOpen(logging.Filter):
    """Drop the log records of calls the breaker turned away (it logged its opening once)."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        while error is not None:
            if isinstance(error, BreakerOpen):
                return False
            error = error.__cause__ or error.__context__
        return True


class BreakerConnection(Connection):
    """A Redis connection that asks its server's breaker before opening a socket."""

    def connect_check_health(self, check_health: bool = True, retry_socket_connect: bool = True):
        if self._sock:
            return
        breaker_for(self.host, self.port).call(
            lambda: super(BreakerConnection, self).connect_check_health(
                check_health, retry_socket_connect
            ),
            failures=(RedisConnectionError, RedisTimeoutError),
        )


class BreakerConnectionPool(ConnectionPool):
    """The cache's pool (django-redis CONNECTION_POOL_CLASS): TCP connections with a breaker."""

    def __init__(self, connection_class: type[Connection] = Connection, **kwargs) -> None:
        if connection_class is Connection:  # not a Unix socket or TLS: those keep their class
            connection_class = BreakerConnection
        super().__init__(connection_class=connection_class, **kwargs)
