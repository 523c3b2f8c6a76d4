"""Conditional GET for an article's comment list, named by the comment block's versions.

Every change that shows in the list bumps the versions that name the article's cached comment
block, so a client that holds the current list gets a 304 without any query for comments. The
first page, which apps ask for most, is also cached whole under those versions.
"""

from collections.abc import Callable

from rest_framework.request import Request

from articles.models import Article
from newsroom.versions import BLOCK_TIMEOUT, get_or_render, versions_etag

FIRST_PAGE_KEY = "comments:api-first-page:{article_id}:{version}:{origin}"


def comment_list_etag(request: Request, article: Article, version: str) -> str:
    # The links to other pages are absolute, so the origin is part of the answer.
    parts = [article.pk, version, request.GET.urlencode(), request.build_absolute_uri("/")]
    return versions_etag(parts)


def comment_list_page(
    request: Request, article: Article, version: str, produce: Callable[[], dict]
) -> dict:
    """Return the page asked for; the first page (no parameters) comes from the cache."""
    if request.GET:
        return produce()  # a cursor or a page size: not worth a cache entry per value
    key = FIRST_PAGE_KEY.format(
        article_id=article.pk, version=version, origin=request.build_absolute_uri("/")
    )
    return get_or_render(key, produce, BLOCK_TIMEOUT, version=version)
