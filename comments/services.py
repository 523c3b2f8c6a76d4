"""Everything that changes a comment: submit, decide, report. Atomic and audited."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.contrib.auth.models import AbstractBaseUser
from django.db import models, transaction
from django.db.models import Case, F, Value, When
from django.utils import timezone

from articles.models import Article
from comments import moderation, notifications
from comments.models import Comment, ModerationEvent, ModerationSettings
from comments.policy import load_policy
from comments.sanitize import sanitize_comment
from comments.text import normalize_arabic, strip_invisible

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


def comments_open(article: Article, *, settings_row: ModerationSettings, now: datetime) -> bool:
    """Return whether the article still takes comments by date."""
    close_at = article.comments_close_at(settings_row.close_after_days)
    return close_at is None or now < close_at


def _seconds_since_last_comment(*, ip: str | None, email: str, now: datetime) -> float | None:
    window = Comment.objects.filter(created_at__gt=now - timedelta(hours=1))
    match = models.Q(email__iexact=email)
    if ip:
        match |= models.Q(ip_address=ip)
    last = window.filter(match).order_by("-created_at").values_list("created_at", flat=True)[:1]
    return (now - last[0]).total_seconds() if last else None


def _build_submission(
    *, article: Article, name: str, email: str, url: str, body: str, client: ClientInfo,
    bot_check_failed: bool, settings_row: ModerationSettings, now: datetime,
) -> moderation.Submission:  # fmt: skip
    by_author = Comment.objects.filter(email__iexact=email)
    return moderation.Submission(
        name=name,
        email=email,
        url=url,
        body=body,
        ip=client.ip,
        comment_mode=article.comment_mode,
        comments_open=comments_open(article, settings_row=settings_row, now=now),
        author_has_approved_comment=by_author.approved().exists(),
        seconds_since_last_comment=_seconds_since_last_comment(ip=client.ip, email=email, now=now),
        is_duplicate=by_author.filter(article=article, body=body).exists(),
        bot_check_failed=bot_check_failed,
    )


def comment_submit(
    *, article: Article, data: dict, client: ClientInfo, bot_check_failed: bool = False
) -> Comment:
    """Run a new comment through the pipeline and store it; raise CommentRejected if refused."""
    now = timezone.now()
    name = strip_invisible(data["name"]).strip()
    body = strip_invisible(data["body"]).strip()
    email = data["email"].strip()
    url = data.get("url") or ""
    settings_row = ModerationSettings.current()
    verdict = moderation.decide(
        _build_submission(
            article=article, name=name, email=email, url=url, body=body, client=client,
            bot_check_failed=bot_check_failed, settings_row=settings_row, now=now,
        ),
        policy=load_policy(settings_row),
    )  # fmt: skip
    if verdict.action == moderation.Action.REJECT:
        raise CommentRejected(verdict)
    parent = data.get("parent")
    comment = Comment(
        article=article,
        parent=parent,
        thread=(parent.thread or parent) if parent else None,
        depth=parent.depth + 1 if parent else 0,
        name=name,
        email=email,
        url=url,
        body=body,
        body_html=sanitize_comment(body),
        body_normalized=normalize_arabic(f"{name} {body}"),
        status=STATUS_FOR_ACTION[verdict.action],
        moderation_reasons=[{"code": r.code, "detail": r.detail} for r in verdict.reasons],
        created_at=now,
        ip_address=client.ip,
        user_agent=client.user_agent[:500],
        user=client.user if client.user and client.user.is_authenticated else None,
        notify_replies=bool(data.get("notify_replies")),
    )
    with transaction.atomic():
        comment.save()
        ModerationEvent.objects.create(
            comment=comment,
            to_status=comment.status,
            reason=",".join(r.code for r in verdict.reasons),
            source=ModerationEvent.Source.RULE,
        )
        if comment.is_public:
            _adjust_approved_counts({article.pk: 1})
        _schedule_after_submit(comment)
    return comment


def _adjust_approved_counts(deltas: dict[int, int]) -> None:
    """Add each delta to its article's approved-comment count, in one UPDATE."""
    deltas = {pk: delta for pk, delta in deltas.items() if delta}
    if not deltas:
        return
    change = Case(*(When(pk=pk, then=Value(d)) for pk, d in deltas.items()), default=Value(0))
    Article.objects.filter(pk__in=deltas).update(
        approved_comment_count=F("approved_comment_count") + change
    )


def _schedule_after_submit(comment: Comment) -> None:
    if comment.status == Comment.Status.PENDING:
        transaction.on_commit(partial(notifications.notify_editors_held, comment_id=comment.pk))
    elif comment.is_public and comment.parent_id:
        transaction.on_commit(partial(notifications.notify_reply_subscriber, comment_id=comment.pk))


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
        ModerationEvent.objects.bulk_create(
            ModerationEvent(
                comment_id=pk, actor=actor if actor and actor.is_authenticated else None,
                from_status=status, to_status=to_status, reason=reason, note=note, source=source,
            )
            for pk, _article, status, _kind in rows
        )  # fmt: skip
        deltas: Counter[int] = Counter()
        for _pk, article_id, status, kind in rows:
            if kind == Comment.Kind.COMMENT:
                deltas[article_id] += _approved_delta(status, to_status)
        _adjust_approved_counts(dict(deltas))
        for pk, _article, status, _kind in rows:
            _schedule_after_decision(pk, from_status=status, to_status=to_status)
    return len(rows)


def _schedule_after_decision(comment_id: int, *, from_status: str, to_status: str) -> None:
    if to_status != Comment.Status.APPROVED:
        return
    if from_status == Comment.Status.PENDING:
        transaction.on_commit(partial(notifications.notify_author_approved, comment_id=comment_id))
    transaction.on_commit(partial(notifications.notify_reply_subscriber, comment_id=comment_id))


def comment_approve(*, comment: Comment, moderator, source: str = "admin", reason: str = "") -> int:
    return comments_set_status(
        ids=[comment.pk], to_status=Comment.Status.APPROVED, actor=moderator, source=source,
        reason=reason,
    )  # fmt: skip


def comment_reject(
    *, comment: Comment, moderator, source: str = "admin", reason: str = "", note: str = ""
) -> int:
    return comments_set_status(
        ids=[comment.pk], to_status=Comment.Status.REMOVED, actor=moderator, source=source,
        reason=reason, note=note,
    )  # fmt: skip
