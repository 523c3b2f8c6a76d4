"""Benchmark the article page and the API comment list at 10 to 5,000 comments.

Run: .venv/bin/python bench/page.py [--runs 300]   (DATABASE_URL picks the database; SQLite by default)
"""

import argparse
import sys
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import (
    make_article_with_comments,
    make_sibling_articles,
    measure,
    measure_interleaved,
    print_table,
    throwaway_database,
)

SIZES = [10, 100, 1000, 5000]


def run(runs: int) -> None:
    from django.core.cache import cache
    from django.test import Client

    from newsroom.versions import comment_block_invalidate

    client = Client()
    make_sibling_articles()

    def floor_view():
        return client.get("/healthz/")

    rows, cold_by_n, warm_by_n, floor_by_n = [], {}, {}, {}
    for n in SIZES:
        article = make_article_with_comments(n)
        url = article.get_absolute_url()
        client.get(url)

        def page(url=url):
            return client.get(url)

        # The floor takes turns with each page, so a slow moment of the machine hits both alike.
        cold, floor_cold = measure_interleaved([(page, cache.clear), (floor_view, None)], runs=runs)
        warm, floor_warm = measure_interleaved([(page, None), (floor_view, None)], runs=runs)
        # What follows a decision in production: only the article's comment block is stale.
        changed = partial(comment_block_invalidate, article.pk)
        after_change = measure(page, runs=runs, before=changed)
        api_url = f"/api/v1/articles/{article.pk}/comments/"
        api = measure(lambda u=api_url: client.get(u), runs=runs, before=cache.clear)
        cold_by_n[n], warm_by_n[n] = cold[0], warm[0]
        floor_by_n[n] = (floor_cold[0], floor_warm[0])
        rows.append(
            ["floor /healthz/", n, *_fmt(floor_cold), floor_cold[2], len(floor_cold[3].content)]
        )
        rows.append(["page cold", n, *_fmt(cold), cold[2], len(cold[3].content)])
        rows.append(["page warm", n, *_fmt(warm), warm[2], len(warm[3].content)])
        rows.append(
            ["page after a comment", n, *_fmt(after_change), after_change[2],
             len(after_change[3].content)]
        )  # fmt: skip
        rows.append(["api list cold", n, *_fmt(api), api[2], len(api[3].content)])
    print_table(["request", "comments", "median ms", "p95 ms", "p95/med", "queries", "bytes"], rows)
    print()
    print(f"cold page 5000 / cold page 10: {cold_by_n[5000] / cold_by_n[10]:.2f} (target <= 1.3)")
    print(
        f"cold page 1000 / floor:        {cold_by_n[1000] / floor_by_n[1000][0]:.2f} (target <= 4)"
    )
    print(
        f"warm page 5000 / floor:        {warm_by_n[5000] / floor_by_n[5000][1]:.2f} (target <= 1.5)"
    )


def _fmt(result) -> list[str]:
    median, p95, _queries, _response = result
    return [f"{median:.2f}", f"{p95:.2f}", f"{p95 / median:.2f}"]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=300)
    args = parser.parse_args()
    with throwaway_database():
        run(args.runs)
