"""Editors' picks: an editor marks approved comments to show above the thread, audited."""

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from comments.models import Comment
from comments.services.decisions import comment_blocks_changed
from comments.services.events import StatusChange, event_record

# The reasons of the audit events a pick and an unpick write (the status stays approved).
PICK_REASON = "pick"
UNPICK_REASON = "unpick"


def comments_pick_set(
    *, ids: Iterable[int], picked: bool, actor: AbstractBaseUser | None, source: str
) -> int:
    """Pick these comments (or unpick them), audited; return how many changed.

    Only approved reader comments can be picked; the others are left as they are. Unpicking
    reaches any status, so nothing stays marked that an editor asked to clear.
    """
    with transaction.atomic():
        chosen = Comment.objects.select_for_update().filter(pk__in=list(ids), is_pick=not picked)
        if picked:
            chosen = chosen.counted()
        rows = list(chosen.values_list("pk", "article_id", "status"))
        if not rows:
            return 0
        Comment.objects.filter(pk__in=[pk for pk, _a, _s in rows]).update(
            is_pick=picked, picked_at=timezone.now() if picked else None
        )
        event_record(
            changes=(
                StatusChange(comment_id=pk, to_status=status, from_status=status)
                for pk, _article, status in rows
            ),
            actor=actor, source=source, reason=PICK_REASON if picked else UNPICK_REASON,
        )  # fmt: skip
        comment_blocks_changed({article_id for _pk, article_id, _s in rows})
    return len(rows)


def comment_pick_set(
    *, comment: Comment, picked: bool, actor: AbstractBaseUser | None, source: str
) -> bool:
    """Pick or unpick one comment; return whether it changed."""
    return comments_pick_set(ids=[comment.pk], picked=picked, actor=actor, source=source) == 1
