"""The comment page in the admin: read-only reader text, context, history and blocking."""

import pytest
from django.urls import reverse

from comments.models import Comment, ModerationListEntry
from tests.factories import make_comment

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:comments_comment_changelist")
PENDING = Comment.Status.PENDING


def statuses(*comments) -> list[str]:
    return [Comment.objects.get(pk=c.pk).status for c in comments]


def remove(client, comment, **data):
    url = reverse("admin:comments_comment_change", args=[comment.pk])
    data = {"CHANGE_FORM-action": "remove_comments", "_selected_action": comment.pk, **data}
    return client.post(url, data)


# The comment page ----------------------------------------------------------------------------


def change_page(client, comment) -> str:
    return client.get(reverse("admin:comments_comment_change", args=[comment.pk])).content.decode()


def test_comment_page_is_read_only_for_what_the_reader_typed(client, editor, article):
    shown = make_comment(article=article, name="سلمى", body="نص القارئ")
    html = change_page(client, shown)
    assert "نص القارئ" in html and 'name="body"' not in html and 'name="name"' not in html
    url = reverse("admin:comments_comment_change", args=[shown.pk])
    response = client.post(url, {"name": "محرر", "body": "نص آخر", "_save": "Save"})
    assert response.status_code == 403
    shown.refresh_from_db()
    assert (shown.name, shown.body) == ("سلمى", "نص القارئ")


def test_comment_page_shows_article_parent_and_the_commenters_history(client, editor, article):
    email, ip = "hana@example.com", "192.0.2.7"
    parent = make_comment(article=article, body="التعليق الأصلي")
    for status in ("approved", "approved", "spam", "removed"):
        make_comment(article=article, email=email, status=status)
    make_comment(article=article, ip_address=ip, status="spam")
    reply = make_comment(article=article, parent=parent, email=email.upper(), ip_address=ip,
                         status=PENDING)  # fmt: skip
    html = change_page(client, reply)
    assert article.get_absolute_url() in html and "التعليق الأصلي" in html
    assert (
        '<tr class="nr-history-email"><th scope="row">This email</th>'
        "<td>2</td><td>1</td><td>1</td></tr>" in html
    )
    assert '<th scope="row">This IP address</th><td>0</td><td>1</td><td>0</td>' in html


def test_comment_page_shows_the_audit_trail(client, editor, article):
    shown = make_comment(article=article, status=PENDING)
    remove(client, shown, post="yes", reason="abuse", note="شتائم")
    html = change_page(client, shown)
    assert "History of decisions" in html
    assert "Abuse" in html and "شتائم" in html and editor.username in html


def test_decision_from_the_comment_page_actions(client, editor, article):
    shown = make_comment(article=article, status=PENDING)
    url = reverse("admin:comments_comment_change", args=[shown.pk])
    client.post(
        url, {"CHANGE_FORM-action": "approve_comments", "_selected_action": shown.pk, "index": 0}
    )
    assert statuses(shown) == ["approved"]


def test_comment_page_buttons_post_the_editors_decisions(client, editor, article):
    held = make_comment(article=article, status=PENDING)
    html = change_page(client, held)
    for word in ("approve", "remove"):
        assert reverse("admin:comments_comment_decide", args=[held.pk, word]) in html


def test_removal_from_the_comment_page_asks_for_a_reason_then_returns_there(
    client, editor, article
):
    shown = make_comment(article=article)
    page = remove(client, shown).content.decode()
    assert 'name="CHANGE_FORM-action" value="remove_comments"' in page and 'name="reason"' in page
    assert statuses(shown) == ["approved"]
    response = remove(client, shown, post="yes", reason="spam")
    assert response["Location"] == reverse("admin:comments_comment_change", args=[shown.pk])
    assert statuses(shown) == ["removed"]


def test_block_this_commenter_adds_email_and_ip_to_the_blocklist(client, editor, article):
    shown = make_comment(article=article, email="Troll@Example.com", ip_address="198.51.100.4")
    url = reverse("admin:comments_comment_block", args=[shown.pk])
    assert 'action="' + url + '"' in change_page(client, shown)
    client.post(url, {"include_ip": "on"})
    entries = ModerationListEntry.objects.values_list("list", "kind", "value", "action")
    assert set(entries) == {
        ("block", "email", "troll@example.com", "spam"),
        ("block", "ip", "198.51.100.4", "spam"),
    }


def test_block_without_ip_leaves_the_ip_alone(client, editor, article):
    shown = make_comment(article=article, ip_address="198.51.100.4")
    client.post(reverse("admin:comments_comment_block", args=[shown.pk]))
    assert list(ModerationListEntry.objects.values_list("kind", flat=True)) == ["email"]


# The readers' "useful" count ----------------------------------------------------------------


def test_the_useful_count_is_shown_read_only_and_never_who(client, editor, article):
    from comments.models import CommentReaction
    from comments.services.reactions import reaction_add

    shown = make_comment(article=article, body="تعليق مفيد")
    for key in ("ip:aaaa1111bbbb2222", "ip:eeee5555ffff6666", "ip:cccc3333dddd4444"):
        reaction_add(comment=shown, reader_key=key)
    queue = client.get(QUEUE, {"status": "all"}).content.decode()
    assert "column-useful_count" in queue and 'class="field-useful_count">3<' in queue
    page = change_page(client, shown)
    assert "field-useful_count" in page and 'name="useful_count"' not in page
    for key in CommentReaction.objects.values_list("reader_key", flat=True):
        assert key.partition(":")[2] not in queue and key.partition(":")[2] not in page
