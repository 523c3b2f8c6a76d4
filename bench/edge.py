"""The article page at 1,000 comments from the origin and through Varnish, and how fast a change shows.

gunicorn (4 workers) on PostgreSQL and Redis, a Celery worker for the purges, Debian's varnishd
with deploy/varnish/default.vcl in front; wrk loads each for the same time in one run. Then 50
decisions, each timed from its commit until an anonymous reader sees it through Varnish.

    .venv/bin/python bench/edge.py [--seconds 10] [--database-url ...] [--redis-url ...]
Targets, as ratios in one run: Varnish >= 20 x the origin's requests per second; p95 to visible < 1 s.
"""

import argparse
import re
import shutil
import subprocess
import sys
from contextlib import ExitStack
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import (
    DEFAULT_DATABASE_URL,
    DEFAULT_REDIS_URL,
    app_environment,
    bench_server,
    ensure_database,
    percentile,
    prepare,
    run_django,
)
from tests.servers import celery_worker, free_port, varnish

DECISIONS = 50
HOLD = """
from comments.models import Comment
from comments.services.decisions import comments_set_status
from articles.models import Article
article = Article.objects.get(pk={article_id})
ids = list(Comment.objects.filter(article=article, status="approved", parent=None)
           .order_by("created_at", "pk").values_list("pk", flat=True)[:{n}])
comments_set_status(ids=ids, to_status="pending", actor=None, source="admin")
print(" ".join(map(str, ids)))
"""
DECIDE_AND_TIME = """
import time, httpx
from comments.services.decisions import comments_set_status
ids = [{ids}]
waits = []
for pk in ids:
    comments_set_status(ids=[pk], to_status="approved", actor=None, source="admin")
    committed = time.monotonic()
    while f'id="comment-{{pk}}"' not in httpx.get("{url}", timeout=5).text:
        if time.monotonic() - committed > 10:
            break
        time.sleep(0.01)
    waits.append(time.monotonic() - committed)
print(" ".join(f"{{w:.4f}}" for w in waits))
"""
WRK_RPS = re.compile(r"Requests/sec:\s+([0-9.]+)")
WRK_LATENCY = re.compile(r"Latency\s+(\S+)")


def wrk(url: str, seconds: int) -> tuple[float, str]:
    out = subprocess.run(
        ["wrk", "-t2", "-c32", f"-d{seconds}s", url], capture_output=True, text=True, check=True
    ).stdout
    return float(WRK_RPS.search(out)[1]), WRK_LATENCY.search(out)[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL)
    args = parser.parse_args()
    for tool in ("wrk", "varnishd"):
        if not shutil.which(tool) and not Path(f"/usr/sbin/{tool}").exists():
            sys.exit(f"{tool} is missing (Debian: apt-get install wrk varnish varnish-modules)")
    ensure_database(args.database_url)
    env = app_environment(args.database_url, args.redis_url)
    (article_id, path), *_ = prepare(env, articles=1, comments=1000)
    origin_port = free_port()
    with ExitStack() as stack:
        origin = stack.enter_context(bench_server(env, port=origin_port))
        front = stack.enter_context(
            varnish(shutil.which("varnishd") or "/usr/sbin/varnishd", origin_port)
        )
        env["EDGE_CACHE_PURGE_URLS"] = f"{front}/"
        stack.enter_context(celery_worker(env))
        httpx.get(f"{front}{path}", timeout=30)
        origin_rps, origin_latency = wrk(f"{origin}{path}", args.seconds)
        edge_rps, edge_latency = wrk(f"{front}{path}", args.seconds)
        held = run_django(HOLD.format(article_id=article_id, n=DECISIONS), env).split()
        httpx.get(f"{front}{path}", timeout=30)
        waits = sorted(
            float(w)
            for w in run_django(
                DECIDE_AND_TIME.format(ids=", ".join(held), url=f"{front}{path}"), env
            ).split()
        )
    print(f"article page, 1,000 comments, wrk -t2 -c32 -d{args.seconds}s")
    print(f"{'':<22}{'requests/s':>12}{'mean latency':>14}")
    print(f"{'origin (gunicorn x4)':<22}{origin_rps:>12.0f}{origin_latency:>14}")
    print(f"{'through Varnish':<22}{edge_rps:>12.0f}{edge_latency:>14}")
    print(f"Varnish / origin: {edge_rps / origin_rps:.1f} x (target >= 20)")
    print(f"decision -> visible through Varnish, {len(waits)} decisions:")
    print(f"  median {percentile(waits, 0.5) * 1000:.0f} ms, p95 {percentile(waits, 0.95) * 1000:.0f} ms"
          " (target p95 < 1000 ms)")  # fmt: skip


if __name__ == "__main__":
    main()
