"""The one place a ModerationEvent is made: the audit trail of every change of status."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser

from comments.models import ModerationEvent


@dataclass(frozen=True, slots=True)
class StatusChange:
    """One comment's move, as its audit event records it (from == to for a privacy request)."""

    comment_id: int
    to_status: str
    from_status: str = ""


def event_record(
    *, changes: Iterable[StatusChange], source: str, actor: AbstractBaseUser | None = None,
    reason: str = "", note: str = "",
) -> list[ModerationEvent]:  # fmt: skip
    """Store an audit event per change, inserted together; one actor, source and reason for all."""
    actor = actor if actor is not None and actor.is_authenticated else None
    return ModerationEvent.objects.bulk_create(
        ModerationEvent(
            comment_id=change.comment_id, actor=actor, from_status=change.from_status,
            to_status=change.to_status, reason=reason, note=note, source=source,
        )
        for change in changes
    )  # fmt: skip
