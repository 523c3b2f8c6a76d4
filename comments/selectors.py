"""Read-only queries behind the comment block: one page of threads, built as a tree."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from operator import attrgetter
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.db import connections, router
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from articles.models import Article
from comments.cache import BLOCK_TIMEOUT, block_version, get_or_render
from comments.models import Comment, ModerationSettings
from comments.querysets import CommentQuerySet

MAX_PAGE = 100_000  # keeps OFFSET within any database's integer range
BLOCK_KEY = "comments:block:{article_id}:{version}:{page}:{language}"
WARM_MOST_ARTICLES = 100  # a bulk decision warms only the newest articles it touched


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


@dataclass(slots=True)
class CommentNode:
    comment: ShownComment
    children: list["CommentNode"] = field(default_factory=list)
    display_depth: int = 0


@dataclass(frozen=True)
class ThreadPage:
    """Where a page of threads sits: found by probing one thread past it, never by counting."""

    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1


@dataclass
class CommentPage:
    nodes: list[CommentNode]
    page: ThreadPage
    total: int


def _order(newest_first: bool) -> tuple[str, str]:
    return ("-created_at", "-pk") if newest_first else ("created_at", "pk")


def thread_roots(article: Article, own_ids: list[int]) -> CommentQuerySet:
    """Top-level comments of the article that this reader may see, in the page's order."""
    return (
        Comment.objects.visible_to(own_ids=own_ids)
        .filter(article_id=article.pk, parent_id=None)
        .order_by(*_order(settings.COMMENTS_NEWEST_FIRST))
    )


def thread_replies(root_ids: list[int], own_ids: list[int]) -> CommentQuerySet:
    """Replies in these threads that this reader may see, unordered.

    Sorted by the caller: with an ORDER BY, SQLite's planner walks the whole status index in
    date order instead of looking up each thread.
    """
    return Comment.objects.visible_to(own_ids=own_ids).filter(thread_id__in=root_ids).order_by()


def _shown(queryset: CommentQuerySet) -> list[ShownComment]:
    return [ShownComment._make(row) for row in queryset.values_list(*ShownComment._fields)]


# The shared block's read in plain SQL: thread_roots() and thread_replies() for a reader with
# nothing pending, in one statement (a test holds them equal). Building a query in the ORM cost
# several times what the database took to answer it, and passing 50 thread ids as parameters
# cost PostgreSQL more than the replies' lookup: this runs on every cold article page.
_PUBLIC_THREADS_SQL = """
WITH page AS (
    SELECT id, created_at FROM {table}
    WHERE article_id = %s AND parent_id IS NULL AND status = %s AND kind = %s
    ORDER BY created_at {way}, id {way} LIMIT %s OFFSET %s
)
SELECT {columns} FROM {table} WHERE id IN (SELECT id FROM page)
UNION ALL
SELECT {columns} FROM {table}
WHERE thread_id IN (SELECT id FROM page ORDER BY created_at {way}, id {way} LIMIT %s)
    AND status = %s AND kind = %s
"""
_SHOWN_COLUMNS = "id, parent_id, name, url, body_html, status, created_at"


def public_threads(
    article_id: int, *, start: int, shown: int
) -> tuple[list[ShownComment], list[ShownComment]]:
    """Return approved threads start to start + shown of the article, in the page's order, and
    the approved replies in the first `shown` of them, unordered (see thread_replies).

    That is one thread more than a page shows: it tells whether there is a next page.
    """
    newest_first = settings.COMMENTS_NEWEST_FIRST
    sql = _PUBLIC_THREADS_SQL.format(
        table=Comment._meta.db_table, columns=_SHOWN_COLUMNS, way="DESC" if newest_first else "ASC"
    )
    public = [Comment.Status.APPROVED.value, Comment.Kind.COMMENT.value]
    with connections[router.db_for_read(Comment)].cursor() as cursor:
        cursor.execute(sql, [article_id, *public, shown + 1, start, shown, *public])
        rows = cursor.fetchall()
    roots: list[ShownComment] = []
    replies: list[ShownComment] = []
    for row in rows:
        # SQLite gives back naive datetimes (stored in UTC); the ORM would make them aware.
        created_at = row[6] if row[6].tzinfo else row[6].replace(tzinfo=UTC)
        (replies if row[1] else roots).append(ShownComment(*row[:6], created_at))
    roots.sort(key=attrgetter("created_at", "pk"), reverse=newest_first)
    return roots, replies


def _build_tree(roots: list[ShownComment], replies: list[ShownComment]) -> list[CommentNode]:
    """Nest replies under their parents; past the maximum depth, replies join their parent's level."""
    max_depth = settings.COMMENTS_MAX_DEPTH
    nodes = {c.pk: CommentNode(c) for c in roots}
    containers: dict[int, CommentNode] = {}
    for reply in replies:  # oldest first, so a parent always precedes its replies
        parent = nodes.get(reply.parent_id)
        if parent is None:
            continue  # its parent is not visible, so the reply is hidden with it
        if parent.display_depth < max_depth:
            home, depth = parent, parent.display_depth + 1
        else:
            home, depth = containers[parent.comment.pk], max_depth
        node = CommentNode(reply, display_depth=depth)
        nodes[reply.pk] = node
        containers[reply.pk] = home
        home.children.append(node)
    return [nodes[c.pk] for c in roots]


def comment_page(
    article: Article, *, page_number: int = 1, own_ids: list[int] | None = None
) -> CommentPage:
    """Return one page of top-level threads with their visible replies (one query, or two)."""
    own_ids = own_ids or []
    per_page = settings.COMMENTS_PER_PAGE
    number = max(1, int(page_number))
    start = (number - 1) * per_page
    if own_ids:
        roots = _shown(thread_roots(article, own_ids)[start : start + per_page + 1])
        replies = _shown(thread_replies([c.pk for c in roots[:per_page]], own_ids))
    else:
        roots, replies = public_threads(article.pk, start=start, shown=per_page)
    page = ThreadPage(number=number, has_next=len(roots) > per_page)
    roots = roots[:per_page]
    replies.sort(key=attrgetter("created_at", "pk"))
    return CommentPage(
        nodes=_build_tree(roots, replies), page=page, total=article.approved_comment_count
    )


def comments_open(article: Article, *, default_close_after_days: int, now: datetime) -> bool:
    """Return whether the article still takes comments by date (the site's default days given)."""
    close_at = article.comments_close_at(default_close_after_days)
    return close_at is None or now < close_at


def article_takes_comments(article: Article) -> bool:
    """Whether the article takes comments now: not closed by its mode, nor by its closing date."""
    if article.comment_mode == Article.CommentMode.CLOSED:
        return False
    has_own_days = article.comments_close_after_days is not None
    default_days = 0 if has_own_days else _site_close_after_days()  # 0: unread, the article's win
    return comments_open(article, default_close_after_days=default_days, now=timezone.now())


def _site_close_after_days() -> int:
    """Read ModerationSettings.close_after_days in plain SQL: every cold article page needs it."""
    table = ModerationSettings._meta.db_table
    with connections[router.db_for_read(ModerationSettings)].cursor() as cursor:
        cursor.execute(f"SELECT close_after_days FROM {table} WHERE id = %s", [1])
        row = cursor.fetchone()
    return row[0] if row else ModerationSettings.current().close_after_days


def answerable_comments(article: Article) -> CommentQuerySet:
    """Return the comments a reply on this article may answer: its published ones."""
    return Comment.objects.public().filter(article=article)


def page_number_of(comment: Comment) -> int:
    """Return the page of the article's comment block that holds this comment."""
    root = comment.thread or comment
    ordered_before = "created_at__gt" if settings.COMMENTS_NEWEST_FIRST else "created_at__lt"
    before = (
        Comment.objects.public()
        .filter(article_id=comment.article_id, parent__isnull=True)
        .filter(**{ordered_before: root.created_at})
        .count()
    )
    return before // settings.COMMENTS_PER_PAGE + 1


def _has_pending_here(article: Article, own_ids: list[int]) -> bool:
    if not own_ids:
        return False
    mine = Comment.objects.filter(pk__in=own_ids, article=article, status=Comment.Status.PENDING)
    return mine.exists()


def requested_comment_page(request: HttpRequest) -> int:
    """Return the page of threads the address asks for (?cpage=N), or 1."""
    raw_page = request.GET.get("cpage", "1")
    return min(int(raw_page), MAX_PAGE) if raw_page.isascii() and raw_page.isdigit() else 1


def _block_html(article: Article, page_number: int, own_ids: list[int]) -> str:
    return _rendered_block(article, comment_page(article, page_number=page_number, own_ids=own_ids))


def _rendered_block(article: Article, comments: CommentPage) -> str:
    context = {"comments": comments, "article": article}
    return render_to_string("comments/_comment_block.html", context)


def _block_key(article: Article, page_number: int, version: str) -> str:
    return BLOCK_KEY.format(
        article_id=article.pk, version=version, page=page_number, language=get_language()
    )


def comment_block_html(
    article: Article, *, page_number: int, version: str, own_ids: list[int]
) -> str:
    """Return the rendered comment block: shared from the cache unless the reader has one pending.

    version is the article's block_version(), which the page has already read.
    """
    if _has_pending_here(article, own_ids):
        return mark_safe(_block_html(article, page_number, own_ids))
    key = _block_key(article, page_number, version)
    return mark_safe(
        get_or_render(
            key, partial(_block_html, article, page_number, []), BLOCK_TIMEOUT, version=version
        )
    )


def comment_blocks_warm(article_ids: Iterable[int]) -> int:
    """Render the first block page of these articles in every language into the cache.

    Run by a worker after a change, so the next reader finds the block ready. It reads the
    primary database and overwrites what is cached: a page that a lagging replica rendered
    under the new version is replaced. Returns how many articles were warmed.
    """
    recent = Article.objects.published().filter(pk__in=list(article_ids)).newest_first()
    articles = list(recent[:WARM_MOST_ARTICLES])
    for article in articles:
        version, comments = block_version(article.pk), comment_page(article)  # read once
        blocks = {}
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                blocks[_block_key(article, 1, version)] = _rendered_block(article, comments)
        cache.set_many(blocks, BLOCK_TIMEOUT)
    return len(articles)
