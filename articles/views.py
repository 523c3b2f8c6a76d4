"""Public article pages: home, section, article."""

import hashlib
import time

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import quote_etag
from django.utils.translation import get_language

from articles.models import Article, Section
from articles.selectors import related_articles, social_links
from comments.cache import block_version
from comments.forms import CommentForm
from comments.reader import AUTHOR_COOKIE, own_comment_ids, remembered_author
from comments.selectors import comment_block_html

ARTICLES_PER_PAGE = 12
# Related articles change when a future-dated article goes live, without any save to notice.
ETAG_TIME_BUCKET_SECONDS = 300


def home(request: HttpRequest) -> HttpResponse:
    articles = Article.objects.published().select_related("section").newest_first()
    page = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "articles/home.html", {"page": page})


def section_detail(request: HttpRequest, slug: str) -> HttpResponse:
    section = get_object_or_404(Section, slug=slug)
    articles = Article.objects.published().in_section(section).select_related("section")
    page = Paginator(articles.newest_first(), ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "articles/section.html", {"section": section, "page": page})


def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = get_object_or_404(Article.objects.published().select_related("section"), slug=slug)
    return render_article_page(request, article)


def render_article_page(
    request: HttpRequest, article: Article, *, form: CommentForm | None = None, status: int = 200
) -> HttpResponse:
    """Render the article with its comments and the form (fresh, or bound with errors)."""
    own_ids = own_comment_ids(request)
    etag = _page_etag(request, article, own_ids) if form is None else None
    if etag and (not_modified := get_conditional_response(request, etag=etag)):
        return not_modified
    if form is None:
        form = CommentForm(article=article, initial=_initial_form_data(request))
    context = {
        "article": article,
        "related": related_articles(article),
        "social_links": social_links(),
        "comment_block": comment_block_html(request, article, own_ids=own_ids),
        "form": form,
    }
    response = render(request, "articles/article_detail.html", context, status=status)
    if etag:
        response["ETag"] = etag
        patch_vary_headers(response, ["Cookie", "Accept-Language"])
    return response


def _page_etag(request: HttpRequest, article: Article, own_ids: list[int]) -> str:
    """Name this reader's version of the page; it changes with any change that shows on it."""
    parts = [
        article.pk, article.updated_at.isoformat(), block_version(article.pk), get_language(),
        request.GET.urlencode(), own_ids, request.user.pk, request.COOKIES.get(AUTHOR_COOKIE, ""),
        request.META.get("CSRF_COOKIE", ""), int(time.time() // ETAG_TIME_BUCKET_SECONDS),
    ]  # fmt: skip
    return quote_etag(hashlib.sha256(repr(parts).encode()).hexdigest()[:32])


def _initial_form_data(request: HttpRequest) -> dict:
    initial = remembered_author(request)
    if request.user.is_authenticated and not initial.get("name"):
        initial["name"] = request.user.get_full_name() or request.user.get_username()
    reply_to = request.GET.get("replyto", "")
    if reply_to.isascii() and reply_to.isdigit():
        initial["parent"] = int(reply_to)
    return initial
