"""Everything that changes a comment: submit, decide, report. Atomic and audited."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db import models, transaction
from django.utils import timezone

from articles.models import Article
from comments import moderation, tasks
from comments.cache import comment_block_invalidate
from comments.counts import approved_counts_adjust
from comments.models import Comment, ModerationEvent, ModerationSettings
from comments.policy import load_policy
from comments.sanitize import sanitize_comment
from comments.selectors import comments_open
from comments.tasks import enqueue_after_commit
from comments.text import normalize_email, search_text, strip_invisible

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
    )


def _comment_blocks_changed(article_ids: set[int]) -> None:
    """Forget these articles' cached comment blocks, and have a worker render them again."""
    comment_block_invalidate(*article_ids)
    tasks.warm_after_commit(article_ids)


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
        body_normalized=search_text(f"{name} {body}"),
        status=STATUS_FOR_ACTION[verdict.action],
        moderation_reasons=[{"code": r.code, "detail": r.detail} for r in verdict.reasons],
        created_at=now,
        ip_address=client.ip,
        user_agent=client.user_agent[:500],
        user=client.user if client.user and client.user.is_authenticated else None,
        notify_replies=bool(data.get("notify_replies")),
    )
    # No savepoint: inside a caller's transaction (the API's idempotency key) a failure here
    # must roll back the caller's work too.
    with transaction.atomic(savepoint=False):
        comment.save()
        ModerationEvent.objects.create(
            comment=comment,
            to_status=comment.status,
            reason=",".join(r.code for r in verdict.reasons),
            source=ModerationEvent.Source.RULE,
        )
        if comment.is_public:
            approved_counts_adjust({article.pk: 1})
            _comment_blocks_changed({article.pk})
        _schedule_after_submit(comment)
    return comment


def _schedule_after_submit(comment: Comment) -> None:
    if comment.status == Comment.Status.PENDING:
        enqueue_after_commit(tasks.notify_editors_held, comment_id=comment.pk)
    elif comment.is_public and comment.parent_id:
        enqueue_after_commit(tasks.notify_reply_subscriber, comment_id=comment.pk)


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
        approved_counts_adjust(dict(deltas))
        _comment_blocks_changed({article_id for _pk, article_id, _status, _kind in rows})
        if to_status == Comment.Status.APPROVED:
            held = [pk for pk, _a, status, _k in rows if status == Comment.Status.PENDING]
            ids = [pk for pk, *_rest in rows]
            enqueue_after_commit(tasks.notify_approved, comment_ids=ids, held_ids=held)
    return len(rows)


def comment_approve(*, comment: Comment, moderator, source: str = "admin", reason: str = "") -> int:
    return comments_set_status(
        ids=[comment.pk], to_status=Comment.Status.APPROVED, actor=moderator, source=source,
        reason=reason,
    )  # fmt: skip
