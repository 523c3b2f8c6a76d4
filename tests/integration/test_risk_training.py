"""Training versions: from the newsroom's decisions, labelled files and the prior; the command."""

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.core.management import CommandError, call_command

from comments import scoring, tasks
from comments.models import Comment, ModerationEvent, RiskModelVersion
from comments.risk.storage import model_from_bytes
from comments.services.decisions import comments_decide
from comments.services.risk import decision_examples
from tests.factories import make_comment
from tests.risk_fixtures import ABUSIVE_PROBE, CLEAN_PROBE, labelled, write_labelled_file

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    """Match the commands' messages in English; test_*_arabic checks the default language."""
    from django.utils import translation

    with translation.override("en"):
        yield


Source = ModerationEvent.Source


def decided(article, text: str, decision: str, reason: str = "", source: str = Source.ADMIN):
    comment = make_comment(article=article, body=text, status=Comment.Status.PENDING, name="")
    comments_decide(ids=[comment.pk], decision=decision, actor=None, source=source, reason=reason)
    return comment


@pytest.fixture
def decisions(article):
    """The small corpus, as editors decided it: abuse removed, clean comments approved."""
    for text, label in zip(*labelled(), strict=True):
        decided(article, text, "remove" if label else "approve", "abuse" if label else "")


def test_abuse_removals_are_positive_and_approvals_negative(article):
    decided(article, "شتيمة", "remove", "abuse")
    decided(article, "كراهية", "spam", "hate_speech")
    decided(article, "خارج الموضوع", "remove", "off_topic")
    decided(article, "مزعج", "spam", "spam")
    decided(article, "تعليق جيد", "approve")
    make_comment(article=article, body="قيد الانتظار", status=Comment.Status.PENDING, name="")
    labels = {e.text: e.label for e in decision_examples()}
    assert labels == {"شتيمة": 1, "كراهية": 1, "تعليق جيد": 0}


def test_comments_refused_on_the_site_they_were_imported_from_are_positive(article):
    imported = make_comment(article=article, body="من ووردبريس", status=Comment.Status.PENDING,
                            name="")  # fmt: skip
    comments_decide(ids=[imported.pk], decision="spam", actor=None, source=Source.IMPORT,
                    reason="wxr")  # fmt: skip
    assert [(e.text, e.label) for e in decision_examples()] == [("من ووردبريس", 1)]


def test_the_command_trains_on_decisions_alone_and_stores_its_metrics(decisions, capsys):
    call_command("train_moderation_model", "--from-decisions", "--no-prior")
    version = RiskModelVersion.objects.get()
    texts, labels = labelled()
    assert (version.training_size, version.positives) == (len(texts), sum(labels))
    assert version.sources == {"decisions": len(texts)}
    assert version.metrics["auc"] > 0.9
    assert "ROC AUC" in capsys.readouterr().out
    model = model_from_bytes(version.data)
    assert model.score(ABUSIVE_PROBE) > 0.5 > model.score(CLEAN_PROBE)


def test_the_command_trains_on_labelled_files(tmp_path):
    path = write_labelled_file(tmp_path / "mine.tsv")
    call_command("train_moderation_model", "--no-prior", "--from-file", str(path))
    assert RiskModelVersion.objects.get().sources == {"mine.tsv": len(labelled()[0])}


def test_the_prior_is_mpold_unless_left_out(tmp_path):
    path = write_labelled_file(tmp_path / "mine.tsv")
    call_command("train_moderation_model", "--from-file", str(path))
    assert RiskModelVersion.objects.get().sources == {"mpold": 4000, "mine.tsv": len(labelled()[0])}


@pytest.mark.parametrize("line", ["2\tنص", "نص بلا علامة", "x\ty"])
def test_a_badly_labelled_file_is_a_clear_error(tmp_path, line):
    path = tmp_path / "bad.tsv"
    path.write_text(f"1\tجيد\n{line}\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"bad\.tsv:2"):
        call_command("train_moderation_model", "--no-prior", "--from-file", str(path))
    assert not RiskModelVersion.objects.exists()


def test_a_missing_file_or_too_few_examples_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("train_moderation_model", "--from-file", str(tmp_path / "none.tsv"))
    with pytest.raises(CommandError, match="two abusive and two clean"):
        call_command("train_moderation_model", "--from-decisions", "--no-prior")


def test_if_missing_stores_the_default_model_once():
    call_command("train_moderation_model", "--if-missing")
    call_command("train_moderation_model", "--if-missing")
    version = RiskModelVersion.objects.get()
    assert version.sources == {"mpold": 4000}
    assert version.metrics["auc"] > 0.83


def test_a_new_version_is_current_for_the_next_score(decisions, django_capture_on_commit_callbacks,
                                                     settings):  # fmt: skip
    settings.COMMENTS_RISK_CHECK_SECONDS = 0
    assert scoring.comment_risk(name="", body=ABUSIVE_PROBE) is None
    with django_capture_on_commit_callbacks(execute=True):
        call_command("train_moderation_model", "--from-decisions", "--no-prior")
    assert scoring.comment_risk(name="", body=ABUSIVE_PROBE).score > 0.5


def test_the_nightly_task_learns_from_the_decisions(decisions):
    version = RiskModelVersion.objects.get(pk=tasks.train_moderation_model.apply().get())
    assert version.sources["decisions"] == len(labelled()[0])
    assert version.sources["mpold"] == 4000
    entry = settings.CELERY_BEAT_SCHEDULE["train-moderation-model"]
    assert entry["task"] == tasks.train_moderation_model.name
    assert entry["schedule"] == crontab(hour=4, minute=15)


def test_the_commands_errors_are_in_arabic_by_default(tmp_path):
    from django.utils import translation

    with translation.override("ar"), pytest.raises(CommandError, match="لا يوجد ملف"):
        call_command("train_moderation_model", "--from-file", str(tmp_path / "none.tsv"))
