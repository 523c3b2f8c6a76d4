"""Idempotent posting: a retry with the same key and body gets the first answer, stores nothing."""

import hashlib
import json
import re
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from comments.api.errors import MESSAGE_BAD_KEY, IdempotencyKeyReused
from comments.models import IdempotencyKey
from newsroom.api.errors import ServerError
from newsroom.client_address import client_network

KEY_HEADER = "Idempotency-Key"
KEY_LIFETIME = IdempotencyKey.LIFETIME
REPLAYED_HEADER = "Idempotent-Replayed"
KEY_MAX_LENGTH = 200  # IdempotencyKey.key's length
KEY_PATTERN = f"^[!-~]{{1,{KEY_MAX_LENGTH}}}$"  # visible ASCII, as a header value can carry


def idempotency_key(request) -> str | None:
    """Return the request's Idempotency-Key scoped to its client, None without one; refuse a
    malformed one. Scoped, one client's key is not another's: nobody can claim a key first and
    make the owner's post fail (as the stored digest, a key stays 64 characters whatever it is).
    """
    key = request.headers.get(KEY_HEADER)
    if key is None:
        return None
    if not re.fullmatch(KEY_PATTERN, key):
        raise exceptions.ValidationError({KEY_HEADER: [MESSAGE_BAD_KEY]}, code="invalid")
    return hashlib.sha256(f"{_client_scope(request)}\n{key}".encode()).hexdigest()


def _client_scope(request) -> str:
    """Return whose keys these are: the account (its token), else the network and user agent."""
    if request.user and request.user.is_authenticated:
        return f"user:{request.user.pk}"
    network = client_network(request.META.get("REMOTE_ADDR"))
    return f"net:{network}|agent:{request.headers.get('User-Agent', '')}"


def request_fingerprint(request) -> str:
    """Return a digest of what makes two requests "the same": method, path, user and body."""
    user = request.user.pk if request.user and request.user.is_authenticated else None
    payload = {"method": request.method, "path": request.path, "user": user, "body": request.data}
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _claim(key: str, fingerprint: str) -> bool:
    """Insert the key's row; False when another request holds it (it waits for that one's end)."""
    try:
        with transaction.atomic():
            IdempotencyKey.objects.create(key=key, fingerprint=fingerprint)
    except IntegrityError:
        return False
    return True


def _replay(record: IdempotencyKey, fingerprint: str) -> Response:
    if record.fingerprint != fingerprint:
        raise IdempotencyKeyReused()
    return Response(record.response, status=record.status_code, headers={REPLAYED_HEADER: "true"})


def _jsonable(data) -> object:
    return json.loads(JSONRenderer().render(data))


def idempotent_response(*, key: str, fingerprint: str, produce: Callable[[], Response]) -> Response:
    """Run produce once for this key: keep its success with the key, replay it to retries.

    The key row is inserted first, in the same transaction as what produce stores: a
    concurrent retry blocks on the unique key until the first commits, then replays it. An
    error rolls the key back with everything else, so a retry after a failure runs again.
    """
    for _attempt in range(2):
        with transaction.atomic():
            if _claim(key, fingerprint):
                response = produce()
                if response.status_code >= 300:
                    transaction.set_rollback(True)
                    return response
                IdempotencyKey.objects.filter(key=key).update(
                    status_code=response.status_code, response=_jsonable(response.data)
                )
                return response
        fresh = IdempotencyKey.objects.filter(created_at__gte=timezone.now() - KEY_LIFETIME)
        record = fresh.filter(key=key).first()
        if record is not None:
            return _replay(record, fingerprint)
        IdempotencyKey.objects.filter(key=key).delete()  # expired meanwhile: claim it anew
    raise ServerError()
