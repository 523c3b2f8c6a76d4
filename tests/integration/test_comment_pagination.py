"""Comment pages by top-level thread, links that keep working, permalinks to the right page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from comments.forms import form_timestamp
from comments.models import Comment
from tests.factories import make_comment
from tests.integration.test_post_query_counts import MAX_QUERIES_PER_POST

pytestmark = pytest.mark.django_db


@pytest.fixture
def threads(article, settings):
    settings.COMMENTS_PER_PAGE = 3
    roots = [make_comment(article=article, body=f"موضوع-{i}") for i in range(7)]
    replies = {i: make_comment(article=article, parent=roots[i], body=f"رد-{i}") for i in (0, 4)}
    return roots, replies


def page(client, article, number: int) -> str:
    return client.get(f"{article.get_absolute_url()}?cpage={number}").content.decode()


def test_each_page_holds_a_bounded_number_of_threads_with_their_replies(client, article, threads):
    first, second, third = (page(client, article, n) for n in (1, 2, 3))
    assert all(f"موضوع-{i}<" in first for i in range(3)) and "موضوع-3<" not in first
    assert "رد-0<" in first and "رد-4<" not in first
    assert all(f"موضوع-{i}<" in second for i in range(3, 6)) and "رد-4<" in second
    assert "موضوع-6<" in third and "موضوع-5<" not in third


def test_links_lead_to_older_and_newer_pages(client, article, threads):
    first, third = page(client, article, 1), page(client, article, 3)
    assert "?cpage=2#comments" in first and "?cpage=0" not in first
    assert "?cpage=2#comments" in third and "?cpage=4" not in third


def test_pages_stay_put_as_new_comments_arrive(client, article, threads):
    before = page(client, article, 1)
    make_comment(article=article, body="موضوع-جديد")
    after = page(client, article, 1)
    assert "موضوع-جديد" not in after
    assert [f"موضوع-{i}<" in after for i in range(3)] == [f"موضوع-{i}<" in before for i in range(3)]
    assert "موضوع-جديد" in page(client, article, 3)


def test_newest_first_setting_reverses_the_pages(client, article, threads, settings):
    settings.COMMENTS_NEWEST_FIRST = True
    first = page(client, article, 1)
    assert "موضوع-6<" in first and "موضوع-0<" not in first


def test_a_permalink_lands_on_the_page_that_holds_the_comment(client, article, threads):
    roots, replies = threads
    response = client.get(reverse("comments:permalink", args=[replies[4].pk]))
    assert response["Location"] == f"{article.get_absolute_url()}?cpage=2#comment-{replies[4].pk}"
    first = client.get(reverse("comments:permalink", args=[roots[1].pk]))
    assert first["Location"] == f"{article.get_absolute_url()}#comment-{roots[1].pk}"


@pytest.mark.parametrize("raw", ["abc", "-1", "0", "99999999999999999999999", "⁰⁴⁵"])
def test_odd_page_numbers_never_fail(client, article, threads, raw):
    assert client.get(f"{article.get_absolute_url()}?cpage={raw}").status_code == 200


@pytest.mark.parametrize("newest_first", [False, True], ids=["oldest-first", "newest-first"])
def test_threads_sharing_a_time_across_a_page_boundary_have_permalinks_to_their_page(
    client, article, settings, newest_first
):
    settings.COMMENTS_PER_PAGE = 2
    settings.COMMENTS_NEWEST_FIRST = newest_first
    same_second = timezone.now() - timedelta(hours=1)
    twins = [make_comment(article=article, created_at=same_second) for _ in range(4)]
    for twin in twins:
        location = client.get(reverse("comments:permalink", args=[twin.pk]))["Location"]
        landed = client.get(location).content.decode()
        assert f'id="comment-{twin.pk}"' in landed, (twin.pk, location)


def held_post(client, article, **fields):
    data = {
        "name": "سلمى", "email": "new-reader@example.com", "body": "تعليق ينتظر المراجعة",
        "timestamp": form_timestamp(article), **fields,
    }  # fmt: skip
    return client.post(reverse("pages:comment_post", args=[article.pk]), data)


@pytest.mark.parametrize("newest_first", [False, True], ids=["oldest-first", "newest-first"])
def test_the_author_of_a_held_comment_lands_where_they_see_it(
    client, article, threads, settings, newest_first, django_assert_max_num_queries
):
    settings.COMMENTS_NEWEST_FIRST = newest_first
    with django_assert_max_num_queries(MAX_QUERIES_PER_POST):
        response = held_post(client, article)
    held = Comment.objects.get(status=Comment.Status.PENDING)
    assert response["Location"].endswith(f"#comment-{held.pk}")
    landed = client.get(response["Location"]).content.decode()
    assert f'id="comment-{held.pk}"' in landed and "تعليقك في انتظار المراجعة" in landed


def test_the_author_of_a_held_reply_on_a_later_page_lands_where_they_see_it(
    client, article, threads
):
    roots, _replies = threads
    response = held_post(client, article, parent=roots[5].pk)
    held = Comment.objects.get(status=Comment.Status.PENDING)
    address, anchor = response["Location"].split("#")
    assert address.startswith(f"{article.get_absolute_url()}?cpage=2&own=")  # its private page
    assert anchor == f"comment-{held.pk}"
    landed = client.get(response["Location"]).content.decode()
    assert "تعليقك في انتظار المراجعة" in landed


def test_a_reply_past_what_its_thread_shows_lands_on_its_replies_page(client, article, settings):
    settings.COMMENTS_REPLIES_PER_THREAD = 2
    root = make_comment(article=article)
    for i in range(3):
        make_comment(article=article, parent=root, body=f"رد-{i}")
    response = held_post(client, article, parent=root.pk)
    held = Comment.objects.get(status=Comment.Status.PENDING)
    assert reverse("comments:replies", args=[root.pk]) in response["Location"]
    landed = client.get(response["Location"]).content.decode()
    assert f'id="comment-{held.pk}"' in landed and "تعليقك في انتظار المراجعة" in landed
    permalink = client.get(reverse("comments:permalink", args=[root.pk]))
    assert permalink["Location"] == f"{article.get_absolute_url()}#comment-{root.pk}"
