"""The article page's live poll: new approved comments, or a 304 that costs no query at all."""

from datetime import UTC, datetime

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from articles.counts import comment_count_label
from articles.models import Article
from comments.block import thread_items_html
from comments.live import NewComment, approved_since, live_etag, settled_cursor
from comments.threads import CommentNode
from newsroom.api.errors import error_body
from newsroom.api.filters import MAX_ID
from newsroom.edge_cache import article_key, share_at_edge
from newsroom.formats.digits import localize_digits
from newsroom.versions import block_version

MESSAGE_BAD_CURSOR = _(
    "The since and version_time parameters must be whole numbers given by the page or a previous answer."
)
MAX_TIMESTAMP = datetime(9999, 1, 1, tzinfo=UTC).timestamp()


def _cursor(raw: str | None) -> int | None:
    """Return the cursor asked for, None without one; ValueError when it is not one."""
    if raw is None:
        return None
    if not (raw.isascii() and raw.isdigit()) or int(raw) > MAX_ID:
        raise ValueError(raw)
    return int(raw)


@require_GET
def live_comments(request: HttpRequest, article_id: int) -> HttpResponse:
    """Answer the poll; the ETag comes from the article's versions, read from the cache only.

    The same for every reader of the URL and language: a shared cache keeps it, purged with the
    article.
    """
    try:
        since = _cursor(request.GET.get("since"))
        shown_at = _cursor(request.GET.get("version_time"))
    except ValueError:
        return JsonResponse(error_body("invalid", str(MESSAGE_BAD_CURSOR)), status=400)
    etag = live_etag(article_id, block_version(article_id))
    if not_modified := get_conditional_response(request, etag=etag):
        return _shared(not_modified, etag, article_id)
    article = get_object_or_404(
        Article.objects.published().only("pk", "approved_comment_count"), pk=article_id
    )
    answer = live_answer(article, since=since, shown_at=shown_at)
    return _shared(JsonResponse(answer), etag, article_id)


def _shared(response: HttpResponse, etag: str, article_id: int) -> HttpResponse:
    response["ETag"] = etag
    patch_vary_headers(response, ["Cookie", "Accept-Language"])  # the language of the labels
    return share_at_edge(response, [article_key(article_id)])


def live_answer(article: Article, *, since: int | None, shown_at: int | None) -> dict:
    """Return what the page's script needs: the new comments rendered, and what to say.

    From the cursor of the last answer; the first poll from the time of the page's version.
    """
    limit = settings.COMMENTS_LIVE_MOST_NEW
    cursor = settled_cursor()
    if since is None:
        since = cursor if shown_at is None else settled_cursor(at=_from_ns(shown_at))
    found = approved_since(article, since=since, limit=limit + 1)
    return {
        "since": max(cursor, since),
        "comments": [_rendered(comment) for comment in found[:limit]],
        "more": len(found) > limit,
        "heading": comment_count_label(article.approved_comment_count),
        "announcements": announcements(limit),
        "show": gettext("Show"),
        "reload": gettext("More new comments: reload the page to see them all."),
    }


def _from_ns(moment_ns: int) -> datetime:
    return datetime.fromtimestamp(min(moment_ns / 1e9, MAX_TIMESTAMP), tz=UTC)


def _rendered(comment: NewComment) -> dict:
    """One new comment as the page's threads render it, with where it goes."""
    depth = min(comment.depth, settings.COMMENTS_MAX_DEPTH)
    node = CommentNode(comment.shown, display_depth=depth)
    return {
        "id": comment.shown.pk,
        "parent": comment.shown.parent_id,
        "thread": comment.thread_id,
        "html": str(thread_items_html([node])),
        "url": reverse("comments:permalink", args=[comment.shown.pk]),
    }


def announcements(most: int) -> list[str]:
    """Return "N new comments" for 1 to most, as the language says each (Arabic: six forms)."""
    return [
        ngettext("%(count)s new comment", "%(count)s new comments", n)
        % {"count": localize_digits(n)}
        for n in range(1, most + 1)
    ]
