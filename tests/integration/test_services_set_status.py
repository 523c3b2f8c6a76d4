"""comments_set_status: one decision on many comments keeps every article's count right."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from comments.models import Comment
from comments.services.decisions import comments_set_status
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db

PENDING, APPROVED, REMOVED = Comment.Status.PENDING, Comment.Status.APPROVED, Comment.Status.REMOVED


def decide(comments, status: str) -> int:
    return comments_set_status(ids=[c.pk for c in comments], to_status=status, actor=None,
                               source="admin")  # fmt: skip


def counts(*articles) -> list[int]:
    stored = dict(Article.objects.values_list("pk", "approved_comment_count"))
    return [stored[a.pk] for a in articles]


def test_each_article_gets_its_own_change(section):
    two, one, pingback = (make_article(section=section) for _ in range(3))
    make_comment(article=two)  # approved before: stays counted
    held = [make_comment(article=two, status=PENDING) for _ in range(2)]
    held.append(make_comment(article=one, status=PENDING))
    held.append(make_comment(article=pingback, status=PENDING, kind=Comment.Kind.PINGBACK))
    assert decide(held, APPROVED) == 4
    assert counts(two, one, pingback) == [3, 1, 0]
    assert decide(Comment.objects.all(), REMOVED) == 5
    assert counts(two, one, pingback) == [0, 0, 0]


def test_the_count_update_does_not_grow_a_branch_per_article(section):
    held = [make_comment(article=make_article(section=section), status=PENDING) for _ in range(30)]
    with CaptureQueriesContext(connection) as captured:
        decide(held, APPROVED)
    updates = [q["sql"] for q in captured if q["sql"].startswith('UPDATE "articles_article"')]
    assert len(updates) == 1
    assert updates[0].count("WHEN") == 1  # one branch per distinct change (+1), not per article
    assert set(Article.objects.values_list("approved_comment_count", flat=True)) == {1}
