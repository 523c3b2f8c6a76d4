"""A reader's new comment: normalized, sanitized, judged by the rules, stored with its audit event."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import models, transaction
from django.utils import timezone
from django.utils.formats import date_format

from articles.models import Article
from comments import moderation, scoring, tasks
from comments.limits import FloodWindow, flood_authors, flood_window_open
from comments.models import Comment, ModerationEvent, ModerationSettings, Sanction, StaffProfile
from comments.policy import SanctionInForce, comments_open, load_policy, sanctions_in_force
from comments.services.build import comment_build
from comments.services.counts import approved_counts_adjust
from comments.services.decisions import comment_blocks_changed
from comments.services.events import StatusChange, event_record
from comments.services.identity import EmailStanding, email_standing
from comments.staff_profiles import DEFAULT_NEWSROOM_NAME
from comments.text import normalize_email, strip_invisible
from newsroom.formats.digits import localize_digits
from newsroom.versions import queue_invalidate

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


def _seconds_since_last(last_at: datetime | None, now: datetime, window: FloodWindow):
    """Return the seconds since the author's last comment, stored or still in its window."""
    stored = (now - last_at).total_seconds() if last_at else None
    known = [seconds for seconds in (stored, window.elapsed) if seconds is not None]
    return min(known) if known else None


def _suspension(sanctions: list[SanctionInForce]) -> moderation.Suspension | None:
    """Return the suspension that lasts longest among those in force, written for the reader."""
    suspensions = [s for s in sanctions if s.kind == Sanction.Kind.SUSPEND]
    if not suspensions:
        return None
    if any(s.ends_at is None for s in suspensions):
        return moderation.Suspension(until=None)
    until = max(s.ends_at for s in suspensions)
    text = localize_digits(date_format(timezone.localtime(until), "DATETIME_FORMAT"))
    return moderation.Suspension(until=until, until_text=text)


def _build_submission(
    *, article: Article, name: str, email: str, url: str, body: str, client: ClientInfo,
    bot_check_failed: bool, settings_row: ModerationSettings, now: datetime, window: FloodWindow,
    standing: EmailStanding, risk: float | None, staff_voice: bool = False,
) -> moderation.Submission:  # fmt: skip
    history = _author_history(article=article, email=email, ip=client.ip, body=body, now=now)
    sanctions = sanctions_in_force(email=email, ip=client.ip, now=now)
    # Only a confirmed address earns trust: anyone can type a regular's email.
    trusted = standing.verified and history["approved"] >= settings.COMMENTS_TRUSTED_AFTER_APPROVED
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
        author_is_trusted=trusted,
        seconds_since_last_comment=_seconds_since_last(history["last_at"], now, window),
        is_duplicate=history["duplicates"] > 0,
        bot_check_failed=bot_check_failed,
        suspension=_suspension(sanctions),
        shadow_held=any(s.kind == Sanction.Kind.SHADOW_HOLD for s in sanctions),
        risk=risk,
        staff_voice=staff_voice,
    )


def speaks_for_newsroom(*, data: dict, user: AbstractBaseUser | None) -> bool:
    """Whether this post is the newsroom's voice: asked for, by a signed-in, active staff member."""
    is_staff = user is not None and user.is_authenticated and user.is_active and user.is_staff
    return bool(data.get("staff_voice")) and is_staff


def _newsroom_name(user: AbstractBaseUser) -> str:
    """Return the name the staff member set for the newsroom's comments, or the newsroom's."""
    names = StaffProfile.objects.filter(user=user).values_list("display_name", flat=True)
    return next(iter(names), "").strip() or str(DEFAULT_NEWSROOM_NAME)


# What comment_submit takes from the form or the API, once each has validated it.
SUBMISSION_FIELDS = ("name", "email", "url", "body", "parent", "notify_replies", "staff_voice")


def comment_submit(
    *, article: Article, data: dict, client: ClientInfo, bot_check_failed: bool = False
) -> Comment:
    """Run a new comment through the pipeline and store it; raise CommentRejected if refused.

    The author's flood window opens first (comments.limits): of posts sent at the same moment,
    one opens it and the others see it open. A post that stores nothing closes what it opened.
    """
    now = timezone.now()
    email = normalize_email(data["email"])
    settings_row = ModerationSettings.current()
    window = FloodWindow()
    if client.ip is not None and settings_row.flood_seconds > 0:
        authors = flood_authors(email=email, address=client.ip)
        window = flood_window_open(authors, seconds=settings_row.flood_seconds, now=now.timestamp())
    try:
        return _submit(
            article=article,
            data=data,
            client=client,
            email=email,
            now=now,
            settings_row=settings_row,
            window=window,
            bot_check_failed=bot_check_failed,
        )
    except BaseException:
        window.release()
        raise


def _submit(
    *, article: Article, data: dict, client: ClientInfo, email: str, now: datetime,
    settings_row: ModerationSettings, window: FloodWindow, bot_check_failed: bool,
) -> Comment:  # fmt: skip
    staff_voice = speaks_for_newsroom(data=data, user=client.user)
    name = _newsroom_name(client.user) if staff_voice else strip_invisible(data["name"]).strip()
    body = strip_invisible(data["body"]).strip()
    url = data.get("url") or ""
    standing = email_standing(email=email, now=now)
    risk = scoring.comment_risk(
        name=name, body=body, version=settings_row.risk_model_version_id or scoring.NO_VERSION
    )  # fmt: skip
    verdict = moderation.decide(
        _build_submission(
            article=article, name=name, email=email, url=url, body=body, client=client,
            bot_check_failed=bot_check_failed, settings_row=settings_row, now=now, window=window,
            standing=standing, risk=risk.score if risk else None, staff_voice=staff_voice,
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
        is_staff_voice=staff_voice,
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
        if _needs_confirmation(comment, standing):
            tasks.enqueue_after_commit(tasks.send_email_confirmation, email=email)
    return comment


def _needs_confirmation(comment: Comment, standing: EmailStanding) -> bool:
    """Send a link to an unconfirmed address once per link's life, never for a bot's spam."""
    unconfirmed = not standing.verified and not standing.link_sent_recently
    return unconfirmed and comment.status != Comment.Status.SPAM


def _schedule_after_submit(comment: Comment) -> None:
    if comment.status == Comment.Status.PENDING:
        queue_invalidate()
        tasks.enqueue_after_commit(tasks.notify_editors_held, comment_id=comment.pk)
    elif comment.is_public and comment.parent_id:
        tasks.enqueue_after_commit(tasks.notify_reply_subscriber, comment_id=comment.pk)
