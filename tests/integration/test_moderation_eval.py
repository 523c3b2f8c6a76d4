"""manage.py moderation_eval: the current model measured on a newsroom's own labelled file."""

import json

import pytest
from django.core.management import CommandError, call_command

from comments.models import ModerationSettings
from tests.risk_fixtures import ABUSIVE_PROBE, CLEAN_PROBE

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    """Match the commands' messages in English; test_*_arabic checks the default language."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def probe_file(tmp_path):
    path = tmp_path / "ours.tsv"
    path.write_text(f"1\t{ABUSIVE_PROBE}\n0\t{CLEAN_PROBE}\n\n0\tمقال جيد عن الاقتصاد\n", "utf-8")
    return path


def test_json_output_ends_with_one_object_of_the_figures(risk_model, probe_file, capsys):
    ModerationSettings.objects.update(risk_hold_threshold=0.5)
    call_command("moderation_eval", str(probe_file), "--json")
    last = capsys.readouterr().out.strip().splitlines()[-1]
    figures = json.loads(last)
    assert list(figures) == ["n", "positives", "auc", "threshold", "precision", "recall",
                             "false_positive_rate", "ms_per_comment"]  # fmt: skip
    assert (figures["n"], figures["positives"], figures["threshold"]) == (3, 1, 0.5)
    assert figures["auc"] == 1.0
    assert (figures["precision"], figures["recall"], figures["false_positive_rate"]) == (1, 1, 0)
    assert figures["ms_per_comment"] > 0


def test_plain_output_names_each_figure(risk_model, probe_file, capsys):
    call_command("moderation_eval", str(probe_file))
    out = capsys.readouterr().out
    assert "auc" in out and "ms_per_comment" in out and "{" not in out


def test_without_a_model_or_a_readable_file_it_says_why(tmp_path, probe_file):
    with pytest.raises(CommandError, match="No abuse model"):
        call_command("moderation_eval", str(probe_file))
    bad = tmp_path / "bad.tsv"
    bad.write_text("yes\tنص\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"bad\.tsv:1"):
        call_command("moderation_eval", str(bad))
    with pytest.raises(CommandError, match="No such file"):
        call_command("moderation_eval", str(tmp_path / "none.tsv"))
