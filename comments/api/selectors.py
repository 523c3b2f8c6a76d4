"""Read-only queries behind the comment endpoints, each one query whatever the size."""

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from articles.models import Article
from comments.models import Comment, ModerationEvent


def _public_reply_counts() -> Subquery:
    replies = (
        Comment.objects.public()
        .filter(parent=OuterRef("pk"))
        .order_by()
        .values("parent")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(replies, output_field=IntegerField()), 0)


def article_public_comments(article: Article) -> QuerySet[Comment]:
    """Return the article's public comments with reply_count; a reply hides with its context."""
    return (
        Comment.objects.public()
        .for_article(article)
        .in_public_context(article_id=article.pk)
        .annotate(reply_count=_public_reply_counts())
    )


def article_picked_comments(article: Article) -> QuerySet[Comment]:
    """Return the article's public comments that are editors' picks, as the list shows them."""
    return article_public_comments(article).filter(is_pick=True)


def moderation_comments() -> QuerySet[Comment]:
    """Return every comment, with what the moderators' list shows, in one query per page."""
    return Comment.objects.select_related("article").defer("article__body_html")


def comment_events(comment: Comment) -> QuerySet[ModerationEvent]:
    return comment.events.select_related("actor").order_by("created_at", "pk")
