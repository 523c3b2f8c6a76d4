"""A page of comment threads as a tree: replies nested under their parents, to a maximum depth."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from operator import attrgetter

from django.conf import settings

from articles.models import Article
from comments.selectors import (
    ShownComment,
    public_threads,
    shown_rows,
    thread_replies,
    thread_roots,
)


@dataclass(slots=True)
class CommentNode:
    comment: ShownComment
    children: list["CommentNode"] = field(default_factory=list)
    display_depth: int = 0

    def __iter__(self) -> Iterator[object]:
        """Unpack as (comment, display_depth, children): the block's template loop unpacks it,
        which costs less per comment than three attribute lookups."""
        return iter((self.comment, self.display_depth, self.children))


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


def build_tree(roots: list[ShownComment], replies: list[ShownComment]) -> list[CommentNode]:
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
        roots = shown_rows(thread_roots(article, own_ids)[start : start + per_page + 1])
        replies = shown_rows(thread_replies([c.pk for c in roots[:per_page]], own_ids))
    else:
        roots, replies = public_threads(article.pk, start=start, shown=per_page)
    page = ThreadPage(number=number, has_next=len(roots) > per_page)
    roots = roots[:per_page]
    replies.sort(key=attrgetter("created_at", "pk"))
    return CommentPage(
        nodes=build_tree(roots, replies), page=page, total=article.approved_comment_count
    )
