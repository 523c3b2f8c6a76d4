"""The denormalized approved-comment count of articles, kept right by every path that moves one."""

from collections import defaultdict

from django.db.models import Case, Count, F, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce

from articles.models import Article
from comments.models import Comment
from newsroom.versions import comment_block_invalidate


def approved_counts_adjust(deltas: dict[int, int]) -> None:
    """Add each delta to its article's approved-comment count, in one UPDATE."""
    by_delta: defaultdict[int, list[int]] = defaultdict(list)
    for pk, delta in deltas.items():
        if delta:
            by_delta[delta].append(pk)
    if not by_delta:
        return
    # One branch per distinct delta (mostly just +1 or -1), not per article: a branch per
    # article makes a decision on n comments cost n x n to build and to run.
    change = Case(
        *(When(pk__in=pks, then=Value(d)) for d, pks in by_delta.items()), default=Value(0)
    )
    Article.objects.filter(pk__in=[pk for pks in by_delta.values() for pk in pks]).update(
        approved_comment_count=F("approved_comment_count") + change
    )


def approved_counts_refresh(*, article_ids: set[int]) -> None:
    """Recount the approved comments of these articles in one UPDATE, and refresh their pages."""
    if not article_ids:
        return
    public = (
        Comment.objects.counted()
        .filter(article=OuterRef("pk"))
        .order_by()
        .values("article")
        .annotate(n=Count("pk"))
        .values("n")
    )
    Article.objects.filter(pk__in=article_ids).update(
        approved_comment_count=Coalesce(Subquery(public), Value(0))
    )
    comment_block_invalidate(*article_ids)
