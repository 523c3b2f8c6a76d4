"""Who may see which articles, decided in one place."""

from django.db import models
from django.utils import timezone


class ArticleQuerySet(models.QuerySet):
    def published(self) -> "ArticleQuerySet":
        """Return articles the public may read: published and not dated in the future."""
        return self.filter(status="published", published_at__lte=timezone.now())

    def in_section(self, section) -> "ArticleQuerySet":
        return self.filter(section=section)

    def newest_first(self) -> "ArticleQuerySet":
        return self.order_by("-published_at", "-pk")

    def own_pages(self) -> "ArticleQuerySet":
        """Return articles Newsroom shows as pages (not threads embedded on other sites)."""
        return self.filter(kind="page")

    def listed(self) -> "ArticleQuerySet":
        """Published articles as lists show them (pages, API): newest first, without bodies."""
        published = self.published().own_pages()
        return published.select_related("section").defer("body_html").newest_first()
