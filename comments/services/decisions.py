"""Decisions on comments, by an editor, the API, readers' reports or an import: one UPDATE, audited."""

from collections import Counter
from collections.abc import Iterable, Mapping

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from comments import tasks
from comments.models import Comment, Decision
from comments.services.counts import approved_counts_adjust
from comments.services.events import StatusChange, event_record
from newsroom.versions import comment_block_invalidate, queue_invalidate


def comment_blocks_changed(article_ids: set[int]) -> None:
    """Forget these articles' cached comment blocks, and have a worker render them again."""
    comment_block_invalidate(*article_ids)
    tasks.warm_after_commit(article_ids)


def _approved_delta(from_status: str, to_status: str) -> int:
    approved = Comment.Status.APPROVED
    return (to_status == approved) - (from_status == approved)


def comments_set_status(
    *, ids: Iterable[int], to_status: str, actor: AbstractBaseUser | None, source: str,
    reason: str = "", note: str = "", seen_statuses: Mapping[int, str] | None = None,
) -> int:  # fmt: skip
    """Move the comments to a status in one UPDATE, audit each change; return how many moved.

    With seen_statuses (comment id -> the status the editor saw), a comment whose status has
    changed since is left as it is: the check runs under the row lock, so no decision made in
    the meantime is silently overwritten.
    """
    return len(
        comments_move(
            ids=ids, to_status=to_status, actor=actor, source=source, reason=reason, note=note,
            seen_statuses=seen_statuses,
        )
    )  # fmt: skip


def comments_move(
    *, ids: Iterable[int], to_status: str, actor: AbstractBaseUser | None, source: str,
    reason: str = "", note: str = "", seen_statuses: Mapping[int, str] | None = None,
) -> list[int]:  # fmt: skip
    """Do what comments_set_status does, and return the ids of the comments that moved."""
    with transaction.atomic():
        rows = [
            row
            for row in Comment.objects.select_for_update()
            .filter(pk__in=list(ids))
            .exclude(status=to_status)
            .values_list("pk", "article_id", "status", "kind")
            if seen_statuses is None or seen_statuses.get(row[0]) == row[2]
        ]
        if not rows:
            return []
        moved = [pk for pk, *_rest in rows]
        # A comment that leaves the public leaves the editors' picks too, for good.
        unpicked = {} if to_status == Comment.Status.APPROVED else {"is_pick": False}
        Comment.objects.filter(pk__in=moved).update(status=to_status, **unpicked)
        queue_invalidate()
        event_record(
            changes=(
                StatusChange(comment_id=pk, to_status=to_status, from_status=status)
                for pk, _article, status, _kind in rows
            ),
            actor=actor, reason=reason, note=note, source=source,
        )  # fmt: skip
        _counts_and_caches_follow(rows, to_status)
    return moved


def _counts_and_caches_follow(rows: list[tuple], to_status: str) -> None:
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


def comments_decide(
    *, ids: Iterable[int], decision: Decision, actor: AbstractBaseUser | None, source: str,
    reason: str = "", note: str = "", seen_statuses: Mapping[int, str] | None = None,
) -> int:  # fmt: skip
    """Apply an editor's decision to the comments, audited; return how many changed status."""
    return comments_set_status(
        ids=ids, to_status=Decision(decision).status, actor=actor, source=source, reason=reason,
        note=note, seen_statuses=seen_statuses,
    )  # fmt: skip


def comment_approve(*, comment: Comment, moderator, source: str = "admin", reason: str = "") -> int:
    return comments_decide(
        ids=[comment.pk], decision=Decision.APPROVE, actor=moderator, source=source, reason=reason
    )
