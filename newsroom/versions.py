"""Every cache key's version, and what bumps it: a change makes old entries unreachable.

Nothing is deleted: each cached thing is named by the versions it depends on, and a change gives
those versions new values, so the next reader renders afresh. One home for all of them:

| version | names | bumped by |
|---|---|---|
| the site's (SITE_VERSION_KEY) | every article page skeleton (pages.page_cache), the home and section list counts (articles.pagination); part of every block's version too | a save or delete of an article, section, social link or the moderation settings (pages.signals), an import |
| an article's (ARTICLE_VERSION_KEY) | that article's comment block (comments.block), its API list's first page and ETag (comments.api.conditional), the article page's ETag, the live poll's ETag (comments.live) | a decision, an approved post, a pick or unpick, a privacy erasure, an import touching the article (comments.services) |
| the queue's (QUEUE_VERSION_KEY) | the ETag of the editors' live count of waiting comments, and that count as the admin header shows it (WAITING_COUNT_KEY, comments.admin.desk) | any change of status (comments.services.decisions), a stored comment (comments.services.build, submit), a privacy erasure (comments.services.privacy) |
| the abuse model's (RISK_MODEL_VERSION_KEY) | which trained version every process scores with (comments.scoring); kept COMMENTS_RISK_CACHE_SECONDS, then read from the database again | training a new version (comments.services.risk) |
| a time bucket (time_bucket()) | the skeleton and the list counts | the clock: articles dated in the future go live without a save |

Right after a change, what a read replica gives is cached only REPLICA_LAG_SECONDS (get_or_render).
The versions also name HTTP ETags (versions_etag). Each bump also purges the shared HTTP cache's
copies of what it names (newsroom.edge_cache): an article's version its article key, the site's
the site key, which every shared answer carries.
"""

import hashlib
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.http import quote_etag

from newsroom.db_router import reading_from_replicas
from newsroom.edge_cache import SITE_KEY, article_key, edge_purge_after_commit

ARTICLE_VERSION_KEY = "comments:block-version:{article_id}"
SITE_VERSION_KEY = "comments:site-version"
QUEUE_VERSION_KEY = "comments:queue-version"
RISK_MODEL_VERSION_KEY = "comments:risk-model-version"
WAITING_COUNT_KEY = "comments:waiting-count:{version}"
VERSION_TIMEOUT = None  # versions live until evicted; an evicted version simply restarts fresh
BLOCK_TIMEOUT = 60 * 60
# Related articles and list counts change when a future-dated article goes live, without any save.
TIME_BUCKET_SECONDS = 300


def time_bucket() -> int:
    """Return the current time bucket: what is cached under it lives at most TIME_BUCKET_SECONDS."""
    return int(time.time() // TIME_BUCKET_SECONDS)


def _fresh_version() -> int:
    # A new version after an eviction must never collide with an older cached one.
    return time.time_ns()


def block_version(article_id: int) -> str:
    """Return the token that names the current comment block of an article (one cache round trip)."""
    return _versions(SITE_VERSION_KEY, ARTICLE_VERSION_KEY.format(article_id=article_id))


def site_version() -> str:
    """Return the token that names the site-wide content: sections, links, settings, articles."""
    return _versions(SITE_VERSION_KEY)


def queue_version() -> str:
    """Return the token that names the moderation queue's current state (waiting comments)."""
    return _versions(QUEUE_VERSION_KEY)


def _versions(*keys: str) -> str:
    versions = cache.get_many(keys)
    for key in keys:
        if key not in versions:
            fresh = _fresh_version()
            if not cache.add(key, fresh, VERSION_TIMEOUT):  # another process added one first
                fresh = cache.get(key, fresh)
            versions[key] = fresh
    return ".".join(str(versions[key]) for key in keys)


def versions_etag(parts: list) -> str:
    """Return an HTTP ETag naming these parts (versions, and what else the answer depends on)."""
    return quote_etag(hashlib.sha256(repr(parts).encode()).hexdigest()[:32])


def site_version_of(version: str) -> str:
    """Return the site's part of a block_version(): what changes with site-wide edits only."""
    return version.partition(".")[0]


def get_or_render[T](key: str, render: Callable[[], T], timeout: int | None, *, version: str) -> T:
    """Return the cached value, or render and store it under these versions.

    Unlike cache.get_or_set, a miss does not read back what it stored: for a whole page that is
    one more copy over the wire and one more decoding, and two renders of one key are the same.

    Right after a change, a read replica may not have it yet, and what it gives would be cached
    under the new version for the whole timeout. So while the version is younger than
    REPLICA_LAG_SECONDS, what a replica gave is kept only that long.
    """
    value = cache.get(key)
    if value is None:
        value = render()
        if reading_from_replicas() and changed_within(version, settings.REPLICA_LAG_SECONDS):
            timeout = settings.REPLICA_LAG_SECONDS
        cache.set(key, value, timeout)
    return value


def changed_within(version: str, seconds: float) -> bool:
    """Whether a version (block_version() or a part of it) was made in the last `seconds`."""
    newest = max(int(part) for part in version.split("."))
    return time.time_ns() - newest < seconds * 1_000_000_000


def _renew(keys: set[str]) -> None:
    """Give each key a version never used before, in one cache round trip for all of them."""
    cache.set_many({key: _fresh_version() for key in keys}, VERSION_TIMEOUT)


def comment_block_invalidate(*article_ids: int) -> None:
    """Forget the cached comment blocks of these articles, once the transaction commits."""
    keys = {ARTICLE_VERSION_KEY.format(article_id=article_id) for article_id in article_ids}
    transaction.on_commit(lambda: _renew(keys))
    edge_purge_after_commit(article_key(article_id) for article_id in article_ids)


def site_invalidate() -> None:
    """Forget every cached block, page and list count (after a site-wide change such as the
    social links), once the transaction commits."""
    transaction.on_commit(lambda: _renew({SITE_VERSION_KEY}))
    edge_purge_after_commit([SITE_KEY])


def queue_invalidate() -> None:
    """Give the moderation queue a new version (its live count changes), once this commits."""
    transaction.on_commit(lambda: _renew({QUEUE_VERSION_KEY}))
