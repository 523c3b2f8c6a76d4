"""The reader's own state beside the shared article page: the private endpoint and the edit page."""

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods

from articles.models import Article
from comments.forms import CommentEditForm
from comments.limits import form_post_over_rate_limit
from comments.models import Comment
from comments.moderation import MESSAGE_FLOOD
from comments.own import own_editable, own_pending_placed
from comments.reader_cookies import (
    own_comment_ids,
    remembered_author,
    with_own_token,
)
from comments.services.edit import (
    CommentEditRefused,
    comment_edit,
    comment_edit_deadline,
    comment_editable,
)
from comments.views import client_info, comment_location
from newsroom.csrf import token_free_for_readers


def _private(response: HttpResponse) -> HttpResponse:
    """Keep the answer out of every cache: it is this reader's alone."""
    patch_cache_control(response, private=True, no_store=True)
    patch_vary_headers(response, ["Cookie"])
    return response


def _positive_int(raw: str, default: int | None = None) -> int | None:
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 else default


@require_GET
def own_state(request: HttpRequest) -> HttpResponse:
    """Tell the page's script what this reader's cookies hold for the article they read."""
    own_ids, author = own_comment_ids(request), remembered_author(request)
    data: dict = {"comments": [], "editable": [], "author": author or None}
    article_id = _positive_int(request.GET.get("article", ""))
    if own_ids and article_id is not None:
        article = get_object_or_404(Article.objects.published(), pk=article_id)
        page_number = _positive_int(request.GET.get("cpage", ""), default=1) or 1
        data["comments"] = own_pending_placed(article, own_ids, page_number=page_number)
        data["editable"] = own_editable(article, own_ids, now=timezone.now())
    return _private(JsonResponse(data))


@token_free_for_readers  # a reader's browser proves the comment is theirs by its signed cookie
@require_http_methods(["GET", "POST"])
def comment_edit_page(request: HttpRequest, comment_id: int) -> HttpResponse:
    """Let the author correct their comment while its window is open (the page without script)."""
    comment = get_object_or_404(Comment.objects.select_related("article"), pk=comment_id)
    own_ids = own_comment_ids(request)
    if not comment_editable(comment, own_ids=own_ids, now=timezone.now()):
        return _edit_answer(request, comment, form=None, status=403)
    data = request.POST if request.method == "POST" else None
    form = CommentEditForm(data, initial={"body": comment.body})
    if request.method == "GET" or not form.is_valid():
        return _edit_answer(request, comment, form=form, status=200 if not form.errors else 400)
    user_id = request.user.pk if request.user.is_authenticated else None
    if form_post_over_rate_limit(user_id=user_id, address=request.META.get("REMOTE_ADDR")):
        form.add_error(None, MESSAGE_FLOOD)  # an edit runs the pipeline: it counts as a post
        return _edit_answer(request, comment, form=form, status=429)
    try:
        edited = comment_edit(
            comment=comment, body=form.cleaned_data["body"], own_ids=own_ids,
            client=client_info(request),
        )  # fmt: skip
    except CommentEditRefused as refused:
        form.add_error(None, refused.message)
        return _edit_answer(request, comment, form=form, status=403)
    return _private(HttpResponseRedirect(_location_after_edit(edited)))


def _edit_answer(request: HttpRequest, comment: Comment, *, form, status: int) -> HttpResponse:
    context = {
        "comment": comment, "form": form, "until": comment_edit_deadline(comment),
        "back": comment.article.get_absolute_url(),
    }  # fmt: skip
    return _private(render(request, "comments/edit.html", context, status=status))


def _location_after_edit(comment: Comment) -> str:
    """Where the author sees the corrected comment: a held one through its own-comment token."""
    location = comment_location(comment, own_ids=[comment.pk])
    pending = comment.status == Comment.Status.PENDING
    return with_own_token(location, comment.pk) if pending else location
