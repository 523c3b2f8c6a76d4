"""Daily clean-up of what is kept only for a while: client data of old comments, API idempotency keys."""

from django.conf import settings
from django.utils import timezone

from comments.models import IdempotencyKey
from comments.services.privacy import client_data_purge, reasons_personal_data_purge


def expired_data_purge(*, client_data_days: int | None = None) -> dict[str, int]:
    """Clear client data (and the reasons that repeat it) past retention, and expired keys."""
    days = settings.COMMENTS_CLIENT_DATA_DAYS if client_data_days is None else client_data_days
    return {
        "comments_cleared": client_data_purge(older_than_days=days),
        "reasons_cleared": reasons_personal_data_purge(older_than_days=days),
        "idempotency_keys_deleted": idempotency_keys_purge(),
    }


def idempotency_keys_purge() -> int:
    """Delete API idempotency keys past their lifetime (a request only reclaims its own key)."""
    expired = IdempotencyKey.objects.filter(created_at__lt=timezone.now() - IdempotencyKey.LIFETIME)
    deleted, _ = expired.delete()
    return deleted
