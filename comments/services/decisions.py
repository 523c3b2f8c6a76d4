"""Decisions on comments, by an editor, the API, readers' reports or an import: one UPDATE, audited."""

from collections import Counter
from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from comments import tasks
from comments.models import Comment, Decision
from comments.services.counts import approved_counts_adjust
from comments.services.events import StatusChange, event_record
from newsroom.versions import comment_block_invalidate


def comment_blocks_changed(article_ids: set[int]) -> None:
    """Forget these articles' cached comment blocks, and have a worker render them again."""
    comment_block_invalidate(*article_ids)
    tasks.warm_after_commit(article_ids)


def _approved_delta(from_status: str, to_status: str) -> int:
    approved = Comment.Status.APPROVED
    return (to_status == approved) - (from_status == approved)


def comments_set_status(
    *, ids: Iterable[int], to_status: str, actor: AbstractBaseUser | None, source: str,
    reason: str = "", note: str = "",
) -> int:  # fmt: skip
    """Move the comments to a status in one UPDATE, audit each change; return how many moved."""
    with transaction.atomic():
        rows = list(
            Comment.objects.select_for_update()
            .filter(pk__in=list(ids))
            .exclude(status=to_status)
            .values_list("pk", "article_id", "status", "kind")
        )
        if not rows:
            return 0
        Comment.objects.filter(pk__in=[pk for pk, *_ in rows]).update(status=to_status)
        event_record(
            changes=(
                StatusChange(comment_id=pk, to_status=to_status, from_status=status)
                for pk, _article, status, _kind in rows
            ),
            actor=actor, reason=reason, note=note, source=source,
        )  # fmt: skip
        deltas: Counter[int] = Counter()
        for _pk, article_id, status, kind in rows:
            if kind == Comment.Kind.COMMENT:
                deltas[article_id] += _approved_delta(status, to_status)
        approved_counts_adjust(dict(deltas))
        comment_blocks_changed({article_id for _pk, article_id, _status, _kind in rows})
        if to_status == Comment.Status.APPROVED:
            held = [pk for pk, _a, status, _k in rows if status == Comment.Status.PENDING]
            ids = [pk for pk, *_rest in rows]
            tasks.enqueue_after_commit(tasks.notify_approved, comment_ids=ids, held_ids=held)
    return len(rows)


def comments_decide(
    *, ids: Iterable[int], decision: Decision, actor: AbstractBaseUser | None, source: str,
    reason: str = "", note: str = "",
) -> int:  # fmt: skip
    """Apply an editor's decision to the comments, audited; return how many changed status."""
    return comments_set_status(
        ids=ids, to_status=Decision(decision).status, actor=actor, source=source, reason=reason,
        note=note,
    )  # fmt: skip


def comment_approve(*, comment: Comment, moderator, source: str = "admin", reason: str = "") -> int:
    return comments_decide(
        ids=[comment.pk], decision=Decision.APPROVE, actor=moderator, source=source, reason=reason
    )
