"""Verified email: a confirmation link to a commenter's address, and what confirming it proves."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from comments.models import EmailConfirmation
from comments.notifications import confirmation_from_token, send_email_confirmation
from comments.text import normalize_email


class ConfirmationResult(StrEnum):
    CONFIRMED = "confirmed"
    USED = "used"
    EXPIRED = "expired"
    INVALID = "invalid"


@dataclass(frozen=True)
class EmailStanding:
    verified: bool
    link_sent_recently: bool


def _max_age() -> timedelta:
    return timedelta(seconds=settings.COMMENTS_CONFIRMATION_MAX_AGE)


def email_standing(*, email: str, now: datetime) -> EmailStanding:
    """Tell whether the address was confirmed, and whether a live link was sent to it (one query)."""
    row = EmailConfirmation.objects.filter(email=email).aggregate(
        confirmed=Max("confirmed_at"), last_sent=Max("created_at")
    )
    last_sent = row["last_sent"]
    return EmailStanding(
        verified=row["confirmed"] is not None,
        link_sent_recently=last_sent is not None and last_sent > now - _max_age(),
    )


def confirmation_send(*, email: str) -> bool:
    """Store a confirmation for the address and email its link, unless a live one went out."""
    now = timezone.now()
    email = normalize_email(email)
    with transaction.atomic():
        if email_standing(email=email, now=now).link_sent_recently:
            return False  # two first comments in a row: one link is enough
        confirmation = EmailConfirmation.objects.create(email=email, created_at=now)
    return send_email_confirmation(confirmation)


def _confirmation_from_token(token: str) -> EmailConfirmation | None:
    if (named := confirmation_from_token(token)) is None:
        return None
    confirmation_id, email = named
    return EmailConfirmation.objects.filter(pk=confirmation_id, email=email).first()


def email_confirm(*, token: str) -> ConfirmationResult:
    """Confirm the address behind a link, once, before it expires; never publish anything."""
    now = timezone.now()
    confirmation = _confirmation_from_token(token)
    if confirmation is None:
        return ConfirmationResult.INVALID
    if confirmation.confirmed_at is not None:
        return ConfirmationResult.USED
    if confirmation.created_at + _max_age() < now:
        return ConfirmationResult.EXPIRED
    fresh = EmailConfirmation.objects.filter(pk=confirmation.pk, confirmed_at__isnull=True)
    # The conditional UPDATE makes two clicks at once count as one.
    if fresh.update(confirmed_at=now) == 0:
        return ConfirmationResult.USED
    return ConfirmationResult.CONFIRMED
