"""The comment endpoints of the reader's page: post, permalink, unsubscribe."""

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from articles.models import Article
from articles.views import render_article_page
from comments.forms import CommentForm
from comments.models import Comment
from comments.notifications import comment_id_from_unsubscribe_token
from comments.reader import remember_own_comment, update_remembered_author
from comments.selectors import page_number_of
from comments.services import ClientInfo, CommentRejected, comment_submit


def client_info(request: HttpRequest) -> ClientInfo:
    """Return who is posting, as far as the request tells."""
    return ClientInfo(
        ip=request.META.get("REMOTE_ADDR") or None,
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
        user=request.user if request.user.is_authenticated else None,
    )


@require_POST
def comment_post(request: HttpRequest, article_id: int) -> HttpResponse:
    article = get_object_or_404(
        Article.objects.published().select_related("section"), pk=article_id
    )
    form = CommentForm(request.POST, article=article)
    if not form.is_valid():
        return render_article_page(request, article, form=form, status=400)
    try:
        comment = comment_submit(
            article=article, data=form.submission_data(), client=client_info(request),
            bot_check_failed=form.bot_check_failed,
        )  # fmt: skip
    except CommentRejected as rejected:
        form.add_error(None, rejected.verdict.message)
        status = 429 if rejected.verdict.retry_after else 403
        return render_article_page(request, article, form=form, status=status)
    response = HttpResponseRedirect(_comment_location(comment))
    remember_own_comment(request, response, comment.pk)
    update_remembered_author(
        response, data=form.cleaned_data, consent=form.cleaned_data["remember"]
    )
    return response


def _comment_location(comment: Comment) -> str:
    url = comment.article.get_absolute_url()
    if comment.is_public and (page := page_number_of(comment)) > 1:
        url += f"?cpage={page}"
    return f"{url}#comment-{comment.pk}"


@require_GET
def comment_permalink(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = get_object_or_404(Comment.objects.public().select_related("article"), pk=comment_id)
    return redirect(_comment_location(comment))


@require_GET
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Stop reply emails for one comment, from the signed link in the email."""
    comment_id = comment_id_from_unsubscribe_token(token)
    if comment_id is None:
        return render(request, "comments/unsubscribe.html", {"invalid": True}, status=400)
    Comment.objects.filter(pk=comment_id).update(notify_replies=False)
    return render(request, "comments/unsubscribe.html", {"invalid": False})
