"""Lists of articles by page, counted once per change of the site rather than on every request.

Django's Paginator runs COUNT(*) over the published articles for each page it serves ("Page 2 of
N"): at a hundred thousand articles, the home page's biggest cost. The count is cached under the
site's version, which every article save bumps, and a time bucket, for articles dated in the
future that go live without a save.
"""

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

from newsroom.versions import TIME_BUCKET_SECONDS, get_or_render, site_version, time_bucket

ARTICLES_PER_PAGE = 12
COUNT_KEY = "articles:count:{scope}:{version}:{bucket}"


class CountedPaginator(Paginator):
    """A paginator told how many objects there are, so it never counts them itself."""

    def __init__(self, object_list, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count


def article_page(articles: QuerySet, number: str | None, *, scope: str) -> Page:
    """Return the page asked for (Django's get_page rules) of these articles.

    scope names the list (the home page, a section) in the cache.
    """
    version = site_version()
    key = COUNT_KEY.format(scope=scope, version=version, bucket=time_bucket())
    count = get_or_render(key, articles.count, TIME_BUCKET_SECONDS, version=version)
    return CountedPaginator(articles, ARTICLES_PER_PAGE, count=count).get_page(number)
