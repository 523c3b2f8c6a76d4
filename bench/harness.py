"""Shared set-up for the benchmarks: a throwaway database, generated comments, timing helpers."""

import gc
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# The production settings read with the test environment (a test client over plain HTTP).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402


@contextmanager
def throwaway_database():
    """Create a fresh, migrated database (like the test runner does) and drop it afterwards."""
    old_name = connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def make_article_with_comments(n: int, *, replies: float = 0.3, seed: int = 1):
    """Create a published article with n approved comments, a share of them replies."""
    from articles.models import Article, Section
    from comments.models import Comment

    rng = random.Random(seed)
    section, _ = Section.objects.get_or_create(slug="bench", defaults={"name": "قياس"})
    article = Article.objects.create(
        title=f"مقال بـ {n} تعليق", slug=f"bench-{n}-{rng.random()}", section=section,
        body_html="<p>" + "نص المقال. " * 200 + "</p>", status="published",
        published_at=timezone.now() - timedelta(days=1),
    )  # fmt: skip
    start = timezone.now() - timedelta(hours=12)
    top_count = max(1, round(n * (1 - replies)))
    tops = Comment.objects.bulk_create(
        _comment(article, start + timedelta(seconds=i), i) for i in range(top_count)
    )
    reply_rows = []
    for i in range(n - top_count):
        parent = rng.choice(tops)
        created_at = parent.created_at + timedelta(seconds=5 + i)
        reply_rows.append(_comment(article, created_at, top_count + i, parent=parent))
    Comment.objects.bulk_create(reply_rows, batch_size=1000)
    Article.objects.filter(pk=article.pk).update(approved_comment_count=n)
    article.refresh_from_db()
    _analyze()
    return article


def _analyze() -> None:
    """Give PostgreSQL's planner statistics for the new rows, as autovacuum would in production.

    Without them it guesses, and the API list at 5,000 comments took 170 ms instead of 10.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def make_sibling_articles(count: int = 6) -> None:
    """Fill the benchmark section, as a real one is, so every article page lists related articles."""
    from articles.models import Article, Section

    section, _ = Section.objects.get_or_create(slug="bench", defaults={"name": "قياس"})
    for i in range(count):
        Article.objects.create(
            title=f"خبر ذو صلة رقم {i}", slug=f"bench-sibling-{i}", section=section,
            body_html="<p>" + "نص الخبر. " * 200 + "</p>", status="published",
            published_at=timezone.now() - timedelta(days=2, minutes=i),
        )  # fmt: skip


def _comment(article, created_at, i, parent=None):
    body = f"تعليق رقم {i} على الخبر، وفيه رأي القارئ بالتفصيل. " * 3
    return seed_comment(
        article=article, name=f"قارئ {i}", email=f"r{i}@example.com", body=body,
        created_at=created_at, parent=parent,
    )  # fmt: skip


def seed_comment(
    *, article, name: str, email: str, body: str, created_at, parent=None,
    status: str = "approved", ip_address: str | None = "127.0.0.1",
):  # fmt: skip
    """Return an unsaved comment built as comment_submit builds it (comments.services.build).

    For bulk_create: the benchmarks measure the rows the app writes, not an imitation of them.
    """
    from comments.services.build import comment_build
    from comments.text import strip_invisible

    return comment_build(
        article=article, parent=parent, name=strip_invisible(name).strip(), email=email,
        body=strip_invisible(body).strip(), status=status, created_at=created_at, ip=ip_address,
    )  # fmt: skip


def measure(call: Callable[[], object], *, runs: int, before: Callable[[], None] | None = None):
    """Return (median ms, p95 ms, queries of the last run, last result) over repeated runs."""
    return measure_interleaved([(call, before)], runs=runs)[0]


def measure_interleaved(
    calls: list[tuple[Callable[[], object], Callable[[], None] | None]], *, runs: int
):
    """Measure several calls taking turns, so that a slower moment of the machine hits all alike.

    Each call comes with what to do before it (or None); returns one measure() result per call.
    """
    timings: list[list[float]] = [[] for _ in calls]
    results: list[object] = [None] * len(calls)
    gc.collect()
    for _ in range(runs):
        for i, (call, before) in enumerate(calls):
            if before:
                before()
            started = time.perf_counter()
            results[i] = call()
            timings[i].append((time.perf_counter() - started) * 1000)
    queries = [_queries_of(call, before) for call, before in calls]
    return [(statistics.median(t), _p95(t), queries[i], results[i]) for i, t in enumerate(timings)]


def _queries_of(call: Callable[[], object], before: Callable[[], None] | None) -> int:
    """Count the queries of one more, untimed run: capturing them slows each query down."""
    if before:
        before()
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


def _p95(timings: list[float]) -> float:
    ordered = sorted(timings)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


def print_table(headers: list[str], rows: list[list[object]]) -> None:
    widths = [max(len(str(x)) for x in [h, *[r[i] for r in rows]]) for i, h in enumerate(headers)]
    print("  ".join(str(h).rjust(w) for h, w in zip(headers, widths, strict=True)))
    for row in rows:
        print("  ".join(str(x).rjust(w) for x, w in zip(row, widths, strict=True)))
