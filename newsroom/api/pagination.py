"""Cursor pages that refuse a cursor the server did not make, with a clear 400."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.pagination import CursorPagination

MESSAGE_BAD_CURSOR = _("This page link is not valid. Start again from the first page.")


class InvalidCursor(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = MESSAGE_BAD_CURSOR
    default_code = "invalid_cursor"


class CheckedCursorPagination(CursorPagination):
    """A cursor that is not base64, or whose position is not a value of the ordering field (a
    forged `p=zzz` for a date), is the client's mistake: 400, not a 404 or a database error."""

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except exceptions.NotFound:
            raise InvalidCursor() from None

    def paginate_queryset(self, queryset, request, view=None):
        try:
            return super().paginate_queryset(queryset, request, view)
        except (DjangoValidationError, ValueError, OverflowError):  # the position, turned into SQL
            raise InvalidCursor() from None
