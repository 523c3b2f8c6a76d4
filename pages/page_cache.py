"""The shared article page: cached once for most readers, with per-request holes filled on the way out.

Most readers see the same page: not signed in, not answering a comment, not sent back with
their held comment's own-comment token (their own comments and remembered details are filled in
by the page's script: comments.reader_cookies). Their page is cached as a skeleton with holes,
and what differs is filled per request: the CSRF token (signed-in users only: readers post
without one, see newsroom.csrf), the form's signed timestamp, the language switch's return
address, and the comment block, which has a cache entry of its own (comments.block.comment_block_html). So a new comment re-renders only the block,
not the article, its related articles and the form; and the block is stored once, not also
inside every page. The skeleton is keyed by the site's version (sections, social links,
moderation settings, any article's save), the article's edit time and a time bucket. Every other
reader's page is rendered fresh, through the same holes. A hole is a marker derived from the
secret key, so no text a reader types can open one.
"""

import re
from collections.abc import Callable
from functools import lru_cache

from crispy_forms.utils import render_crispy_form
from django.conf import settings
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.utils import translation
from django.utils.crypto import salted_hmac
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from articles.models import Article
from comments.forms import CommentForm, form_timestamp
from newsroom.versions import TIME_BUCKET_SECONDS, get_or_render, time_bucket

PAGE_KEY = "articles:page:{article_id}:{updated}:{site_version}:{language}:{origin}:{bucket}"


def secret_marker(name: str) -> str:
    """Return a marker for a hole in cached HTML that only the server can write.

    Derived from the secret key, so no text a reader or an editor types can contain one.
    """
    return "nrhole" + salted_hmac("newsroom.hole", name, algorithm="sha256").hexdigest()[:24]


TIMESTAMP_SENTINEL = secret_marker("form-timestamp")
CSRF_HOLE = secret_marker("csrf")
RETURN_PATH_HOLE = secret_marker("return-path")
COMMENT_BLOCK_HOLE = secret_marker("comment-block")
_HOLES = re.compile(f"({CSRF_HOLE}|{RETURN_PATH_HOLE}|{TIMESTAMP_SENTINEL}|{COMMENT_BLOCK_HOLE})")


def hole_context() -> dict[str, str]:
    """Template variables that render as holes instead of this request's values."""
    return {
        "csrf_token": CSRF_HOLE,
        "language_return_path": RETURN_PATH_HOLE,
        "comment_block": COMMENT_BLOCK_HOLE,
    }


def split_at_holes(html: str) -> list[str]:
    """Return the page as text pieces, with each hole as its own piece at an odd index."""
    return _HOLES.split(html)


def fill_holes(
    pieces: list[str], request: HttpRequest, article: Article, *, comment_block: str
) -> str:
    """Join the pieces with this request's values in the holes.

    Each value is made only if its hole is there: a CSRF token made for nothing would set a
    cookie, and a page that sets one is private (newsroom.edge_cache).
    """
    # A failed post shows the page at the post's address; the switch returns to the article.
    on_page = request.method in ("GET", "HEAD")
    values: dict[str, Callable[[], str]] = {
        CSRF_HOLE: lambda: get_token(request),
        RETURN_PATH_HOLE: lambda: escape(
            request.get_full_path() if on_page else article.get_absolute_url()
        ),
        TIMESTAMP_SENTINEL: lambda: form_timestamp(article),
        COMMENT_BLOCK_HOLE: lambda: comment_block,
    }
    made: dict[str, str] = {}  # one value per hole, however often it appears

    def value(hole: str) -> str:
        if hole not in made:
            made[hole] = values[hole]()
        return made[hole]

    return "".join(value(piece) if i % 2 else piece for i, piece in enumerate(pieces))


def shared_page_pieces(
    request: HttpRequest, article: Article, *, site_version: str, render: Callable[[], str]
) -> list[str]:
    """Return the shared page's pieces from the cache, rendering and storing them on a miss."""
    key = PAGE_KEY.format(
        article_id=article.pk, updated=article.updated_at.timestamp(), site_version=site_version,
        language=get_language(), origin=f"{request.scheme}://{request.get_host()}",
        bucket=time_bucket(),
    )  # fmt: skip

    def render_pieces() -> list[str]:
        return split_at_holes(render())

    return get_or_render(key, render_pieces, TIME_BUCKET_SECONDS, version=site_version)


@lru_cache(maxsize=len(settings.LANGUAGES) * 2)
def _blank_form_html(language: str) -> str:
    with translation.override(language):
        form = CommentForm(article=Article(), initial={"timestamp": TIMESTAMP_SENTINEL})
        return render_crispy_form(form, helper=form.helper)


def render_comment_form(form: CommentForm) -> str:
    """Render the form with crispy; a fresh, empty form reuses its rendering.

    Crispy costs several milliseconds per render; an empty form differs from the last one only
    by its signed timestamp, so its HTML is kept per language (like compiled templates are). Its
    timestamp is TIMESTAMP_SENTINEL, a hole fill_holes fills per request.
    """
    if form.is_bound or form.initial or "staff_voice" in form.fields:
        return mark_safe(render_crispy_form(form, helper=form.helper))  # widgets escape values
    return mark_safe(_blank_form_html(translation.get_language()))
