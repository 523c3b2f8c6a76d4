"""A reader's new comment: normalized, sanitized, judged by the rules, stored with its audit event."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db import models, transaction
from django.utils import timezone

from articles.models import Article
from comments import moderation, scoring, tasks
from comments.models import Comment, ModerationEvent, ModerationSettings
from comments.policy import comments_open, load_policy
from comments.services.build import comment_build
from comments.services.counts import approved_counts_adjust
from comments.services.decisions import comment_blocks_changed
from comments.services.events import StatusChange, event_record
from comments.text import normalize_email, strip_invisible

STATUS_FOR_ACTION = {
    moderation.Action.APPROVE: Comment.Status.APPROVED,
    moderation.Action.HOLD: Comment.Status.PENDING,
    moderation.Action.SPAM: Comment.Status.SPAM,
}


@dataclass(frozen=True)
class ClientInfo:
    ip: str | None
    user_agent: str = ""
    user: AbstractBaseUser | None = None


class CommentRejected(Exception):
    """The pipeline refused the comment; nothing was stored."""

    def __init__(self, verdict: moderation.Verdict) -> None:
        super().__init__(str(verdict.message))
        self.verdict = verdict


def _author_history(
    *, article: Article, email: str, ip: str | None, body: str, now: datetime
) -> dict:
    """Answer the pipeline's questions about this author's past comments in one query."""
    by_author = models.Q(email=email)
    return Comment.objects.filter(
        by_author | models.Q(ip_address=ip) if ip else by_author
    ).aggregate(
        approved=models.Count("pk", filter=by_author & models.Q(status=Comment.Status.APPROVED)),
        duplicates=models.Count("pk", filter=by_author & models.Q(article=article, body=body)),
        last_at=models.Max("created_at", filter=models.Q(created_at__gt=now - timedelta(hours=1))),
    )


def _build_submission(
    *, article: Article, name: str, email: str, url: str, body: str, client: ClientInfo,
    bot_check_failed: bool, settings_row: ModerationSettings, now: datetime,
    risk: float | None,
) -> moderation.Submission:  # fmt: skip
    history = _author_history(article=article, email=email, ip=client.ip, body=body, now=now)
    last_at = history["last_at"]
    return moderation.Submission(
        name=name,
        email=email,
        url=url,
        body=body,
        ip=client.ip,
        comment_mode=article.comment_mode,
        comments_open=comments_open(
            article, default_close_after_days=settings_row.close_after_days, now=now
        ),
        author_has_approved_comment=history["approved"] > 0,
        seconds_since_last_comment=(now - last_at).total_seconds() if last_at else None,
        is_duplicate=history["duplicates"] > 0,
        bot_check_failed=bot_check_failed,
        risk=risk,
    )


# What comment_submit takes from the form or the API, once each has validated it.
SUBMISSION_FIELDS = ("name", "email", "url", "body", "parent", "notify_replies")


def comment_submit(
    *, article: Article, data: dict, client: ClientInfo, bot_check_failed: bool = False
) -> Comment:
    """Run a new comment through the pipeline and store it; raise CommentRejected if refused."""
    now = timezone.now()
    name = strip_invisible(data["name"]).strip()
    body = strip_invisible(data["body"]).strip()
    email = normalize_email(data["email"])
    url = data.get("url") or ""
    settings_row = ModerationSettings.current()
    risk = scoring.comment_risk(name=name, body=body)
    verdict = moderation.decide(
        _build_submission(
            article=article, name=name, email=email, url=url, body=body, client=client,
            bot_check_failed=bot_check_failed, settings_row=settings_row, now=now,
            risk=risk.score if risk else None,
        ),
        policy=load_policy(settings_row),
    )  # fmt: skip
    if verdict.action == moderation.Action.REJECT:
        raise CommentRejected(verdict)
    comment = comment_build(
        article=article, parent=data.get("parent"), name=name, email=email, url=url, body=body,
        status=STATUS_FOR_ACTION[verdict.action],
        moderation_reasons=[{"code": r.code, "detail": r.detail} for r in verdict.reasons],
        created_at=now, ip=client.ip, user_agent=client.user_agent[:500],
        user=client.user if client.user and client.user.is_authenticated else None,
        notify_replies=bool(data.get("notify_replies")),
        risk=risk.score if risk else None, risk_terms=risk.terms if risk else (),
    )  # fmt: skip
    # No savepoint: inside a caller's transaction (the API's idempotency key) a failure here
    # must roll back the caller's work too.
    with transaction.atomic(savepoint=False):
        comment.save()
        event_record(
            changes=[StatusChange(comment_id=comment.pk, to_status=comment.status)],
            reason=",".join(r.code for r in verdict.reasons),
            source=ModerationEvent.Source.RULE,
        )
        if comment.is_public:
            approved_counts_adjust({article.pk: 1})
            comment_blocks_changed({article.pk})
        _schedule_after_submit(comment)
    return comment


def _schedule_after_submit(comment: Comment) -> None:
    if comment.status == Comment.Status.PENDING:
        tasks.enqueue_after_commit(tasks.notify_editors_held, comment_id=comment.pk)
    elif comment.is_public and comment.parent_id:
        tasks.enqueue_after_commit(tasks.notify_reply_subscriber, comment_id=comment.pk)
