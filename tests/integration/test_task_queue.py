"""Background work: in-process by default, on a real Celery worker over Redis in production."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail

from comments import tasks
from comments.models import Comment
from tests.factories import make_comment

ROOT = Path(__file__).resolve().parents[2]
WORKER_REDIS = "redis://127.0.0.1:6379/6"


@pytest.mark.django_db
def test_tasks_run_in_process_without_a_broker(
    article, settings, django_capture_on_commit_callbacks
):
    assert settings.CELERY_TASK_ALWAYS_EAGER
    settings.NEWSROOM_EDITORS_EMAIL = ["desk@example.com"]
    comment = make_comment(article=article, status=Comment.Status.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.enqueue_after_commit(tasks.notify_editors_held, comment_id=comment.pk)
    assert [m.to for m in mail.outbox] == [["desk@example.com"]]


@pytest.mark.django_db
def test_a_broker_outage_runs_the_task_in_the_request(
    article, settings, django_capture_on_commit_callbacks
):
    from newsroom.celery import app

    settings.NEWSROOM_EDITORS_EMAIL = ["desk@example.com"]
    comment = make_comment(article=article, status=Comment.Status.PENDING)
    use_broker(app, "redis://127.0.0.1:1/0")  # nothing listens there
    try:
        with django_capture_on_commit_callbacks(execute=True):
            tasks.enqueue_after_commit(tasks.notify_editors_held, comment_id=comment.pk)
    finally:
        use_broker(app, None)
    assert [m.to for m in mail.outbox] == [["desk@example.com"]]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_worker_started_by_the_documented_command_sends_the_email(article, tmp_path):
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("the worker is another process; the SQLite test database lives in memory")
    from newsroom.celery import app

    comment = make_comment(article=article, status=Comment.Status.PENDING)
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "REDIS_URL": WORKER_REDIS,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "SECRET_KEY": "worker-test",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path),
        "NEWSROOM_EDITORS_EMAIL": "desk@example.com",
    }
    worker = subprocess.Popen(
        [str(Path(sys.executable).parent / "celery"), "-A", "newsroom", "worker",
         "--pool=solo", "--concurrency=1", "--loglevel=warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    use_broker(app, WORKER_REDIS)
    try:
        tasks.notify_editors_held.apply_async(kwargs={"comment_id": comment.pk})
        deadline = time.monotonic() + 20
        while "desk@example.com" not in _mail_sent(tmp_path) and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        use_broker(app, None)
        worker.terminate()
        worker.wait(timeout=30)
    sent = _mail_sent(tmp_path)
    assert "desk@example.com" in sent and "Subject:" in sent


def _mail_sent(folder: Path) -> str:
    return "".join(path.read_text() for path in folder.iterdir())


def _database_url() -> str:
    db = settings.DATABASES["default"]
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def use_broker(app, url: str | None) -> None:
    """Point the app at a broker (None: back to in-process), dropping pooled connections."""
    app.pool.force_close_all()
    app._pool = None
    app.amqp._producer_pool = None
    app.conf.task_always_eager = url is None
    app.conf.broker_url = url or settings.CELERY_BROKER_URL
