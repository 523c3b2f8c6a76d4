"""Readers' reports and what editors learn or do about a commenter: history and blocking."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Count, F, Max, Q

from comments import tasks
from comments.models import (
    Comment,
    CommentReport,
    ModerationEvent,
    ModerationListEntry,
    ModerationSettings,
)
from comments.policy import forget_cached_lists
from comments.services.decisions import comments_set_status
from comments.text import normalize_email

REPORTED_REASON = "reported"


HISTORY_STATUSES = (Comment.Status.APPROVED, Comment.Status.SPAM, Comment.Status.REMOVED)


def _unreviewed_reports(comment_id: int) -> int:
    """Count the reports made since a person last approved the comment."""
    reviewed_at = (
        ModerationEvent.objects.filter(comment_id=comment_id, to_status=Comment.Status.APPROVED)
        .exclude(source=ModerationEvent.Source.RULE)
        .aggregate(last=Max("created_at"))["last"]
    )
    reports = CommentReport.objects.filter(comment_id=comment_id)
    if reviewed_at is not None:
        reports = reports.filter(created_at__gt=reviewed_at)
    return reports.count()


def _send_back_to_queue(comment_id: int, report_count: int) -> None:
    comments_set_status(
        ids=[comment_id], to_status=Comment.Status.PENDING, actor=None,
        source=ModerationEvent.Source.REPORT, reason=REPORTED_REASON,
    )  # fmt: skip
    reasons = Comment.objects.filter(pk=comment_id).values_list("moderation_reasons", flat=True)
    kept = [r for r in reasons.get() or [] if r.get("code") != REPORTED_REASON]
    Comment.objects.filter(pk=comment_id).update(
        moderation_reasons=[*kept, {"code": REPORTED_REASON, "detail": str(report_count)}]
    )
    tasks.enqueue_after_commit(tasks.notify_editors_held, comment_id=comment_id)


def comment_report(*, comment: Comment, reporter_key: str, reason: str) -> CommentReport:
    """Store a reader's report once; at the threshold send an approved comment back to the queue."""
    with transaction.atomic():
        # Locking the comment serializes its reports, so the threshold is crossed exactly once.
        status = (
            Comment.objects.select_for_update()
            .filter(pk=comment.pk)
            .values_list("status", flat=True)
            .get()
        )
        report, created = CommentReport.objects.get_or_create(
            comment_id=comment.pk, reporter_key=reporter_key, defaults={"reason": reason}
        )
        if not created:
            return report
        Comment.objects.filter(pk=comment.pk).update(report_count=F("report_count") + 1)
        threshold = ModerationSettings.current().report_threshold
        if status == Comment.Status.APPROVED and threshold:
            unreviewed = _unreviewed_reports(comment.pk)
            if unreviewed >= threshold:
                _send_back_to_queue(comment.pk, unreviewed)
    return report


def _status_counts(comments) -> dict[str, int]:
    return comments.aggregate(
        **{status.value: Count("pk", filter=Q(status=status)) for status in HISTORY_STATUSES}
    )


def commenter_history(*, email: str, ip: str | None) -> dict:
    """Count a commenter's approved, spam and removed comments by email and by IP."""
    return {
        "email": _status_counts(Comment.objects.filter(email=normalize_email(email))),
        "ip": _status_counts(Comment.objects.filter(ip_address=ip)) if ip else None,
    }


def commenter_block(
    *, comment: Comment, moderator: AbstractBaseUser, include_ip: bool
) -> list[ModerationListEntry]:
    """Add the comment's email (and optionally IP) to the blocklist as silent spam."""
    values = [(ModerationListEntry.Kind.EMAIL, comment.email.strip().lower())]
    if include_ip and comment.ip_address:
        values.append((ModerationListEntry.Kind.IP, comment.ip_address))
    note = ModerationListEntry.note_made_from(comment.pk, moderator.get_username())
    with transaction.atomic():
        entries = [
            ModerationListEntry.objects.get_or_create(
                list=ModerationListEntry.List.BLOCK, kind=kind, value=value,
                defaults={"action": ModerationListEntry.Action.SPAM, "note": note},
            )[0]
            for kind, value in values
        ]  # fmt: skip
        transaction.on_commit(forget_cached_lists)
    return entries
