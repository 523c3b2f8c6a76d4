"""What a page shows of a thread: every approved reply, within a bound, the rest one link away."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comments.forms import form_timestamp
from tests.factories import make_comment

pytestmark = pytest.mark.django_db

SHOWN_ID = re.compile(r'<li id="comment-(\d+)"')
MORE_LINK = re.compile(r'<a class="nr-more-replies[^"]*" href="([^"]+)"')
MAX_QUERIES_PER_PAGE = 8


def shown_ids(html: str) -> list[int]:
    return [int(pk) for pk in SHOWN_ID.findall(html)]


def api_ids(client: Client, article) -> set[int]:
    """Every comment the API lists for the article, following its cursor to the end."""
    ids: set[int] = set()
    url = f"/api/v1/articles/{article.pk}/comments/?page_size=100"
    while url:
        data = client.get(url).json()
        ids.update(item["id"] for item in data["results"])
        url = data["next"]
    return ids


def reachable_ids(client: Client, article, *, most_pages: int = 200) -> set[int]:
    """The comments a reader finds on the article page and behind its "more replies" links."""
    to_visit, seen, ids = [article.get_absolute_url()], set(), set()
    while to_visit and len(seen) < most_pages:
        url = to_visit.pop()
        if url in seen:
            continue
        seen.add(url)
        html = client.get(url).content.decode()
        ids.update(shown_ids(html))
        to_visit.extend(link.replace("&amp;", "&") for link in MORE_LINK.findall(html))
    return ids


def chain(article, length: int, *, root=None) -> list:
    """A reply to a reply to a reply..., length deep under one thread."""
    comments = [root or make_comment(article=article, body="بداية السلسلة")]
    for i in range(length):
        comments.append(make_comment(article=article, parent=comments[-1], body=f"حلقة-{i}"))
    return comments


def test_a_reply_dated_before_the_reply_it_answers_is_still_shown(client, article):
    root = make_comment(article=article, body="الأصل")
    answer = make_comment(article=article, parent=root, body="الجواب")
    make_comment(
        article=article, parent=answer, body="جواب-الجواب",
        created_at=root.created_at - timedelta(minutes=5),
    )  # fmt: skip
    html = client.get(article.get_absolute_url()).content.decode()
    assert "جواب-الجواب" in html and len(shown_ids(html)) == 3
    assert set(shown_ids(html)) == api_ids(client, article)


def test_imported_dates_in_any_order_still_show_every_comment_the_api_lists(client, article):
    start = timezone.now() - timedelta(days=2)
    comments = chain(article, 6)
    for offset, comment in zip([9, 3, 7, 1, 8, 2, 5], comments, strict=True):
        type(comment).objects.filter(pk=comment.pk).update(
            created_at=start + timedelta(hours=offset)
        )
    assert set(shown_ids(client.get(article.get_absolute_url()).content.decode())) == api_ids(
        client, article
    )


def test_a_deep_chain_shows_a_bounded_part_and_links_to_the_rest(
    client, article, settings, django_assert_max_num_queries
):
    settings.COMMENTS_REPLIES_PER_THREAD = 10
    comments = chain(article, 60)
    with django_assert_max_num_queries(MAX_QUERIES_PER_PAGE):
        html = client.get(article.get_absolute_url()).content.decode()
    assert len(shown_ids(html)) == 1 + 10
    links = MORE_LINK.findall(html)
    assert links == [
        f"{reverse('comments:replies', args=[comments[10].pk])}?from={comments[11].pk}"
    ]
    assert "المزيد من الردود" in html
    with django_assert_max_num_queries(MAX_QUERIES_PER_PAGE):
        rest = client.get(links[0])
    assert rest.status_code == 200
    assert shown_ids(rest.content.decode()) == [c.pk for c in comments[10:21]]
    assert reachable_ids(client, article) == api_ids(client, article) == {c.pk for c in comments}


def test_a_wide_thread_pages_its_replies_behind_the_link(client, article, settings):
    settings.COMMENTS_REPLIES_PER_THREAD = 4
    root = make_comment(article=article, body="موضوع واسع")
    replies = [make_comment(article=article, parent=root, body=f"رد-{i}") for i in range(11)]
    html = client.get(article.get_absolute_url()).content.decode()
    assert shown_ids(html) == [root.pk, *[r.pk for r in replies[:4]]]
    (link,) = MORE_LINK.findall(html)
    second = client.get(link.replace("&amp;", "&")).content.decode()
    assert shown_ids(second) == [root.pk, *[r.pk for r in replies[4:8]]]
    assert reachable_ids(client, article) == api_ids(client, article)


def test_a_page_of_long_threads_stays_small_and_bounded_in_queries(
    client, article, settings, django_assert_max_num_queries
):
    settings.COMMENTS_PER_PAGE = 3
    settings.COMMENTS_REPLIES_PER_THREAD = 5
    for _ in range(3):
        chain(article, 40)
    with django_assert_max_num_queries(MAX_QUERIES_PER_PAGE):
        html = client.get(article.get_absolute_url()).content.decode()
    assert len(shown_ids(html)) == 3 * (1 + 5)
    assert len(MORE_LINK.findall(html)) == 3


def test_the_more_replies_link_is_translated(client, article, settings):
    settings.COMMENTS_REPLIES_PER_THREAD = 1
    chain(article, 3)
    arabic = client.get(article.get_absolute_url()).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = client.get(article.get_absolute_url()).content.decode()
    assert "المزيد من الردود" in arabic and "More replies" not in arabic
    assert "More replies" in english and "المزيد من الردود" not in english


def test_the_replies_page_refuses_what_is_not_public(client, article):
    held = make_comment(article=article, status="pending")
    assert client.get(reverse("comments:replies", args=[held.pk])).status_code == 404
    assert client.get(reverse("comments:replies", args=[987654])).status_code == 404


@pytest.mark.parametrize("raw", ["abc", "-1", "99999999999999999999999", "٣"])
def test_odd_from_values_never_fail(client, article, raw):
    root = make_comment(article=article)
    make_comment(article=article, parent=root, body="رد")
    response = client.get(f"{reverse('comments:replies', args=[root.pk])}?from={raw}")
    assert response.status_code == 200 and "رد" in response.content.decode()


def test_the_replies_page_shows_the_readers_own_held_reply_to_them_alone(client, article):
    root = make_comment(article=article)
    response = client.post(
        reverse("pages:comment_post", args=[article.pk]),
        {"name": "سلمى", "email": "salma@example.com", "body": "رد ينتظر", "parent": root.pk,
         "timestamp": form_timestamp(article)},
    )  # fmt: skip
    assert response.status_code == 302
    url = reverse("comments:replies", args=[root.pk])
    assert "تعليقك في انتظار المراجعة" in client.get(url).content.decode()
    assert "رد ينتظر" not in Client().get(url).content.decode()


def test_the_replies_page_hides_what_hangs_from_a_removed_comment(client, article):
    root = make_comment(article=article)
    middle = make_comment(article=article, parent=root)
    below = make_comment(article=article, parent=middle, body="تحت المحذوف")
    make_comment(article=article, parent=below, body="أعمق")
    type(middle).objects.filter(pk=middle.pk).update(status="removed")
    assert client.get(reverse("comments:replies", args=[below.pk])).status_code == 404
    type(middle).objects.filter(pk=middle.pk).update(status="approved")
    type(root).objects.filter(pk=root.pk).update(status="removed")
    assert client.get(reverse("comments:replies", args=[below.pk])).status_code == 404
