"""The comment endpoints beside the article page: permalink, unsubscribe, confirming an email."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from comments.models import Comment
from comments.notifications import comment_id_from_unsubscribe_token
from comments.selectors import page_number_of
from comments.services.identity import ConfirmationResult, email_confirm
from comments.services.submit import ClientInfo


def client_info(request: HttpRequest) -> ClientInfo:
    """Return who is posting, as far as the request tells."""
    return ClientInfo(
        ip=request.META.get("REMOTE_ADDR") or None,
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
        user=request.user if request.user.is_authenticated else None,
    )


def comment_location(comment: Comment) -> str:
    """Return where a comment shows: its page of the article (the article, if not public)."""
    url = comment.article.get_absolute_url()
    if comment.is_public and (page := page_number_of(comment)) > 1:
        url += f"?cpage={page}"
    return f"{url}#comment-{comment.pk}"


@require_GET
def comment_permalink(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = get_object_or_404(Comment.objects.public().select_related("article"), pk=comment_id)
    return redirect(comment_location(comment))


@require_GET
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Stop reply emails for one comment, from the signed link in the email."""
    comment_id = comment_id_from_unsubscribe_token(token)
    if comment_id is None:
        return render(request, "comments/unsubscribe.html", {"invalid": True}, status=400)
    Comment.objects.filter(pk=comment_id).update(notify_replies=False)
    return render(request, "comments/unsubscribe.html", {"invalid": False})


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
