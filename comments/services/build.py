"""The one place a Comment is made: what a source knows in, every derived field worked out here."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser

from articles.models import Article
from comments.models import BODY_MAX_LENGTH, Comment
from comments.text import normalize_email, search_text, spelled_out_length
from newsroom.sanitize import sanitize_comment
from newsroom.versions import queue_invalidate


class BodyTooLong(ValueError):
    """A body past BODY_MAX_LENGTH reached comment_build: its way in must refuse or cut it."""


@dataclass(frozen=True, slots=True)
class ParentRef:
    """A comment already stored, as much as a reply to it needs to find its place."""

    pk: int
    thread_id: int | None
    depth: int


def comment_build(
    *, article: Article | int, parent: Comment | ParentRef | None, name: str, email: str,
    body: str, status: str, created_at: datetime, url: str = "",
    kind: str = Comment.Kind.COMMENT, ip: str | None = None, user_agent: str = "",
    user: AbstractBaseUser | None = None, notify_replies: bool = False,
    moderation_reasons: Iterable[dict] = (), source: str = "", risk: float | None = None,
    risk_terms: Iterable[str] = (), is_staff_voice: bool = False,
) -> Comment:  # fmt: skip
    """Make an unsaved comment; derive its thread, depth, HTML, search text and stored email."""
    _check_fits(body)
    comment = Comment(
        article_id=article if isinstance(article, int) else article.pk,
        parent_id=parent.pk if parent else None,
        thread_id=(parent.thread_id or parent.pk) if parent else None,
        depth=parent.depth + 1 if parent else 0,
        name=name, email=normalize_email(email), url=url, body=body,
        status=status, kind=kind, moderation_reasons=list(moderation_reasons),
        created_at=created_at, ip_address=ip, user_agent=user_agent, user=user,
        notify_replies=notify_replies, source=source, risk=risk, risk_terms=list(risk_terms),
        is_staff_voice=is_staff_voice,
    )  # fmt: skip
    comment_text_derive(comment)
    _keep_loaded(comment, article=article, parent=parent)
    return comment


def _check_fits(body: str) -> None:
    """Refuse a body past the cap before any costly work on it, whatever the way in."""
    if len(body) > BODY_MAX_LENGTH or spelled_out_length(body) > BODY_MAX_LENGTH:
        raise BodyTooLong(f"a comment body holds at most {BODY_MAX_LENGTH} characters")


def _keep_loaded(comment: Comment, *, article: Article | int, parent: Comment | ParentRef | None):
    """Hand on the objects the caller already holds, so reading them later costs no query."""
    if isinstance(article, Article):
        comment.article = article
    if isinstance(parent, Comment):
        comment.parent = parent
        if parent.thread_id is None:
            comment.thread = parent
        elif Comment.thread.is_cached(parent):
            comment.thread = parent.thread


def comment_text_derive(comment: Comment, *, body_changed: bool = True) -> None:
    """Derive the search text from the name and body again, and the HTML when the body changed."""
    if body_changed:
        comment.body_html = sanitize_comment(comment.body)
    comment.body_normalized = search_text(f"{comment.name} {comment.body}")


def comments_store(comments: Iterable[Comment]) -> list[Comment]:
    """Insert comments made by comment_build, in as few INSERTs as the database allows."""
    stored = Comment.objects.bulk_create(comments)
    if stored:
        queue_invalidate()
    return stored
