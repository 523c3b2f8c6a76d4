"""The comment vocabulary: who may see which comments."""

from django.db import models
from django.utils import timezone


class CommentQuerySet(models.QuerySet):
    def approved(self) -> "CommentQuerySet":
        return self.filter(status="approved")

    def counted(self) -> "CommentQuerySet":
        """Return the comments Article.approved_comment_count counts: approved reader comments."""
        return self.filter(status="approved", kind="comment")

    def pending(self) -> "CommentQuerySet":
        return self.filter(status="pending")

    def for_article(self, article) -> "CommentQuerySet":
        return self.filter(article=article)

    def oldest_first(self) -> "CommentQuerySet":
        return self.order_by("created_at", "pk")

    def public(self) -> "CommentQuerySet":
        """Return comments anyone may read: approved reader comments on published articles."""
        return self.counted().filter(
            article__status="published", article__published_at__lte=timezone.now()
        )

    def visible_to(self, *, own_ids: list[int]) -> "CommentQuerySet":
        """Return public comments plus the reader's own pending ones."""
        if not own_ids:  # most readers: a plain filter, cheaper to build than the OR
            return self.counted()
        return self.filter(
            models.Q(status="approved", kind="comment") | models.Q(pk__in=own_ids, status="pending")
        )
