"""The comment endpoints beside the article page: permalink, more replies, unsubscribe, confirming
an email."""

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from articles.models import Article
from comments.forms import form_timestamp
from comments.models import Comment
from comments.notifications import comment_id_from_unsubscribe_token
from comments.reader_cookies import own_comment_ids
from comments.selectors import page_number_of
from comments.services.identity import ConfirmationResult, email_confirm
from comments.services.submit import ClientInfo
from comments.sorting import ThreadSort, default_sort, sort_query
from comments.threads import reply_thread, shows_on_article_page


def client_info(request: HttpRequest) -> ClientInfo:
    """Return who is posting, as far as the request tells."""
    return ClientInfo(
        ip=request.META.get("REMOTE_ADDR") or None,
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
        user=request.user if request.user.is_authenticated else None,
    )


def comment_location(
    comment: Comment, *, own_ids: list[int] | None = None, sort: ThreadSort | None = None
) -> str:
    """Return where this reader sees the comment: its page of the article, or its replies page.

    own_ids are the reader's comments: their own pending one is shown to them, and moves the
    threads after it on. A comment they cannot see sends them to the article. sort is the
    order of the page they came from (the default if None).
    """
    own_ids, sort = own_ids or [], sort or default_sort()
    url, anchor = comment.article.get_absolute_url(), f"#comment-{comment.pk}"
    if not _seen_by_reader(comment, own_ids):
        return url + anchor
    if comment.parent_id and not shows_on_article_page(comment, own_ids=own_ids):
        replies = reverse("comments:replies", args=[comment.parent_id])
        return f"{replies}?from={comment.pk}{anchor}"
    page = page_number_of(comment, own_ids=own_ids, sort=sort)
    query = [part for part in (f"cpage={page}" if page > 1 else "", sort_query(sort)) if part]
    return url + (f"?{'&'.join(query)}" if query else "") + anchor


def _seen_by_reader(comment: Comment, own_ids: list[int]) -> bool:
    own_pending = comment.pk in own_ids and comment.status == Comment.Status.PENDING
    return comment.is_public or own_pending


@require_GET
def comment_permalink(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = get_object_or_404(Comment.objects.public().select_related("article"), pk=comment_id)
    return redirect(comment_location(comment, own_ids=own_comment_ids(request)))


@require_GET
def comment_replies(request: HttpRequest, comment_id: int) -> HttpResponse:
    """Show a published comment with its replies (?from=ID: from that reply on), a bounded share."""
    public = Comment.objects.public().select_related("article", "thread")
    comment = get_object_or_404(public, pk=comment_id)
    own_ids = own_comment_ids(request)
    shown = reply_thread(comment, own_ids=own_ids, from_pk=_requested_pk(request, "from"))
    if shown is None:
        raise Http404
    context = {
        "comment": comment,
        "article": comment.article,
        "nodes": [shown],
        "back": comment_location(comment, own_ids=own_ids),
    }
    response = render(request, "comments/replies.html", context)
    patch_vary_headers(response, ["Cookie"])  # the reader's own pending replies are shown
    return response


def _requested_pk(request: HttpRequest, name: str) -> int | None:
    raw = request.GET.get(name, "")
    return int(raw) if raw.isascii() and raw.isdigit() else None


@require_GET
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Stop reply emails for one comment, from the signed link in the email."""
    comment_id = comment_id_from_unsubscribe_token(token)
    if comment_id is None:
        return render(request, "comments/unsubscribe.html", {"invalid": True}, status=400)
    Comment.objects.filter(pk=comment_id).update(notify_replies=False)
    return render(request, "comments/unsubscribe.html", {"invalid": False})


@never_cache
@require_GET
def fresh_form_timestamp(request: HttpRequest, article_id: int) -> JsonResponse:
    """A fresh signed timestamp for the form of a cached page, asked for when the reader types.

    The page a shared cache holds dates its form from when it was rendered; the bot check
    (too fast, too old) needs the time the reader opened it.
    """
    article = get_object_or_404(Article.objects.published().only("pk"), pk=article_id)
    return JsonResponse({"timestamp": form_timestamp(article)})


CONFIRMATION_STATUS = {
    ConfirmationResult.CONFIRMED: 200, ConfirmationResult.USED: 200,
    ConfirmationResult.EXPIRED: 410, ConfirmationResult.INVALID: 400,
}  # fmt: skip


@require_GET
def confirm_email(request: HttpRequest, token: str) -> HttpResponse:
    """Confirm a commenter's address from the signed link in the email (publishes nothing)."""
    result = email_confirm(token=token)
    return render(
        request, "comments/confirm_email.html", {"result": result.value},
        status=CONFIRMATION_STATUS[result],
    )  # fmt: skip
