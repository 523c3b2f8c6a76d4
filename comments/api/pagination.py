"""Cursor pages of comments: oldest first, stable while new comments arrive."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from comments.sorting import ORDER_FIELDS, ThreadSort
from newsroom.api.pagination import CheckedCursorPagination

ORDERING_PARAM = "ordering"
MESSAGE_BAD_ORDERING = _("Choose an order: oldest, newest or useful.")


def requested_ordering(request) -> ThreadSort:
    """Return the list's order (?ordering=oldest|newest|useful, oldest by default), or a 400."""
    raw = request.query_params.get(ORDERING_PARAM, ThreadSort.OLDEST.value)
    if raw not in ThreadSort.values:
        raise serializers.ValidationError({ORDERING_PARAM: [MESSAGE_BAD_ORDERING]})
    return ThreadSort(raw)


class CommentCursorPagination(CheckedCursorPagination):
    """Page by (created_at, pk): a new comment never shifts or repeats one already served.

    Most useful first pages by the count: a count that changes meanwhile may move a comment
    to a page already served, or not yet served.
    """

    ordering = ("created_at", "pk")
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request) -> int:
        self.page_size = settings.COMMENTS_PER_PAGE
        return super().get_page_size(request)

    def get_ordering(self, request, queryset, view) -> tuple[str, ...]:
        return ORDER_FIELDS[requested_ordering(request)]


class ModerationCursorPagination(CheckedCursorPagination):
    """The moderators' queue, oldest first like the admin's."""

    ordering = ("created_at", "pk")
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
