"""Benchmark posting a comment through the form and the API, with the whole moderation pipeline.

Run: .venv/bin/python bench/post.py [--runs 200]   (target: at most 12 queries per post)
"""

import argparse
import json
import os
import sys
from itertools import count
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# As in production: emails are queued for a worker (never run here), so a post is measured alone.
os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/4")
for scope in ("ANON_READ", "COMMENT_POST", "REPORT"):
    os.environ.setdefault(f"THROTTLE_{scope}", "1000000/min")  # measure the work, not the limiter

from bench.harness import make_article_with_comments, measure, print_table, throwaway_database  # noqa: E402 - after the environment

QUERY_TARGET = 12


def run(runs: int) -> None:
    from django.test import Client
    from django.urls import reverse

    from comments.forms import form_timestamp
    from comments.models import ModerationListEntry

    ModerationListEntry.objects.create(list="watch", kind="word", value="مشبوه")
    ModerationListEntry.objects.create(
        list="block", kind="domain", value="spam.example", action="spam"
    )
    article = make_article_with_comments(1000)
    from django.utils import timezone

    from comments.models import EmailConfirmation

    # Only a confirmed address is a known author (a typed one is held like any newcomer).
    EmailConfirmation.objects.create(
        email="r1@example.com", created_at=timezone.now(), confirmed_at=timezone.now()
    )
    client = Client()
    serial = count()

    def form_post(known_author: bool):
        n = next(serial)
        email = "r1@example.com" if known_author else f"new{n}@example.com"
        data = {
            "name": "قارئ", "email": email, "body": f"رأي رقم {n} في الخبر",
            "timestamp": form_timestamp(article), "homepage": "",
        }  # fmt: skip
        url = reverse("pages:comment_post", args=[article.pk])
        return client.post(
            url, data, REMOTE_ADDR=f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"
        )

    def api_post():
        n = next(serial)
        body = {"name": "Reader", "email": f"api{n}@example.com", "body": f"تعليق عبر التطبيق {n}"}
        return client.post(
            f"/api/v1/articles/{article.pk}/comments/", json.dumps(body),
            content_type="application/json", headers={"idempotency-key": f"bench-{n}"},
            REMOTE_ADDR=f"11.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}",
        )  # fmt: skip

    from comments.models import Comment

    rows = []
    for label, call, ok, status in [
        ("form, first-time author (held)", lambda: form_post(False), 302, "pending"),
        ("form, known author (approved)", lambda: form_post(True), 302, "approved"),
        ("API, with Idempotency-Key", api_post, 201, "pending"),
    ]:
        median, p95, queries, response = measure(call, runs=runs)
        assert response.status_code == ok, (label, response.status_code, response.content[:300])
        assert Comment.objects.latest("pk").status == status, label
        rows.append([label, f"{median:.2f}", f"{p95:.2f}", queries])
    print_table(["post", "median ms", "p95 ms", "queries"], rows)
    worst = max(row[3] for row in rows)
    print(f"\nmost queries per post: {worst} (target <= {QUERY_TARGET})")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    with throwaway_database():
        from django.test import override_settings

        from comments.models import ModerationSettings

        ModerationSettings.objects.update(flood_seconds=0)  # one client posts in a tight loop
        with override_settings(COMMENTS_FORM_MIN_SECONDS=0):
            run(args.runs)
        import redis

        redis.Redis.from_url(os.environ["CELERY_BROKER_URL"]).flushdb()  # drop the queued emails
