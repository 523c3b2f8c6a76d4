"""POST/DELETE /api/v1/comments/{id}/reactions/: a reader finds a comment useful, or takes it back."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from comments.models import Comment, CommentReaction
from tests.factories import make_comment, make_comments_bulk, make_user

pytestmark = pytest.mark.django_db


def url(comment_id: int) -> str:
    return reverse("api:comment-reactions", args=[comment_id])


def react(client, comment, method: str = "post", **extra):
    return getattr(client, method)(url(comment.pk), content_type="application/json", **extra)


def test_a_reader_is_counted_once_however_often_they_post(client, comment):
    first = react(client, comment)
    assert first.status_code == 200
    assert first.json() == {"comment": comment.pk, "pressed": True, "useful_count": 1}
    assert react(client, comment).json()["useful_count"] == 1
    assert react(client, comment, REMOTE_ADDR="198.51.100.3").json()["useful_count"] == 2
    assert Comment.objects.get(pk=comment.pk).useful_count == 2


def test_delete_takes_back_only_this_readers_reaction(client, comment):
    react(client, comment)
    react(client, comment, REMOTE_ADDR="198.51.100.3")
    taken = react(client, comment, "delete")
    assert taken.status_code == 200
    assert taken.json() == {"comment": comment.pk, "pressed": False, "useful_count": 1}
    assert react(client, comment, "delete").json()["useful_count"] == 1  # nothing left to take
    assert CommentReaction.objects.count() == 1


def test_the_page_and_the_api_see_the_same_reader(client, comment):
    client.post(reverse("comments:useful", args=[comment.pk]))
    assert react(client, comment).json()["useful_count"] == 1  # already counted on the page
    assert react(client, comment, "delete").json()["useful_count"] == 0


def test_a_reader_with_a_token_is_their_account(client, comment):
    token = Token.objects.create(user=make_user()).key
    signed = {"HTTP_AUTHORIZATION": f"Token {token}"}
    react(client, comment, REMOTE_ADDR="203.0.113.1", **signed)
    assert react(client, comment, REMOTE_ADDR="198.51.100.9", **signed).json()["useful_count"] == 1
    assert CommentReaction.objects.get().reader_key.startswith("user:")


@pytest.mark.parametrize(
    "status", [Comment.Status.PENDING, Comment.Status.SPAM, Comment.Status.REMOVED]
)
def test_only_published_comments_take_a_reaction(client, article, status):
    hidden = make_comment(article=article, status=status)
    for method in ("post", "delete"):
        response = react(client, hidden, method)
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"
    assert not CommentReaction.objects.exists()


def test_an_unknown_comment_is_a_404(client, db):
    assert client.post(url(987654321)).status_code == 404


def test_without_an_address_it_is_refused(client, comment):
    response = react(client, comment, REMOTE_ADDR="")
    assert response.status_code == 403
    assert not CommentReaction.objects.exists()


def test_reactions_are_throttled_per_reader(client, article, settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {**rates, "reaction": "3/hour"},
    }  # fmt: skip
    shown = make_comment(article=article)
    codes = [react(client, shown, method).status_code for method in ("post", "delete", "post")]
    assert codes == [200, 200, 200]
    limited = react(client, shown, "delete")
    assert limited.status_code == 429 and int(limited["Retry-After"]) > 0
    assert limited.json()["error"]["code"] == "throttled"
    assert Comment.objects.get(pk=shown.pk).useful_count == 1  # the refused delete changed nothing
    assert react(client, shown, REMOTE_ADDR="198.51.100.4").status_code == 200


def test_the_answer_never_says_who_reacted(client, comment):
    react(client, comment, REMOTE_ADDR="203.0.113.66")
    answer = react(client, comment, REMOTE_ADDR="198.51.100.5").content.decode()
    stored = CommentReaction.objects.values_list("reader_key", flat=True)
    assert all(key.removeprefix("ip:") not in answer for key in stored)
    assert "203.0.113.66" not in answer and "198.51.100.5" not in answer


def test_the_public_list_shows_the_count(client, comment):
    react(client, comment)
    listed = client.get(f"/api/v1/articles/{comment.article_id}/comments/").json()["results"]
    assert listed[0]["useful_count"] == 1  # the cached first page was renewed by the reaction


@pytest.mark.parametrize("count", [5, 500])
def test_a_reaction_costs_the_same_queries_whatever_the_size(
    client, article, count, django_assert_max_num_queries
):
    target = make_comments_bulk(article=article, count=count)[-1]
    react(client, target, REMOTE_ADDR="198.51.100.8")
    with django_assert_max_num_queries(10):
        assert react(client, target).status_code == 200
    with django_assert_max_num_queries(8):
        assert react(client, target, "delete").status_code == 200


@pytest.mark.parametrize("count", [5, 500])
def test_the_list_most_useful_first_costs_the_same_queries(
    client, article, count, django_assert_max_num_queries
):
    make_comments_bulk(article=article, count=count)
    with django_assert_max_num_queries(2):
        response = client.get(
            f"/api/v1/articles/{article.pk}/comments/", {"ordering": "useful", "page_size": 100}
        )
    assert len(response.json()["results"]) == min(count, 100)


def test_a_page_of_another_site_cannot_react_for_the_reader(comment):
    guarded = Client(enforce_csrf_checks=True)
    cross_site = {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "https://attacker.example"}
    for method in ("post", "delete"):
        response = getattr(guarded, method)(url(comment.pk), **cross_site)
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "permission_denied"
    assert not CommentReaction.objects.exists()
    old_browser = guarded.post(url(comment.pk), HTTP_ORIGIN="https://attacker.example")
    assert old_browser.status_code == 403


def test_an_app_and_the_sites_own_pages_may_react(comment):
    guarded = Client(enforce_csrf_checks=True)
    assert guarded.post(url(comment.pk)).status_code == 200  # an app: no browser headers
    same = {"HTTP_SEC_FETCH_SITE": "same-origin", "HTTP_ORIGIN": "http://testserver"}
    assert guarded.delete(url(comment.pk), **same).json()["useful_count"] == 0
