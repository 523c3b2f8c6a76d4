"""Benchmark the hot paths on PostgreSQL with 1,000,000 comments over 100,000 articles.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/<database> .venv/bin/python bench/scale.py
It measures a database of 10,000 comments first, grows it to the full size with COPY, measures
again and prints both, their ratio (target: at most 1.5) and the plans of the hot queries.
"""

import argparse
import json
import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# As in production: emails are queued for a worker, so a bulk decision is measured alone.
os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/4")

from bench.harness import measure, print_table, throwaway_database

COMMENTS_PER_ARTICLE = 10
# The first 1,000 articles hold more pending comments than the admin's count cap (2,000) and the
# bulk decision (1,000), so the 10k database does the same work per page and per decision as 1M.
FIRST_PENDING_SHARE = 0.25
BULK_DECISION = 1_000


def copy_rows(model, columns: dict, rows) -> None:
    """Stream rows into a table with COPY, filling unnamed fields with their defaults."""
    from django.db import connection

    fields = list(model._meta.concrete_fields)
    names = [f.column for f in fields]
    defaults = {f.column: _db_value(f, f.get_default()) for f in fields if f.column not in columns}
    sql = f"COPY {model._meta.db_table} ({', '.join(f'{chr(34)}{n}{chr(34)}' for n in names)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.connection.cursor().copy(sql) as copy:
        for row in rows:
            copy.write_row([row.get(n, defaults.get(n)) for n in names])


def _db_value(field, value):
    if field.get_internal_type() == "JSONField":
        return json.dumps(value)
    return value


def grow(start_article: int, articles: int, *, pending_share: float = 0.05) -> None:
    """Add articles and their comments (30% replies) with COPY, then fix counts and sequences."""
    from django.db import connection
    from django.utils import timezone

    from articles.models import Article, Section
    from comments.models import Comment

    section, _ = Section.objects.get_or_create(slug="scale", defaults={"name": "حجم"})
    now = timezone.now()
    rng = random.Random(start_article)
    copy_rows(Article, {"id": 1}, (
        {"id": i, "title": f"خبر {i}", "slug": f"scale-{i}", "section_id": section.pk,
         "body_html": "<p>نص</p>", "status": "published", "comment_mode": "open",
         "published_at": now - timedelta(days=2, seconds=i), "created_at": now, "updated_at": now,
         "approved_comment_count": 0}
        for i in range(start_article, start_article + articles)
    ))  # fmt: skip
    copy_rows(Comment, {"id": 1}, _comment_rows(rng, start_article, articles, now, pending_share))
    with connection.cursor() as cursor:
        for model in (Article, Comment):
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
            )
        cursor.execute(
            "UPDATE articles_article a SET approved_comment_count = c.n FROM (SELECT article_id, COUNT(*) n"
            " FROM comments_comment WHERE status = 'approved' GROUP BY article_id) c WHERE c.article_id = a.id"
            " AND a.id >= %s", [start_article],
        )  # fmt: skip
    vacuum_analyze()


def vacuum_analyze() -> None:
    """Set hint bits, visibility map and statistics, as autovacuum would have in production."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def _comment_rows(rng, start_article, articles, now, pending_share):
    comment_id = start_article * COMMENTS_PER_ARTICLE
    for article_id in range(start_article, start_article + articles):
        tops = []
        for k in range(COMMENTS_PER_ARTICLE):
            comment_id += 1
            status = "pending" if rng.random() < pending_share else "approved"
            parent = rng.choice(tops) if tops and k % 10 >= 7 else None
            row = {
                "id": comment_id, "article_id": article_id, "name": f"قارئ {comment_id}",
                "email": f"r{comment_id % 50000}@example.com", "body": f"تعليق {comment_id}",
                "body_html": f"<p>تعليق {comment_id}</p>", "body_normalized": f"تعليق {comment_id}",
                "status": status, "kind": "comment", "created_at": now - timedelta(days=1, seconds=-k),
                "ip_address": f"10.{comment_id % 250}.{comment_id // 250 % 250}.1",
                "parent_id": parent, "thread_id": parent, "depth": 1 if parent else 0,
            }  # fmt: skip
            if parent is None and status == "approved":
                tops.append(comment_id)
            yield row


def measure_paths(runs: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.cache import cache
    from django.test import Client

    from articles.models import Article
    from comments.models import Comment
    from comments.services.decisions import comments_set_status

    article = Article.objects.order_by("-id").first()
    editor, _ = get_user_model().objects.get_or_create(
        username="bench-editor", defaults={"is_staff": True}
    )
    editor.groups.add(Group.objects.get(name="Editors"))
    reader, admin = Client(), Client()
    admin.force_login(editor)
    queue = "/admin/comments/comment/?status__exact=pending"
    admin.get(queue)  # warm up: the first request compiles the admin's templates at 10k only
    reader.get("/")  # the home page's article count is cached until the next article save
    figures = {
        "article page (cold)": measure(lambda: reader.get(article.get_absolute_url()), runs=runs, before=cache.clear),
        "API comment list": measure(lambda: reader.get(f"/api/v1/articles/{article.pk}/comments/"), runs=runs, before=cache.clear),
        "home page": measure(lambda: reader.get("/"), runs=runs),
        "admin pending queue": measure(lambda: admin.get(queue), runs=runs),
    }  # fmt: skip
    pending = list(
        Comment.objects.pending().oldest_first().values_list("pk", flat=True)[:BULK_DECISION]
    )
    assert len(pending) == BULK_DECISION, f"only {len(pending)} pending comments to decide on"

    def decide(status: str) -> int:
        return comments_set_status(ids=pending, to_status=status, actor=editor, source="admin")

    # Each run approves the same oldest 1,000 pending comments, sent back to the queue untimed.
    figures["bulk decision on 1,000"] = measure(
        lambda: decide("approved"), runs=max(5, runs // 2), before=lambda: decide("pending")
    )
    decide("pending")
    return figures


def print_plans() -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from articles.models import Article
    from comments.models import Comment
    from comments.selectors import public_threads

    article = Article.objects.order_by("-id").first()
    with CaptureQueriesContext(connection) as captured:  # the article page's plain SQL, as sent
        public_threads(article.pk, start=0, shown=50)
    _print_plan("a page of threads with their replies", captured.captured_queries[-1]["sql"], None)
    queries = {
        "pending queue": Comment.objects.pending().oldest_first()[:100],
        "every status oldest first": Comment.objects.oldest_first()[:50],
        "by email": Comment.objects.filter(email="r7@example.com"),
        "by IP": Comment.objects.filter(ip_address="10.7.0.1"),
    }  # fmt: skip
    for name, queryset in queries.items():
        _print_plan(name, *queryset.query.sql_with_params())


def _print_plan(name: str, sql: str, params) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        print(f"\n-- {name}\n" + "\n".join(row[0] for row in cursor.fetchall()))


def main(articles: int, runs: int) -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("bench/scale.py needs PostgreSQL: set DATABASE_URL=postgres://...")
    grow(1, 1000, pending_share=FIRST_PENDING_SHARE)
    small = measure_paths(runs)
    started = time.perf_counter()
    grow(1001, articles - 1000)
    print(
        f"grew to {articles * COMMENTS_PER_ARTICLE:,} comments in {time.perf_counter() - started:.0f} s"
    )
    large = measure_paths(runs)
    rows = []
    for name, (median, *_rest) in large.items():
        ratio = median / small[name][0]
        rows.append([name, f"{small[name][0]:.2f}", f"{median:.2f}", f"{ratio:.2f}"])
    print_table(
        [
            "path",
            "10k comments ms",
            f"{articles * COMMENTS_PER_ARTICLE // 1000}k comments ms",
            "ratio (<= 1.5)",
        ],
        rows,
    )
    print_plans()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with throwaway_database():
        main(args.articles, args.runs)
    import redis

    redis.Redis.from_url(os.environ["CELERY_BROKER_URL"]).flushdb()  # drop the queued emails
