"""The article page's plain-SQL reads give what their ORM definitions give, on both databases."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, SocialLink
from articles.selectors import related_articles, related_links, social_links
from comments.models import Comment, ModerationSettings
from comments.policy import article_takes_comments
from comments.selectors import public_threads, shown_rows, thread_replies, thread_roots
from tests.factories import make_article, make_comment, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def mixed_threads(article):
    """Threads in every status and kind, replies in each, ties in time, another article's too."""
    same_time = timezone.now() - timedelta(hours=3)
    roots = [make_comment(article=article) for _ in range(6)]
    roots += [make_comment(article=article, created_at=same_time) for _ in range(3)]
    for status in Comment.Status:
        roots.append(make_comment(article=article, status=status))
    roots.append(make_comment(article=article, kind=Comment.Kind.PINGBACK))
    for i, root in enumerate(roots):
        reply = make_comment(article=article, parent=root)
        status = Comment.Status.PENDING if i % 2 else Comment.Status.APPROVED
        make_comment(article=article, parent=reply, status=status)
        make_comment(article=article, parent=root, status=Comment.Status.SPAM)
    make_comment(article=make_article(), body="مقال آخر")
    return roots


@pytest.mark.parametrize("newest_first", [False, True])
@pytest.mark.parametrize(("start", "shown"), [(0, 3), (4, 4), (8, 50), (0, 100), (40, 5)])
def test_public_threads_are_the_orm_threads(
    article, mixed_threads, settings, newest_first, start, shown
):
    settings.COMMENTS_NEWEST_FIRST = newest_first
    roots, replies = public_threads(article.pk, start=start, shown=shown)
    expected_roots = shown_rows(thread_roots(article, own_ids=[])[start : start + shown + 1])
    assert roots == expected_roots
    in_page = [root.pk for root in expected_roots[:shown]]
    assert sorted(replies) == sorted(shown_rows(thread_replies(in_page, own_ids=[])))


def test_public_threads_leave_out_the_replies_of_the_thread_past_the_page(article):
    first, second = make_comment(article=article), make_comment(article=article)
    make_comment(article=article, parent=first)
    past_the_page = make_comment(article=article, parent=second)
    roots, replies = public_threads(article.pk, start=0, shown=1)
    assert [root.pk for root in roots] == [first.pk, second.pk]  # the second: a next page exists
    assert past_the_page.pk not in [reply.pk for reply in replies] and len(replies) == 1


def test_times_come_back_aware_and_exact(article):
    comment = make_comment(article=article)
    reply = make_comment(article=article, parent=comment)
    (root,), (shown_reply,) = public_threads(article.pk, start=0, shown=5)
    assert timezone.is_aware(root.created_at) and root.created_at == comment.created_at
    assert shown_reply.created_at == reply.created_at


def test_related_links_hide_drafts_future_articles_and_the_article_itself(section):
    now = timezone.now()
    article = make_article(section=section, published_at=now - timedelta(hours=1))
    visible = make_article(section=section, published_at=now - timedelta(seconds=2))
    make_article(section=section, published_at=now + timedelta(seconds=30))  # not out yet
    make_article(section=section, status=Article.Status.DRAFT)
    links = related_links(article)
    assert [link.pk for link in links] == [visible.pk]
    assert links[0].url == visible.get_absolute_url()
    assert links[0].section_name == section.name


def test_related_links_fill_from_other_sections_up_to_the_limit(section, settings):
    settings.RELATED_ARTICLES_COUNT = 3
    article = make_article(section=section)
    same = make_article(section=section, published_at=timezone.now() - timedelta(days=3))
    others = [make_article(section=make_section()) for _ in range(4)]
    assert [link.pk for link in related_links(article)] == [same.pk, others[-1].pk, others[-2].pk]
    assert related_articles(article) == [same, others[-1], others[-2]]


def test_social_links_in_their_order():
    second = SocialLink.objects.create(name="ب", url="https://example.com/b", position=2)
    first = SocialLink.objects.create(name="أ", url="https://example.com/a", position=1)
    tied = SocialLink.objects.create(name="ج", url="https://example.com/c", position=2)
    assert [(link.name, link.url) for link in social_links()] == [
        (link.name, link.url) for link in (first, second, tied)
    ]


def test_closing_days_come_from_the_site_unless_the_article_sets_its_own(section):
    old = make_article(section=section, published_at=timezone.now() - timedelta(days=10))
    assert article_takes_comments(old)  # no settings row yet: the default keeps comments open
    ModerationSettings.objects.update_or_create(pk=1, defaults={"close_after_days": 7})
    assert not article_takes_comments(old)
    old.comments_close_after_days = 30
    with CaptureQueriesContext(connection) as captured:
        assert article_takes_comments(old)
    assert len(captured) == 0  # the article's own setting needs no read of the site's
