"""The comment block of an article page: rendered, cached under the article's version, warmed.

Its markup is in templates/jinja2/comments/: comment_block.html, which includes the threads,
thread_items.html; this module gives them their context. Shared from the cache by every reader with nothing of their own pending; the
versions that name it, and what bumps them, are in newsroom.versions.
"""

from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.template import engines
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.timezone import get_current_timezone
from django.utils.translation import get_language

from articles.counts import comment_count_label
from articles.models import Article
from comments.live import live_etag, version_time
from comments.models import Comment, CommentReport
from comments.selectors import ShownComment, article_picks, has_pending_here
from comments.sorting import SORT_PARAM, ThreadSort, default_sort, sort_query
from comments.threads import CommentNode, CommentPage, comment_page
from newsroom.versions import BLOCK_TIMEOUT, block_version, get_or_render

BLOCK_KEY = "comments:block:{article_id}:{version}:{page}:{language}:{sort}"
BLOCK_TEMPLATE = "comments/comment_block.html"  # in the "jinja2" engine
THREADS_TEMPLATE = "comments/thread_items.html"  # included by the block
WARM_MOST_ARTICLES = 100  # a bulk decision warms only the newest articles it touched
PK_PLACEHOLDER = 918273645


def _around_pk(route: str) -> tuple[str, str]:
    """A URL around a comment's pk: one reverse() per render, not one per comment."""
    before, after = reverse(route, args=[PK_PLACEHOLDER]).split(str(PK_PLACEHOLDER))
    return before, after


def _threads_context(
    nodes: list[CommentNode], *, reply_page: str = "", sort: ThreadSort | None = None
) -> dict[str, object]:
    """What templates/jinja2/comments/thread_items.html reads.

    reply_page is where the reply links open the form: "" is the page itself, the article.
    sort is the page's order: a "useful" press comes back to the comment in it.
    """
    return {
        "nodes": nodes,
        "reply_page": reply_page,
        "status": Comment.Status,
        "report_reasons": CommentReport.Reason.choices,
        "report_url": _around_pk("comments:report"),
        "replies_url": _around_pk("comments:replies"),
        "edit_url": _around_pk("comments:edit"),
        "zone": get_current_timezone(),
        "language": get_language(),
        "useful_url": _around_pk("comments:useful"),
        "sort_field": _sort_field(sort or default_sort()),
    }


def _sort_field(sort: ThreadSort) -> str:
    """The useful forms' hidden field naming the page's sort (none for the default)."""
    if not sort_query(sort):
        return ""
    return f'<input type="hidden" name="{SORT_PARAM}" value="{sort.value}">'


def _sort_links(article: Article, sort: ThreadSort) -> list[tuple[str, str, bool]]:
    """The sort switcher: (label, address, is this page's sort) for each order."""
    path = article.get_absolute_url()
    links = []
    for choice in ThreadSort:
        query = sort_query(choice)
        links.append((str(choice.label), f"{path}?{query}" if query else path, choice == sort))
    return links


def thread_items_html(nodes: list[CommentNode], *, reply_page: str = "") -> str:
    """Render threads as list items, for a page other than the article's (the replies page)."""
    context = _threads_context(nodes, reply_page=reply_page)
    return mark_safe(engines["jinja2"].get_template(THREADS_TEMPLATE).render(context))


def _block_html(
    article: Article, page_number: int, own_ids: list[int], version: str,
    sort: ThreadSort | None = None,
) -> str:  # fmt: skip
    page = comment_page(article, page_number=page_number, own_ids=own_ids, sort=sort)
    return _rendered_block(
        article, page, _picks_for(article, page), version, sort or default_sort()
    )


def _picks_for(article: Article, comments: CommentPage) -> list[ShownComment]:
    """Return the editors' picks the block shows: on its first page only, above the threads."""
    return article_picks(article.pk) if comments.page.number == 1 else []


def _rendered_block(
    article: Article, comments: CommentPage, picks: list[ShownComment], version: str,
    sort: ThreadSort,
) -> str:  # fmt: skip
    query = sort_query(sort)
    context = {
        "comments": comments,
        "article": article,
        "heading": comment_count_label(comments.total),
        "picks": picks,
        "permalink_url": _around_pk("comments:permalink"),
        "live": _live_context(article, comments, version, sort),
        "sort_links": _sort_links(article, sort),
        "page_query": f"&{query}" if query else "",  # the page links keep the sort
        **_threads_context(comments.nodes, sort=sort),
    }
    return engines["jinja2"].get_template(BLOCK_TEMPLATE).render(context)


def _live_context(
    article: Article, comments: CommentPage, version: str, sort: ThreadSort
) -> dict[str, object]:
    """What static/js/live-comments.js reads from the block: where to ask, from where, how
    often, and where new comments may go on this page (the ordering, the page, the share)."""
    return {
        "url": reverse("comments:live", args=[article.pk]),
        "version_time": version_time(version),
        "etag": live_etag(article.pk, version),
        "poll_ms": settings.COMMENTS_LIVE_POLL_SECONDS * 1000,
        "hidden_poll_ms": settings.COMMENTS_LIVE_HIDDEN_POLL_SECONDS * 1000,
        "newest_first": int(sort == ThreadSort.NEWEST),
        "page": comments.page.number,
        "last_page": int(not comments.page.has_next),
        "per_page": settings.COMMENTS_PER_PAGE,
        "thread_share": settings.COMMENTS_REPLIES_PER_THREAD,
        "max_depth": settings.COMMENTS_MAX_DEPTH,
    }


def _block_key(
    article: Article, page_number: int, version: str, sort: ThreadSort | None = None
) -> str:
    return BLOCK_KEY.format(
        article_id=article.pk, version=version, page=page_number, language=get_language(),
        sort=(sort or default_sort()).value,
    )  # fmt: skip


def comment_block_html(
    article: Article, *, page_number: int, version: str, own_ids: list[int],
    sort: ThreadSort | None = None,
) -> str:  # fmt: skip
    """Return the rendered comment block: shared from the cache unless the reader has one pending.

    version is the article's block_version(), which the page has already read.
    """
    sort = sort or default_sort()
    if has_pending_here(article, own_ids):
        return mark_safe(_block_html(article, page_number, own_ids, version, sort))
    key = _block_key(article, page_number, version, sort)
    render = partial(_block_html, article, page_number, [], version, sort)
    return mark_safe(get_or_render(key, render, BLOCK_TIMEOUT, version=version))


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
        picks = _picks_for(article, comments)
        blocks, sort = {}, default_sort()
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                key = _block_key(article, 1, version, sort)
                blocks[key] = _rendered_block(article, comments, picks, version, sort)
        cache.set_many(blocks, BLOCK_TIMEOUT)
    return len(articles)
