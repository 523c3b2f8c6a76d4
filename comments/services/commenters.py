"""What editors decide about a commenter: sanctions (imposed, lifted, audited) and notes."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from comments.models import Comment, CommenterNote, ModerationEvent, Sanction
from comments.policy import forget_cached_lists
from comments.services.events import StatusChange, event_record
from comments.text import normalize_email
from newsroom.client_address import address_group

LIFTED_REASON = "sanction_lifted"


def _audit(sanction: Sanction, *, actor: AbstractBaseUser, reason: str, note: str) -> None:
    """Record the sanction on its comment's audit trail (the status stays as it was)."""
    if sanction.comment_id is None:
        return
    status = Comment.objects.filter(pk=sanction.comment_id).values_list("status", flat=True).get()
    event_record(
        changes=[StatusChange(comment_id=sanction.comment_id, from_status=status, to_status=status)],
        source=ModerationEvent.Source.ADMIN, actor=actor, reason=reason, note=note,
    )  # fmt: skip


def sanction_impose(
    *, comment: Comment, kind: str, duration: str, reason: str, moderator: AbstractBaseUser,
    note: str = "", include_network: bool = False,
) -> Sanction:  # fmt: skip
    """Suspend or shadow-hold the comment's author by email (and their network) for a while."""
    now = timezone.now()
    length = Sanction.Duration(duration).length
    network = address_group(comment.ip_address) if include_network else None
    with transaction.atomic():
        sanction = Sanction.objects.create(
            kind=kind, email=comment.email, network=network or "", duration=duration,
            reason=reason, note=note, starts_at=now, ends_at=now + length if length else None,
            comment=comment, created_by=moderator,
        )  # fmt: skip
        _audit(sanction, actor=moderator, reason=f"{kind}_{duration}", note=note)
        transaction.on_commit(forget_cached_lists)
    return sanction


def sanction_lift(*, sanction: Sanction, moderator: AbstractBaseUser) -> bool:
    """End a sanction now; False if it was already lifted."""
    with transaction.atomic():
        lifted = Sanction.objects.filter(pk=sanction.pk, lifted_at__isnull=True).update(
            lifted_at=timezone.now(), lifted_by=moderator
        )
        if lifted:
            _audit(
                sanction, actor=moderator, reason=LIFTED_REASON, note=sanction.get_kind_display()
            )
            transaction.on_commit(forget_cached_lists)
    return bool(lifted)


def commenter_note_add(*, email: str, body: str, author: AbstractBaseUser) -> CommenterNote:
    """Keep an editor's note about the commenter behind this email."""
    return CommenterNote.objects.create(
        email=normalize_email(email), body=body.strip(), author=author, created_at=timezone.now()
    )
