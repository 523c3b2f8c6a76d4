"""One vocabulary for an editor's decision: its word, its status, its audit and its message."""

import pytest
from django.utils import translation

from comments.models import Comment, Decision, ModerationEvent
from comments.services.decisions import comments_decide
from tests.factories import make_comment, make_editor

pytestmark = pytest.mark.django_db


def test_the_decision_words_are_the_apis_wire_format():
    assert Decision.values == ["approve", "remove", "spam", "pending"]


def test_every_status_has_exactly_one_decision():
    assert sorted(decision.status for decision in Decision) == sorted(Comment.Status.values)


@pytest.mark.parametrize("decision", list(Decision), ids=Decision.values)
def test_a_decision_moves_comments_to_its_status_and_audits_it(article, decision):
    editor = make_editor()
    start = Comment.Status.APPROVED if decision == Decision.PENDING else Comment.Status.PENDING
    chosen = [make_comment(article=article, status=start) for _ in range(2)]
    moved = comments_decide(
        ids=[c.pk for c in chosen], decision=decision, actor=editor, source="api",
        reason="abuse", note="ملاحظة",
    )  # fmt: skip
    assert moved == 2
    assert set(Comment.objects.values_list("status", flat=True)) == {decision.status}
    events = ModerationEvent.objects.values_list("to_status", "actor", "reason", "note", "source")
    assert set(events) == {(decision.status, editor.pk, "abuse", "ملاحظة", "api")}


def test_a_decision_already_taken_moves_nothing(article):
    shown = make_comment(article=article, status=Comment.Status.APPROVED)
    assert comments_decide(ids=[shown.pk], decision=Decision.APPROVE, actor=None, source="api") == 0
    assert not ModerationEvent.objects.exists()


def test_the_done_message_counts_in_the_editors_language():
    with translation.override("en"):
        assert Decision.SPAM.done_message(1) == "1 comment marked as spam."
        assert Decision.PENDING.done_message(4) == "4 comments sent back to the queue."
    with translation.override("ar"):
        assert Decision.REMOVE.done_message(3) == "أُزيلت 3 تعليقات."
