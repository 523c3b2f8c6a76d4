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
from django.utils.translation import get_language, ngettext

from articles.models import Article
from comments.models import Comment, CommentReport
from comments.selectors import has_pending_here
from comments.threads import CommentNode, CommentPage, comment_page
from newsroom.formats.digits import localize_digits
from newsroom.versions import BLOCK_TIMEOUT, block_version, get_or_render

BLOCK_KEY = "comments:block:{article_id}:{version}:{page}:{language}"
BLOCK_TEMPLATE = "comments/comment_block.html"  # in the "jinja2" engine
THREADS_TEMPLATE = "comments/thread_items.html"  # included by the block
WARM_MOST_ARTICLES = 100  # a bulk decision warms only the newest articles it touched
PK_PLACEHOLDER = 918273645


def comment_count_label(count: int) -> str:
    """Return "N comments" with the language's plural form (Arabic has six) and digits."""
    label = ngettext("%(count)s comment", "%(count)s comments", count)
    return label % {"count": localize_digits(count)}


def _around_pk(route: str) -> tuple[str, str]:
    """A URL around a comment's pk: one reverse() per render, not one per comment."""
    before, after = reverse(route, args=[PK_PLACEHOLDER]).split(str(PK_PLACEHOLDER))
    return before, after


def _threads_context(nodes: list[CommentNode], *, reply_page: str = "") -> dict[str, object]:
    """What templates/jinja2/comments/thread_items.html reads.

    reply_page is where the reply links open the form: "" is the page itself, the article.
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
    }


def thread_items_html(nodes: list[CommentNode], *, reply_page: str = "") -> str:
    """Render threads as list items, for a page other than the article's (the replies page)."""
    context = _threads_context(nodes, reply_page=reply_page)
    return mark_safe(engines["jinja2"].get_template(THREADS_TEMPLATE).render(context))


def _block_html(article: Article, page_number: int, own_ids: list[int]) -> str:
    return _rendered_block(article, comment_page(article, page_number=page_number, own_ids=own_ids))


def _rendered_block(article: Article, comments: CommentPage) -> str:
    context = {
        "comments": comments,
        "article": article,
        "heading": comment_count_label(comments.total),
        **_threads_context(comments.nodes),
    }
    return engines["jinja2"].get_template(BLOCK_TEMPLATE).render(context)


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
    if has_pending_here(article, own_ids):
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
