"""Send public reads to read replicas, everything else to the primary."""

import random
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse

_replica_reads_allowed: ContextVar[bool] = ContextVar("replica_reads_allowed", default=False)
PRIMARY_ONLY_APPS = frozenset({"sessions", "auth", "authtoken", "admin", "contenttypes", "axes"})
PRIMARY_ONLY_PATHS = ("/admin/", "/api/v1/moderation/", "/api/v1/auth/")
# Tests on a request that needs what only the primary has (e.g. a reader's own pending comment);
# the apps that know register them in AppConfig.ready(), so this module imports none of them.
_needs_primary: list[Callable[[HttpRequest], bool]] = []


def primary_reads_when(predicate: Callable[[HttpRequest], bool]) -> None:
    """Send a request's reads to the primary whenever predicate(request) is true."""
    if predicate not in _needs_primary:
        _needs_primary.append(predicate)


def replica_aliases() -> list[str]:
    return settings.DATABASE_REPLICA_ALIASES


def reading_from_replicas() -> bool:
    """Whether reads in this request may come from a replica."""
    return bool(replica_aliases()) and _replica_reads_allowed.get()


@contextmanager
def replica_reads():
    """Allow reads in this block to go to a replica."""
    token = _replica_reads_allowed.set(True)
    try:
        yield
    finally:
        _replica_reads_allowed.reset(token)


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints) -> str:
        if not reading_from_replicas() or model._meta.app_label in PRIMARY_ONLY_APPS:
            return "default"
        return random.choice(replica_aliases())

    def db_for_write(self, model, **hints) -> str:
        return "default"

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True

    def allow_migrate(self, db: str, app_label: str, **hints) -> bool:
        return db == "default"


def _is_public_read(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.path.startswith(PRIMARY_ONLY_PATHS)
        and not request.user.is_authenticated
        and not any(needs_primary(request) for needs_primary in _needs_primary)
    )


class ReplicaRoutingMiddleware:
    """Mark anonymous GET requests without pending comments of their own as replica-safe."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not replica_aliases() or not _is_public_read(request):
            return self.get_response(request)
        with replica_reads():
            return self.get_response(request)
