"""The shared HTTP cache in front (Varnish, or a CDN): which answers it may keep, and purges.

A view that renders the same answer for every anonymous reader of its URL names what it shows
with `share_at_edge(response, keys)`; `EdgeCacheMiddleware` then marks it `public` with a
shared-cache lifetime, and the keys go out in a surrogate-key header (`xkey` for Varnish's
xkey module; Fastly reads Surrogate-Key and Cloudflare Cache-Tag, named by a setting). Anything
personal never is: a signed-in user, a cookie being set, any other status than 200. Every
answer that is not shared is `private`.

A change that shows (newsroom.versions: a decision, an approved post, an import, an erasure, a
site-wide edit) purges its keys after commit: a PURGE to each of EDGE_CACHE_PURGE_URLS, from a
worker when there is one, with retries. A failed purge is logged and never fails the change.
"""

import logging
import urllib.request
from collections.abc import Iterable

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

logger = logging.getLogger("newsroom.edge_cache")

EDGE_KEYS_ATTRIBUTE = "edge_keys"
SITE_KEY = "site"
PURGE_TIMEOUT_SECONDS = 2
PURGE_KEYS_HEADER = "xkey-purge"  # what deploy/varnish/default.vcl reads on a PURGE


def article_key(article_id: int) -> str:
    return f"article-{article_id}"


def section_key(section_id: int) -> str:
    return f"section-{section_id}"


def share_at_edge(response: HttpResponse, keys: Iterable[str]) -> HttpResponse:
    """Mark the answer as the same for every anonymous reader of this URL, naming what it shows.

    Every shared answer also carries the site key: a site-wide change purges them all.
    """
    setattr(response, EDGE_KEYS_ATTRIBUTE, sorted({SITE_KEY, *keys}))
    return response


class EdgeCacheMiddleware:
    """Give each answer its shared-cache headers: public for a marked, impersonal answer; else private.

    Placed first among the middleware that touch the response, so it sees every cookie set.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        keys = getattr(response, EDGE_KEYS_ATTRIBUTE, None)
        if keys is not None and _shareable(request, response):
            _mark_public(response, keys)
        elif "Cache-Control" not in response:  # static files and 503s say their own
            patch_cache_control(response, private=True)
        return response


def _shareable(request: HttpRequest, response: HttpResponse) -> bool:
    user = getattr(request, "user", None)
    return (
        request.method in ("GET", "HEAD")
        and response.status_code in (200, 304)
        and not response.cookies
        and not (user is not None and user.is_authenticated)
    )


def _mark_public(response: HttpResponse, keys: list[str]) -> None:
    patch_cache_control(
        response,
        public=True,
        max_age=0,  # browsers ask again (cheaply: ETag); the shared cache keeps it
        s_maxage=settings.EDGE_CACHE_SECONDS,
        stale_while_revalidate=settings.EDGE_CACHE_STALE_SECONDS,
        stale_if_error=settings.EDGE_CACHE_STALE_SECONDS,
    )
    response[settings.EDGE_CACHE_KEY_HEADER] = " ".join(keys)


def edge_purge_after_commit(keys: Iterable[str]) -> None:
    """Purge these keys from the shared caches once the transaction commits (if any are set)."""
    if not settings.EDGE_CACHE_PURGE_URLS:
        return
    wanted = sorted(set(keys))
    transaction.on_commit(lambda: _queue_purge(wanted))


def _queue_purge(keys: list[str]) -> None:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        edge_purge(keys)
        return
    try:
        purge_edge_keys.apply_async(kwargs={"keys": keys})
    except Exception:  # a broker outage must not fail the change; purge from here instead
        logger.warning("Task queue unavailable; purging %s from the request", keys)
        edge_purge(keys)


def edge_purge(keys: list[str]) -> int:
    """Send the purge to every shared cache; return how many took it. Failures are logged."""
    done = 0
    for url in settings.EDGE_CACHE_PURGE_URLS:
        try:
            _purge_one(url, keys)
            done += 1
        except OSError as error:
            logger.error("Edge cache purge of %s at %s failed: %s", keys, url, error)
    return done


def _purge_one(url: str, keys: list[str]) -> None:
    headers = {PURGE_KEYS_HEADER: " ".join(keys)}
    request = urllib.request.Request(url, method="PURGE", headers=headers)
    with urllib.request.urlopen(request, timeout=PURGE_TIMEOUT_SECONDS) as answer:
        answer.read()


class PurgeIncomplete(OSError):
    """At least one shared cache did not take the purge: the worker retries."""


@shared_task(
    name="newsroom.purge_edge_keys",
    autoretry_for=(PurgeIncomplete,),
    retry_backoff=True,
    max_retries=5,
)
def purge_edge_keys(keys: list[str]) -> int:
    done = edge_purge(keys)
    if done < len(settings.EDGE_CACHE_PURGE_URLS):
        raise PurgeIncomplete(f"{done} of {len(settings.EDGE_CACHE_PURGE_URLS)} caches purged")
    return done
