"""Rate limits per scope, counted in the shared cache so they hold across app processes."""

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class ScopedMethodThrottle(SimpleRateThrottle):
    """Count requests of some methods per user (or per IP address when anonymous)."""

    methods: frozenset[str] = frozenset({"POST"})

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


class TokenThrottle(ScopedMethodThrottle):
    """Limit password attempts per IP address, whoever they claim to be."""

    scope = "token"

    def get_ident_for(self, request) -> str | None:
        return f"ip:{self.get_ident(request)}"
