"""How much a reader may send, and how fast: every limit on comments and reports, in one list.

- Flood control: one comment per author (email or address) every ModerationSettings.flood_seconds,
  a rule of the pipeline (comments.moderation.rule_flood) fed by the author's history
  (comments.services.submit); the form and the API alike.
- The API's throttles: posts, reports, anonymous reads and token requests per client, with the
  rates of REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] (newsroom.api.throttling).
- The report page's rate: the API's "report" rate, per reader (report_over_rate_limit, below).
- Login attempts: django-axes (AXES_* settings).

Counters live in the shared cache (newsroom.limits), so every limit holds across app processes.
"""

from django.conf import settings
from django.core.cache import cache

from newsroom.limits import window_count

REPORT_RATE_SCOPE = "report"
RATE_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def _report_rate() -> tuple[int, int]:
    """Return (reports, seconds) from the shared "report" throttle rate, e.g. "20/hour"."""
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    count, period = rates[REPORT_RATE_SCOPE].split("/")
    return int(count), RATE_PERIODS[period[0]]


def report_over_rate_limit(reporter: str) -> bool:
    """Count one report for this reader in a fixed window; tell whether it goes over the rate."""
    allowed, seconds = _report_rate()
    attempts = window_count(cache, f"comments:report-form:{reporter}", seconds)
    return attempts is not None and attempts > allowed
