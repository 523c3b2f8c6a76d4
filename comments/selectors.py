"""Read-only queries behind the comment block: one page of threads, built as a tree."""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from articles.models import Article
from comments.cache import BLOCK_TIMEOUT, block_version
from comments.models import Comment

MAX_PAGE = 100_000  # keeps OFFSET within any database's integer range
BLOCK_KEY = "comments:block:{article_id}:{version}:{page}:{language}"


@dataclass
class CommentNode:
    comment: Comment
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


# What the block shows: not the email, IP or the long typed and normalized copies of the text.
BLOCK_FIELDS = (
    "id",
    "article_id",
    "parent_id",
    "thread_id",
    "name",
    "url",
    "body_html",
    "status",
    "created_at",
)


def _top_level(article: Article, own_ids: list[int]):
    return (
        Comment.objects.visible_to(own_ids=own_ids)
        .only(*BLOCK_FIELDS)
        .filter(article=article, parent__isnull=True)
        .order_by(*_order(settings.COMMENTS_NEWEST_FIRST))
    )


def _build_tree(roots: list[Comment], replies: list[Comment]) -> list[CommentNode]:
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
    """Return one page of top-level threads with their visible replies, in two queries."""
    own_ids = own_ids or []
    per_page = settings.COMMENTS_PER_PAGE
    number = max(1, int(page_number))
    start = (number - 1) * per_page
    roots = list(_top_level(article, own_ids)[start : start + per_page + 1])
    page = ThreadPage(number=number, has_next=len(roots) > per_page)
    roots = roots[:per_page]
    replies = list(
        Comment.objects.visible_to(own_ids=own_ids)
        .only(*BLOCK_FIELDS)
        .filter(thread_id__in=[c.pk for c in roots])
        .order_by("created_at", "pk")
    )
    return CommentPage(
        nodes=_build_tree(roots, replies), page=page, total=article.approved_comment_count
    )


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


def comment_block_html(request: HttpRequest, article: Article, *, own_ids: list[int]) -> str:
    """Return the rendered comment block: shared from the cache unless the reader has one pending."""
    raw_page = request.GET.get("cpage", "1")
    page_number = min(int(raw_page), MAX_PAGE) if raw_page.isascii() and raw_page.isdigit() else 1

    def render() -> str:
        comments = comment_page(article, page_number=page_number, own_ids=own_ids)
        context = {"comments": comments, "article": article}
        return render_to_string("comments/_comment_block.html", context, request=request)

    if _has_pending_here(article, own_ids):
        return mark_safe(render())
    key = BLOCK_KEY.format(
        article_id=article.pk, version=block_version(article.pk),
        page=page_number, language=get_language(),
    )  # fmt: skip
    return mark_safe(cache.get_or_set(key, render, BLOCK_TIMEOUT))
