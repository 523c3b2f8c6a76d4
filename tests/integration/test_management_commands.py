"""The operators' commands speak the site's language (Arabic first) and say what they did."""

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.admin.models import LogEntry
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from comments.models import Comment
from tests.factories import make_comment, make_editor, make_user

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=out)
    return out.getvalue()


@pytest.fixture
def old_comment(article):
    return make_comment(
        article=article, created_at=timezone.now() - timedelta(days=40), ip_address="192.0.2.1"
    )


def test_purge_says_how_many_in_arabic_then_english(old_comment):
    assert "عدد التعليقات: 1" in run("purge_client_data", "--days", "30")
    old_comment.refresh_from_db()
    assert old_comment.ip_address is None
    with translation.override("en"):
        assert "Cleared client data of 0 comments older than 30 days." in run(
            "purge_client_data", "--days", "30"
        )


def test_purge_refuses_negative_days_in_arabic():
    with pytest.raises(CommandError, match="يجب ألا تكون قيمة --days سالبة"):
        run("purge_client_data", "--days", "-1")


def test_erasing_by_command_is_reported_and_logged_in_the_language(old_comment):
    editor = make_editor()
    output = run("personal_data_erase", old_comment.email, "--actor", editor.username,
                 "--mode", "delete", "--yes")  # fmt: skip
    assert "عدد التعليقات التي مُحيت بياناتها: 1 (delete)" in output
    assert not Comment.objects.filter(pk=old_comment.pk).exists()
    logged = LogEntry.objects.get(object_id=str(old_comment.pk))
    assert logged.change_message == "مُحي بطلب من صاحب التعليق (الخصوصية)."


def test_only_an_editor_may_run_a_privacy_command(old_comment):
    reader = make_user(is_staff=False)
    with pytest.raises(CommandError, match="ليس محررًا"):
        run("personal_data_export", old_comment.email, "--actor", reader.username)
    with translation.override("en"), pytest.raises(CommandError, match="is not an editor"):
        run("personal_data_export", old_comment.email, "--actor", reader.username)
