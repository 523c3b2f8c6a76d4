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
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
PORT = 8765
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


def prepare_database(env: dict) -> str:
    """Create the load database, migrate it, load demo content and a big thread; return a URL."""
    subprocess.run(
        ["psql", PG_ADMIN_URL, "-qc", "DROP DATABASE IF EXISTS newsroom_load"], check=True
    )
    subprocess.run(["psql", PG_ADMIN_URL, "-qc", "CREATE DATABASE newsroom_load"], check=True)
    manage = [str(VENV_BIN / "python"), "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([*manage, "load_demo"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    script = (
        "import sys; sys.path.insert(0, '.');"
        "from bench.harness import make_article_with_comments;"
        "a = make_article_with_comments(1000); print(a.get_absolute_url(), a.pk)"
    )
    out = subprocess.run([*manage, "shell", "-c", script], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True).stdout.split()  # fmt: skip
    return out[-2], out[-1]


def start_gunicorn(env: dict, workers: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "newsroom.wsgi", f"--workers={workers}",
         f"--bind=127.0.0.1:{PORT}", "--log-level=warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz/", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    sys.exit("gunicorn did not start")


def run_wrk(path: str, seconds: int, connections: int) -> dict:
    out = subprocess.run(
        ["wrk", f"-t{min(4, connections)}", f"-c{connections}", f"-d{seconds}s", "--latency",
         f"http://127.0.0.1:{PORT}{path}"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    latency = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)$", out, re.M))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": re.search(r"Requests/sec:\s+(\S+)", out).group(1),
        "p50": latency.get("50"), "p90": latency.get("90"), "p99": latency.get("99"),
        "non-2xx": errors.group(1) if errors else "0",
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk")
    database_url = "postgres://postgres@127.0.0.1:5432/newsroom_load"
    env = server_env(database_url, os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/3"))
    page, article_id = prepare_database(env)
    server = start_gunicorn(env, args.workers)
    try:
        targets = {"article page (1,000 comments)": page,
                   "API comment list": f"/api/v1/articles/{article_id}/comments/",
                   "home page": "/", "floor /healthz/": "/healthz/"}  # fmt: skip
        print(
            f"gunicorn {args.workers} workers, wrk {args.connections} connections, {args.seconds} s each"
        )
        print(f"{'path':32} {'req/s':>9} {'p50':>9} {'p90':>9} {'p99':>9} {'non-2xx':>8}")
        for name, path in targets.items():
            r = run_wrk(path, args.seconds, args.connections)
            print(
                f"{name:32} {r['rps']:>9} {r['p50']:>9} {r['p90']:>9} {r['p99']:>9} {r['non-2xx']:>8}"
            )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
