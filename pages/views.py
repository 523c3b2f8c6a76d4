"""The article page's endpoints: read it, and post a comment whose failure shows it again."""

from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

from articles.models import Article
from comments.forms import CommentForm
from comments.models import Comment
from comments.reader_cookies import (
    mark_state_if_missing,
    remember_own_comment,
    update_remembered_author,
    with_own_token,
)
from comments.views import comment_location
from newsroom.csrf import token_free_for_readers
from pages.article_page import render_article_page
from pages.posting import form_comment_post


def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    shown = Article.objects.published().own_pages().select_related("section")
    article = get_object_or_404(shown, slug=slug)
    response = render_article_page(request, article)
    mark_state_if_missing(request, response)
    return response


@token_free_for_readers  # the form is in a page shared by every reader
@require_POST
def comment_post(request: HttpRequest, article_id: int) -> HttpResponse:
    article = get_object_or_404(
        Article.objects.published().select_related("section"), pk=article_id
    )
    form = CommentForm(request.POST, article=article, user=request.user)
    comment, status = form_comment_post(request, article, form)
    if comment is None:
        return render_article_page(request, article, form=form, status=status)
    response = HttpResponseRedirect(_location_after_posting(comment))
    remember_own_comment(request, response, comment.pk)
    update_remembered_author(
        response, data=form.cleaned_data, consent=form.cleaned_data["remember"]
    )
    return response


def _location_after_posting(comment: Comment) -> str:
    """Where the author sees the comment they posted (their held one is shown to them alone).

    A held comment's address carries its own-comment token: that answer is private and shows
    it, also without the page's script (comments.reader_cookies).

    The comment is stored by now: if the database fails while this is worked out, the answer
    must still say it was received, not 503, or the reader's retry is refused as a duplicate of
    what was kept. The article itself is then the address.
    """
    try:
        location = comment_location(comment, own_ids=[comment.pk])
    except DatabaseError:
        location = f"{comment.article.get_absolute_url()}#comment-{comment.pk}"
    pending = comment.status == Comment.Status.PENDING
    return with_own_token(location, comment.pk) if pending else location
