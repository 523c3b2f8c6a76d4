"""The OpenAPI side of the API: the error shape, and every operation's possible errors."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import permissions, serializers

ERROR_DESCRIPTIONS = {
    "400": "The request is not valid: `error.fields` names each field and its problems; or a page cursor the API did not make.",
    "401": "No token, or an invalid one (only where a token is needed, or when one is sent).",
    "403": "Not allowed: outside the Editors group, comments closed, or the commenter suspended.",
    "404": "No such object or page.",
    "405": "This method is not allowed here.",
    "413": "The request body is too large.",
    "415": "The request body must be JSON (`Content-Type: application/json`).",
    "422": "The Idempotency-Key was already used with a different request.",
    "429": "Too many requests: wait `Retry-After` seconds.",
    "500": "A server error; nothing was stored.",
}
RETRY_AFTER_HEADER = {
    "Retry-After": {
        "description": "Seconds to wait before trying again.",
        "schema": {"type": "integer"},
    }
}


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="A stable, machine-readable code, e.g. `invalid`.")
    message = serializers.CharField(help_text="A message for the reader, in the request language.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Each invalid field (dotted path for nested ones) with its messages.",
    )


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


def error_response(code: int) -> OpenApiResponse:
    """Return the documented error response for one status code."""
    return OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[str(code)])


def error_responses(*codes: int) -> dict[int, OpenApiResponse]:
    return {code: error_response(code) for code in codes}


class NewsroomAutoSchema(AutoSchema):
    """Document the errors every operation may answer, in the one error shape."""

    def get_operation(self, *args, **kwargs) -> dict | None:
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        responses = operation["responses"]
        error_ref = self.resolve_serializer(ErrorSerializer, "response").ref
        for code in self._error_codes(operation):
            responses.setdefault(
                code,
                {
                    "content": {"application/json": {"schema": error_ref}},
                    "description": ERROR_DESCRIPTIONS[code],
                },
            )
        if "429" in responses:
            responses["429"].setdefault("headers", {}).update(RETRY_AFTER_HEADER)
        operation["responses"] = dict(sorted(responses.items()))
        return operation

    def _error_codes(self, operation: dict) -> list[str]:
        has_body = "requestBody" in operation
        query = [p for p in operation.get("parameters", []) if p.get("in") == "query"]
        codes = ["405", "500"]
        if self.view.get_authenticators():
            codes.append("401")
        if has_body or query:
            codes.append("400")
        if has_body:
            codes += ["413", "415"]
        if "{" in self.path or any(p["name"] in ("cursor", "page") for p in query):
            codes.append("404")
        if any(not isinstance(p, permissions.AllowAny) for p in self.view.get_permissions()):
            codes.append("403")
        if self.view.get_throttles():
            codes.append("429")
        return codes
