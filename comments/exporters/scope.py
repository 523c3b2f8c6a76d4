"""Which articles and comments an export covers."""

from datetime import datetime

from django.db.models import Exists, OuterRef, QuerySet

from articles.models import Article
from comments.models import Comment

PERSONAL_FIELDS = ("email", "ip_address", "user_agent")


def export_scope(
    *, article_id: int | None = None, since: datetime | None = None
) -> tuple[QuerySet[Article], QuerySet[Comment]]:
    """Return the articles and comments to export, each in a stable order."""
    articles = Article.objects.all()
    comments = Comment.objects.all()
    if article_id is not None:
        articles = articles.filter(pk=article_id)
        comments = comments.filter(article_id=article_id)
    if since is not None:
        comments = comments.filter(created_at__gte=since)
        articles = articles.filter(Exists(comments.filter(article=OuterRef("pk"))))
    return articles.order_by("pk"), comments.order_by("article_id", "created_at", "pk")
