"""The operators' commands speak the site's language (Arabic first) and say what they did."""

import os
import subprocess
import sys
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.admin.models import LogEntry
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from comments.models import Comment
from tests.factories import make_comment, make_editor, make_user

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


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


def manage(*args: str) -> subprocess.CompletedProcess:
    """Run manage.py in a fresh process, as an operator does; stdout and stderr together."""
    env = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    env["DJANGO_SETTINGS_MODULE"] = "tests.settings"
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, text=True, timeout=120,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip


def test_check_prints_no_axes_banner():
    result = manage("check")
    assert result.returncode == 0, result.stdout
    assert result.stdout == "System check identified no issues (0 silenced).\n"


def test_shell_command_prints_only_what_the_command_prints():
    result = manage("shell", "-c", "print(1)")
    assert result.returncode == 0, result.stdout
    assert result.stdout == "1\n"


def test_shell_still_lists_its_automatic_imports_when_asked():
    result = manage("shell", "-v", "2", "-c", "print(Comment.__name__)")
    assert "from comments.models import" in result.stdout
    assert result.stdout.endswith("Comment\n")
