"""Shared pieces of the load and fault benchmarks: the database, the app servers, the seed."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

from tests.servers import app_server, migrate, run_python

DJANGO_TIMEOUT = 600  # seconds for one Django process: migrating, seeding, checking a big database
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
    """Run Django code in a fresh process, with time for a big bench database; return its output."""
    return run_python(code, env, timeout=DJANGO_TIMEOUT)


def prepare(env: dict[str, str], *, articles: int, comments: int) -> list[tuple[int, str]]:
    """Migrate, empty the bench database, seed articles; return (id, path) of each article."""
    migrate(env, timeout=DJANGO_TIMEOUT)
    run_django(RESET, env)
    lines = run_django(SEED.format(articles=articles, comments=comments), env).split()
    return [(int(lines[i]), lines[i + 1]) for i in range(0, len(lines), 2)]


@contextmanager
def bench_server(env: dict[str, str], *, port: int, workers: int = 4) -> Iterator[str]:
    """Serve the app with gunicorn on a loopback port, logging access to a kept file."""
    with app_server(
        env, port=port, workers=workers, timeout=30, access_log=True, keep_log=True
    ) as base:
        yield base


def percentile(values: list[float], fraction: float) -> float:
    """Return the nearest-rank percentile of values (0 for none)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]
