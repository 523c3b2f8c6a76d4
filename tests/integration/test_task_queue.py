"""Background work: in-process by default, on a real Celery worker over Redis in production."""

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from kombu import pools

from comments import block, tasks
from comments.models import Comment
from comments.services.decisions import comments_set_status
from newsroom.celery import app
from newsroom.versions import block_version
from tests.factories import make_comment
from tests.queries import reads_comments

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
    settings.NEWSROOM_EDITORS_EMAIL = ["desk@example.com"]
    comment = make_comment(article=article, status=Comment.Status.PENDING)
    use_broker(app, "redis://127.0.0.1:1/0")  # nothing listens there
    try:
        with django_capture_on_commit_callbacks(execute=True):
            tasks.enqueue_after_commit(tasks.notify_editors_held, comment_id=comment.pk)
    finally:
        use_broker(app, None)
    assert [m.to for m in mail.outbox] == [["desk@example.com"]]


@contextmanager
def documented_worker(**extra_env: str) -> Iterator[None]:
    """Run a worker as the README starts it (--beat included), on Redis and the test database."""
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("the worker is another process; the SQLite test database lives in memory")
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "REDIS_URL": WORKER_REDIS,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "SECRET_KEY": "worker-test",
        **extra_env,
    }
    worker = subprocess.Popen(
        [str(Path(sys.executable).parent / "celery"), "-A", "newsroom", "worker", "--beat",
         "--pool=solo", "--concurrency=1", "--loglevel=warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    use_broker(app, WORKER_REDIS)
    try:
        yield
    finally:
        use_broker(app, None)
        worker.terminate()
        worker.wait(timeout=30)


def wait_for(condition: Callable[[], object], seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.2)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_worker_started_by_the_documented_command_sends_the_email(article, tmp_path):
    comment = make_comment(article=article, status=Comment.Status.PENDING)
    outbox = tmp_path / "mail"
    mail_env = {
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(outbox), "NEWSROOM_EDITORS_EMAIL": "desk@example.com",
    }  # fmt: skip
    with documented_worker(**mail_env):
        tasks.notify_editors_held.apply_async(kwargs={"comment_id": comment.pk})
        wait_for(lambda: "desk@example.com" in _mail_sent(outbox))
    sent = _mail_sent(outbox)
    assert "desk@example.com" in sent and "Subject:" in sent


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_after_a_decision_the_worker_warms_the_block_for_the_next_reader(article, settings):
    # This process shares the worker's cache, as app processes do in production.
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache", "LOCATION": WORKER_REDIS,
            "KEY_PREFIX": "newsroom",
        }
    }  # fmt: skip
    settings.CELERY_TASK_ALWAYS_EAGER = False
    held = make_comment(article=article, status=Comment.Status.PENDING, body="رأي وافق عليه المحرر")
    with documented_worker(), translation.override("ar"):
        comments_set_status(ids=[held.pk], to_status="approved", actor=None, source="admin")
        wait_for(lambda: cache.get(block._block_key(article, 1, block_version(article.pk))))
        cached = cache.get(block._block_key(article, 1, block_version(article.pk)))
    assert cached and "رأي وافق عليه المحرر" in cached
    with CaptureQueriesContext(connection) as queries:
        page = Client().get(article.get_absolute_url()).content.decode()
    assert "رأي وافق عليه المحرر" in page
    assert not reads_comments(queries)


def _mail_sent(folder: Path) -> str:
    return "".join(path.read_text() for path in folder.iterdir()) if folder.exists() else ""


def _database_url() -> str:
    db = settings.DATABASES["default"]
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def use_broker(app, url: str | None) -> None:
    """Point the app at a broker (None: back to in-process), dropping pooled connections."""
    app.pool.force_close_all()
    pools.reset()  # kombu keeps producer pools per broker address, across apps and tests
    app._pool = None
    app.amqp._producer_pool = None
    app.conf.task_always_eager = url is None
    app.conf.broker_url = url or settings.CELERY_BROKER_URL


def test_the_daily_clean_up_is_on_the_beat_schedule():
    entry = settings.CELERY_BEAT_SCHEDULE["purge-expired-data"]
    assert entry["task"] in app.tasks
    assert entry["schedule"] == crontab(hour=3, minute=30)  # every day, at night
    assert settings.CELERY_BEAT_SCHEDULER == "celery.beat:Scheduler"  # no schedule file


@pytest.mark.django_db
def test_the_clean_up_task_clears_expired_client_data(article):
    old = make_comment(article=article, ip_address="192.0.2.7", user_agent="Firefox")
    Comment.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=settings.COMMENTS_CLIENT_DATA_DAYS + 1)
    )
    recent = make_comment(article=article, ip_address="192.0.2.8")
    assert tasks.purge_expired_data.apply().get() == {
        "comments_cleared": 1, "reasons_cleared": 0, "idempotency_keys_deleted": 0,
    }  # fmt: skip
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.ip_address, old.user_agent) == (None, "")
    assert recent.ip_address == "192.0.2.8"
