"""A comment posted through a page's form: the article page's, or the embedded frame's."""

from typing import NamedTuple

from django.http import HttpRequest

from articles.models import Article
from comments.forms import CommentForm
from comments.limits import form_post_over_rate_limit
from comments.models import Comment
from comments.moderation import MESSAGE_FLOOD
from comments.services.submit import CommentRejected, comment_submit
from comments.views import client_info


class Posted(NamedTuple):
    """The stored comment, or None and the status of the refusal (its message is on the form)."""

    comment: Comment | None
    status: int


def form_comment_post(request: HttpRequest, article: Article, form: CommentForm) -> Posted:
    """Run a posted form through its checks, the posting rate and the pipeline."""
    if not form.is_valid():
        return Posted(None, 400)
    user_id = request.user.pk if request.user.is_authenticated else None
    if form_post_over_rate_limit(user_id=user_id, address=request.META.get("REMOTE_ADDR")):
        form.add_error(None, MESSAGE_FLOOD)
        return Posted(None, 429)
    try:
        comment = comment_submit(
            article=article, data=form.submission_data(), client=client_info(request),
            bot_check_failed=form.bot_check_failed,
        )  # fmt: skip
    except CommentRejected as rejected:
        form.add_error(None, rejected.verdict.message)
        return Posted(None, 429 if rejected.verdict.retry_after else 403)
    return Posted(comment, 201)
