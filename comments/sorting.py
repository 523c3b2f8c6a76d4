"""How a page of threads is ordered: oldest, newest or most useful first, the reader's pick kept
in the address (?sort=useful), so each order is a page of its own for the shared cache.

Most useful first breaks ties oldest first, then by id: a stable order for equal counts.
The default is settings.COMMENTS_DEFAULT_SORT, else what COMMENTS_NEWEST_FIRST says.
"""

from collections.abc import Callable

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

SORT_PARAM = "sort"


class ThreadSort(models.TextChoices):
    OLDEST = "oldest", _("Oldest")
    NEWEST = "newest", _("Newest")
    USEFUL = "useful", _("Most useful")


ORDER_FIELDS = {
    ThreadSort.OLDEST: ("created_at", "pk"),
    ThreadSort.NEWEST: ("-created_at", "-pk"),
    ThreadSort.USEFUL: ("-useful_count", "created_at", "pk"),
}
ORDER_SQL = {
    ThreadSort.OLDEST: "created_at ASC, id ASC",
    ThreadSort.NEWEST: "created_at DESC, id DESC",
    ThreadSort.USEFUL: "useful_count DESC, created_at ASC, id ASC",
}


def default_sort() -> ThreadSort:
    if settings.COMMENTS_DEFAULT_SORT in ThreadSort.values:
        return ThreadSort(settings.COMMENTS_DEFAULT_SORT)
    return ThreadSort.NEWEST if settings.COMMENTS_NEWEST_FIRST else ThreadSort.OLDEST


def requested_sort(raw: str | None) -> ThreadSort:
    """Return the sort an address asks for; anything else is the default."""
    return ThreadSort(raw) if raw in ThreadSort.values else default_sort()


def sort_query(sort: ThreadSort) -> str:
    """Return the query parameter that names this sort ("" for the default: the plain address)."""
    return "" if sort == default_sort() else f"{SORT_PARAM}={sort.value}"


def row_key(sort: ThreadSort) -> Callable[[object], tuple]:
    """Return the key that puts rows (with useful_count, created_at, pk) in this sort's order."""
    if sort == ThreadSort.USEFUL:
        return lambda row: (-row.useful_count, row.created_at, row.pk)
    if sort == ThreadSort.NEWEST:
        return lambda row: (-row.created_at.timestamp(), -row.pk)
    return lambda row: (row.created_at, row.pk)
