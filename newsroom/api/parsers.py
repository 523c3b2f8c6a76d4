"""JSON bodies, refused with a clear 400 when they nest deeper than any API shape."""

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MESSAGE_TOO_DEEP = _("The JSON body is nested too deeply.")


class NestingSafeJSONParser(JSONParser):
    """The standard JSON parser; a body deep enough to exhaust Python's recursion is a 400."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(MESSAGE_TOO_DEEP) from None
