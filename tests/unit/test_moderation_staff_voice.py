"""The newsroom's voice in the pure rules: past the gates it is approved, whatever would hold it."""

from dataclasses import replace

import pytest

from comments.moderation import Action, BlockEntry, Policy, Reason, decide
from tests.unit.test_moderation import CLEAN

HOLDING = {
    "watched word": (replace(CLEAN, body="كلمة مراقبة هنا"), Policy(watch_words=("مراقبة",))),
    "links": (
        replace(CLEAN, body="https://a.example https://b.example https://c.example"),
        Policy(),
    ),
    "first comment": (replace(CLEAN, author_is_trusted=False), Policy()),
    "reserved name": (replace(CLEAN, name="فريق التحرير"), Policy()),
    "moderated article": (replace(CLEAN, comment_mode="moderated"), Policy()),
    "shadow hold": (replace(CLEAN, shadow_held=True), Policy()),
    "likely abusive": (replace(CLEAN, risk=0.99), Policy(risk_hold_threshold=0.5)),
    "blocked word": (
        replace(CLEAN, body="كلمة محظورة"),
        Policy(block_entries=(BlockEntry("word", "محظورة", Action.SPAM),)),
    ),
}


@pytest.mark.parametrize("case", HOLDING)
def test_a_staff_voice_comment_is_approved_where_a_reader_would_be_held(case):
    submission, policy = HOLDING[case]
    assert decide(submission, policy=policy).action != Action.APPROVE  # the rule does bite
    verdict = decide(replace(submission, staff_voice=True), policy=policy)
    assert (verdict.action, verdict.reasons) == (Action.APPROVE, (Reason("staff_voice"),))


GATED = {
    "closed": replace(CLEAN, comment_mode="closed"),
    "flood": replace(CLEAN, seconds_since_last_comment=1.0),
    "duplicate": replace(CLEAN, is_duplicate=True),
    "bot": replace(CLEAN, bot_check_failed=True),
    "no address": replace(CLEAN, ip=None),
}


@pytest.mark.parametrize("case", GATED)
def test_the_gates_still_apply_to_the_newsroom(case):
    reader = decide(GATED[case], policy=Policy())
    staff = decide(replace(GATED[case], staff_voice=True), policy=Policy())
    assert staff == reader and staff.action in (Action.REJECT, Action.SPAM)
