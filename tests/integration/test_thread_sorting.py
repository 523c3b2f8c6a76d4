"""A thread's order on the page and in the API: oldest, newest or most useful first, in the URL."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from comments.models import Comment
from comments.sorting import ThreadSort
from comments.views import comment_location
from tests.factories import make_comment

pytestmark = pytest.mark.django_db

BASE = timezone.now() - timedelta(days=1)


def ids_on(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<li id="comment-(\d+)"', html)]


def get(client, article, query: str = "") -> str:
    return client.get(f"{article.get_absolute_url()}{query}").content.decode()


@pytest.fixture
def threads(article) -> list[Comment]:
    """Five threads: two useful ones (5 each, the later posted first), ties at 1 and at 0."""
    made = [
        make_comment(article=article, created_at=BASE + timedelta(minutes=m), body=f"موضوع-{m}")
        for m in range(5)
    ]
    for comment, count in zip(made, [1, 5, 0, 5, 1], strict=True):
        Comment.objects.filter(pk=comment.pk).update(useful_count=count)
    return made


def test_each_sort_orders_the_threads_with_its_tie_breaks(client, article, threads):
    a, b, c, d, e = (t.pk for t in threads)
    assert ids_on(get(client, article)) == [a, b, c, d, e]  # the default: oldest first
    assert ids_on(get(client, article, "?sort=oldest")) == [a, b, c, d, e]
    assert ids_on(get(client, article, "?sort=newest")) == [e, d, c, b, a]
    assert ids_on(get(client, article, "?sort=useful")) == [b, d, a, e, c]


def test_threads_of_one_moment_are_ordered_by_id_in_every_sort(client, article):
    same = [make_comment(article=article, created_at=BASE) for _ in range(3)]
    pks = [c.pk for c in same]
    assert ids_on(get(client, article, "?sort=useful")) == pks
    assert ids_on(get(client, article, "?sort=newest")) == pks[::-1]


def test_replies_stay_in_their_thread_oldest_first_whatever_the_sort(client, article, threads):
    late = make_comment(article=article, parent=threads[0], created_at=BASE + timedelta(hours=2))
    early = make_comment(article=article, parent=threads[0], created_at=BASE + timedelta(hours=1))
    Comment.objects.filter(pk=late.pk).update(useful_count=50)
    shown = ids_on(get(client, article, "?sort=useful"))
    at = shown.index(threads[0].pk)
    assert shown[at : at + 3] == [threads[0].pk, early.pk, late.pk]


def test_the_default_is_a_setting(client, article, threads, settings):
    settings.COMMENTS_DEFAULT_SORT = "useful"
    assert ids_on(get(client, article))[:2] == [threads[1].pk, threads[3].pk]
    assert ids_on(get(client, article, "?sort=oldest"))[0] == threads[0].pk


@pytest.mark.parametrize("raw", ["best", "", "USEFUL", "%00", "useful%20"])
def test_an_unknown_sort_shows_the_default_order(client, article, threads, raw):
    response = client.get(f"{article.get_absolute_url()}?sort={raw}")
    assert response.status_code == 200
    assert ids_on(response.content.decode())[0] == threads[0].pk


def test_the_switcher_names_each_order_in_arabic_and_marks_the_current(client, article, threads):
    html = get(client, article, "?sort=useful")
    path = article.get_absolute_url()
    assert f'href="{path}#comments">الأقدم</a>' in html
    assert f'href="{path}?sort=newest#comments">الأحدث</a>' in html
    assert f'href="{path}?sort=useful#comments" aria-current="true">الأكثر فائدة</a>' in html
    assert 'aria-label="ترتيب التعليقات"' in html


def test_the_switcher_in_english(article, threads):
    english = Client()
    english.cookies["django_language"] = "en"
    html = get(english, article)
    assert ">Oldest</a>" in html and ">Newest</a>" in html and ">Most useful</a>" in html


def test_page_links_keep_the_sort(client, article, threads, settings):
    settings.COMMENTS_PER_PAGE = 2
    first = get(client, article, "?sort=useful")
    assert 'href="?cpage=2&amp;sort=useful#comments"' in first
    second = get(client, article, "?cpage=2&sort=useful")
    assert ids_on(second) == [threads[0].pk, threads[4].pk]
    assert 'href="?cpage=1&amp;sort=useful#comments"' in second
    assert 'href="?cpage=2#comments"' in get(client, article)  # the default names no sort


def test_a_sorted_page_keeps_the_articles_canonical_address(client, article, threads, settings):
    html = get(client, article, "?sort=useful")
    canonical = (
        f'<link rel="canonical" href="{settings.NEWSROOM_SITE_URL}{article.get_absolute_url()}">'
    )
    assert canonical in html


def test_a_sorted_page_is_one_shared_answer_for_every_anonymous_reader(article, threads):
    url = f"{article.get_absolute_url()}?sort=useful"
    first = Client(REMOTE_ADDR="203.0.113.1").get(url)
    second = Client(REMOTE_ADDR="198.51.100.2").get(url)
    assert "public" in first["Cache-Control"] and f"article-{article.pk}" in first["xkey"]
    assert not first.cookies
    assert first.content == second.content


@pytest.mark.parametrize("sort", list(ThreadSort))
def test_every_thread_has_a_location_on_the_page_that_shows_it(client, article, settings, sort):
    settings.COMMENTS_PER_PAGE = 2
    same = BASE + timedelta(minutes=30)
    made = [make_comment(article=article, created_at=same) for _ in range(3)]
    made += [make_comment(article=article) for _ in range(3)]
    for comment, count in zip(made, [2, 2, 0, 2, 1, 0], strict=True):
        Comment.objects.filter(pk=comment.pk).update(useful_count=count)
    path = article.get_absolute_url()
    for comment in Comment.objects.filter(pk__in=[c.pk for c in made]).select_related("article"):
        location = comment_location(comment, sort=sort)
        query = location.removeprefix(path).partition("#")[0]
        assert f'<li id="comment-{comment.pk}"' in get(client, article, query), (sort, location)


def test_the_permalink_lands_on_the_page_of_the_default_sort(client, article, settings):
    settings.COMMENTS_PER_PAGE = 2
    settings.COMMENTS_DEFAULT_SORT = "useful"
    made = [make_comment(article=article) for _ in range(5)]
    Comment.objects.filter(pk=made[0].pk).update(useful_count=9)
    third = made[2]  # after made[0] (9) and made[1] (0, older)
    response = client.get(f"/comments/{third.pk}/")
    assert response["Location"] == f"{article.get_absolute_url()}?cpage=2#comment-{third.pk}"
    assert f'<li id="comment-{third.pk}"' in client.get(response["Location"]).content.decode()


# The API's list ------------------------------------------------------------------------------


def api_ids(client, article, **params) -> list[int]:
    response = client.get(f"/api/v1/articles/{article.pk}/comments/", params)
    assert response.status_code == 200, response.content
    return [c["id"] for c in response.json()["results"]]


def test_the_api_list_orders_as_asked(client, article, threads):
    a, b, c, d, e = (t.pk for t in threads)
    assert api_ids(client, article) == [a, b, c, d, e]
    assert api_ids(client, article, ordering="newest") == [e, d, c, b, a]
    assert api_ids(client, article, ordering="useful") == [b, d, a, e, c]
    counts = client.get(f"/api/v1/articles/{article.pk}/comments/", {"ordering": "useful"})
    assert [x["useful_count"] for x in counts.json()["results"]] == [5, 5, 1, 1, 0]


def test_the_api_pages_through_most_useful_first_without_losing_or_repeating(
    client, article, threads
):
    seen, params = [], {"ordering": "useful", "page_size": 2}
    url = f"/api/v1/articles/{article.pk}/comments/"
    while url:
        body = client.get(url, params).json()
        seen += [c["id"] for c in body["results"]]
        url, params = body["next"], {}
    a, b, c, d, e = (t.pk for t in threads)
    assert seen == [b, d, a, e, c]


@pytest.mark.parametrize("raw", ["best", "", "-useful", "useful,oldest"])
def test_an_unknown_api_ordering_is_a_400_that_names_the_choices(client, article, raw):
    response = client.get(
        f"/api/v1/articles/{article.pk}/comments/", {"ordering": raw}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["fields"] == {"ordering": ["Choose an order: oldest, newest or useful."]}
