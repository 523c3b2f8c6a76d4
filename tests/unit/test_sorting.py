"""The threads' orders: what an address asks for, the default, and the rows' order with ties."""

from datetime import UTC, datetime

import pytest

from comments.selectors import ShownComment
from comments.sorting import ThreadSort, default_sort, requested_sort, row_key, sort_query

NOON = datetime(2026, 12, 3, 12, tzinfo=UTC)
ONE = datetime(2026, 12, 3, 13, tzinfo=UTC)


def row(pk: int, created_at: datetime, useful: int) -> ShownComment:
    shown = {"pk": pk, "parent_id": None, "name": "قارئ", "url": "", "body_html": "<p>نص</p>"}
    shown |= {"status": "approved", "created_at": created_at, "useful_count": useful}
    return ShownComment(**(dict.fromkeys(ShownComment._fields) | shown))


ROWS = [row(1, NOON, 2), row(2, ONE, 5), row(3, NOON, 5), row(4, NOON, 2), row(5, ONE, 0)]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (ThreadSort.OLDEST, [1, 3, 4, 2, 5]),  # same minute: by id
        (ThreadSort.NEWEST, [5, 2, 4, 3, 1]),
        (ThreadSort.USEFUL, [3, 2, 1, 4, 5]),  # same count: oldest first, then by id
    ],
)
def test_rows_come_in_each_orders_sequence_with_its_tie_breaks(sort, expected):
    assert [r.pk for r in sorted(ROWS, key=row_key(sort))] == expected


def test_the_default_follows_the_setting_then_newest_first(settings):
    settings.COMMENTS_DEFAULT_SORT = ""
    settings.COMMENTS_NEWEST_FIRST = False
    assert default_sort() == ThreadSort.OLDEST
    settings.COMMENTS_NEWEST_FIRST = True
    assert default_sort() == ThreadSort.NEWEST
    settings.COMMENTS_DEFAULT_SORT = "useful"
    assert default_sort() == ThreadSort.USEFUL


@pytest.mark.parametrize("raw", [None, "", "USEFUL", "best", "useful ", "١"])
def test_an_unknown_sort_in_the_address_is_the_default(settings, raw):
    settings.COMMENTS_DEFAULT_SORT = "newest"
    assert requested_sort(raw) == ThreadSort.NEWEST


def test_only_a_sort_other_than_the_default_is_named_in_the_address(settings):
    settings.COMMENTS_DEFAULT_SORT = "oldest"
    assert sort_query(ThreadSort.OLDEST) == ""
    assert sort_query(ThreadSort.USEFUL) == "sort=useful"
    assert requested_sort("useful") == ThreadSort.USEFUL
