"""The comment API's own errors: a refused comment or commenter, closed comments, a reused key."""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status

from comments import moderation

MESSAGE_KEY_REUSED = _("This Idempotency-Key was already used with a different request.")
MESSAGE_BAD_KEY = _("The Idempotency-Key header must be 1 to 200 visible ASCII characters.")


class CommentsClosed(exceptions.APIException):
    status_code = status.HTTP_403_FORBIDDEN
    default_code = "closed"


class NoClientAddress(exceptions.APIException):
    """The request carries no client address, so no limit could count it: refused."""

    status_code = status.HTTP_403_FORBIDDEN
    default_detail = moderation.MESSAGE_NO_ADDRESS
    default_code = "no_address"


class CommenterSuspended(exceptions.APIException):
    """An editor suspended this commenter; the message says until when."""

    status_code = status.HTTP_403_FORBIDDEN
    default_code = "suspended"


class CommentRefused(exceptions.APIException):
    """The pipeline refused the comment (duplicate, blocklist): nothing was stored."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "rejected"


class Flooded(exceptions.Throttled):
    """The author posts too fast: answered like a throttle, with the pipeline's own message."""

    def __init__(self, *, wait: int, detail: str) -> None:
        exceptions.APIException.__init__(self, detail, "flood")
        self.wait = wait


class IdempotencyKeyReused(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = MESSAGE_KEY_REUSED
    default_code = "idempotency_key_reused"


def rejection_error(verdict: moderation.Verdict) -> exceptions.APIException:
    """Return the API error for a comment the pipeline refused."""
    codes = [reason.code for reason in verdict.reasons]
    message = str(verdict.message)
    if "closed" in codes:
        return CommentsClosed(message)
    if "no_address" in codes:
        return NoClientAddress(message)
    if "suspended" in codes:
        return CommenterSuspended(message)
    if verdict.retry_after:
        return Flooded(wait=verdict.retry_after, detail=message)
    # Which list matched stays private: telling it would help a spammer around it.
    return CommentRefused(message, "duplicate" if "duplicate" in codes else "rejected")
