"""Shared pieces of the load and fault benchmarks: the database, the app servers, the seed."""

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx

ROOT = Path(__file__).resolve().parents[1]
PYTHON = Path(sys.executable)
GUNICORN = PYTHON.with_name("gunicorn")
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/newsroom_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/8"

RESET = """
from articles.models import Article, Section
Article.objects.all().delete()  # and their comments
Section.objects.all().delete()
"""
SEED = """
from tests.factories import make_article, make_comment
from comments.models import ModerationSettings
ModerationSettings.objects.update_or_create(
    pk=1, defaults={{"flood_seconds": 0, "hold_first_time": False, "max_links": 50}}
)
for n in range({articles}):
    article = make_article(title=f"مقال الاختبار رقم {{n}}")
    for _ in range({comments}):
        make_comment(article=article)
    print(article.pk, article.get_absolute_url())
"""


def app_environment(database_url: str, redis_url: str | None, **extra: str) -> dict[str, str]:
    """Return a production-like environment served over plain HTTP on loopback."""
    keep = ("PATH", "HOME", "LANG")
    env = {key: os.environ[key] for key in keep if key in os.environ}
    env |= {
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "SECRET_KEY": "bench-" + "x" * 60,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url,
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "STATIC_MANIFEST": "0",
        "WHITENOISE_USE_FINDERS": "1",
        "COMMENTS_FORM_MIN_SECONDS": "0",
        "THROTTLE_COMMENT_POST": "1000000/min",
        "THROTTLE_ANON_READ": "1000000/min",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "LOG_LEVEL": "WARNING",
    }
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env | extra


def ensure_database(database_url: str) -> None:
    """Create the PostgreSQL database of the URL when it does not exist yet."""
    import psycopg

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    admin_url = urlunsplit(parts._replace(path="/postgres", scheme="postgresql"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def run_django(code: str, env: dict[str, str]) -> str:
    """Run Django code in a fresh process; return what it printed."""
    result = subprocess.run(
        [str(PYTHON), "-c", "import django\ndjango.setup()\n" + code], cwd=ROOT, env=env,
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    if result.returncode:
        raise RuntimeError(result.stderr[-3000:])
    return result.stdout


def prepare(env: dict[str, str], *, articles: int, comments: int) -> list[tuple[int, str]]:
    """Migrate, empty the bench database, seed articles; return (id, path) of each article."""
    run_django(
        "from django.core.management import call_command\ncall_command('migrate', verbosity=0)", env
    )
    run_django(RESET, env)
    lines = run_django(SEED.format(articles=articles, comments=comments), env).split()
    return [(int(lines[i]), lines[i + 1]) for i in range(0, len(lines), 2)]


@contextmanager
def gunicorn(env: dict[str, str], *, port: int, workers: int = 4) -> Iterator[str]:
    """Serve the app with gunicorn (sync workers) on a loopback port; yield its base URL."""
    base = f"http://127.0.0.1:{port}"
    command = [str(GUNICORN), "newsroom.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(workers),
               "--timeout", "30", "--graceful-timeout", "5", "--access-logfile", "-"]  # fmt: skip
    with tempfile.NamedTemporaryFile(prefix="newsroom-bench-", suffix=".log", delete=False) as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log,
                                   start_new_session=True)  # fmt: skip
        try:
            wait_until_up(base, process)
            yield base
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            print(f"server log: {log.name}")


def wait_until_up(base: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited early; see its log")
        try:
            if httpx.get(f"{base}/healthz/", timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer in time")


def percentile(values: list[float], fraction: float) -> float:
    """Return the nearest-rank percentile of values (0 for none)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]
