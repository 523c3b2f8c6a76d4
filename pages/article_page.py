"""The article page as readers get it: the article, its comment block and the form, cached when shared."""

from functools import partial

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.translation import get_language

from articles.models import Article
from articles.selectors import related_links, social_links
from comments.block import comment_block_html
from comments.forms import CommentForm
from comments.policy import article_takes_comments
from comments.reader_cookies import own_ids_for_page
from comments.sorting import SORT_PARAM, requested_sort
from newsroom.edge_cache import article_key, section_key, share_at_edge
from newsroom.versions import block_version, site_version_of, time_bucket, versions_etag
from pages.page_cache import fill_holes, hole_context, shared_page_pieces, split_at_holes

MAX_COMMENT_PAGE = 100_000  # keeps OFFSET within any database's integer range


def render_article_page(
    request: HttpRequest, article: Article, *, form: CommentForm | None = None, status: int = 200
) -> HttpResponse:
    """Render the article with its comments and the form (fresh, or bound with errors)."""
    own_ids = own_ids_for_page(request)  # the reader's cookies alone leave the page shared
    version = block_version(article.pk)
    initial = _initial_form_data(request) if form is None else {}
    shared = form is None and _sees_shared_page(request, initial, own_ids)
    # A held comment's own page changes with edits no version sees: the content's ETag serves it.
    etag = _page_etag(request, article, own_ids, version) if form is None and not own_ids else None
    if etag and (not_modified := get_conditional_response(request, etag=etag)):
        return _shared_if(shared, not_modified, article)
    block = comment_block_html(
        article, page_number=requested_comment_page(request), version=version, own_ids=own_ids,
        sort=requested_sort(request.GET.get(SORT_PARAM)),
    )  # fmt: skip

    def page_html() -> str:  # the form is built only when the page is rendered, not when cached
        fresh = partial(CommentForm, article=article, initial=initial, user=request.user)
        shown_form = form if form is not None else fresh()
        return _render_page(request, article, form=shown_form)

    if shared:
        pieces = shared_page_pieces(
            request, article, site_version=site_version_of(version), render=page_html
        )
    else:
        pieces = split_at_holes(page_html())
    html = fill_holes(pieces, request, article, comment_block=block)
    response = HttpResponse(html, status=status)
    if etag:
        response["ETag"] = etag
        patch_vary_headers(response, ["Cookie", "Accept-Language"])
    return _shared_if(shared, response, article)


def _shared_if(shared: bool, response: HttpResponse, article: Article) -> HttpResponse:
    """Let a shared HTTP cache keep the page most readers see, purged with its article."""
    if not shared:
        return response
    return share_at_edge(response, [article_key(article.pk), section_key(article.section_id)])


def _render_page(request: HttpRequest, article: Article, *, form: CommentForm) -> str:
    """Render the page around its holes; the comment block is one of them."""
    context = {
        "article": article,
        "related": related_links(article),
        "social_links": social_links(),
        "form": form,
        "takes_comments": article_takes_comments(article),
        **hole_context(),
    }
    return render_to_string("articles/article_detail.html", context, request=request)


def _sees_shared_page(request: HttpRequest, initial: dict, own_ids: list[int]) -> bool:
    """Whether this reader's page, with a fresh form, is the one most readers see.

    The form must be blank too (see pages.page_cache.render_comment_form): not replying.
    See pages.page_cache.
    """
    return not initial and not own_ids and not request.user.is_authenticated


def _page_etag(request: HttpRequest, article: Article, own_ids: list[int], version: str) -> str:
    """Name this reader's version of the page; it changes with any change that shows on it."""
    parts = [
        article.pk, article.updated_at.isoformat(), version, get_language(),
        request.GET.urlencode(), own_ids, request.user.pk, request.META.get("CSRF_COOKIE", ""),
        time_bucket(),
    ]  # fmt: skip
    return versions_etag(parts)


def _initial_form_data(request: HttpRequest) -> dict:
    initial = {}  # remembered details are filled in by the page's script (static/js/own.js)
    if request.user.is_authenticated:
        initial["name"] = request.user.get_full_name() or request.user.get_username()
    reply_to = request.GET.get("replyto", "")
    if reply_to.isascii() and reply_to.isdigit():
        initial["parent"] = int(reply_to)
    return initial


def requested_comment_page(request: HttpRequest) -> int:
    """Return the page of threads the address asks for (?cpage=N), or 1."""
    raw_page = request.GET.get("cpage", "1")
    if raw_page.isascii() and raw_page.isdigit():
        return min(int(raw_page), MAX_COMMENT_PAGE)
    return 1
