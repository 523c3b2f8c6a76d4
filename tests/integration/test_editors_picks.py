"""Editors' picks: picked in the admin, audited, shown above the threads and in the API."""

import threading
from http.server import ThreadingHTTPServer

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client
from django.urls import reverse

from comments.models import Comment, Decision, ModerationEvent
from comments.services.decisions import comments_decide
from comments.services.picks import comment_pick_set, comments_pick_set
from tests.factories import make_comment, make_comments_bulk, make_editor, make_user
from tests.integration.test_edge_headers import PurgeRecorder
from tests.integration.test_shared_page import get

pytestmark = pytest.mark.django_db
PICKS_HEADING = "اختيار المحررين"
CHANGELIST = reverse("admin:comments_comment_changelist")
# The comment page's own buttons (its actions menu lists every action, whatever the comment).
PICK_BUTTON = 'name="CHANGE_FORM-action" value="pick_comments"'
UNPICK_BUTTON = 'name="CHANGE_FORM-action" value="unpick_comments"'


@pytest.fixture
def purge_target(settings):
    """A shared cache that records the keys it is told to purge (as in test_edge_headers)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    PurgeRecorder.received = []
    settings.EDGE_CACHE_PURGE_URLS = [f"http://127.0.0.1:{server.server_port}/"]
    yield PurgeRecorder.received
    server.shutdown()


def pick(comment: Comment, actor=None, *, picked: bool = True) -> bool:
    return comment_pick_set(comment=comment, picked=picked, actor=actor, source="admin")


def picks_section(html: str) -> str:
    """Return the page's picks block, or "" when it has none."""
    start = html.find('<section class="nr-picks')
    return "" if start < 0 else html[start : html.index("</section>", start)]


def api_ids(client, article, **params) -> list[int]:
    response = client.get(f"/api/v1/articles/{article.pk}/comments/", params)
    assert response.status_code == 200
    return [listed["id"] for listed in response.json()["results"]]


# The service and its audit ---------------------------------------------------------------------


def test_a_pick_and_an_unpick_are_each_audited_with_the_editor(article):
    comment, editor = make_comment(article=article), make_editor()
    assert pick(comment, editor)
    assert pick(comment, editor, picked=False)
    events = list(comment.events.order_by("pk").values_list(
        "actor", "from_status", "to_status", "reason", "source"))  # fmt: skip
    approved = Comment.Status.APPROVED
    assert events == [
        (editor.pk, approved, approved, "pick", "admin"),
        (editor.pk, approved, approved, "unpick", "admin"),
    ]
    comment.refresh_from_db()
    assert not comment.is_pick and comment.picked_at is None


@pytest.mark.parametrize("status", ["pending", "spam", "removed"])
def test_only_approved_comments_can_be_picked(article, status):
    comment = make_comment(article=article, status=status)
    assert not pick(comment)
    comment.refresh_from_db()
    assert not comment.is_pick and not comment.events.exists()


def test_picking_a_pick_again_changes_and_audits_nothing(article):
    comment = make_comment(article=article)
    pick(comment)
    assert not pick(comment)
    assert comment.events.count() == 1


# The page --------------------------------------------------------------------------------------


def test_picks_show_above_the_threads_latest_first_with_a_label_in_the_thread(client, article):
    first, second = make_comment(article=article, body="الأولى"), make_comment(article=article)
    make_comment(article=article, body="ليس مختارًا")
    pick(first)
    pick(second)
    html = client.get(article.get_absolute_url()).content.decode()
    picks = picks_section(html)
    assert PICKS_HEADING in picks and "ليس مختارًا" not in picks
    assert picks.index(f'data-comment-id="{second.pk}"') < picks.index(
        f'data-comment-id="{first.pk}"'
    )
    assert html.index("nr-picks") < html.index('class="nr-comment-list')
    assert f'href="/comments/{first.pk}/"' in picks  # to the comment in its thread
    thread = html[html.index(f'id="comment-{first.pk}"') :]
    assert 'class="nr-pick-label' in thread[: thread.index("</article>")]


def test_a_page_without_picks_has_no_picks_block(client, article):
    make_comment(article=article)
    assert picks_section(client.get(article.get_absolute_url()).content.decode()) == ""


def test_only_the_first_comment_page_shows_the_picks(client, article, settings):
    settings.COMMENTS_PER_PAGE = 1
    pick(make_comment(article=article))
    make_comment(article=article)
    assert picks_section(client.get(article.get_absolute_url()).content.decode())
    second_page = client.get(article.get_absolute_url(), {"cpage": 2}).content.decode()
    assert picks_section(second_page) == ""


def test_the_page_shows_at_most_the_configured_number_of_picks(client, article, settings):
    settings.COMMENTS_PICKS_SHOWN = 2
    for _ in range(3):
        pick(make_comment(article=article))
    picks = picks_section(client.get(article.get_absolute_url()).content.decode())
    assert picks.count('class="nr-pick"') == 2


def test_a_picked_comment_later_removed_leaves_the_picks_for_good(client, article):
    comment = make_comment(article=article, body="اختيار سيُحذف")
    pick(comment)
    comments_decide(ids=[comment.pk], decision=Decision.REMOVE, actor=None, source="admin")
    html = client.get(article.get_absolute_url()).content.decode()
    assert picks_section(html) == "" and "اختيار سيُحذف" not in html
    assert api_ids(client, article, picks=1) == []
    comments_decide(ids=[comment.pk], decision=Decision.APPROVE, actor=None, source="admin")
    comment.refresh_from_db()
    assert not comment.is_pick  # approved again, it is not a pick unless an editor says so
    assert picks_section(client.get(article.get_absolute_url()).content.decode()) == ""


def test_a_picked_reply_under_a_removed_comment_leaves_the_picks(client, article):
    parent = make_comment(article=article)
    reply = make_comment(article=article, parent=parent, body="رد مختار")
    pick(reply)
    comments_decide(ids=[parent.pk], decision=Decision.REMOVE, actor=None, source="admin")
    assert picks_section(client.get(article.get_absolute_url()).content.decode()) == ""
    assert api_ids(client, article, picks=1) == []


def test_a_pick_re_renders_the_cached_page_and_purges_the_shared_cache(
    article, purge_target, django_capture_on_commit_callbacks
):
    comment = make_comment(article=article)
    assert picks_section(get(Client(), article.get_absolute_url())[0].content.decode()) == ""
    with django_capture_on_commit_callbacks(execute=True):
        pick(comment)
    assert purge_target == [f"article-{article.pk}"]
    assert picks_section(get(Client(), article.get_absolute_url())[0].content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        pick(comment, picked=False)
    assert picks_section(get(Client(), article.get_absolute_url())[0].content.decode()) == ""


@pytest.mark.parametrize("count", [5, 500])
def test_a_page_with_picks_issues_a_fixed_number_of_queries(section, count):
    from tests.factories import make_article

    article = make_article(section=section)
    comments = make_comments_bulk(article=article, count=count)
    comments_pick_set(ids=[c.pk for c in comments[-3:]], picked=True, actor=None, source="admin")
    response, cold = get(Client(), article.get_absolute_url())
    _, warm = get(Client(), article.get_absolute_url())
    assert picks_section(response.content.decode()).count('class="nr-pick"') == 3
    assert (cold, warm) == (8, 1)  # as a page without picks: the picks' query is always made


# The API ---------------------------------------------------------------------------------------


def test_the_api_says_which_comments_are_picks_and_lists_them_alone(client, article):
    picked, other = make_comment(article=article), make_comment(article=article)
    pick(picked)
    response = client.get(f"/api/v1/articles/{article.pk}/comments/")
    flags = {listed["id"]: listed["is_pick"] for listed in response.json()["results"]}
    assert flags == {picked.pk: True, other.pk: False}
    assert api_ids(client, article, picks=1) == [picked.pk]
    assert api_ids(client, article, picks=0) == [picked.pk, other.pk]


@pytest.mark.parametrize("value", ["yes", "2", "🙂"])
def test_a_bad_picks_value_is_a_400_naming_it(client, article, value):
    response = client.get(f"/api/v1/articles/{article.pk}/comments/", {"picks": value})
    assert response.status_code == 400
    assert "picks" in response.json()["error"]["fields"]


@pytest.mark.parametrize("count", [5, 500])
def test_listing_the_picks_takes_a_bounded_number_of_queries(
    client, article, count, django_assert_max_num_queries
):
    comments = make_comments_bulk(article=article, count=count)
    comments_pick_set(ids=[c.pk for c in comments[::2]], picked=True, actor=None, source="api")
    with django_assert_max_num_queries(2):
        ids = api_ids(client, article, picks=1, page_size=100)
    assert ids and set(ids) <= {c.pk for c in comments[::2]}
    assert len(ids) == min(len(comments[::2]), 100)


# The admin -------------------------------------------------------------------------------------


def test_an_editor_picks_and_unpicks_from_the_changelist(client, editor, article):
    approved, held = make_comment(article=article), make_comment(article=article, status="pending")
    data = {"action": "pick_comments", ACTION_CHECKBOX_NAME: [approved.pk, held.pk]}
    response = client.post(f"{CHANGELIST}?status=all", data, follow=True)
    text = response.content.decode()
    assert "1 comment added to the editors&#x27; picks." in text
    assert "Only approved comments can be picked" in text
    assert list(Comment.objects.filter(is_pick=True)) == [approved]
    event = ModerationEvent.objects.get(comment=approved)
    assert (event.actor, event.reason, event.source) == (editor, "pick", "admin")
    data = {"action": "unpick_comments", ACTION_CHECKBOX_NAME: [approved.pk]}
    client.post(f"{CHANGELIST}?status=all", data)
    assert not Comment.objects.filter(is_pick=True).exists()


def test_an_editor_picks_from_the_comment_page(client, editor, article):
    comment = make_comment(article=article)
    url = reverse("admin:comments_comment_change", args=[comment.pk])
    page = client.get(url).content.decode()
    assert PICK_BUTTON in page and UNPICK_BUTTON not in page
    client.post(url, {"CHANGE_FORM-action": "pick_comments", ACTION_CHECKBOX_NAME: comment.pk})
    comment.refresh_from_db()
    assert comment.is_pick
    assert UNPICK_BUTTON in client.get(url).content.decode()


def test_a_held_comment_page_offers_no_pick(client, editor, article):
    comment = make_comment(article=article, status="pending")
    page = client.get(reverse("admin:comments_comment_change", args=[comment.pk])).content.decode()
    assert PICK_BUTTON not in page and UNPICK_BUTTON not in page


def test_staff_outside_the_editors_cannot_pick(client, article):
    comment = make_comment(article=article)
    client.force_login(make_user(permissions=("comments.view_comment",)))
    data = {"action": "pick_comments", ACTION_CHECKBOX_NAME: [comment.pk]}
    client.post(f"{CHANGELIST}?status=all", data)
    comment.refresh_from_db()
    assert not comment.is_pick and not comment.events.exists()


def test_the_changelist_filters_picks_and_labels_them(client, editor, article):
    picked = make_comment(article=article, body="مختار من المحررين")
    make_comment(article=article, body="تعليق عادي")
    pick(picked)
    html = client.get(CHANGELIST, {"status": "all", "is_pick__exact": "1"}).content.decode()
    assert "مختار من المحررين" in html and "تعليق عادي" not in html
    assert '<span class="nr-label">Editors&#x27; pick</span>' in html


@pytest.mark.parametrize("count", [5, 500])
def test_the_picks_changelist_costs_the_same_queries_at_any_size(
    client, editor, article, count, django_assert_max_num_queries
):
    comments = make_comments_bulk(article=article, count=count)
    comments_pick_set(ids=[c.pk for c in comments], picked=True, actor=None, source="admin")
    with django_assert_max_num_queries(14):
        response = client.get(CHANGELIST, {"status": "all", "is_pick__exact": "1"})
    assert response.status_code == 200
    assert response.content.decode().count('<span class="nr-label">') == min(count, 50)


def test_the_moderators_api_shows_picks_and_the_newsroom_voice(client, article):
    from rest_framework.authtoken.models import Token

    picked = make_comment(article=article)
    voice = make_comment(article=article, is_staff_voice=True)
    pick(picked)
    token = Token.objects.create(user=make_editor()).key
    response = client.get(
        "/api/v1/moderation/comments/", {"status": "approved"},
        headers={"Authorization": f"Token {token}"},
    )  # fmt: skip
    rows = {
        row["id"]: (row["is_pick"], row["is_staff_voice"]) for row in response.json()["results"]
    }
    assert rows == {picked.pk: (True, False), voice.pk: (False, True)}


def test_a_hostile_name_in_a_pick_is_escaped(client, article):
    hostile = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    pick(make_comment(article=article, name=hostile[:100], body="<script>alert(3)</script>"))
    picks = picks_section(client.get(article.get_absolute_url()).content.decode())
    assert "<script>" not in picks and "<img" not in picks
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in picks
