"""The abuse model in the real posting pipeline: held even from regulars, never blocking a post."""

import logging

import pytest

from comments.admin.display import reasons_text
from comments.models import Comment, ModerationSettings, RiskModelVersion
from tests.integration.test_pipeline_integration import KNOWN, post, reason_codes, stored
from tests.risk_fixtures import ABUSIVE_PROBE, CLEAN_PROBE

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _relaxed_settings():
    ModerationSettings.objects.filter(pk=ModerationSettings.current().pk).update(flood_seconds=0)


@pytest.fixture
def known(article):
    """A regular: an approved comment from an address they confirmed (what trust needs)."""
    from tests.factories import make_comment, make_verified_email

    make_verified_email(KNOWN)
    return make_comment(article=article, email=KNOWN, body="تعليق قديم منشور")


def test_an_abusive_comment_from_a_regular_is_held_as_likely_abusive(client, article, known,
                                                                      risk_model):  # fmt: skip
    post(client, article, body=ABUSIVE_PROBE)
    comment = stored(body=ABUSIVE_PROBE)
    assert comment.status == Comment.Status.PENDING
    assert reason_codes(comment) == ["likely_abusive"]
    assert comment.risk >= ModerationSettings.current().risk_hold_threshold
    assert "حقير" in comment.risk_terms
    assert comment.moderation_reasons[0]["detail"] == f"{comment.risk:.2f}"


def test_a_clean_comment_from_a_regular_is_published_with_its_low_risk(client, article, known,
                                                                       risk_model):  # fmt: skip
    post(client, article, body=CLEAN_PROBE)
    comment = stored(body=CLEAN_PROBE)
    assert comment.status == Comment.Status.APPROVED
    assert comment.risk < 0.5


def test_the_hold_threshold_is_the_sites_setting(client, article, known, risk_model):
    ModerationSettings.objects.update(risk_hold_threshold=1.0)
    post(client, article, body=ABUSIVE_PROBE)
    assert stored(body=ABUSIVE_PROBE).status == Comment.Status.APPROVED


def test_a_low_risk_first_comment_is_published_only_when_the_site_allows_it(client, article,
                                                                            risk_model):  # fmt: skip
    post(client, article, email="first@example.com", body=CLEAN_PROBE)
    assert stored(body=CLEAN_PROBE).status == Comment.Status.PENDING
    ModerationSettings.objects.update(risk_approve_first_time=True, risk_approve_below=0.5)
    post(client, article, email="second@example.com", body=CLEAN_PROBE + " اليوم")
    comment = stored(body=CLEAN_PROBE + " اليوم")
    assert comment.status == Comment.Status.APPROVED
    assert reason_codes(comment) == ["low_risk"]


def test_a_risky_first_comment_stays_held_with_low_risk_approval_on(client, article, risk_model):
    ModerationSettings.objects.update(risk_approve_first_time=True, risk_approve_below=0.5)
    post(client, article, email="first@example.com", body=ABUSIVE_PROBE)
    comment = stored(body=ABUSIVE_PROBE)
    assert comment.status == Comment.Status.PENDING
    assert reason_codes(comment) == ["first_time", "likely_abusive"]


def test_without_a_model_comments_are_moderated_as_before(client, article, known):
    post(client, article, body=ABUSIVE_PROBE)
    comment = stored(body=ABUSIVE_PROBE)
    assert (comment.status, comment.risk, comment.risk_terms) == (Comment.Status.APPROVED, None, [])


def test_a_broken_model_never_blocks_a_post_and_is_logged_once(client, article, known, settings,
                                                               caplog):  # fmt: skip
    settings.COMMENTS_RISK_CHECK_SECONDS = 0  # every post asks again which version is current
    broken = RiskModelVersion.objects.create(data=b"not a model", training_size=1, positives=1)
    ModerationSettings.objects.filter(pk=1).update(
        risk_model_version_id=broken.pk
    )  # as training does
    with caplog.at_level(logging.ERROR, logger="comments.scoring"):
        post(client, article, body=ABUSIVE_PROBE)
        post(client, article, body=CLEAN_PROBE)
    assert stored(body=ABUSIVE_PROBE).status == Comment.Status.APPROVED
    assert stored(body=CLEAN_PROBE).risk is None
    assert len([r for r in caplog.records if "Abuse model" in r.getMessage()]) == 1


def test_the_reason_reads_likely_abusive_with_the_score_in_both_languages():
    from django.utils import translation

    reasons = [{"code": "likely_abusive", "detail": "0.87"}]
    with translation.override("en"):
        assert reasons_text(reasons) == "Likely abusive (0.87)"
    with translation.override("ar"):
        assert "0.87" in reasons_text(reasons)
        assert "Likely" not in reasons_text(reasons)
