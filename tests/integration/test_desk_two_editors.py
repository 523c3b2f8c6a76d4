"""Two editors on one desk queue, on two PostgreSQL connections: the later decision is refused."""

import threading

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from comments.models import Comment, ModerationEvent
from comments.roles import MODERATE_PERMISSION
from comments.services.decisions import comments_move
from tests.concurrency import (
    WAIT_SECONDS,
    in_own_connection,
    needs_postgres,
    someone_waits_for_a_lock,
    wait_until,
)
from tests.factories import make_comment, make_user

pytestmark = needs_postgres("row locks between two connections need PostgreSQL")

DECIDE = reverse("admin:comments_comment_desk_decide")


def moderator(username: str):
    # The Editors group is migration data, which a transactional test's flush empties.
    return make_user(username=username, permissions=(MODERATE_PERMISSION,))


def test_the_second_editor_waits_then_is_told_who_decided_first(article):
    first_editor, second_editor = moderator("amal"), moderator("badr")
    comment = make_comment(article=article, status=Comment.Status.PENDING)
    second = Client(HTTP_ACCEPT_LANGUAGE="en")
    second.force_login(second_editor)
    first_holds_lock, let_first_commit = threading.Event(), threading.Event()
    answers: list[dict] = []

    def first() -> None:
        with transaction.atomic():
            comments_move(ids=[comment.pk], to_status="approved", actor=first_editor,
                          source="admin", seen_statuses={comment.pk: "pending"})  # fmt: skip
            first_holds_lock.set()
            assert let_first_commit.wait(WAIT_SECONDS)

    def then_second() -> None:
        assert first_holds_lock.wait(WAIT_SECONDS)
        data = {"decision": "spam", "ids": [comment.pk], f"seen-{comment.pk}": "pending"}
        answers.append(second.post(DECIDE, data, HTTP_ACCEPT="application/json").json())

    threads = [in_own_connection(first), in_own_connection(then_second)]
    for thread in threads:
        thread.start()
    wait_until(someone_waits_for_a_lock)  # the second editor's desk waits on the row
    let_first_commit.set()
    for thread in threads:
        thread.join(WAIT_SECONDS)
    (answer,) = answers
    assert answer["moved"] == []
    assert [(c["id"], c["status"], c["by"]) for c in answer["conflicts"]] == [
        (comment.pk, "approved", "amal")
    ]
    events = ModerationEvent.objects.filter(comment=comment, source="admin")
    assert [(e.actor, e.to_status) for e in events] == [(first_editor, "approved")]
    comment.refresh_from_db()
    assert comment.status == "approved"


@pytest.mark.parametrize("attempt", range(3))
def test_simultaneous_desk_decisions_apply_exactly_one(article, attempt):
    comment = make_comment(article=article, status=Comment.Status.PENDING)
    clients = {}
    for name, decision in (("amal", "approve"), ("badr", "remove")):
        clients[decision] = Client(HTTP_ACCEPT_LANGUAGE="en")
        clients[decision].force_login(moderator(f"{name}{attempt}"))
    start = threading.Barrier(2)
    answers: dict[str, dict] = {}

    def decide(decision: str):
        def work() -> None:
            start.wait(WAIT_SECONDS)
            data = {"decision": decision, "ids": [comment.pk], f"seen-{comment.pk}": "pending"}
            response = clients[decision].post(DECIDE, data, HTTP_ACCEPT="application/json")
            answers[decision] = response.json()

        return work

    threads = [in_own_connection(decide(d)) for d in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT_SECONDS)
    moved = [d for d, answer in answers.items() if answer["moved"] == [comment.pk]]
    refused = [d for d, answer in answers.items() if answer["conflicts"]]
    assert len(moved) == 1 and len(refused) == 1
    assert ModerationEvent.objects.filter(comment=comment, source="admin").count() == 1
    comment.refresh_from_db()
    assert comment.status == {"approve": "approved", "remove": "removed"}[moved[0]]
