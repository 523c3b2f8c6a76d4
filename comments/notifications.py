"""Emails about comments, sent after the transaction commits; failures are logged, never raised."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db.models import Count
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from comments.models import Comment, EmailConfirmation, ModerationEvent, ModerationSettings
from comments.roles import EDITORS_GROUP

logger = logging.getLogger(__name__)
UNSUBSCRIBE_SALT = "comments.unsubscribe"
CONFIRMATION_SALT = "comments.email-confirmation"


def unsubscribe_token(comment_id: int) -> str:
    return signing.dumps(comment_id, salt=UNSUBSCRIBE_SALT)


def comment_id_from_unsubscribe_token(token: str) -> int | None:
    try:
        return int(signing.loads(token, salt=UNSUBSCRIBE_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None


def one_line(text: str) -> str:
    """Join text's lines with spaces: names imported unchecked may hold line breaks."""
    return " ".join(part.strip() for part in text.splitlines() if part.strip())


def confirmation_token(confirmation: EmailConfirmation) -> str:
    """Return the signed token of a confirmation link: which confirmation, for which address."""
    return signing.dumps({"id": confirmation.pk, "e": confirmation.email}, salt=CONFIRMATION_SALT)


def confirmation_from_token(token: str) -> tuple[int, str] | None:
    """Return the confirmation id and address a token names, None if it was tampered with."""
    try:
        payload = signing.loads(token, salt=CONFIRMATION_SALT)
        return int(payload["id"]), str(payload["e"])
    except (signing.BadSignature, TypeError, KeyError, ValueError):
        return None


def absolute(path: str) -> str:
    if path.startswith(("https://", "http://")):  # an embedded thread's page, on its own site
        return path
    return settings.NEWSROOM_SITE_URL.rstrip("/") + path


def _send(*, subject: str, template: str, context: dict, to: list[str]) -> bool:
    """Send one Arabic email with a plain-text and an RTL HTML part; log and swallow failures."""
    if not to:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        context = {**context, "site_url": absolute("/")}
        text = render_to_string(f"comments/email/{template}.txt", context)
        html = render_to_string(f"comments/email/{template}.html", context)
        message = EmailMultiAlternatives(str(subject), text, to=to)
        message.attach_alternative(html, "text/html")
        try:
            message.send()
        except Exception:  # a mail server failure must never lose or block a comment
            logger.exception("Could not send %s email to %d recipient(s)", template, len(to))
            return False
    return True


def editor_addresses() -> list[str]:
    users = get_user_model().objects.filter(is_active=True, groups__name=EDITORS_GROUP)
    emails = set(users.exclude(email="").values_list("email", flat=True))
    return sorted(emails | set(settings.NEWSROOM_EDITORS_EMAIL))


def notify_editors_held(*, comment_id: int) -> bool:
    """Tell the editors that a comment waits in the queue (one email per held comment)."""
    if not ModerationSettings.current().notify_editors:
        return False
    comment = Comment.objects.select_related("article").filter(pk=comment_id).first()
    if comment is None or comment.status != Comment.Status.PENDING:
        return False
    link = absolute(reverse("admin:comments_comment_change", args=[comment.pk]))
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("A comment awaits moderation: %(title)s") % {"title": comment.article.title}
    return _send(
        subject=subject, template="held",
        context={"comment": comment, "author": one_line(comment.name), "link": link},
        to=editor_addresses(),
    )  # fmt: skip


def _first_approvals(comment_ids: list[int]) -> set[int]:
    """Return the comments approved for the first time, so their emails have not gone out yet."""
    approvals = (
        ModerationEvent.objects.filter(
            comment_id__in=comment_ids, to_status=Comment.Status.APPROVED
        )
        .values("comment_id")
        .annotate(times=Count("pk"))
    )
    return {row["comment_id"] for row in approvals if row["times"] <= 1}


def notify_approved(*, comment_ids: list[int], held_ids: list[int]) -> int:
    """Send what one decision owes: authors of held comments, and reply subscribers; count sent."""
    first = _first_approvals(comment_ids)
    comments = Comment.objects.public().filter(pk__in=first).select_related("article", "parent")
    held, sent = set(held_ids), 0
    for comment in comments:
        if comment.pk in held:
            sent += _send_author_approved(comment)
        sent += _send_reply_notice(comment)
    return sent


def notify_reply_subscriber(*, comment_id: int) -> bool:
    """Tell the parent's author, if they asked, that an approved reply answers them (once)."""
    return notify_approved(comment_ids=[comment_id], held_ids=[]) > 0


def _send_author_approved(comment: Comment) -> bool:
    link = absolute(comment.get_absolute_url())
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Your comment was published")
    return _send(
        subject=subject, template="approved",
        context={"comment": comment, "author": one_line(comment.name), "link": link},
        to=[comment.email],
    )  # fmt: skip


def _send_reply_notice(reply: Comment) -> bool:
    parent = reply.parent
    if parent is None or not parent.notify_replies or parent.email.lower() == reply.email.lower():
        return False
    context = {
        "reply": reply,
        "author": one_line(reply.name),
        "parent": parent,
        "link": absolute(reply.get_absolute_url()),
        "unsubscribe": absolute(
            reverse("comments:unsubscribe", args=[unsubscribe_token(parent.pk)])
        ),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("New reply to your comment on %(title)s") % {"title": reply.article.title}
    return _send(subject=subject, template="reply", context=context, to=[parent.email])


def send_email_confirmation(confirmation: EmailConfirmation) -> bool:
    """Email the link that confirms a commenter's address (trust follows; nothing is published)."""
    path = reverse("comments:confirm_email", args=[confirmation_token(confirmation)])
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Confirm your email address")
    return _send(
        subject=subject, template="confirm", context={"link": absolute(path)},
        to=[confirmation.email],
    )  # fmt: skip
