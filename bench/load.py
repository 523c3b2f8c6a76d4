"""Load benchmark: gunicorn with several workers on PostgreSQL and Redis, driven by wrk on loopback.

Run: .venv/bin/python bench/load.py [--seconds 30] [--connections 32] [--workers 4]
Needs PostgreSQL and Redis (DATABASE_URL, REDIS_URL; defaults: the local test services) and wrk
(apt-get install wrk). It creates its own database `newsroom_load`, loads the demo content plus
1,000 comments on one article, and prints requests per second and latency percentiles.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.servers import app_server, migrate, run_python

PORT = 8765
DATABASE = "newsroom_load"
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"


def server_env(database_url: str, redis_url: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "SECRET_KEY": "load-benchmark-secret-key-not-for-production-use-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_MANIFEST": "0",
        "WHITENOISE_USE_FINDERS": "1",
        "THROTTLE_ANON_READ": "100000000/min",
        "AXES_ENABLED": "0",
    }


def prepare_database(env: dict) -> tuple[str, str]:
    """Create the load database, migrate it, load demo content and a big thread; return its page and id."""
    subprocess.run(["psql", PG_ADMIN_URL, "-qc", f"DROP DATABASE IF EXISTS {DATABASE}"], check=True)
    subprocess.run(["psql", PG_ADMIN_URL, "-qc", f"CREATE DATABASE {DATABASE}"], check=True)
    migrate(env)
    run_python("from django.core.management import call_command\ncall_command('load_demo')", env)
    script = (
        "from bench.harness import make_article_with_comments\n"
        "a = make_article_with_comments(1000); print(a.get_absolute_url(), a.pk)"
    )
    out = run_python(script, env).split()
    return out[-2], out[-1]


def run_wrk(url: str, seconds: int, connections: int) -> dict:
    out = subprocess.run(
        ["wrk", f"-t{min(4, connections)}", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    latency = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)$", out, re.M))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": re.search(r"Requests/sec:\s+(\S+)", out).group(1),
        "p50": latency.get("50"), "p90": latency.get("90"), "p99": latency.get("99"),
        "non-2xx": errors.group(1) if errors else "0",
    }  # fmt: skip


def print_table(base: str, targets: dict[str, str], args: argparse.Namespace) -> None:
    print(
        f"gunicorn {args.workers} workers, wrk {args.connections} connections, {args.seconds} s each"
    )
    print(f"{'path':32} {'req/s':>9} {'p50':>9} {'p90':>9} {'p99':>9} {'non-2xx':>8}")
    for name, path in targets.items():
        r = run_wrk(base + path, args.seconds, args.connections)
        print(
            f"{name:32} {r['rps']:>9} {r['p50']:>9} {r['p90']:>9} {r['p99']:>9} {r['non-2xx']:>8}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk")
    database_url = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
    env = server_env(database_url, os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/3"))
    page, article_id = prepare_database(env)
    targets = {"article page (1,000 comments)": page,
               "API comment list": f"/api/v1/articles/{article_id}/comments/",
               "home page": "/", "floor /healthz/": "/healthz/"}  # fmt: skip
    with app_server(env, port=PORT, workers=args.workers, timeout=30, keep_log=True) as base:
        print_table(base, targets, args)


if __name__ == "__main__":
    main()
