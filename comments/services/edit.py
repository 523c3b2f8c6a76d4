"""An author's correction of their comment: in its window, from its browser, judged again, kept."""

from collections.abc import Collection
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comments import moderation, scoring, tasks
from comments.models import (
    Comment,
    CommentRevision,
    ModerationEvent,
    ModerationSettings,
    Sanction,
)
from comments.policy import comments_open, load_policy, sanctions_in_force
from comments.services.build import comment_text_derive
from comments.services.counts import approved_counts_adjust
from comments.services.decisions import comment_blocks_changed
from comments.services.events import StatusChange, event_record
from comments.services.identity import email_standing
from comments.services.submit import STATUS_FOR_ACTION, ClientInfo, _suspension
from comments.text import strip_invisible
from newsroom.versions import queue_invalidate

MESSAGE_NOT_YOURS = _("Only the browser that posted this comment may correct it.")
MESSAGE_WINDOW_PASSED = _("The time to correct this comment has passed.")
MESSAGE_UNCHANGED = _("The corrected text is the same as before.")
EDITABLE_STATUSES = (Comment.Status.PENDING, Comment.Status.APPROVED)
EDIT_REASON = "edited"


class CommentEditRefused(Exception):
    """The correction was not stored; message says why, for the reader."""

    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = message


def comment_edit_deadline(comment: Comment) -> datetime:
    """Return until when the comment's author may correct it."""
    return comment.created_at + timedelta(seconds=settings.COMMENTS_EDIT_WINDOW_SECONDS)


def comment_editable(comment: Comment, *, own_ids: Collection[int], now: datetime) -> bool:
    """Whether the reader holding these own comment ids may correct this comment now."""
    in_window = now < comment_edit_deadline(comment)
    return comment.pk in own_ids and comment.status in EDITABLE_STATUSES and in_window


def comment_edit(
    *, comment: Comment, body: str, own_ids: Collection[int], client: ClientInfo
) -> Comment:
    """Store the author's corrected text, judged by the rules again; raise CommentEditRefused.

    Each version is kept (CommentRevision, the first one too). The new status is the pipeline's,
    except that an edit never publishes a held comment: only an editor does.
    """
    now = timezone.now()
    body = strip_invisible(body).strip()
    _check_may_edit(comment, own_ids=own_ids, now=now)
    if body == comment.body:
        raise CommentEditRefused(MESSAGE_UNCHANGED)
    settings_row = ModerationSettings.current()
    risk = scoring.comment_risk(
        name=comment.name, body=body,
        version=settings_row.risk_model_version_id or scoring.NO_VERSION,
    )  # fmt: skip
    verdict = moderation.decide(
        _edit_submission(comment, body=body, client=client, settings_row=settings_row, now=now,
                         risk=risk.score if risk else None),
        policy=load_policy(settings_row),
    )  # fmt: skip
    if verdict.action == moderation.Action.REJECT:
        raise CommentEditRefused(verdict.message)
    with transaction.atomic():
        locked = Comment.objects.select_for_update().select_related("article").get(pk=comment.pk)
        _check_may_edit(locked, own_ids=own_ids, now=now)  # an editor may have decided since
        _apply(locked, body=body, verdict=verdict, risk=risk, now=now)
    return locked


def _check_may_edit(comment: Comment, *, own_ids: Collection[int], now: datetime) -> None:
    if comment.pk not in own_ids:
        raise CommentEditRefused(MESSAGE_NOT_YOURS)
    if not comment_editable(comment, own_ids=own_ids, now=now):
        raise CommentEditRefused(MESSAGE_WINDOW_PASSED)


def _edit_submission(
    comment: Comment, *, body: str, client: ClientInfo, settings_row: ModerationSettings,
    now: datetime, risk: float | None,
) -> moderation.Submission:  # fmt: skip
    """The submission of the corrected text: its author's standing now, but no flood or
    duplicate check (the comment itself would trip both), and trust earned by other comments."""
    standing = email_standing(email=comment.email, now=now)
    others_approved = (
        Comment.objects.approved()
        .filter(email=comment.email)
        .exclude(pk=comment.pk)[: settings.COMMENTS_TRUSTED_AFTER_APPROVED]
        .count()
    )
    sanctions = sanctions_in_force(email=comment.email, ip=client.ip, now=now)
    trusted = standing.verified and others_approved >= settings.COMMENTS_TRUSTED_AFTER_APPROVED
    article = comment.article
    return moderation.Submission(
        name=comment.name, email=comment.email, url=comment.url, body=body, ip=client.ip,
        comment_mode=article.comment_mode,
        comments_open=comments_open(
            article, default_close_after_days=settings_row.close_after_days, now=now
        ),
        author_is_trusted=trusted, seconds_since_last_comment=None,
        is_duplicate=False, bot_check_failed=False, suspension=_suspension(sanctions),
        shadow_held=any(s.kind == Sanction.Kind.SHADOW_HOLD for s in sanctions), risk=risk,
    )  # fmt: skip


def _apply(comment: Comment, *, body: str, verdict: moderation.Verdict, risk, now: datetime):
    from_status = comment.status
    to_status = STATUS_FOR_ACTION[verdict.action]
    if from_status == Comment.Status.PENDING and to_status == Comment.Status.APPROVED:
        to_status = Comment.Status.PENDING
    reasons = [{"code": r.code, "detail": r.detail} for r in verdict.reasons]
    first = [] if comment.edited_at else [_revision(comment, at=comment.created_at)]
    comment.body, comment.status, comment.edited_at = body, to_status, now
    comment.moderation_reasons = reasons
    comment.risk, comment.risk_terms = (risk.score, list(risk.terms)) if risk else (None, [])
    comment_text_derive(comment)
    comment.save()
    CommentRevision.objects.bulk_create([*first, _revision(comment, at=now)])
    if to_status != from_status:
        event_record(
            changes=[StatusChange(comment.pk, to_status=to_status, from_status=from_status)],
            source=ModerationEvent.Source.RULE,
            reason=",".join([EDIT_REASON, *(r.code for r in verdict.reasons)]),
        )
        _follow_status_change(comment, from_status, to_status)
    queue_invalidate()  # the desk shows the text of what it holds
    if Comment.Status.APPROVED in (from_status, to_status):
        comment_blocks_changed({comment.article_id})


def _revision(comment: Comment, *, at: datetime) -> CommentRevision:
    return CommentRevision(
        comment=comment, body=comment.body, status=comment.status,
        moderation_reasons=comment.moderation_reasons, edited_at=at,
    )  # fmt: skip


def _follow_status_change(comment: Comment, from_status: str, to_status: str) -> None:
    approved = Comment.Status.APPROVED
    if comment.kind == Comment.Kind.COMMENT:
        delta = (to_status == approved) - (from_status == approved)
        approved_counts_adjust({comment.article_id: delta})
    if to_status == Comment.Status.PENDING:
        tasks.enqueue_after_commit(tasks.notify_editors_held, comment_id=comment.pk)
