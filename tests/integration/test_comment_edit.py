"""The author's edit window: from the browser that posted, for a few minutes, judged again, kept."""

from datetime import timedelta
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from comments.models import Comment, CommentRevision, ModerationEvent, ModerationListEntry
from comments.policy import forget_cached_lists
from comments.reader_cookies import OWN_COMMENTS_COOKIE, OWN_COMMENTS_SALT
from tests.factories import make_comment, make_comments_bulk, make_verified_email
from tests.integration.test_comment_form import CROSS_SITE, form_data

pytestmark = pytest.mark.django_db
MESSAGE_BLOCKED_AR = "تعذّر نشر تعليقك."  # comments.moderation.MESSAGE_BLOCKED
NO_LONGER_AR = "لم يعد ممكناً تصحيح هذا التعليق من هذا المتصفح."
TRUSTED = "trusted@example.com"
FIRST_TEXT = "رأيي الأول في الخبر"
SECOND_TEXT = "رأيي بعد التصحيح"


def post(client: Client, article: Article, **overrides) -> Comment:
    url = reverse("pages:comment_post", args=[article.pk])
    assert client.post(url, form_data(article, body=FIRST_TEXT, **overrides)).status_code == 302
    return Comment.objects.get(body=FIRST_TEXT)


def edit(client: Client, comment: Comment, body: str, **headers):
    return client.post(reverse("comments:edit", args=[comment.pk]), {"body": body}, **headers)


@pytest.fixture
def approved_own(client, article) -> Comment:
    """A comment this client posted that was published at once (its author is trusted)."""
    make_verified_email(TRUSTED)
    make_comment(article=article, email=TRUSTED)
    comment = post(client, article, email=TRUSTED)
    assert comment.status == Comment.Status.APPROVED
    return comment


def test_the_author_corrects_their_held_comment_within_the_window(client, article):
    url = reverse("pages:comment_post", args=[article.pk])
    posted = client.post(url, form_data(article, body=FIRST_TEXT))["Location"]
    comment = Comment.objects.get(body=FIRST_TEXT)
    before = client.get(posted)["ETag"]
    answer = edit(client, comment, SECOND_TEXT)
    assert answer.status_code == 302 and "own=" in answer["Location"]
    comment.refresh_from_db()
    assert comment.body == SECOND_TEXT and SECOND_TEXT in comment.body_html
    assert comment.status == Comment.Status.PENDING and comment.edited_at is not None
    assert SECOND_TEXT in client.get(answer["Location"]).content.decode()
    # the browser revalidates the page it had: it gets the corrected one, not a 304
    again = client.get(posted, headers={"if-none-match": before})
    assert again.status_code == 200 and SECOND_TEXT in again.content.decode()


def test_every_version_is_kept_in_order(client, approved_own):
    edit(client, approved_own, SECOND_TEXT)
    edit(client, approved_own, "تصحيح ثالث")
    versions = CommentRevision.objects.filter(comment=approved_own)
    assert [v.body for v in versions] == [FIRST_TEXT, SECOND_TEXT, "تصحيح ثالث"]
    assert versions[0].edited_at == approved_own.created_at


def test_after_the_window_the_edit_is_refused_and_nothing_changes(client, article, settings):
    comment = post(client, article)
    later = timezone.now() + timedelta(seconds=settings.COMMENTS_EDIT_WINDOW_SECONDS + 1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        answer = edit(client, comment, SECOND_TEXT)
        page = client.get(reverse("comments:edit", args=[comment.pk]))
    assert answer.status_code == 403 and page.status_code == 403
    assert NO_LONGER_AR in answer.content.decode()
    comment.refresh_from_db()
    assert comment.body == FIRST_TEXT and comment.edited_at is None
    assert not CommentRevision.objects.exists()


def test_just_inside_the_window_the_edit_is_taken(client, article, settings):
    comment = post(client, article)
    almost = comment.created_at + timedelta(seconds=settings.COMMENTS_EDIT_WINDOW_SECONDS - 1)
    with mock.patch("django.utils.timezone.now", return_value=almost):
        assert edit(client, comment, SECOND_TEXT).status_code == 302
    comment.refresh_from_db()
    assert comment.body == SECOND_TEXT


@pytest.mark.parametrize("cookie", ["none", "forged", "someone else's"])
def test_another_browser_may_not_edit(client, article, cookie):
    comment = post(client, article)
    other = Client()
    if cookie == "forged":
        other.cookies[OWN_COMMENTS_COOKIE] = signing.dumps([comment.pk], salt="not-ours")
    elif cookie == "someone else's":
        other.cookies[OWN_COMMENTS_COOKIE] = signing.dumps([comment.pk + 1], salt=OWN_COMMENTS_SALT)
    answer = edit(other, comment, SECOND_TEXT)
    assert answer.status_code == 403 and NO_LONGER_AR in answer.content.decode()
    assert FIRST_TEXT not in answer.content.decode()  # nor is their text shown to them
    comment.refresh_from_db()
    assert comment.body == FIRST_TEXT


def test_an_approved_comment_edited_to_trip_a_rule_is_held(
    client, article, approved_own, django_capture_on_commit_callbacks
):
    ModerationListEntry.objects.create(list="watch", kind="word", value="قمار")
    forget_cached_lists()  # as the editors' list admin does
    article.refresh_from_db()
    count_before = article.approved_comment_count
    assert FIRST_TEXT in Client().get(article.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert edit(client, approved_own, "تعالوا إلى موقع قمار").status_code == 302
    approved_own.refresh_from_db()
    assert approved_own.status == Comment.Status.PENDING
    event = ModerationEvent.objects.filter(comment=approved_own).latest("pk")
    assert (event.from_status, event.to_status) == ("approved", "pending")
    assert event.reason.startswith("edited") and "watch" in event.reason
    article.refresh_from_db()
    assert article.approved_comment_count == count_before - 1
    public = Client().get(article.get_absolute_url()).content.decode()
    assert "قمار" not in public and FIRST_TEXT not in public
    api = Client().get(f"/api/v1/articles/{article.pk}/comments/").json()["results"]
    assert approved_own.pk not in [c["id"] for c in api]


def test_an_edit_never_publishes_a_held_comment(client, article):
    comment = post(client, article)  # held: a first-time commenter
    make_verified_email("salma@example.com")
    make_comment(article=article, email="salma@example.com")  # now they would be trusted
    edit(client, comment, SECOND_TEXT)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_the_page_and_the_api_mark_an_edited_comment(
    client, article, approved_own, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        edit(client, approved_own, SECOND_TEXT)
    approved_own.refresh_from_db()
    page = Client().get(article.get_absolute_url()).content.decode()
    assert SECOND_TEXT in page and FIRST_TEXT not in page
    item = page[page.index(f'id="comment-{approved_own.pk}"') :]
    assert 'class="nr-edited' in item.split("</li>")[0] and "معدَّل" in item.split("</li>")[0]
    assert "عُدِّل في" in item.split("</li>")[0]
    [shown] = [
        c
        for c in Client().get(f"/api/v1/articles/{article.pk}/comments/").json()["results"]
        if c["id"] == approved_own.pk
    ]
    assert shown["edited_at"] is not None and "email" not in shown
    assert "nr-edited" not in page[: page.index(f'id="comment-{approved_own.pk}"')]


def test_bad_input_is_refused_with_the_text_kept(client, article):
    comment = post(client, article)
    too_long = "ك" * 5001
    answer = edit(client, comment, too_long)
    assert answer.status_code == 400 and too_long in answer.content.decode()
    assert "alert-danger" in answer.content.decode()
    unchanged = edit(client, comment, FIRST_TEXT)
    assert unchanged.status_code == 403 and FIRST_TEXT in unchanged.content.decode()
    comment.refresh_from_db()
    assert comment.body == FIRST_TEXT and comment.edited_at is None


def test_a_blocked_text_is_refused_with_the_text_kept(client, article):
    ModerationListEntry.objects.create(list="block", kind="word", value="شتيمة", action="reject")
    comment = post(client, article)
    answer = edit(client, comment, "فيه شتيمة")
    assert answer.status_code == 403
    assert "فيه شتيمة" in answer.content.decode()
    assert MESSAGE_BLOCKED_AR in answer.content.decode()
    comment.refresh_from_db()
    assert comment.body == FIRST_TEXT


def test_a_cross_site_edit_is_refused(article):
    author = Client(enforce_csrf_checks=True)
    comment = post(author, article)
    answer = edit(author, comment, SECOND_TEXT, **CROSS_SITE)
    assert answer.status_code == 403
    comment.refresh_from_db()
    assert comment.body == FIRST_TEXT


def test_the_private_endpoint_says_what_the_reader_may_edit_until_when(client, article, settings):
    comment = post(client, article)
    state = client.get(reverse("comments:own"), {"article": article.pk}).json()
    [editable] = state["editable"]
    assert editable["id"] == comment.pk and editable["body"] == FIRST_TEXT
    until = comment.created_at + timedelta(seconds=settings.COMMENTS_EDIT_WINDOW_SECONDS)
    assert editable["until"] == until.isoformat()
    later = until + timedelta(seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert client.get(reverse("comments:own"), {"article": article.pk}).json()["editable"] == []
    assert Client().get(reverse("comments:own"), {"article": article.pk}).json()["editable"] == []


@pytest.mark.parametrize("existing", [5, 500])
def test_an_edit_issues_a_bounded_number_of_queries(
    client, article, existing, django_assert_max_num_queries
):
    make_comments_bulk(article=article, count=existing)
    comment = post(client, article)
    with django_assert_max_num_queries(12) as captured:
        assert edit(client, comment, SECOND_TEXT).status_code == 302
    print(f"\nqueries for an edit: {len(captured)}")


@pytest.mark.parametrize("existing", [5, 500])
def test_the_private_endpoint_issues_a_bounded_number_of_queries(
    client, article, existing, django_assert_max_num_queries
):
    make_comments_bulk(article=article, count=existing)
    url = reverse("pages:comment_post", args=[article.pk])
    location = client.post(url, form_data(article))["Location"]
    page = parse_qs(urlsplit(location).query).get("cpage", ["1"])[0]  # 500: a later page
    with django_assert_max_num_queries(5) as captured:
        state = client.get(reverse("comments:own"), {"article": article.pk, "cpage": page}).json()
    assert len(state["comments"]) == 1 and len(state["editable"]) == 1
    print(f"\nqueries for the own state: {len(captured)}")
    with django_assert_max_num_queries(0):
        Client().get(reverse("comments:own"), {"article": article.pk})


def test_erasing_the_author_s_text_erases_their_earlier_versions_too(client, article):
    from comments.services.privacy import personal_data_erase, removed_body
    from tests.factories import make_editor

    comment = post(client, article)
    edit(client, comment, SECOND_TEXT)
    personal_data_erase(
        email="salma@example.com", actor=make_editor(), mode="anonymize", keep_body=False
    )
    bodies = set(CommentRevision.objects.filter(comment=comment).values_list("body", flat=True))
    assert bodies == {removed_body()}


def test_the_admin_change_page_shows_every_version(article, client, editor):
    author = Client()
    comment = post(author, article)
    edit(author, comment, SECOND_TEXT)
    page = client.get(reverse("admin:comments_comment_change", args=[comment.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "Versions of the text" in html
    assert FIRST_TEXT in html and SECOND_TEXT in html


def test_edits_count_against_the_reader_s_post_rate(client, article, settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {**rates, "comment_post": "2/min"},
    }  # fmt: skip
    comment = post(client, article)  # the first of the two
    assert edit(client, comment, SECOND_TEXT).status_code == 302
    refused = edit(client, comment, "تصحيح ثالث")
    assert refused.status_code == 429 and "تصحيح ثالث" in refused.content.decode()
    comment.refresh_from_db()
    assert comment.body == SECOND_TEXT
