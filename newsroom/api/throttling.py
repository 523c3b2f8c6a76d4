"""Rate limits per scope, counted in the shared cache so they hold across app processes."""

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from newsroom.client_address import client_network
from newsroom.limits import window_count

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class ScopedMethodThrottle(SimpleRateThrottle):
    """Count requests of some methods per user (or per IP address when anonymous).

    A window opens at a client's first request and lasts the rate's period; its count is one
    atomic cache increment (newsroom.limits). DRF's own throttle keeps every request time of the window in one
    cache entry, read and written back whole by each request: its cost grows with the rate, and
    two processes writing at once lose each other's requests.
    """

    methods: frozenset[str] = frozenset({"POST"})

    def allow_request(self, request, view) -> bool:
        if self.rate is None or (key := self.get_cache_key(request, view)) is None:
            return True
        self.key, self.now = key, self.timer()
        count = window_count(self.cache, key, self.duration)
        if count == 1:  # this request opened the window
            self.cache.set(f"{key}:opened", self.now, self.duration)
        return count is None or count <= self.num_requests

    def wait(self) -> float:
        opened = self.cache.get(f"{self.key}:opened", self.now)
        return max(1.0, opened + self.duration - self.now)

    def get_ident(self, request) -> str:
        """Return the reader's network (a whole IPv6 /64 is one client), "unknown" without one."""
        return str(client_network(request.META.get("REMOTE_ADDR")) or "unknown")

    def get_rate(self) -> str | None:
        # Read at call time: DRF's class attribute would freeze the rates at import.
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]

    def get_ident_for(self, request) -> str | None:
        if request.user and request.user.is_authenticated:
            return f"user:{request.user.pk}"
        return f"ip:{self.get_ident(request)}"

    def get_cache_key(self, request, view) -> str | None:
        if request.method not in self.methods:
            return None
        ident = self.get_ident_for(request)
        if ident is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": ident}


class AnonReadThrottle(ScopedMethodThrottle):
    """Limit anonymous reads; signed-in users (editors' apps) read without this limit."""

    scope = "anon_read"
    methods = READ_METHODS

    def get_ident_for(self, request) -> str | None:
        if request.user and request.user.is_authenticated:
            return None
        return f"ip:{self.get_ident(request)}"


class CommentPostThrottle(ScopedMethodThrottle):
    scope = "comment_post"


class ReportThrottle(ScopedMethodThrottle):
    scope = "report"


class ReactionThrottle(ScopedMethodThrottle):
    scope = "reaction"
    methods = frozenset({"POST", "DELETE"})


class TokenThrottle(ScopedMethodThrottle):
    """Limit password attempts per IP address, whoever they claim to be."""

    scope = "token"

    def get_ident_for(self, request) -> str | None:
        return f"ip:{self.get_ident(request)}"
