"""Fixed-window request counts in the shared cache, so rate limits hold across app processes.

The limits built on it are listed in comments.limits.
"""

from django.core.cache.backends.base import BaseCache


def window_count(cache: BaseCache, key: str, seconds: int) -> int | None:
    """Count one more request in key's window and return the count (1: this one opened it).

    A window opens at the first request and lasts `seconds`. The usual request costs one atomic
    increment. None when the cache is unreachable (its errors are ignored): nothing is counted.
    """
    try:
        return cache.incr(key)
    except ValueError:  # no window open
        pass
    if cache.add(key, 1, seconds):
        return 1
    try:
        return cache.incr(key)  # another request opened it meanwhile
    except ValueError:  # and it has expired already
        cache.set(key, 1, seconds)
        return 1
