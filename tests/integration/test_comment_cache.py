"""The cached comment block and conditional GET: fast, and never stale or poisoned."""

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article, SocialLink
from comments.models import Comment, ModerationSettings
from comments.services.decisions import comments_set_status
from tests.factories import make_article, make_comment, make_verified_email
from tests.integration.test_comment_form import form_data
from tests.queries import reads_comments

pytestmark = pytest.mark.django_db


def page(article, client=None) -> str:
    return (client or Client()).get(article.get_absolute_url()).content.decode()


def test_second_view_reuses_the_cached_block(article, django_assert_max_num_queries):
    for _ in range(20):
        make_comment(article=article)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as cold:
        page(article)
    with CaptureQueriesContext(connection) as warm:
        page(article)
    assert len(warm) < len(cold)
    assert not reads_comments(warm)


def decide(ids, to_status, capture):
    with capture(execute=True):
        comments_set_status(ids=ids, to_status=to_status, actor=None, source="admin")


def test_approving_a_comment_shows_it_to_everyone_at_once(
    article, django_capture_on_commit_callbacks
):
    pending = make_comment(article=article, status=Comment.Status.PENDING, body="رأي ينتظر")
    assert "رأي ينتظر" not in page(article)
    decide([pending.pk], "approved", django_capture_on_commit_callbacks)
    assert "رأي ينتظر" in page(article)


@pytest.mark.parametrize("to_status", ["removed", "spam", "pending"])
def test_every_decision_that_hides_a_comment_clears_the_block(
    article, to_status, django_capture_on_commit_callbacks
):
    shown = make_comment(article=article, body="تعليق سيختفي")
    assert "تعليق سيختفي" in page(article)
    decide([shown.pk], to_status, django_capture_on_commit_callbacks)
    assert "تعليق سيختفي" not in page(article)


def test_an_approved_submission_clears_the_block(article, django_capture_on_commit_callbacks):
    make_verified_email("known@example.com")
    make_comment(article=article, email="known@example.com")
    assert "رأي جديد" not in page(article)
    ModerationSettings.objects.update(flood_seconds=0)
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(
            reverse("pages:comment_post", args=[article.pk]),
            form_data(article, email="known@example.com", body="رأي جديد"),
        )
    assert Comment.objects.get(body="رأي جديد").status == Comment.Status.APPROVED
    assert "رأي جديد" in page(article)


def test_social_links_change_shows_at_once(article, django_capture_on_commit_callbacks):
    page(article)
    with django_capture_on_commit_callbacks(execute=True):
        SocialLink.objects.create(name="قناتنا", url="https://t.me/ourchannel")
    assert "https://t.me/ourchannel" in page(article)


def test_comment_mode_change_changes_the_page_etag(article, django_capture_on_commit_callbacks):
    reader = Client()
    reader.get(article.get_absolute_url())
    etag = reader.get(article.get_absolute_url())["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        article.comment_mode = Article.CommentMode.CLOSED
        article.save()
    response = reader.get(article.get_absolute_url(), headers={"if-none-match": etag})
    assert response.status_code == 200 and response["ETag"] != etag


def test_own_pending_comment_does_not_poison_the_cache(article):
    make_comment(article=article, body="تعليق منشور")
    poster = Client()
    posted = poster.post(
        reverse("pages:comment_post", args=[article.pk]), form_data(article, body="تعليقي المعلق")
    )
    own_page = posted["Location"]  # the private answer the post sends its author back to
    assert "تعليقي المعلق" in poster.get(own_page).content.decode()
    assert "تعليقي المعلق" not in page(article)
    assert "تعليقي المعلق" not in page(article, poster)  # their plain page is the shared one
    assert "تعليقي المعلق" in poster.get(own_page).content.decode()
    assert "تعليقي المعلق" not in Client().get(own_page).content.decode()  # a copied address


def test_conditional_get_answers_304_until_something_changes(
    article, django_capture_on_commit_callbacks
):
    reader = Client()
    reader.get(article.get_absolute_url())  # the first answer sets the CSRF cookie
    etag = reader.get(article.get_absolute_url())["ETag"]
    again = reader.get(article.get_absolute_url(), headers={"if-none-match": etag})
    assert again.status_code == 304
    make_comment(article=article, status=Comment.Status.PENDING)  # invisible: still 304
    assert (
        reader.get(article.get_absolute_url(), headers={"if-none-match": etag}).status_code == 304
    )
    ids = list(Comment.objects.values_list("pk", flat=True))
    decide(ids, "approved", django_capture_on_commit_callbacks)
    changed = reader.get(article.get_absolute_url(), headers={"if-none-match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_a_decision_across_articles_clears_each_of_their_blocks(
    section, django_capture_on_commit_callbacks
):
    articles = [make_article(section=section) for _ in range(3)]
    held = [
        make_comment(article=a, status="pending", body=f"رأي رقم {i}")
        for i, a in enumerate(articles)
    ]
    for article in articles:
        page(article)  # cache each page and block
    decide([c.pk for c in held], "approved", django_capture_on_commit_callbacks)
    for i, article in enumerate(articles):
        assert f"رأي رقم {i}" in page(article)
