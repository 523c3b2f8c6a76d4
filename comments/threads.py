"""A page of comment threads as a tree: replies nested under their parents, a bounded share each."""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from operator import attrgetter

from django.conf import settings

from articles.models import Article
from comments.models import Comment
from comments.selectors import (
    ShownComment,
    as_shown,
    public_threads,
    shown_rows,
    thread_replies,
    thread_roots,
)
from comments.sorting import ThreadSort


@dataclass(slots=True)
class CommentNode:
    comment: ShownComment
    children: list["CommentNode"] = field(default_factory=list)
    display_depth: int = 0
    more_from: int | None = None  # the first of its replies left to its "more replies" page

    def __iter__(self) -> Iterator[object]:
        """Unpack as (comment, display_depth, children, more_from): the threads' template loop
        unpacks it, which costs less per comment than an attribute lookup per field."""
        return iter((self.comment, self.display_depth, self.children, self.more_from))


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


def replies_by_parent(replies: list[ShownComment]) -> dict[int, list[ShownComment]]:
    """Group replies under the comment each answers, oldest first within each."""
    by_parent: dict[int, list[ShownComment]] = defaultdict(list)
    for reply in sorted(replies, key=attrgetter("created_at", "pk")):
        by_parent[reply.parent_id].append(reply)
    return by_parent


def build_tree(roots: list[ShownComment], replies: list[ShownComment]) -> list[CommentNode]:
    """Nest each thread's replies under their parents, whatever their dates (see grow_thread)."""
    by_parent = replies_by_parent(replies)
    return [grow_thread(CommentNode(root), by_parent, by_parent.get(root.pk, [])) for root in roots]


def grow_thread(
    top: CommentNode, by_parent: dict[int, list[ShownComment]], replies: list[ShownComment]
) -> CommentNode:
    """Hang these replies to top, and theirs under them, depth first: at most a thread's share.

    A reply is reached from its parent, not by its date, so one dated before the comment it
    answers (imports have them) is still shown. Past the maximum depth, replies join their
    parent's level. Past COMMENTS_REPLIES_PER_THREAD, each comment with replies left out notes
    the first of them (more_from) for its "more replies" link. A loop, not recursion: a chain
    may be thousands deep.
    """
    share, max_depth = settings.COMMENTS_REPLIES_PER_THREAD, settings.COMMENTS_MAX_DEPTH
    shown = 0
    stack = [(top, top, iter(replies))]  # (node, where its replies go, its replies not yet seen)
    while stack:
        node, home, unseen = stack[-1]
        reply = next(unseen, None)
        if reply is None:
            stack.pop()
        elif shown == share:
            node.more_from = reply.pk
            stack.pop()
        else:
            shown += 1
            child = CommentNode(reply, display_depth=home.display_depth + 1)
            home.children.append(child)
            child_home = child if child.display_depth < max_depth else home
            stack.append((child, child_home, iter(by_parent.get(reply.pk, ()))))
    return top


def shown_pks(top: CommentNode) -> set[int]:
    """Return the pks of the comments in this tree."""
    pks, stack = set(), [top]
    while stack:
        node = stack.pop()
        pks.add(node.comment.pk)
        stack.extend(node.children)
    return pks


def reply_thread(
    comment: Comment, *, own_ids: list[int], from_pk: int | None = None
) -> CommentNode | None:
    """Return the comment with its replies (from from_pk on, if it is one), a thread's share.

    What a "more replies" link shows, in two queries whatever the thread's size; None when a
    comment above it is not public, as the article page hides it then.
    """
    rows = shown_rows(thread_replies([comment.thread_id or comment.pk], own_ids))
    if not _hangs_from_public_comments(comment, rows):
        return None
    by_parent = replies_by_parent(rows)
    replies = by_parent.get(comment.pk, [])
    start = next((i for i, reply in enumerate(replies) if reply.pk == from_pk), 0)
    return grow_thread(CommentNode(as_shown(comment)), by_parent, replies[start:])


def _hangs_from_public_comments(comment: Comment, rows: list[ShownComment]) -> bool:
    """Whether every comment above this one, up to its thread's first, is shown too."""
    if comment.parent_id is None:
        return True
    if not comment.thread.is_public:
        return False
    parent_of = {row.pk: row.parent_id for row in rows if row.status == Comment.Status.APPROVED}
    above = comment.parent_id
    for _step in range(len(parent_of) + 1):  # bounded, whatever the data holds
        if above == comment.thread_id:
            return True
        if above not in parent_of:
            return False
        above = parent_of[above]
    return False


def shows_on_article_page(reply: Comment, *, own_ids: list[int]) -> bool:
    """Whether the article page shows this reply in its thread, or leaves it to a replies page."""
    rows = shown_rows(thread_replies([reply.thread_id], own_ids))
    by_parent = replies_by_parent(rows)
    top = CommentNode(as_shown(reply.thread))
    return reply.pk in shown_pks(grow_thread(top, by_parent, by_parent.get(reply.thread_id, [])))


def comment_page(
    article: Article, *, page_number: int = 1, own_ids: list[int] | None = None,
    sort: ThreadSort | None = None,
) -> CommentPage:  # fmt: skip
    """Return one page of top-level threads with their visible replies (one query, or two)."""
    own_ids = own_ids or []
    per_page = settings.COMMENTS_PER_PAGE
    number = max(1, int(page_number))
    start = (number - 1) * per_page
    if own_ids:
        roots = shown_rows(thread_roots(article, own_ids, sort)[start : start + per_page + 1])
        replies = shown_rows(thread_replies([c.pk for c in roots[:per_page]], own_ids))
    else:
        roots, replies = public_threads(article.pk, start=start, shown=per_page, sort=sort)
    page = ThreadPage(number=number, has_next=len(roots) > per_page)
    roots = roots[:per_page]
    return CommentPage(
        nodes=build_tree(roots, replies), page=page, total=article.approved_comment_count
    )
