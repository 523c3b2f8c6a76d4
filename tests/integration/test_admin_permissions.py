"""Who may moderate: the Editors group exactly, through the real admin views."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from articles.models import Article
from comments.models import Comment, ModerationEvent
from tests.factories import make_comment, make_editor, make_user

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:comments_comment_changelist")
MODERATION_ACTIONS = ("approve_comments", "remove_comments", "mark_spam", "restore_to_pending")


def test_editors_group_has_exactly_the_moderation_permissions():
    codenames = set(
        Group.objects.get(name="Editors").permissions.values_list(
            "content_type__app_label", "codename"
        )
    )
    assert codenames == {
        ("comments", codename)
        for codename in (
            "moderate_comment", "view_comment", "change_comment", "view_moderationevent",
            "view_commentreport", "add_moderationlistentry", "change_moderationlistentry",
            "delete_moderationlistentry", "view_moderationlistentry", "view_moderationsettings",
            "change_moderationsettings",
        )
    }  # fmt: skip


def test_editor_sees_the_queue_with_every_moderation_action(client, comment):
    client.force_login(make_editor())
    html = client.get(QUEUE, {"status": "all"}).content.decode()
    assert all(f'value="{action}"' in html for action in MODERATION_ACTIONS)
    assert "decide/remove/" in html


@pytest.mark.parametrize(
    "url",
    [
        reverse("admin:articles_article_add"),
        reverse("admin:articles_article_changelist"),
        reverse("admin:auth_user_changelist"),
        reverse("admin:auth_group_changelist"),
    ],
)
def test_editor_cannot_edit_articles_or_users(client, url):
    client.force_login(make_editor())
    assert client.get(url).status_code == 403


def test_editor_cannot_change_an_article(client, article):
    client.force_login(make_editor())
    url = reverse("admin:articles_article_change", args=[article.pk])
    assert client.post(url, {"comment_mode": "closed"}).status_code == 403
    article.refresh_from_db()
    assert article.comment_mode == "open"


def test_staff_outside_editors_cannot_open_the_queue(client, comment):
    client.force_login(make_user())
    assert client.get(QUEUE).status_code == 403
    change = reverse("admin:comments_comment_change", args=[comment.pk])
    assert client.get(change).status_code == 403


def test_staff_who_may_only_view_comments_get_no_moderation_tools(client, article):
    held = make_comment(article=article, status=Comment.Status.PENDING)
    client.force_login(make_user(permissions=("comments.view_comment",)))
    html = client.get(QUEUE).content.decode()
    assert response_lists(html, held) and not any(action in html for action in MODERATION_ACTIONS)
    assert "decide/approve/" not in html
    client.post(QUEUE, {"action": "approve_comments", "_selected_action": [held.pk], "index": 0})
    decide = reverse("admin:comments_comment_decide", args=[held.pk, "approve"])
    assert client.post(decide).status_code == 403
    block = reverse("admin:comments_comment_block", args=[held.pk])
    assert client.post(block).status_code == 403
    page = client.get(reverse("admin:comments_comment_change", args=[held.pk])).content.decode()
    assert block not in page and "decide/" not in page and "CHANGE_FORM-action" not in page
    held.refresh_from_db()
    assert held.status == Comment.Status.PENDING
    assert not ModerationEvent.objects.filter(source="admin").exists()


def response_lists(html: str, comment: Comment) -> bool:
    return reverse("admin:comments_comment_change", args=[comment.pk]) in html


def test_anonymous_visitor_is_sent_to_the_login_page(client, comment):
    decide = reverse("admin:comments_comment_decide", args=[comment.pk, "approve"])
    response = client.post(decide)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_superuser_changes_an_articles_comment_mode_and_close_date(client, article):
    client.force_login(make_user(is_superuser=True))
    url = reverse("admin:articles_article_change", args=[article.pk])
    form = client.get(url).content.decode()
    assert 'name="comment_mode"' in form and 'name="comments_close_after_days"' in form
    local = article.published_at.astimezone()
    response = client.post(
        url,
        {
            "title": article.title, "slug": article.slug, "section": article.section_id,
            "byline": "", "excerpt": "", "body_html": article.body_html, "status": "published",
            "published_at_0": local.strftime("%Y-%m-%d"),
            "published_at_1": local.strftime("%H:%M:%S"),
            "comment_mode": "moderated", "comments_close_after_days": "7",
            "kind": article.kind, "canonical_url": article.canonical_url,
        },
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    assert (article.comment_mode, article.comments_close_after_days) == ("moderated", 7)
    assert Article.objects.filter(comment_mode="moderated").count() == 1
