"""Two editors deciding the same comment at the same moment, on two PostgreSQL connections."""

import threading

import pytest
from django.db import transaction

from comments.models import Comment, ModerationEvent
from comments.services.decisions import comments_set_status
from tests.concurrency import (
    WAIT_SECONDS,
    in_own_connection,
    needs_postgres,
    someone_waits_for_a_lock,
    wait_until,
)
from tests.factories import make_comment, make_editor

pytestmark = needs_postgres("row locks between two connections need PostgreSQL")


def test_second_decision_waits_for_the_first_and_both_are_recorded(article):
    first_editor, second_editor = make_editor(), make_editor()
    comment = make_comment(article=article, status=Comment.Status.PENDING)
    first_holds_lock, let_first_commit = threading.Event(), threading.Event()

    def first() -> None:
        with transaction.atomic():
            comments_set_status(ids=[comment.pk], to_status="approved", actor=first_editor,
                                source="admin")  # fmt: skip
            first_holds_lock.set()
            assert let_first_commit.wait(WAIT_SECONDS)

    def second() -> None:
        assert first_holds_lock.wait(WAIT_SECONDS)
        comments_set_status(ids=[comment.pk], to_status="removed", actor=second_editor,
                            source="admin", reason="abuse")  # fmt: skip

    threads = [in_own_connection(first), in_own_connection(second)]
    for thread in threads:
        thread.start()
    wait_until(someone_waits_for_a_lock)  # the second editor is blocked on the row
    let_first_commit.set()
    for thread in threads:
        thread.join(WAIT_SECONDS)
    events = list(ModerationEvent.objects.filter(comment=comment, source="admin").order_by("pk"))
    assert [(e.actor, e.from_status, e.to_status) for e in events] == [
        (first_editor, "pending", "approved"),
        (second_editor, "approved", "removed"),
    ]
    comment.refresh_from_db()
    article.refresh_from_db()
    assert comment.status == "removed" and article.approved_comment_count == 0


@pytest.mark.parametrize("attempt", range(5))
def test_simultaneous_decisions_lose_nothing_and_the_later_one_wins(article, attempt):
    editors = {"approved": make_editor(), "spam": make_editor()}
    comment = make_comment(article=article, status=Comment.Status.PENDING)
    start = threading.Barrier(2)

    def decide(status: str):
        def work() -> None:
            start.wait(WAIT_SECONDS)
            comments_set_status(ids=[comment.pk], to_status=status, actor=editors[status],
                                source="admin")  # fmt: skip

        return work

    threads = [in_own_connection(decide(status)) for status in editors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT_SECONDS)
    events = list(ModerationEvent.objects.filter(comment=comment, source="admin").order_by("pk"))
    assert len(events) == 2
    earlier, later = events
    assert earlier.from_status == "pending" and later.from_status == earlier.to_status
    comment.refresh_from_db()
    article.refresh_from_db()
    assert comment.status == later.to_status
    assert article.approved_comment_count == (1 if later.to_status == "approved" else 0)
