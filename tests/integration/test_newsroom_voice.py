"""The newsroom's voice: a staff member's comment, signed with their newsroom name and badged.

Published at once whatever would hold a reader's; a badge readers cannot claim, by the form or
the API; shown on the public page, in the API, the feed and the admin.
"""

from xml.etree import ElementTree

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from comments.models import Comment, ModerationListEntry, ModerationSettings, StaffProfile
from comments.policy import forget_cached_lists, load_policy
from comments.services.decisions import comment_approve
from tests.factories import make_comment, make_user, make_verified_email
from tests.integration.test_comment_form import form_data
from tests.integration.test_post_query_counts import MAX_QUERIES_PER_POST

pytestmark = pytest.mark.django_db
BADGE = "من فريق التحرير"
NEWSROOM_NAME = "قسم التحرير الرقمي"
CHECKBOX = 'name="staff_voice"'
# A body every rule would hold from a reader: a watched word and more links than allowed.
HELD_BODY = "راجعوا كلمةمراقبة في https://a.example و https://b.example و https://c.example"


@pytest.fixture(autouse=True)
def _rules_that_hold(db):
    ModerationListEntry.objects.create(list="watch", kind="word", value="كلمةمراقبة")
    ModerationSettings.objects.update(flood_seconds=0)
    forget_cached_lists()


@pytest.fixture
def staff():
    user = make_user(username="salma.staff")
    StaffProfile.objects.create(user=user, display_name=NEWSROOM_NAME)
    forget_cached_lists()  # as the admin does when the name is saved
    return user


def post_form(client, article, **overrides):
    data = form_data(article, body=HELD_BODY, **overrides)
    return client.post(reverse("pages:comment_post", args=[article.pk]), data)


def badges(html: str) -> int:
    return html.count('class="nr-staff-badge')


def api_post(client, article, data: dict, user=None):
    headers = {}
    if user is not None:
        headers["Authorization"] = f"Token {Token.objects.get_or_create(user=user)[0].key}"
    payload = {"name": "سلمى", "email": "salma@example.com", "body": HELD_BODY, **data}
    url = f"/api/v1/articles/{article.pk}/comments/"
    return client.post(url, payload, content_type="application/json", headers=headers)


# The form --------------------------------------------------------------------------------------


def test_only_signed_in_staff_are_offered_the_checkbox(client, article, staff):
    assert CHECKBOX not in client.get(article.get_absolute_url()).content.decode()
    client.force_login(make_user(is_staff=False))
    assert CHECKBOX not in client.get(article.get_absolute_url()).content.decode()
    client.force_login(staff)
    html = client.get(article.get_absolute_url()).content.decode()
    assert CHECKBOX in html and "التحدث باسم فريق التحرير" in html


def test_a_staff_voice_comment_is_published_at_once_signed_and_badged(client, article, staff):
    client.force_login(staff)
    response = post_form(client, article, name="salma.staff", staff_voice="on")
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert (comment.status, comment.name, comment.is_staff_voice) == (
        Comment.Status.APPROVED, NEWSROOM_NAME, True,
    )  # fmt: skip
    assert comment.moderation_reasons == [{"code": "staff_voice", "detail": ""}]
    assert comment.events.get().reason == "staff_voice"
    public = Client().get(article.get_absolute_url())  # the shared page every reader gets
    html = public.content.decode()
    assert "public" in public["Cache-Control"] and "Set-Cookie" not in public
    assert badges(html) == 1 and BADGE in html and NEWSROOM_NAME in html
    assert "salma.staff" not in html


def test_without_a_newsroom_name_the_comment_is_signed_by_the_newsroom(client, article):
    client.force_login(make_user())
    post_form(client, article, staff_voice="on")
    assert Comment.objects.get().name == "فريق التحرير"


def test_staff_who_do_not_choose_it_post_as_any_reader(client, article, staff):
    client.force_login(staff)
    post_form(client, article, name="سلمى")
    comment = Comment.objects.get()
    assert (comment.status, comment.name, comment.is_staff_voice) == ("pending", "سلمى", False)


@pytest.mark.parametrize("name", ["فريق التحرير", NEWSROOM_NAME])
def test_a_reader_cannot_fake_the_badge_through_the_form(client, article, staff, name):
    response = post_form(client, article, name=name, staff_voice="on")  # a forged field
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert (comment.name, comment.is_staff_voice, comment.status) == (name, False, "pending")
    assert "impersonation" in {reason["code"] for reason in comment.moderation_reasons}
    comment_approve(comment=comment, moderator=None)  # even once an editor publishes it
    assert badges(Client().get(article.get_absolute_url()).content.decode()) == 0


def test_a_signed_in_reader_cannot_fake_the_badge(client, article):
    client.force_login(make_user(is_staff=False))
    post_form(client, article, name="فريق التحرير", staff_voice="on")
    assert not Comment.objects.get().is_staff_voice


def test_a_deactivated_staff_member_does_not_speak_for_the_newsroom(client, article, staff):
    client.force_login(staff)
    staff.is_active = False  # the session still names them: the service asks again
    staff.save()
    from comments.services.submit import ClientInfo, comment_submit

    data = {"name": "x", "email": "x@example.com", "body": "نص", "staff_voice": True}
    comment = comment_submit(
        article=article, data=data, client=ClientInfo("203.0.113.5", "", staff)
    )
    assert not comment.is_staff_voice and comment.name == "x"


@pytest.mark.parametrize("existing", [5, 500])
def test_a_staff_voice_post_issues_a_bounded_number_of_queries(
    client, article, staff, existing, django_assert_max_num_queries
):
    load_policy(ModerationSettings.current())  # the lists cached, as between posts
    for _ in range(existing):
        make_comment(article=article, email="salma@example.com")
    client.force_login(staff)
    with django_assert_max_num_queries(MAX_QUERIES_PER_POST):
        response = post_form(client, article, staff_voice="on")
    assert response.status_code == 302
    assert Comment.objects.filter(is_staff_voice=True).count() == 1


# The API ---------------------------------------------------------------------------------------


def test_staff_with_a_token_speak_for_the_newsroom_through_the_api(client, article, staff):
    response = api_post(client, article, {"staff_voice": True}, user=staff)
    body = response.json()
    assert response.status_code == 201
    assert (body["status"], body["name"], body["is_staff_voice"]) == (
        "approved", NEWSROOM_NAME, True,
    )  # fmt: skip
    listed = client.get(f"/api/v1/articles/{article.pk}/comments/").json()["results"]
    assert [(c["name"], c["is_staff_voice"]) for c in listed] == [(NEWSROOM_NAME, True)]


@pytest.mark.parametrize("who", ["anonymous", "reader"])
def test_only_staff_may_ask_for_the_badge_through_the_api(client, article, who):
    user = make_user(is_staff=False) if who == "reader" else None
    response = api_post(client, article, {"staff_voice": True, "name": "فريق التحرير"}, user)
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["staff_voice"]
    assert not Comment.objects.exists()


def test_a_reader_named_like_the_newsroom_gets_no_badge_through_the_api(client, article, staff):
    response = api_post(client, article, {"name": NEWSROOM_NAME})
    assert response.status_code == 201
    assert response.json()["is_staff_voice"] is False
    assert response.json()["status"] == "pending"  # held: the name is a staff member's


def test_a_staff_token_without_the_flag_posts_as_a_reader(client, article, staff):
    make_verified_email("salma@example.com")
    response = api_post(client, article, {"name": "سلمى"}, user=staff)
    assert response.json()["is_staff_voice"] is False and response.json()["name"] == "سلمى"


@pytest.mark.parametrize("existing", [5, 500])
def test_a_staff_voice_api_post_issues_a_bounded_number_of_queries(
    client, article, staff, existing, django_assert_max_num_queries
):
    load_policy(ModerationSettings.current())
    Token.objects.get_or_create(user=staff)
    for _ in range(existing):
        make_comment(article=article)
    with django_assert_max_num_queries(MAX_QUERIES_PER_POST):
        response = api_post(client, article, {"staff_voice": True}, user=staff)
    assert response.status_code == 201


# The feed and the admin ------------------------------------------------------------------------


def test_the_feed_marks_the_newsroom_voice_and_the_picks(client, article):
    from comments.services.picks import comment_pick_set

    voice = make_comment(article=article, is_staff_voice=True, name=NEWSROOM_NAME)
    comment_pick_set(comment=voice, picked=True, actor=None, source="admin")
    make_comment(article=article, name="قارئ")
    response = client.get(reverse("comments:feed", args=[article.slug]))
    channel = ElementTree.fromstring(response.content).find("channel")
    categories = {
        item.findtext("author") or item.findtext("{http://purl.org/dc/elements/1.1/}creator"): [
            c.text for c in item.iter("category")
        ]
        for item in channel.iter("item")
    }
    assert sorted(categories.values()) == [[], ["اختيار المحررين", BADGE]]


def test_staff_set_their_own_newsroom_name_in_the_admin_and_no_one_elses(client, article):
    other = make_user()
    theirs = StaffProfile.objects.create(user=other, display_name="اسم زميل")
    me = make_user()
    client.force_login(me)
    add = reverse("admin:comments_staffprofile_add")
    assert client.post(add, {"display_name": "محررة الموقع"}).status_code == 302
    assert StaffProfile.objects.get(user=me).display_name == "محررة الموقع"
    listing = client.get(reverse("admin:comments_staffprofile_changelist")).content.decode()
    assert "محررة الموقع" in listing and "اسم زميل" not in listing
    other_page = reverse("admin:comments_staffprofile_change", args=[theirs.pk])
    client.post(other_page, {"display_name": "منتحل"})
    theirs.refresh_from_db()
    assert theirs.display_name == "اسم زميل"
    mine = StaffProfile.objects.get(user=me)
    again = client.get(add)  # one name each: the add page opens it
    assert again.status_code == 302
    assert again["Location"] == reverse("admin:comments_staffprofile_change", args=[mine.pk])


def test_a_newsroom_name_on_two_lines_is_refused_in_the_admin(client):
    client.force_login(make_user())
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = client.post(reverse("admin:comments_staffprofile_add"), {"display_name": "a\nb"})
    assert response.status_code == 200 and "Please write the name on one line." in (
        response.content.decode()
    )
    assert not StaffProfile.objects.exists()


def test_the_changelist_filters_and_labels_the_newsroom_voice(client, editor, article):
    make_comment(article=article, body="بصوت التحرير", is_staff_voice=True)
    make_comment(article=article, body="بصوت قارئ")
    changelist = reverse("admin:comments_comment_changelist")
    html = client.get(changelist, {"status": "all", "is_staff_voice__exact": "1"}).content.decode()
    assert "بصوت التحرير" in html and "بصوت قارئ" not in html
    assert '<span class="nr-label">From the newsroom</span>' in html


@pytest.mark.parametrize("count", [5, 500])
def test_the_newsroom_voice_changelist_costs_the_same_queries_at_any_size(
    client, editor, article, count, django_assert_max_num_queries
):
    for n in range(count):
        make_comment(article=article, is_staff_voice=n % 2 == 0)
    with django_assert_max_num_queries(14):
        response = client.get(
            reverse("admin:comments_comment_changelist"),
            {"status": "all", "is_staff_voice__exact": "1"},
        )
    assert response.content.decode().count('<span class="nr-label">') == min((count + 1) // 2, 50)
