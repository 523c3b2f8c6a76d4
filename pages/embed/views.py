"""The embed's endpoints: the sites' script, the thread of a page by its address, its frame, its posts."""

from functools import lru_cache
from urllib.parse import urlencode

from django.conf import settings
from django.db import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import translation
from django.views.decorators.http import require_GET, require_POST

from articles.embedded import embedding_allowed, external_article_get_or_create, page_canonical_url
from articles.models import Article
from comments.forms import CommentForm
from comments.models import Comment
from comments.selectors import page_number_of
from newsroom.csrf import token_free_for_readers
from pages.embed.frame import frame_url, framed_by_nobody, render_frame
from pages.embed.reader_cookies import (
    own_comment_ids,
    remember_own_comment,
    update_remembered_author,
)
from pages.posting import form_comment_post

SCRIPT_PATH = ("static", "js", "embed.js")  # under BASE_DIR
SCRIPT_MAX_AGE = 24 * 3600  # the sites' script tag names no version: a day, then revalidated


@lru_cache(maxsize=1)
def _script_source() -> bytes:
    return settings.BASE_DIR.joinpath(*SCRIPT_PATH).read_bytes()


@require_GET
def embed_script(request: HttpRequest) -> HttpResponse:
    """Serve the script sites add to their pages, from a fixed address they can write once."""
    response = HttpResponse(_script_source(), content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = f"public, max-age={SCRIPT_MAX_AGE}"
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


def frame_language(raw: str) -> str:
    """Return the site language closest to the host page's (`ar-EG` -> `ar`), else the default."""
    languages = dict(settings.LANGUAGES)
    wanted = raw.strip().lower().replace("_", "-")
    for candidate in (wanted, wanted.partition("-")[0]):
        if candidate in languages:
            return candidate
    return settings.LANGUAGE_CODE


def _refused(request: HttpRequest, status: int) -> HttpResponse:
    html = render_to_string("embed/refused.html", {"status": status}, request=request)
    return framed_by_nobody(HttpResponse(html, status=status))


def _referring_origin_allowed(request: HttpRequest) -> bool:
    """Whether the page that opened the frame is on an allowed site (no Referer: the address decides).

    embed.js asks for the origin as Referer (referrerpolicy="origin"); a page elsewhere that
    names an allowed site's address is refused here, before any thread is made, as well as by
    frame-ancestors in the browser.
    """
    referer = request.headers.get("Referer")
    return referer is None or embedding_allowed(referer)


@require_GET
def embed_thread(request: HttpRequest) -> HttpResponse:
    """Find (or, the first time, make) the thread of the page at ?url=, and open its frame."""
    url = page_canonical_url(request.GET.get("url", ""))
    language = frame_language(request.GET.get("lang", ""))
    with translation.override(language):
        if url is None:
            return _refused(request, 400)
        if not embedding_allowed(url) or not _referring_origin_allowed(request):
            return _refused(request, 403)
        article = external_article_get_or_create(url=url, title=request.GET.get("title", ""))
    response = HttpResponseRedirect(frame_url(article, language))
    response["Cache-Control"] = "private, no-cache"  # refused or not depends on the Referer
    return response


def _frame_article(article_id: int, language: str) -> Article:
    if language not in dict(settings.LANGUAGES):
        raise Http404
    published = Article.objects.published().select_related("section")
    return get_object_or_404(published, pk=article_id)


@require_GET
def embed_frame(request: HttpRequest, article_id: int, language: str) -> HttpResponse:
    article = _frame_article(article_id, language)
    with translation.override(language):
        return render_frame(request, article, language=language)


@token_free_for_readers  # the frame is Newsroom's own page: its posts are same-origin
@require_POST
def embed_post(request: HttpRequest, article_id: int, language: str) -> HttpResponse:
    """Post a comment from the frame: the article page's form, rules and pipeline."""
    article = _frame_article(article_id, language)
    with translation.override(language):
        form = CommentForm(request.POST, article=article)
        comment, status = form_comment_post(request, article, form)
        if comment is None:
            return render_frame(request, article, language=language, form=form, status=status)
    response = HttpResponseRedirect(_frame_location(request, comment, language))
    remember_own_comment(request, response, comment.pk)
    update_remembered_author(
        request, response, data=form.cleaned_data, consent=form.cleaned_data["remember"]
    )
    return response


def _frame_location(request: HttpRequest, comment: Comment, language: str) -> str:
    """The frame's page where the author sees their comment (stored: a failure here is no 503)."""
    url, anchor = frame_url(comment.article, language), f"#comment-{comment.pk}"
    try:
        page = page_number_of(comment, own_ids=[*own_comment_ids(request), comment.pk])
    except DatabaseError:
        return url + anchor
    return f"{url}?{urlencode({'cpage': page})}{anchor}" if page > 1 else url + anchor
