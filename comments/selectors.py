"""Read-only queries on comments: the threads a page shows, what a reply may answer, where a comment is."""

from datetime import UTC, datetime
from typing import NamedTuple

from django.conf import settings
from django.db import connections, router
from django.db.models import Q

from articles.models import Article
from comments.models import (
    Comment,
    CommenterNote,
    CommentReaction,
    EmailConfirmation,
    Sanction,
)
from comments.querysets import CommentQuerySet
from comments.sorting import ORDER_FIELDS, ORDER_SQL, ThreadSort, default_sort, row_key
from comments.text import normalize_email


class ShownComment(NamedTuple):
    """What the comment block shows of a comment: not the email, IP or typed copies of the text.

    Plain rows, not model instances: building instances was most of a cold page's cost per comment.
    """

    pk: int
    parent_id: int | None
    name: str
    url: str
    body_html: str
    status: str
    created_at: datetime
    is_pick: bool
    is_staff_voice: bool
    useful_count: int
    edited_at: datetime | None = None


def thread_roots(
    article: Article, own_ids: list[int], sort: ThreadSort | None = None
) -> CommentQuerySet:
    """Top-level comments of the article that this reader may see, in the page's order."""
    return (
        Comment.objects.visible_to(own_ids=own_ids)
        .filter(article_id=article.pk, parent_id=None)
        .order_by(*ORDER_FIELDS[sort or default_sort()])
    )


def thread_replies(root_ids: list[int], own_ids: list[int]) -> CommentQuerySet:
    """Replies in these threads that this reader may see, unordered.

    Sorted by the caller: with an ORDER BY, SQLite's planner walks the whole status index in
    date order instead of looking up each thread.
    """
    return Comment.objects.visible_to(own_ids=own_ids).filter(thread_id__in=root_ids).order_by()


def as_shown(comment: Comment) -> ShownComment:
    return ShownComment._make(getattr(comment, name) for name in ShownComment._fields)


def shown_rows(queryset: CommentQuerySet) -> list[ShownComment]:
    return [ShownComment._make(row) for row in queryset.values_list(*ShownComment._fields)]


# The shared block's read in plain SQL: thread_roots() and thread_replies() for a reader with
# nothing pending, in one statement (a test holds them equal). Building a query in the ORM cost
# several times what the database took to answer it, and passing 50 thread ids as parameters
# cost PostgreSQL more than the replies' lookup: this runs on every cold article page.
_PUBLIC_THREADS_SQL = """
WITH page AS (
    SELECT id, created_at, useful_count FROM {table}
    WHERE article_id = %s AND parent_id IS NULL AND status = %s AND kind = %s
    ORDER BY {order} LIMIT %s OFFSET %s
)
SELECT {columns} FROM {table} WHERE id IN (SELECT id FROM page)
UNION ALL
SELECT {columns} FROM {table}
WHERE thread_id IN (SELECT id FROM page ORDER BY {order} LIMIT %s)
    AND status = %s AND kind = %s
"""
_SHOWN_COLUMNS = (
    "id, parent_id, name, url, body_html, status, created_at, is_pick, is_staff_voice, useful_count,"
    " edited_at"
)


def public_threads(
    article_id: int, *, start: int, shown: int, sort: ThreadSort | None = None
) -> tuple[list[ShownComment], list[ShownComment]]:
    """Return approved threads start to start + shown of the article, in the page's order, and
    the approved replies in the first `shown` of them, unordered (see thread_replies).

    That is one thread more than a page shows: it tells whether there is a next page.
    """
    sort = sort or default_sort()
    sql = _PUBLIC_THREADS_SQL.format(
        table=Comment._meta.db_table, columns=_SHOWN_COLUMNS, order=ORDER_SQL[sort]
    )
    public = [Comment.Status.APPROVED.value, Comment.Kind.COMMENT.value]
    with connections[router.db_for_read(Comment)].cursor() as cursor:
        cursor.execute(sql, [article_id, *public, shown + 1, start, shown, *public])
        rows = cursor.fetchall()
    roots: list[ShownComment] = []
    replies: list[ShownComment] = []
    for row in rows:
        # SQLite gives back naive datetimes (stored in UTC); the ORM would make them aware.
        created_at, edited_at = (_aware(moment) for moment in (row[6], row[10]))
        shown = ShownComment(*row[:6], created_at, bool(row[7]), bool(row[8]), row[9], edited_at)
        (replies if row[1] else roots).append(shown)
    roots.sort(key=row_key(sort))
    return roots, replies


def _aware(moment: datetime | None) -> datetime | None:
    return moment.replace(tzinfo=UTC) if moment is not None and not moment.tzinfo else moment


def picks_of(article_id: int) -> CommentQuerySet:
    """Return the article's editors' picks, latest picked first.

    Only public comments in a public context: a pick that is removed, or whose thread is,
    leaves the picks with it.
    """
    return (
        Comment.objects.counted()
        .filter(article_id=article_id, is_pick=True)
        .in_public_context(article_id=article_id)
        .order_by("-picked_at", "-pk")
    )


def article_picks(article_id: int) -> list[ShownComment]:
    """Return the editors' picks the article page shows above the threads (one query)."""
    return shown_rows(picks_of(article_id)[: settings.COMMENTS_PICKS_SHOWN])


def shown_comment(comment_id: int) -> Comment | None:
    """Return a comment the page shows (public, and nothing above it hidden), with its article."""
    comment = Comment.objects.public().select_related("article").filter(pk=comment_id).first()
    if comment is None or comment.parent_id is None:
        return comment
    in_context = Comment.objects.filter(pk=comment.pk).in_public_context(
        article_id=comment.article_id
    )
    return comment if in_context.exists() else None


def answerable_comments(article: Article) -> CommentQuerySet:
    """Return the comments a reply on this article may answer: its published ones."""
    return Comment.objects.public().filter(article=article)


def _ahead_of(root: Comment, sort: ThreadSort) -> Q:
    """Return the threads before this one in the sort's order (ORDER_FIELDS)."""
    way = "gt" if sort == ThreadSort.NEWEST else "lt"
    by_date = Q(**{f"created_at__{way}": root.created_at}) | Q(
        created_at=root.created_at, **{f"pk__{way}": root.pk}
    )
    if sort != ThreadSort.USEFUL:
        return by_date
    return Q(useful_count__gt=root.useful_count) | (Q(useful_count=root.useful_count) & by_date)


def page_number_of(
    comment: Comment, *, own_ids: list[int] | None = None, sort: ThreadSort | None = None
) -> int:
    """Return the page of the article's comment block that holds this comment for this reader.

    Counts the threads ahead of its thread in the page's order (comments.sorting), among the
    threads the reader sees: their own pending ones move later threads on for them.
    """
    root = comment.thread or comment
    ahead = _ahead_of(root, sort or default_sort())
    before = (
        Comment.objects.visible_to(own_ids=own_ids or [])
        .filter(article_id=comment.article_id, parent_id=None)
        .filter(ahead)
        .count()
    )
    return before // settings.COMMENTS_PER_PAGE + 1


def has_pending_here(article: Article, own_ids: list[int]) -> bool:
    if not own_ids:
        return False
    mine = Comment.objects.filter(pk__in=own_ids, article=article, status=Comment.Status.PENDING)
    return mine.exists()


def commenter_notes(email: str) -> list[CommenterNote]:
    """Return the editors' notes on the commenter behind this email, newest first."""
    return list(CommenterNote.objects.filter(email=normalize_email(email)).select_related("author"))


def commenter_sanctions(email: str) -> list[Sanction]:
    """Return every sanction ever imposed on this email, newest first (lifted and ended too)."""
    return list(Sanction.objects.filter(email=normalize_email(email)).select_related("created_by"))


def email_is_confirmed(email: str) -> bool:
    """Tell whether the commenter behind this email ever confirmed it from a link."""
    confirmed = EmailConfirmation.objects.filter(
        email=normalize_email(email), confirmed_at__isnull=False
    )
    return confirmed.exists()


def reader_reacted_ids(reader_key: str, comment_ids: list[int]) -> list[int]:
    """Return which of these comments this reader found useful (their own state, no one else's)."""
    pressed = CommentReaction.objects.filter(reader_key=reader_key, comment_id__in=comment_ids)
    return sorted(pressed.values_list("comment_id", flat=True))


def commenters_notes(emails: set[str]) -> dict[str, list[CommenterNote]]:
    """Return the editors' notes on each of these commenters, newest first (one query)."""
    found: dict[str, list[CommenterNote]] = {}
    notes = CommenterNote.objects.filter(email__in={normalize_email(e) for e in emails})
    for note in notes.select_related("author"):
        found.setdefault(note.email, []).append(note)
    return found


def sanctions_in_force_on(*, emails: set[str], networks: set[str], now: datetime) -> list[Sanction]:
    """Return the sanctions in force on any of these emails or networks, newest first."""
    on_them = Q(email__in={normalize_email(e) for e in emails})
    if networks:
        on_them |= Q(network__in=networks)
    return list(Sanction.objects.active(now).filter(on_them).select_related("created_by"))


def confirmed_emails(emails: set[str]) -> set[str]:
    """Return which of these emails their commenters ever confirmed from a link (one query)."""
    confirmed = EmailConfirmation.objects.filter(
        email__in={normalize_email(e) for e in emails}, confirmed_at__isnull=False
    )
    return set(confirmed.values_list("email", flat=True).distinct())
