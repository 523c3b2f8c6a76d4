"""The abuse model's accuracy page: figures from the editors' decisions, and the thresholds."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment, ModerationEvent, ModerationSettings
from comments.services.decisions import comments_decide
from tests.factories import make_comment, make_user

pytestmark = pytest.mark.django_db
PAGE = reverse("moderation_accuracy:accuracy")


def decided(article, *, risk, decision, reason="", rules=(), days_ago=1, body=None):
    comment = make_comment(
        article=article, status=Comment.Status.PENDING, risk=risk, body=body or f"تعليق {risk}",
        moderation_reasons=[{"code": code, "detail": ""} for code in rules],
    )  # fmt: skip
    comments_decide(ids=[comment.pk], decision=decision, actor=None,
                    source=ModerationEvent.Source.ADMIN, reason=reason)  # fmt: skip
    when = timezone.now() - timedelta(days=days_ago)
    ModerationEvent.objects.filter(comment=comment, source="admin").update(created_at=when)
    return comment


@pytest.fixture
def decisions(article):
    ModerationSettings.objects.update(risk_hold_threshold=0.6)
    decided(article, risk=0.9, decision="remove", reason="abuse", rules=["likely_abusive"])
    decided(article, risk=0.7, decision="approve", rules=["likely_abusive"])  # a false hold
    decided(article, risk=0.2, decision="remove", reason="hate_speech", rules=["first_time"],
            body="إساءة فاتت النموذج")  # fmt: skip
    decided(article, risk=0.1, decision="approve", rules=["first_time"])
    decided(article, risk=0.05, decision="approve")
    decided(article, risk=0.8, decision="remove", reason="off_topic", rules=["likely_abusive"])
    decided(article, risk=0.95, decision="remove", reason="abuse", days_ago=60,
            rules=["likely_abusive"])  # fmt: skip


def window(response, days: int):
    (report,) = [r for r in response.context["reports"] if r.days == days]
    return report


def test_the_model_is_measured_at_the_threshold_over_30_and_90_days(client, editor, decisions):
    response = client.get(PAGE)
    assert response.status_code == 200
    last_30 = window(response, 30)
    assert (last_30.decided, last_30.scored) == (6, 5)  # off-topic removal: not judged
    model = last_30.model
    assert (model["true_positives"], model["false_positives"], model["false_negatives"]) == (
        1,
        1,
        1,
    )
    assert model["precision"] == 0.5 and model["recall"] == 0.5
    assert model["false_positive_rate"] == pytest.approx(1 / 3)
    assert window(response, 90).model["true_positives"] == 2


def test_each_rule_is_measured_by_what_editors_then_did(client, editor, decisions):
    rules = {r["code"]: r for r in window(client.get(PAGE), 30).rules}
    assert (rules["likely_abusive"]["flagged"], rules["likely_abusive"]["false_positives"]) == (
        3,
        1,
    )
    assert (rules["first_time"]["flagged"], rules["first_time"]["false_positives"]) == (2, 1)


def test_the_trade_off_table_and_the_misses_are_shown(client, editor, decisions):
    response = client.get(PAGE)
    report = window(response, 30)
    by_threshold = {row["threshold"]: row for row in report.trade_off}
    assert by_threshold[0.3]["recall"] == 0.5 and by_threshold[0.8]["flagged"] == 1
    assert [m.body for m in report.misses] == ["إساءة فاتت النموذج"]
    html = response.content.decode()
    assert "إساءة فاتت النموذج" in html and "Likely abusive" in html


def test_editors_set_the_thresholds_on_the_page(client, editor):
    data = {"risk_hold_threshold": "0.75", "risk_approve_first_time": "on",
            "risk_approve_below": "0.05"}  # fmt: skip
    assert client.post(PAGE, data).status_code == 302
    row = ModerationSettings.current()
    assert (row.risk_hold_threshold, row.risk_approve_first_time, row.risk_approve_below) == (
        0.75, True, 0.05,
    )  # fmt: skip


@pytest.mark.parametrize(
    "data",
    [
        {"risk_hold_threshold": "1.5", "risk_approve_below": "0.1"},
        {"risk_hold_threshold": "0.3", "risk_approve_below": "0.4"},
        {"risk_hold_threshold": "abc", "risk_approve_below": "0.1"},
    ],
)
def test_a_bad_threshold_is_a_clear_error_and_saves_nothing(client, editor, data):
    response = client.post(PAGE, data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert ModerationSettings.current().risk_hold_threshold == 0.6


def test_only_editors_see_the_page(client):
    client.force_login(make_user())
    assert client.get(PAGE).status_code == 403


def test_the_page_takes_a_bounded_number_of_queries(client, editor, decisions,
                                                    django_assert_max_num_queries):  # fmt: skip
    with django_assert_max_num_queries(10):
        assert client.get(PAGE).status_code == 200


def test_the_admin_index_links_to_the_page(client, editor):
    assert PAGE in client.get(reverse("admin:index")).content.decode()
