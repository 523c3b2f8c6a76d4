"""The "useful" (مفيد) press on the page: counted once per reader, undone by a second press, shown
in the shared page, never saying who pressed; the private endpoint that tells a reader their own."""

import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client, RequestFactory
from django.urls import reverse

from comments.models import Comment, CommentReaction
from comments.reporters import reporter_key
from comments.services.reactions import reaction_add, reaction_remove, reaction_toggle
from newsroom.versions import block_version
from tests.factories import make_comment, make_comments_bulk, make_user
from tests.integration.test_edge_headers import purge_target  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

SAME_SITE = {"HTTP_SEC_FETCH_SITE": "same-origin", "HTTP_ORIGIN": "http://testserver"}
CROSS_SITE = {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "https://attacker.example"}
JSON = {"HTTP_ACCEPT": "application/json"}


def useful_url(comment) -> str:
    return reverse("comments:useful", args=[comment.pk])


def press(comment, *, ip: str = "203.0.113.1", client=None, data=None, **headers):
    client = client or Client(enforce_csrf_checks=True)
    return client.post(useful_url(comment), data or {}, REMOTE_ADDR=ip, **SAME_SITE, **headers)


def mine(comment_ids, *, ip: str = "203.0.113.1", client=None):
    client = client or Client()
    ids = ",".join(str(pk) for pk in comment_ids)
    return client.get(reverse("comments:my_reactions"), {"ids": ids}, REMOTE_ADDR=ip)


def reporter_key_for(ip: str) -> str:
    request = RequestFactory().get("/", REMOTE_ADDR=ip)
    request.user = AnonymousUser()
    return reporter_key(request)


def comments_section(html: str) -> str:
    return html[html.index('id="comments"') : html.index('id="respond"')]


# The press without script -------------------------------------------------------------------


def test_each_published_comment_has_a_useful_form_showing_its_count(client, article):
    shown = make_comment(article=article)
    Comment.objects.filter(pk=shown.pk).update(useful_count=12)
    html = comments_section(client.get(article.get_absolute_url()).content.decode())
    assert f'action="{useful_url(shown)}"' in html and 'method="post"' in html
    assert 'class="nr-useful-count">١٢</span>' in html  # Arabic digits on the Arabic page
    assert "مفيد" in html


def test_a_press_counts_the_reader_and_comes_back_to_the_comment(client, article):
    shown = make_comment(article=article)
    response = press(shown)
    assert response.status_code == 303
    assert response["Location"] == f"{article.get_absolute_url()}#comment-{shown.pk}"
    assert Comment.objects.get(pk=shown.pk).useful_count == 1
    page = comments_section(client.get(response["Location"]).content.decode())
    assert 'class="nr-useful-count">١</span>' in page  # the cached block was renewed


def test_the_second_press_of_the_same_reader_takes_it_back(article):
    shown = make_comment(article=article)
    press(shown)
    press(shown)
    assert Comment.objects.get(pk=shown.pk).useful_count == 0
    assert not CommentReaction.objects.exists()
    press(shown)
    assert Comment.objects.get(pk=shown.pk).useful_count == 1


def test_the_count_is_the_number_of_distinct_readers(article):
    shown = make_comment(article=article)
    for ip in ("203.0.113.1", "203.0.113.2", "198.51.100.7"):
        press(shown, ip=ip)
    press(shown, ip="2001:db8:1:2::1")
    press(shown, ip="2001:db8:1:2::99")  # the same IPv6 /64: the same reader, so it undoes
    assert Comment.objects.get(pk=shown.pk).useful_count == 3
    assert CommentReaction.objects.count() == 3


def test_a_press_from_a_sorted_page_comes_back_to_that_page(client, article, settings):
    settings.COMMENTS_PER_PAGE = 2
    old, middle, new = (make_comment(article=article) for _ in range(3))
    Comment.objects.filter(pk=old.pk).update(useful_count=5)
    Comment.objects.filter(pk=middle.pk).update(useful_count=4)
    html = client.get(f"{article.get_absolute_url()}?sort=useful").content.decode()
    assert '<input type="hidden" name="sort" value="useful">' in html
    response = press(new, data={"sort": "useful"})
    # In "most useful" order new (now 1) comes third: page 2 of that order.
    assert response["Location"] == (
        f"{article.get_absolute_url()}?cpage=2&sort=useful#comment-{new.pk}"
    )


def test_a_signed_in_reader_is_one_reader_from_any_address(client, article):
    shown = make_comment(article=article)
    client.force_login(make_user())
    client.post(useful_url(shown), REMOTE_ADDR="203.0.113.1")
    client.post(useful_url(shown), REMOTE_ADDR="198.51.100.2")
    assert Comment.objects.get(pk=shown.pk).useful_count == 0
    assert not CommentReaction.objects.exists()


@pytest.mark.parametrize(
    "status", [Comment.Status.PENDING, Comment.Status.SPAM, Comment.Status.REMOVED]
)
def test_only_published_comments_take_a_press(article, status):
    hidden = make_comment(article=article, status=status)
    assert press(hidden).status_code == 404
    assert not CommentReaction.objects.exists()


def test_a_cross_site_press_is_refused(article):
    shown = make_comment(article=article)
    response = Client(enforce_csrf_checks=True).post(
        useful_url(shown), REMOTE_ADDR="203.0.113.1", **CROSS_SITE
    )
    assert response.status_code == 403
    assert Comment.objects.get(pk=shown.pk).useful_count == 0


def test_a_signed_in_reader_needs_the_token(article):
    shown = make_comment(article=article)
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user())
    assert press(shown, client=client).status_code == 403
    assert not CommentReaction.objects.exists()


def test_without_an_address_the_press_is_refused_with_a_message(article):
    shown = make_comment(article=article)
    response = press(shown, ip="")
    assert response.status_code == 403
    assert "لا يمكن معرفة مصدر طلبك" in response.content.decode()
    assert not CommentReaction.objects.exists()


def test_presses_are_rate_limited_per_reader(article, settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {**rates, "reaction": "2/hour"},
    }  # fmt: skip
    targets = [make_comment(article=article) for _ in range(3)]
    assert [press(c).status_code for c in targets] == [303, 303, 429]
    limited = press(targets[2], **JSON)
    assert limited.status_code == 429
    assert limited.json()["message"] == "لقد ضغطت «مفيد» مرات كثيرة. يرجى المحاولة لاحقاً."
    assert CommentReaction.objects.count() == 2
    assert press(targets[2], ip="198.51.100.77").status_code == 303


# The press with script ----------------------------------------------------------------------


def test_a_press_asking_for_json_gets_the_new_count_and_state(article):
    shown = make_comment(article=article)
    first = press(shown, **JSON)
    assert first.status_code == 200
    assert first.json() == {"pressed": True, "useful_count": 1, "useful_count_text": "١"}
    second = press(shown, **JSON)
    assert second.json() == {"pressed": False, "useful_count": 0, "useful_count_text": "٠"}


def test_the_reader_learns_only_which_comments_they_pressed_themselves(article):
    one, two, three = (make_comment(article=article) for _ in range(3))
    press(one)
    press(three)
    press(two, ip="198.51.100.9")  # someone else
    response = mine([one.pk, two.pk, three.pk, 999999])
    assert response.json() == {"pressed": [one.pk, three.pk]}
    assert mine([one.pk, two.pk], ip="198.51.100.9").json() == {"pressed": [two.pk]}
    assert mine([one.pk], ip="192.0.2.50").json() == {"pressed": []}


def test_the_readers_own_state_is_private_and_never_stored(article):
    shown = make_comment(article=article)
    response = mine([shown.pk])
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert "xkey" not in response


@pytest.mark.parametrize("ids", ["", "abc", "1,,x,-3", "١٢", "9" * 30, ",".join(["1"] * 5000)])
def test_odd_ids_are_ignored_never_an_error(article, ids):
    response = Client().get(reverse("comments:my_reactions"), {"ids": ids})
    assert response.status_code == 200
    assert response.json() == {"pressed": []}


# Never who ----------------------------------------------------------------------------------


def test_no_output_says_who_pressed(client, article):
    shown = make_comment(article=article)
    press(shown, ip="203.0.113.77")
    key = CommentReaction.objects.get().reader_key
    digest = key.removeprefix("ip:")
    outputs = [
        client.get(article.get_absolute_url()).content.decode(),
        press(shown, ip="198.51.100.1", **JSON).content.decode(),
        mine([shown.pk], ip="203.0.113.77").content.decode(),
        client.get(f"/api/v1/articles/{article.pk}/comments/").content.decode(),
    ]
    for output in outputs:
        assert "203.0.113.77" not in output and digest not in output and "reader_key" not in output


def test_the_reader_is_a_keyed_hash_as_in_reports_not_the_address(article):
    shown = make_comment(article=article)
    press(shown, ip="203.0.113.77")
    stored = CommentReaction.objects.get().reader_key
    assert stored == reporter_key_for("203.0.113.77")
    assert "203.0.113" not in stored


# The count's one writer, and what it renews --------------------------------------------------


def test_the_service_counts_a_reader_once_and_removes_only_what_was_there(article):
    shown = make_comment(article=article)
    assert reaction_add(comment=shown, reader_key="ip:a").useful_count == 1
    assert reaction_add(comment=shown, reader_key="ip:a").useful_count == 1
    assert reaction_add(comment=shown, reader_key="ip:b").useful_count == 2
    assert reaction_remove(comment=shown, reader_key="ip:c").useful_count == 2
    assert reaction_remove(comment=shown, reader_key="ip:a").useful_count == 1
    toggled = reaction_toggle(comment=shown, reader_key="ip:b")
    assert (toggled.pressed, toggled.useful_count) == (False, 0)


def test_a_press_renews_the_articles_block_and_purges_its_pages_after_commit(
    article,
    purge_target,  # noqa: F811 (the fixture imported above)
    django_capture_on_commit_callbacks,
):
    shown = make_comment(article=article)
    before = block_version(article.pk)
    with django_capture_on_commit_callbacks(execute=True):
        reaction_toggle(comment=shown, reader_key="ip:a")
        assert purge_target == [] and block_version(article.pk) == before
    assert purge_target == [f"article-{article.pk}"]
    assert block_version(article.pk) != before


def test_a_press_that_changes_nothing_renews_nothing(article, django_capture_on_commit_callbacks):
    shown = make_comment(article=article)
    with django_capture_on_commit_callbacks() as callbacks:
        reaction_remove(comment=shown, reader_key="ip:nobody")
    assert callbacks == []


# Queries ------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [5, 500])
def test_a_press_costs_the_same_queries_whatever_the_article_size(
    article, count, django_assert_max_num_queries
):
    comments = make_comments_bulk(article=article, count=count)
    target = comments[-1]  # a reply: its context is checked too
    for ip in ("203.0.113.1", "203.0.113.2"):
        press(target, ip=ip)
    with django_assert_max_num_queries(10):
        assert press(target, **JSON).status_code == 200
    with django_assert_max_num_queries(16):
        assert press(target).status_code == 303  # and where to come back to


@pytest.mark.parametrize("count", [5, 500])
def test_the_readers_state_is_one_query_whatever_the_size(
    article, count, django_assert_num_queries
):
    comments = make_comments_bulk(article=article, count=count)
    for comment in comments[:3]:
        reaction_add(comment=comment, reader_key=reporter_key_for("203.0.113.1"))
    with django_assert_num_queries(1):
        response = mine([c.pk for c in comments[:200]])
    assert len(json.loads(response.content)["pressed"]) == 3


@pytest.mark.parametrize("count", [5, 500])
@pytest.mark.parametrize("sort", ["oldest", "newest", "useful"])
def test_a_sorted_page_costs_the_same_queries_whatever_the_size(
    client, article, count, sort, django_assert_max_num_queries
):
    make_comments_bulk(article=article, count=count)
    with django_assert_max_num_queries(8) as captured:
        response = client.get(article.get_absolute_url(), {"sort": sort})
    assert response.status_code == 200
    print(f"\n{sort} at {count}: {len(captured)} queries")


def test_the_replies_page_has_the_useful_forms_too(client, article, settings):
    settings.COMMENTS_REPLIES_PER_THREAD = 1
    root = make_comment(article=article)
    replies = [make_comment(article=article, parent=root) for _ in range(2)]
    html = client.get(f"/comments/{root.pk}/replies/?from={replies[1].pk}").content.decode()
    assert f'action="{useful_url(replies[1])}"' in html
    response = press(replies[1])
    assert response["Location"].endswith(f"?from={replies[1].pk}#comment-{replies[1].pk}")
