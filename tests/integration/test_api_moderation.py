"""Moderator endpoints: token auth, the Editors group, the queue, decisions, the audit trail."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from comments.models import Comment, ModerationEvent
from tests.factories import make_article, make_comment, make_editor, make_user

pytestmark = pytest.mark.django_db


def auth(user) -> dict:
    return {"Authorization": f"Token {Token.objects.get_or_create(user=user)[0].key}"}


@pytest.fixture
def editor():
    return make_editor()


@pytest.fixture
def as_editor(editor) -> dict:
    return auth(editor)


def moderator_requests(comment) -> list[tuple[str, str, dict | None]]:
    """Every moderator endpoint, with a valid request body where it takes one."""
    return [
        ("get", reverse("api:moderation-comments"), None),
        ("post", reverse("api:moderation-decision", args=[comment.pk]), {"action": "approve"}),
        ("get", reverse("api:moderation-events", args=[comment.pk]), None),
        ("post", reverse("api:moderation-decisions"), {"ids": [comment.pk], "action": "approve"}),
    ]


def call(client, method: str, url: str, data: dict | None, headers: dict | None = None):
    if method == "get":
        return client.get(url, headers=headers or {})
    return client.post(url, data, content_type="application/json", headers=headers or {})


# --- Token and permissions ---------------------------------------------------------------------


def test_token_is_given_for_good_credentials_only(client, editor):
    url = reverse("api:token")
    good = {"username": editor.username, "password": "secret-password-1"}
    response = client.post(url, good, content_type="application/json")
    assert response.status_code == 200
    assert response.json() == {"token": Token.objects.get(user=editor).key}
    bad = client.post(url, {**good, "password": "wrong"}, content_type="application/json")
    assert bad.status_code == 400
    assert bad.json()["error"]["code"] == "invalid"
    assert "token" not in bad.json()


@pytest.mark.parametrize(
    "who", ["anonymous", "bad_token", "reader", "staff", "editor", "superuser"]
)
def test_only_editors_and_superusers_may_moderate(client, article, who):
    comment = make_comment(article=article, status=Comment.Status.PENDING)
    users = {
        "reader": lambda: make_user(is_staff=False),
        "staff": lambda: make_user(is_staff=True),
        "editor": make_editor,
        "superuser": lambda: make_user(is_superuser=True),
    }
    headers = {"anonymous": {}, "bad_token": {"Authorization": "Token nope"}}.get(who)
    if headers is None:
        headers = auth(users[who]())
    expected = {"anonymous": 401, "bad_token": 401, "reader": 403, "staff": 403}.get(who, 200)
    for method, url, data in moderator_requests(comment):
        response = call(client, method, url, data, headers)
        assert response.status_code == expected, (url, response.content)
        if expected != 200:
            assert set(response.json()) == {"error"}
    if expected == 401:
        assert response["WWW-Authenticate"] == "Token"


def test_a_deactivated_editor_is_refused(client, article):
    editor = make_editor()
    headers = auth(editor)
    editor.is_active = False
    editor.save()
    response = client.get(reverse("api:moderation-comments"), headers=headers)
    assert response.status_code == 401


# --- The queue ---------------------------------------------------------------------------------


def test_the_queue_shows_email_and_ip_to_editors(client, article, as_editor):
    comment = make_comment(
        article=article, status=Comment.Status.PENDING, email="hidden@example.com",
        ip_address="198.51.100.7", moderation_reasons=[{"code": "first_time", "detail": ""}],
    )  # fmt: skip
    response = client.get(
        reverse("api:moderation-comments"), {"status": "pending"}, headers=as_editor
    )
    listed = response.json()["results"][0]
    assert listed["id"] == comment.pk
    assert listed["email"] == "hidden@example.com" and listed["ip_address"] == "198.51.100.7"
    assert listed["moderation_reasons"] == [{"code": "first_time", "detail": ""}]
    assert listed["article"] == {
        "id": article.pk,
        "title": article.title,
        "section": article.section_id,
    }


def ids_for(client, headers, **params) -> list[int]:
    response = client.get(reverse("api:moderation-comments"), params, headers=headers)
    assert response.status_code == 200, response.content
    return [c["id"] for c in response.json()["results"]]


def test_the_queue_filters_like_the_admin(client, article, as_editor):
    other = make_article()
    pending = make_comment(article=article, status=Comment.Status.PENDING, body="نص عن الاقتصاد")
    reported = make_comment(article=article, report_count=2, name="مبلغ عنه")
    elsewhere = make_comment(article=other, ip_address="192.0.2.44", email="far@example.org")
    old = make_comment(article=article, created_at=timezone.now() - timedelta(days=40))
    assert ids_for(client, as_editor, status="pending") == [pending.pk]
    assert ids_for(client, as_editor, section=other.section_id) == [elsewhere.pk]
    assert ids_for(client, as_editor, article=other.pk) == [elsewhere.pk]
    assert ids_for(client, as_editor, reported="true") == [reported.pk]
    assert sorted(ids_for(client, as_editor, reported="false")) == [
        pending.pk,
        elsewhere.pk,
        old.pk,
    ]
    old_day = (timezone.now() - timedelta(days=40)).date().isoformat()
    assert ids_for(client, as_editor, created_before=old_day) == [old.pk]
    assert old.pk not in ids_for(client, as_editor, created_after=timezone.now().date().isoformat())
    assert ids_for(client, as_editor, search="الاقتصاد") == [pending.pk]
    assert ids_for(client, as_editor, search="مبلغ") == [reported.pk]
    assert ids_for(client, as_editor, search="far@example.org") == [elsewhere.pk]
    assert ids_for(client, as_editor, search="اقتصاد نص") == [pending.pk]  # every word, any order
    assert ids_for(client, as_editor, search="192.0.2.44") == [elsewhere.pk]


def test_invalid_filters_are_a_400_naming_them(client, as_editor):
    response = client.get(
        reverse("api:moderation-comments"), {"status": "nope", "article": "x"}, headers=as_editor
    )
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"status", "article"}


def test_the_api_asks_for_the_moderate_permission_as_the_admin_does(client, article):
    # Granted directly, not only through the Editors group, it opens the API too.
    direct = make_user(permissions=("comments.moderate_comment",))
    staff_only = make_user()
    queue = reverse("api:moderation-comments")
    assert client.get(queue, headers=auth(direct)).status_code == 200
    assert client.get(queue, headers=auth(staff_only)).status_code == 403


@pytest.mark.parametrize("count", [5, 500])
def test_the_queue_takes_a_bounded_number_of_queries(
    client, article, as_editor, count, django_assert_max_num_queries
):
    Comment.objects.bulk_create(
        Comment(
            article=article, name=f"ق {i}", email=f"q{i}@example.com", body=f"ت {i}",
            body_html=f"<p>ت {i}</p>", status="pending", created_at=timezone.now(),
        )
        for i in range(count)
    )  # fmt: skip
    # The token, the editor's permissions (their own and their groups'), the page.
    with django_assert_max_num_queries(4):
        response = client.get(reverse("api:moderation-comments"), headers=as_editor)
    assert len(response.json()["results"]) == min(count, 50)


# --- Decisions ---------------------------------------------------------------------------------


def decide(client, headers, comment, **data):
    url = reverse("api:moderation-decision", args=[comment.pk])
    return client.post(url, data, content_type="application/json", headers=headers)


def test_approving_publishes_audits_and_counts_like_the_admin(client, article, editor, as_editor):
    comment = make_comment(article=article, status=Comment.Status.PENDING)
    response = decide(client, as_editor, comment, action="approve")
    assert response.status_code == 200
    assert response.json()["changed"] is True
    assert response.json()["comment"]["status"] == "approved"
    event = ModerationEvent.objects.get(comment=comment)
    assert (event.actor, event.source, event.from_status, event.to_status) == (
        editor, "api", "pending", "approved",
    )  # fmt: skip
    article.refresh_from_db()
    assert article.approved_comment_count == 1


@pytest.mark.parametrize(
    "action, status", [("remove", "removed"), ("spam", "spam"), ("pending", "pending")]
)
def test_each_action_moves_the_comment(client, article, as_editor, action, status):
    comment = make_comment(article=article)
    response = decide(client, as_editor, comment, action=action, reason="abuse", note="شتائم")
    comment.refresh_from_db()
    assert response.status_code == 200 and comment.status == status
    event = ModerationEvent.objects.get(comment=comment)
    assert (event.reason, event.note) == ("abuse", "شتائم")
    article.refresh_from_db()
    assert article.approved_comment_count == 0


def test_a_decision_that_changes_nothing_is_not_audited(client, article, as_editor):
    comment = make_comment(article=article)
    response = decide(client, as_editor, comment, action="approve")
    assert response.json()["changed"] is False
    assert not ModerationEvent.objects.exists()


@pytest.mark.parametrize(
    "data, field",
    [
        ({"action": "delete"}, "action"),
        ({"action": "remove", "reason": "rude"}, "reason"),
        ({}, "action"),
    ],
)
def test_an_unknown_action_or_reason_is_a_400(client, article, as_editor, data, field):
    comment = make_comment(article=article)
    response = decide(client, as_editor, comment, **data)
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    comment.refresh_from_db()
    assert comment.status == "approved"


def test_deciding_on_a_missing_comment_is_a_404(client, as_editor):
    url = reverse("api:moderation-decision", args=[999999])
    response = client.post(
        url, {"action": "approve"}, content_type="application/json", headers=as_editor
    )
    assert response.status_code == 404


def test_bulk_decision_moves_all_in_one_update(client, article, as_editor):
    comments = [make_comment(article=article, status=Comment.Status.PENDING) for _ in range(3)]
    ids = [c.pk for c in comments] + [999999]
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            reverse("api:moderation-decisions"), {"ids": ids, "action": "approve"},
            content_type="application/json", headers=as_editor,
        )  # fmt: skip
    assert response.status_code == 200 and response.json() == {"changed": 3}
    updates = [q["sql"] for q in queries if q["sql"].startswith('UPDATE "comments_comment"')]
    assert len(updates) == 1
    assert set(Comment.objects.values_list("status", flat=True)) == {"approved"}
    assert ModerationEvent.objects.filter(source="api").count() == 3


@pytest.mark.parametrize(
    "ids", [[], ["x"], list(range(1, 502))], ids=["empty", "not-ids", "too-many"]
)
def test_bulk_decision_refuses_bad_id_lists(client, as_editor, ids):
    response = client.post(
        reverse("api:moderation-decisions"), {"ids": ids, "action": "approve"},
        content_type="application/json", headers=as_editor,
    )  # fmt: skip
    assert response.status_code == 400
    assert any(name.startswith("ids") for name in response.json()["error"]["fields"])


# --- Audit trail -------------------------------------------------------------------------------


def test_the_audit_trail_lists_every_change_oldest_first(client, article, editor, as_editor):
    comment = make_comment(article=article, status=Comment.Status.PENDING)
    decide(client, as_editor, comment, action="approve")
    decide(client, as_editor, comment, action="remove", reason="hate_speech")
    response = client.get(reverse("api:moderation-events", args=[comment.pk]), headers=as_editor)
    events = response.json()
    assert [(e["from_status"], e["to_status"]) for e in events] == [
        ("pending", "approved"), ("approved", "removed"),
    ]  # fmt: skip
    assert events[1]["reason"] == "hate_speech" and events[1]["actor"] == editor.username
    assert events[0]["source"] == "api"


def test_events_of_a_missing_comment_are_a_404(client, as_editor):
    response = client.get(reverse("api:moderation-events", args=[999999]), headers=as_editor)
    assert response.status_code == 404


@pytest.mark.parametrize("count", [5, 500])
def test_the_audit_trail_takes_a_bounded_number_of_queries(
    client, article, editor, as_editor, count, django_assert_max_num_queries
):
    comment = make_comment(article=article)
    ModerationEvent.objects.bulk_create(
        ModerationEvent(comment=comment, actor=editor, to_status="approved", source="api")
        for _ in range(count)
    )
    with django_assert_max_num_queries(5):  # as above, plus the comment
        response = client.get(
            reverse("api:moderation-events", args=[comment.pk]), headers=as_editor
        )
    assert len(response.json()) == count


def test_the_queue_gives_each_comments_risk_and_risky_words(client, article, as_editor):
    make_comment(article=article, status=Comment.Status.PENDING, risk=0.87,
                 risk_terms=["حقير", "غبي"])  # fmt: skip
    make_comment(article=article, status=Comment.Status.PENDING)
    response = client.get(reverse("api:moderation-comments"), {"status": "pending"},
                          headers=as_editor)  # fmt: skip
    rows = {row["risk"]: row["risk_terms"] for row in response.json()["results"]}
    assert rows == {0.87: ["حقير", "غبي"], None: []}
