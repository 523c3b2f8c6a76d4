"""One JSON shape for every API error: {"error": {"code", "message", "fields"}}."""

import logging
from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

logger = logging.getLogger(__name__)

MESSAGE_INVALID = _("Some fields are not valid.")
MESSAGE_SERVER_ERROR = _("A server error occurred. Please try again later.")
MESSAGE_TOO_LARGE = _("The request body is too large.")
MESSAGE_NO_ROUTE = _("There is no API endpoint at this address.")


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = MESSAGE_TOO_LARGE
    default_code = "payload_too_large"


class ServerError(exceptions.APIException):
    default_detail = MESSAGE_SERVER_ERROR
    default_code = "server_error"


def error_body(code: str, message: str, fields: dict[str, list[str]] | None = None) -> dict:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def _flatten(detail, prefix: str = "") -> dict[str, list[str]]:
    """Turn nested serializer errors into {"field.sub.0": ["message", ...]}."""
    if isinstance(detail, Mapping):
        flat: dict[str, list[str]] = {}
        for key, value in detail.items():
            flat.update(_flatten(value, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    if isinstance(detail, list) and any(isinstance(item, (list, Mapping)) for item in detail):
        flat = {}
        for index, value in enumerate(detail):
            flat.update(_flatten(value, f"{prefix}.{index}" if prefix else str(index)))
        return flat
    items = detail if isinstance(detail, list) else [detail]
    return {prefix: list(dict.fromkeys(str(item) for item in items))}  # once each, in order


def _validation_body(exc: exceptions.ValidationError) -> dict:
    detail = exc.detail
    if not isinstance(detail, Mapping):
        messages = _flatten(detail).get("", [])
        return error_body("invalid", " ".join(messages) or str(MESSAGE_INVALID))
    fields = _flatten(detail)
    general = fields.pop("non_field_errors", [])
    return error_body("invalid", " ".join(general) or str(MESSAGE_INVALID), fields)


def _as_api_exception(exc: Exception, context: dict) -> exceptions.APIException:
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied()
    if isinstance(exc, RequestDataTooBig):  # over settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        return PayloadTooLarge()
    if isinstance(exc, exceptions.APIException):
        return exc
    logger.error("Unhandled error in %s", context.get("view"), exc_info=exc)
    request = context.get("request")
    got_request_exception.send(sender=None, request=getattr(request, "_request", request))
    return ServerError()


def api_exception_handler(exc: Exception, context: dict) -> Response:
    """Answer every error raised in an API view with the one error shape."""
    if isinstance(exc, OperationalError | InterfaceError):
        return None  # DRF re-raises it: DatabaseUnavailableMiddleware answers a JSON 503
    exc = _as_api_exception(exc, context)
    response = exception_handler(exc, context)
    if isinstance(exc, exceptions.ValidationError):
        response.data = _validation_body(exc)
    else:
        code = exc.detail.code if hasattr(exc.detail, "code") else exc.default_code
        response.data = error_body(str(code), str(exc.detail))
    return response


@csrf_exempt  # an API client sends no CSRF token: a POST here is a 404, like any other
def api_not_found(request: HttpRequest, *args, **kwargs) -> JsonResponse:
    """Answer an unknown address under /api/ in the error shape instead of an HTML page."""
    return JsonResponse(error_body("not_found", str(MESSAGE_NO_ROUTE)), status=404)
