"""How much a reader may send, and how fast: every limit on comments and reports, in one list.

- Flood control: one comment per author every ModerationSettings.flood_seconds, the author being
  the email and, apart, the reader's network (newsroom.client_address.client_network: an IPv4
  address or an IPv6 /64); the form and the API alike. A rule of the pipeline
  (comments.moderation.rule_flood), fed by the author's stored history and by a window in the
  shared cache (flood_window_open, below) that the first post opens atomically, so posts sent
  at the same moment cannot all pass. With the cache unreachable, the stored history alone
  answers (by the exact address), and simultaneous posts can pass.
- The API's throttles: posts, reports, anonymous reads and token requests per client (the
  account, else the reader's network), with the rates of REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
  (newsroom.api.throttling).
- The form's post throttle: the API's "comment_post" rate, per reader, counted apart
  (form_post_over_rate_limit, below).
- The report page's rate: the API's "report" rate, per reader (report_over_rate_limit, below).
- "Useful" presses: the API's "reaction" rate, per reader, the page's form and the API counted
  apart (reaction_over_rate_limit, below; newsroom.api.throttling.ReactionThrottle).
- Login attempts: django-axes (AXES_* settings), per username and network.
- No address, no post: a comment or an anonymous report without a client address is refused
  (comments.moderation.rule_no_address), as no limit above could count it.

Counters live in the shared cache (newsroom.limits), so every limit holds across app processes.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac

from newsroom.client_address import client_network
from newsroom.limits import window_count

REPORT_RATE_SCOPE = "report"
POST_RATE_SCOPE = "comment_post"
REACTION_RATE_SCOPE = "reaction"
RATE_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def _rate(scope: str) -> tuple[int, int]:
    """Return (requests, seconds) from a shared throttle rate, e.g. "20/hour"."""
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    count, period = rates[scope].split("/")
    return int(count), RATE_PERIODS[period[0]]


def report_over_rate_limit(reporter: str) -> bool:
    """Count one report for this reader in a fixed window; tell whether it goes over the rate."""
    allowed, seconds = _rate(REPORT_RATE_SCOPE)
    attempts = window_count(cache, f"comments:report-form:{reporter}", seconds)
    return attempts is not None and attempts > allowed


def form_post_over_rate_limit(*, user_id: int | None, address: str | None) -> bool:
    """Count one form post for this reader (account, else network); tell whether it goes over."""
    network = client_network(address)
    if user_id is None and network is None:
        return False  # no address: the pipeline refuses the post itself
    allowed, seconds = _rate(POST_RATE_SCOPE)
    reader = f"user:{user_id}" if user_id is not None else f"net:{network}"
    attempts = window_count(cache, f"comments:post-form:{reader}", seconds)
    return attempts is not None and attempts > allowed


@dataclass
class FloodWindow:
    """The flood windows one post looked at: how long ago the author's last one opened (None if
    this post opened them all), and which ones this post opened, to close if it stores nothing."""

    elapsed: float | None = None
    opened: list[str] = field(default_factory=list)

    def release(self) -> None:
        """Close the windows this post opened: it was refused, so it doesn't count."""
        if self.opened:
            cache.delete_many(self.opened)


def flood_authors(*, email: str, address: str | None) -> list[str]:
    """Return the cache keys of a post's authors: the email (keyed-hashed) and the network."""
    digest = salted_hmac("comments.flood", email, algorithm="sha256").hexdigest()[:32]
    keys = [f"comments:flood:email:{digest}"]
    if network := client_network(address):
        keys.append(f"comments:flood:net:{network}")
    return keys


def flood_window_open(keys: Iterable[str], *, seconds: int, now: float) -> FloodWindow:
    """Open each author's window unless one is open (cache.add is atomic: one post wins)."""
    window = FloodWindow()
    for key in keys:
        added = cache.add(key, now, seconds)
        if added:
            window.opened.append(key)
        elif added is False and (opened_at := cache.get(key)) is not None:
            elapsed = max(now - opened_at, 0.0)
            window.elapsed = elapsed if window.elapsed is None else min(window.elapsed, elapsed)
        # None: the cache is unreachable and says nothing; the stored history still answers.
    return window


def reaction_over_rate_limit(reader: str) -> bool:
    """Count one "useful" press for this reader; tell whether it goes over the API's rate."""
    allowed, seconds = _rate(REACTION_RATE_SCOPE)
    attempts = window_count(cache, f"comments:reaction-form:{reader}", seconds)
    return attempts is not None and attempts > allowed
