"""Mixed load without loss: gunicorn (4 workers) on PostgreSQL and Redis, readers and posters.

Readers open article pages and list comments through the API; posters send comments through the
form and through the API (with an Idempotency-Key, retried on 503 or a lost connection). Then a
checker compares what each poster was told with the database: every accepted comment stored
exactly once, nothing stored that was refused, no server error. Prints rps and latencies.

    .venv/bin/python bench/load_mixed.py --seconds 60 \
        --database-url postgres://postgres@127.0.0.1:5432/newsroom_bench --redis-url redis://127.0.0.1:6379/8
"""

import argparse
import asyncio
import json
import random
import re
import sys
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Awaitable
from dataclasses import dataclass, field
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

TIMESTAMP = re.compile(r'name="timestamp" value="([^"]+)"')
COMMENT_ID = re.compile(r"#comment-(\d+)$")
MAX_ATTEMPTS = 6
MARKER = "bench-"


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    accepted: dict[str, int] = field(default_factory=dict)  # marker -> comment id told
    refused: dict[str, int] = field(default_factory=dict)  # marker -> final status
    unknown: set[str] = field(default_factory=set)  # lost connection: stored at most once
    retries: int = 0
    timeline: list[tuple[float, str, int]] = field(default_factory=list)
    ended: list[tuple[float, float]] = field(default_factory=list)  # (ended at, latency)
    samples: dict[str, tuple[str, str]] = field(default_factory=dict)  # kind:503 -> (type, text)

    def record(self, kind: str, started: float, status: int | str) -> None:
        self.latencies[kind].append(time.monotonic() - started)
        self.ended.append((time.monotonic(), time.monotonic() - started))
        self.statuses[kind][status] += 1
        self.timeline.append((time.monotonic(), kind, status if isinstance(status, int) else 0))


async def timed(results: Results, kind: str, request: Awaitable) -> httpx.Response | None:
    """Await one request, record its latency and status; None when the connection failed."""
    started = time.monotonic()
    try:
        response = await request
    except httpx.TransportError as error:
        results.record(kind, started, type(error).__name__)
        return None
    results.record(kind, started, response.status_code)
    if response.status_code == 503 and f"{kind}:503" not in results.samples:
        results.samples[f"{kind}:503"] = (
            response.headers.get("content-type", ""),
            response.text[:400],
        )
    return response


async def reader(client: httpx.AsyncClient, articles, results: Results, stop_at: float) -> None:
    while time.monotonic() < stop_at:
        article_id, path = random.choice(articles)
        if random.random() < 0.5:
            await timed(results, "page", client.get(path))
        else:
            url = f"/api/v1/articles/{article_id}/comments/"
            await timed(results, "api_list", client.get(url, params={"page_size": 50}))


def _comment(marker: str) -> dict[str, str]:
    return {"name": "قارئ الحمل", "email": f"{marker}@example.com", "url": "",
            "body": f"تعليق تحت الحمل {marker}"}  # fmt: skip


async def api_poster(client, articles, results: Results, stop_at: float) -> None:
    while time.monotonic() < stop_at:
        article_id, _path = random.choice(articles)
        marker = MARKER + uuid.uuid4().hex
        headers = {"Idempotency-Key": marker}
        url = f"/api/v1/articles/{article_id}/comments/"
        lost = False
        for attempt in range(MAX_ATTEMPTS):
            response = await timed(results, "api_post",
                                   client.post(url, json=_comment(marker), headers=headers))  # fmt: skip
            if response is None or response.status_code == 503:
                lost = lost or response is None
                results.retries += 1
                await asyncio.sleep(min(0.25 * 2**attempt, 4))
                continue
            if response.status_code == 201:
                results.accepted[marker] = response.json()["id"]
            else:
                results.refused[marker] = response.status_code
            break
        else:
            (results.unknown.add(marker) if lost else results.refused.__setitem__(marker, 503))


async def form_poster(client, articles, results: Results, stop_at: float) -> None:
    while time.monotonic() < stop_at:
        article_id, path = random.choice(articles)
        page = await timed(results, "page", client.get(path))
        if page is None or page.status_code != 200:
            await asyncio.sleep(0.5)
            continue
        if (timestamp := TIMESTAMP.search(page.text)) is None:
            results.samples.setdefault("page:no form", (str(page.status_code), page.text[-400:]))
            continue
        marker = MARKER + uuid.uuid4().hex
        data = _comment(marker) | {
            "timestamp": timestamp[1], "parent": "",
            "csrfmiddlewaretoken": client.cookies.get("csrftoken", ""),
        }  # fmt: skip
        await _post_form(client, f"/articles/{article_id}/comments/", data, marker, results)


async def _post_form(client, url: str, data: dict, marker: str, results: Results) -> None:
    """Post the form; after a 503 (nothing stored) send the same text again, as the page offers."""
    for attempt in range(MAX_ATTEMPTS):
        response = await timed(results, "form_post", client.post(url, data=data))
        if response is None:  # no idempotency key on a form: do not risk a second copy
            results.unknown.add(marker)
            return
        if response.status_code != 503:
            break
        results.retries += 1
        await asyncio.sleep(min(0.25 * 2**attempt, 4))
    if response.status_code == 302 and (found := COMMENT_ID.search(response.headers["location"])):
        results.accepted[marker] = int(found[1])
    else:
        results.refused[marker] = response.status_code


async def run_load(base: str, articles, *, seconds: float, readers: int, posters: int) -> Results:
    """Run readers and posters against base for the given time; return what they saw."""
    results = Results()
    stop_at = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=readers + posters)
    async with httpx.AsyncClient(base_url=base, timeout=20, limits=limits) as shared:
        tasks = [reader(shared, articles, results, stop_at) for _ in range(readers)]
        for n in range(posters):
            client = httpx.AsyncClient(base_url=base, timeout=20)
            poster = form_poster if n % 2 else api_poster
            tasks.append(_closing(client, poster(client, articles, results, stop_at)))
        await asyncio.gather(*tasks)
    return results


async def _closing(client: httpx.AsyncClient, work) -> None:
    async with client:
        await work


CHECK = """
import json, re
from collections import defaultdict
from comments.models import Comment
stored = defaultdict(list)
for pk, body in Comment.objects.filter(body__contains="bench-").values_list("pk", "body"):
    stored[re.search(r"bench-[0-9a-f]{32}", body)[0]].append(pk)
print(json.dumps(stored))
"""


def check(results: Results, env: dict[str, str]) -> dict[str, list]:
    """Compare what posters were told with the rows in the database."""
    stored: dict[str, list[int]] = json.loads(run_django(CHECK, env).strip().splitlines()[-1])
    told = set(results.accepted) | set(results.refused) | results.unknown
    return {
        "accepted_missing": [m for m, pk in results.accepted.items() if stored.get(m) != [pk]],
        "refused_but_stored": [m for m in results.refused if stored.get(m)],
        "unknown_duplicated": [m for m in results.unknown if len(stored.get(m, [])) > 1],
        "stored_never_told": [m for m in stored if m not in told],
    }


def server_errors(results: Results, *, allow_503: bool) -> int:
    return sum(
        n for counts in results.statuses.values() for status, n in counts.items()
        if isinstance(status, int) and status >= 500 and not (allow_503 and status == 503)
    )  # fmt: skip


def print_report(results: Results, problems: dict[str, list], seconds: float) -> None:
    total = sum(len(v) for v in results.latencies.values())
    print(f"\n{total} requests in {seconds:.1f} s: {total / seconds:.1f} requests/s")
    print(f"{'kind':<10} {'count':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}  statuses")
    for kind in sorted(results.latencies):
        values = results.latencies[kind]
        p50, p95, p99 = (percentile(values, f) * 1000 for f in (0.5, 0.95, 0.99))
        statuses = dict(sorted(results.statuses[kind].items(), key=str))
        print(f"{kind:<10} {len(values):>7} {p50:>8.1f} {p95:>8.1f} {p99:>8.1f}  {statuses}")
    print(f"posts: accepted {len(results.accepted)}, refused {len(results.refused)}, "
          f"unknown {len(results.unknown)}, retries {results.retries}")  # fmt: skip
    print("checker:", {name: len(found) for name, found in problems.items()})
    for kind, (content_type, text) in sorted(results.samples.items()):
        print(f"sample {kind}: {content_type}: {' '.join(text.split())[:200]}")


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--readers", type=int, default=8)
    parser.add_argument("--posters", type=int, default=4)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--articles", type=int, default=20)
    parser.add_argument("--comments", type=int, default=30, help="approved comments per article")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL)
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    ensure_database(args.database_url)
    env = app_environment(args.database_url, args.redis_url)
    articles = prepare(env, articles=args.articles, comments=args.comments)
    with bench_server(env, port=args.port, workers=args.workers) as base:
        started = time.monotonic()
        results = asyncio.run(run_load(base, articles, seconds=args.seconds,
                                       readers=args.readers, posters=args.posters))  # fmt: skip
        elapsed = time.monotonic() - started
    problems = check(results, env)
    print_report(results, problems, elapsed)
    errors = server_errors(results, allow_503=False)
    print(f"server errors (5xx): {errors}")
    return 1 if errors or any(problems.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
