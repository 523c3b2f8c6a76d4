"""Answer a lost database connection with a clear 503 instead of a server error."""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from newsroom.api.errors import error_body

logger = logging.getLogger("newsroom.availability")

RETRY_AFTER_SECONDS = 15
API_PREFIX = "/api/"
COMMENT_POST_VIEW = "pages:comment_post"
KEPT_FIELDS = ("name", "email", "url", "body", "parent", "timestamp")
KEPT_CHOICES = ("notify_replies", "remember")


class DatabaseUnavailableMiddleware:
    """Turn OperationalError/InterfaceError from a view into 503: JSON for the API, a page otherwise."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("Database unavailable on %s %s: %s", request.method, request.path, exception)
        if request.path.startswith(API_PREFIX):
            response = _api_response()
        else:
            response = _page_response(request)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response


def _api_response() -> JsonResponse:
    detail = _("The service is briefly unavailable. Please try again in a moment.")
    return JsonResponse(error_body("service_unavailable", detail), status=503)


def kept_comment(request: HttpRequest) -> dict | None:
    """Return the reader's unsaved comment fields when the failed request was a comment post."""
    match = request.resolver_match
    if request.method != "POST" or match is None or match.view_name != COMMENT_POST_VIEW:
        return None
    kept = {key: request.POST.get(key, "") for key in KEPT_FIELDS}
    kept.update({key: bool(request.POST.get(key)) for key in KEPT_CHOICES})
    return kept


def _page_response(request: HttpRequest) -> HttpResponse:
    # Rendered without context processors: they may need the database that just failed.
    context = {"kept": kept_comment(request), "action": request.path}
    if context["kept"] is not None:
        context["csrf_token"] = get_token(request)
    return HttpResponse(render_to_string("503.html", context), status=503)
