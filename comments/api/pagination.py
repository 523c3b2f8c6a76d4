"""Cursor pages of comments: oldest first, stable while new comments arrive."""

from django.conf import settings

from newsroom.api.pagination import CheckedCursorPagination


class CommentCursorPagination(CheckedCursorPagination):
    """Page by (created_at, pk): a new comment never shifts or repeats one already served."""

    ordering = ("created_at", "pk")
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request) -> int:
        self.page_size = settings.COMMENTS_PER_PAGE
        return super().get_page_size(request)


class ModerationCursorPagination(CheckedCursorPagination):
    """The moderators' queue, oldest first like the admin's."""

    ordering = ("created_at", "pk")
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
