"""The comment vocabulary: who may see which comments."""

from django.db import models
from django.db.models.expressions import RawSQL
from django.utils import timezone

from articles.models import Article

# Every comment of an article under one that is not public, however deep: the comments the
# page's tree drops (comments.threads.build_tree keeps a reply only under a shown parent).
_OUT_OF_CONTEXT_SQL = """
WITH RECURSIVE hidden(id) AS (
    SELECT id FROM {table} WHERE article_id = %s AND NOT (status = %s AND kind = %s)
    UNION ALL
    SELECT reply.id FROM {table} reply JOIN hidden ON reply.parent_id = hidden.id
)
SELECT id FROM hidden
"""


class CommentQuerySet(models.QuerySet):
    def _counted_filter(self) -> models.Q:
        """What Article.approved_comment_count counts: approved reader comments (not pings).

        comments.selectors.public_threads says the same in SQL, from the same choices.
        """
        return models.Q(status=self.model.Status.APPROVED, kind=self.model.Kind.COMMENT)

    def approved(self) -> "CommentQuerySet":
        return self.filter(status=self.model.Status.APPROVED)

    def counted(self) -> "CommentQuerySet":
        """Return the comments Article.approved_comment_count counts: approved reader comments."""
        return self.filter(self._counted_filter())

    def pending(self) -> "CommentQuerySet":
        return self.filter(status=self.model.Status.PENDING)

    def for_article(self, article) -> "CommentQuerySet":
        return self.filter(article=article)

    def oldest_first(self) -> "CommentQuerySet":
        return self.order_by("created_at", "pk")

    def public(self) -> "CommentQuerySet":
        """Return comments anyone may read: approved reader comments on published articles."""
        return self.counted().filter(
            article__status=Article.Status.PUBLISHED,
            article__published_at__lte=timezone.now(),
        )

    def in_public_context(self, *, article_id: int) -> "CommentQuerySet":
        """Leave out the article's replies below a comment that is not public, as the page does."""
        sql = _OUT_OF_CONTEXT_SQL.format(table=self.model._meta.db_table)
        public = (self.model.Status.APPROVED, self.model.Kind.COMMENT)
        return self.exclude(pk__in=RawSQL(sql, (article_id, *public)))

    def visible_to(self, *, own_ids: list[int]) -> "CommentQuerySet":
        """Return public comments plus the reader's own pending ones."""
        if not own_ids:  # most readers: a plain filter, cheaper to build than the OR
            return self.counted()
        own_pending = models.Q(pk__in=own_ids, status=self.model.Status.PENDING)
        return self.filter(self._counted_filter() | own_pending)
