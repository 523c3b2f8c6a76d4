"""What the private endpoint tells a reader about their own comments on an article page.

Their held comments, each rendered by the threads' own template with where it goes in the page
of threads they are reading (under which comment, after which), and which of the comments they
posted they may still correct, until when. Only comments whose ids the reader's signed cookie
holds: never anyone else's.
"""

from collections.abc import Collection
from datetime import datetime, timedelta

from django.conf import settings

from articles.models import Article
from comments.block import thread_items_html
from comments.models import Comment
from comments.selectors import has_pending_here
from comments.services.edit import EDITABLE_STATUSES, comment_edit_deadline
from comments.threads import CommentNode, comment_page


def own_pending_placed(article: Article, own_ids: list[int], *, page_number: int) -> list[dict]:
    """Return the reader's held comments on this page of threads, in page order, with places."""
    if not has_pending_here(article, own_ids):
        return []
    page = comment_page(article, page_number=page_number, own_ids=own_ids)
    placed: list[dict] = []
    lists: list[tuple[int | None, list[CommentNode]]] = [(None, page.nodes)]
    while lists:
        under, siblings = lists.pop()
        after = None
        for node in siblings:
            if node.comment.status == Comment.Status.PENDING and node.comment.pk in own_ids:
                placed.append(_placed(node, under=under, after=after))
            lists.append((node.comment.pk, node.children))
            after = node.comment.pk
    return placed


def _placed(node: CommentNode, *, under: int | None, after: int | None) -> dict:
    html = thread_items_html([node])
    return {"id": node.comment.pk, "under": under, "after": after, "html": html}


def own_editable(article: Article, own_ids: Collection[int], *, now: datetime) -> list[dict]:
    """Return the reader's comments on this article they may still correct, with their text."""
    if not own_ids:
        return []
    since = now - timedelta(seconds=settings.COMMENTS_EDIT_WINDOW_SECONDS)
    mine = Comment.objects.filter(
        pk__in=list(own_ids), article_id=article.pk, status__in=EDITABLE_STATUSES,
        created_at__gt=since,
    ).only("pk", "body", "created_at")  # fmt: skip
    return [
        {"id": c.pk, "until": comment_edit_deadline(c).isoformat(), "body": c.body} for c in mine
    ]
