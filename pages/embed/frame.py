"""The embedded thread's frame: the article's comment block and the form, framed by allowed sites only.

The same block (comments.block, the Jinja2 templates) and the same form as the article page,
in a page of their own. A reader with nothing of their own here (no pending comment, nothing
remembered, in the frame's partitioned cookies) gets the page every such reader gets, which a
shared cache may keep; anyone else's is private.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.csp import CSP

from articles.canonical import canonical_origin
from articles.models import Article
from comments.block import comment_block_html
from comments.forms import CommentForm
from comments.policy import article_takes_comments
from newsroom.edge_cache import article_key, section_key, share_at_edge
from newsroom.versions import block_version
from pages.article_page import requested_comment_page
from pages.embed.reader_cookies import own_comment_ids, remembered_author
from pages.page_cache import fill_holes, hole_context, split_at_holes

FRAME_TEMPLATE = "embed/thread.html"


def allowed_host_origins() -> list[str]:
    """The allowed sites' origins, in the one form CSP and postMessage compare."""
    origins = (canonical_origin(raw) for raw in settings.EMBED_ALLOWED_ORIGINS)
    return sorted({origin for origin in origins if origin})


def framed_by_allowed_sites(response: HttpResponse) -> HttpResponse:
    """Let only the allowed sites frame this answer (CSP frame-ancestors; no X-Frame-Options)."""
    ancestors = allowed_host_origins() or [CSP.NONE]
    response._csp_config = {**settings.SECURE_CSP, "frame-ancestors": ancestors}
    response.xframe_options_exempt = True  # old browsers without frame-ancestors get no frame
    return response


def framed_by_nobody(response: HttpResponse) -> HttpResponse:
    """Refuse this answer to every frame, the site's own included."""
    response._csp_config = {**settings.SECURE_CSP, "frame-ancestors": [CSP.NONE]}
    return response


def frame_url(article: Article, language: str) -> str:
    return reverse("pages:embed_frame", kwargs={"article_id": article.pk, "language": language})


def render_frame(
    request: HttpRequest,
    article: Article,
    *,
    language: str,
    form: CommentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """Render the frame with the comments and the form (fresh, or bound with errors)."""
    own_ids = own_comment_ids(request)
    initial = _initial_form_data(request) if form is None else {}
    shared = form is None and not initial and not own_ids and not request.user.is_authenticated
    version = block_version(article.pk)
    block = comment_block_html(
        article, page_number=requested_comment_page(request), version=version, own_ids=own_ids
    )
    shown_form = form if form is not None else CommentForm(article=article, initial=initial)
    here = frame_url(article, language)
    context = {
        "article": article,
        "form": shown_form,
        "takes_comments": article_takes_comments(article),
        "form_action": reverse(
            "pages:embed_post", kwargs={"article_id": article.pk, "language": language}
        ),
        "cancel_reply_url": here,
        "host_origins": " ".join(allowed_host_origins()),
        **hole_context(),
    }
    html = render_to_string(FRAME_TEMPLATE, context, request=request)
    response = HttpResponse(fill_holes(split_at_holes(html), request, article, comment_block=block))
    response.status_code = status
    patch_vary_headers(response, ["Cookie"])  # the reader's own pending comments are shown
    if shared:
        share_at_edge(response, [article_key(article.pk), section_key(article.section_id)])
    return framed_by_allowed_sites(response)


def _initial_form_data(request: HttpRequest) -> dict:
    initial = remembered_author(request)
    reply_to = request.GET.get("replyto", "")
    if reply_to.isascii() and reply_to.isdigit():
        initial["parent"] = int(reply_to)
    return initial
