"""Faults under load: PostgreSQL restarted, Redis stopped, the mail server refusing.

Each scenario runs the mixed load of bench/load_mixed.py, breaks something in the middle, and
checks: no server error but the promised 503s, the service recovers by itself, and every comment
a poster was told was accepted is stored exactly once (none that was refused).

    .venv/bin/python bench/faults.py postgres-restart --pg-cluster main   # restarts that cluster!
    .venv/bin/python bench/faults.py postgres-restart --private-cluster   # a throwaway cluster
    .venv/bin/python bench/faults.py redis-stop
    .venv/bin/python bench/faults.py mail-refused
"""

import argparse
import asyncio
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import (
    DEFAULT_DATABASE_URL,
    app_environment,
    bench_server,
    ensure_database,
    percentile,
    prepare,
    run_django,
)
from bench.load_mixed import Results, check, print_report, run_load, server_errors

PRIVATE_CLUSTER = "newsroom_faults"
PRIVATE_PORT = 5440
P95_WITHOUT_REDIS_LIMIT = 1.5  # issue 17: Redis down may cost at most half as much again


def pg_ctl(version: str, cluster: str, action: str) -> None:
    command = ["pg_ctlcluster", "--skip-systemctl-redirect", version, cluster, action]
    subprocess.run([*command, *(["-m", "fast"] if action == "stop" else [])], check=True)


def pg_is_up(port: int) -> bool:
    result = subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", str(port)], check=False)
    return result.returncode == 0


@contextmanager
def private_cluster(version: str) -> Iterator[str]:
    """Create, start and finally drop a throwaway PostgreSQL cluster; yield its database URL."""
    subprocess.run(["pg_createcluster", version, PRIVATE_CLUSTER, "--port", str(PRIVATE_PORT),
                    "--start", "--", "--auth=trust"], check=True, capture_output=True)  # fmt: skip
    try:
        yield f"postgres://postgres@127.0.0.1:{PRIVATE_PORT}/newsroom_faults"
    finally:
        subprocess.run(["pg_dropcluster", "--stop", version, PRIVATE_CLUSTER], check=False)


def after(seconds: float, action: Callable[[], None]) -> threading.Thread:
    """Run action in the background after a delay (the load keeps running meanwhile)."""
    thread = threading.Thread(target=lambda: (time.sleep(seconds), action()), daemon=True)
    thread.start()
    return thread


def recovered(results: Results, *, since: float) -> tuple[int, int]:
    """Return (requests, failures) among those that ended after `since` (monotonic)."""
    late = [status for at, _kind, status in results.timeline if at >= since]
    return len(late), sum(1 for status in late if status == 0 or status >= 500)


def p95_apart(results: Results, *, at: float) -> tuple[float, float]:
    """Return the p95 latency of the requests that ended before `at`, and of those after it."""
    before = [latency for ended, latency in results.ended if ended < at]
    after_ = [latency for ended, latency in results.ended if ended >= at]
    return percentile(before, 0.95), percentile(after_, 0.95)


def verdict(results: Results, env: dict[str, str], seconds: float, *, allow_503: bool) -> bool:
    problems = check(results, env)
    print_report(results, problems, seconds)
    errors = server_errors(results, allow_503=allow_503)
    print(f"server errors other than the promised 503: {errors}")
    return not errors and not any(problems.values())


def postgres_restart(args, env: dict[str, str], articles) -> bool:
    port = int(env["DATABASE_URL"].rsplit(":", 1)[1].split("/")[0])

    def outage() -> None:
        pg_ctl(args.pg_version, args.pg_cluster, "stop")
        print(f"[{time.strftime('%X')}] PostgreSQL stopped")
        time.sleep(args.outage)
        pg_ctl(args.pg_version, args.pg_cluster, "start")
        print(f"[{time.strftime('%X')}] PostgreSQL started again")

    try:
        with bench_server(env, port=args.port, workers=4) as base:
            started = time.monotonic()
            after(args.fault_at, outage)
            results = asyncio.run(
                run_load(base, articles, seconds=args.seconds, readers=8, posters=4)
            )
            elapsed = time.monotonic() - started
    finally:
        if not pg_is_up(port):
            pg_ctl(args.pg_version, args.pg_cluster, "start")
    saw_503 = sum(counts.get(503, 0) for counts in results.statuses.values())
    late, failed = recovered(results, since=started + args.fault_at + args.outage + 5)
    print(f"503 answers during the outage: {saw_503}; after recovery: {failed} of {late} failed")
    return verdict(results, env, elapsed, allow_503=True) and saw_503 > 0 and late and not failed


def redis_stop(args, env: dict[str, str], articles) -> bool:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        redis_port = sock.getsockname()[1]
    redis = subprocess.Popen(["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1",
                              "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL)  # fmt: skip
    env = env | {"REDIS_URL": f"redis://127.0.0.1:{redis_port}/0"}
    try:
        with bench_server(env, port=args.port, workers=4) as base:
            started = time.monotonic()
            after(args.fault_at, lambda: (redis.terminate(), print("Redis stopped")))
            results = asyncio.run(
                run_load(base, articles, seconds=args.seconds, readers=8, posters=4)
            )
            elapsed = time.monotonic() - started
    finally:
        redis.terminate()
        redis.wait()
    late, failed = recovered(results, since=started + args.fault_at + 1)
    print(f"after Redis stopped: {failed} of {late} requests failed")
    up, down = p95_apart(results, at=started + args.fault_at)
    within = down <= P95_WITHOUT_REDIS_LIMIT * up
    print(f"p95 of all requests: {up * 1000:.0f} ms with Redis, {down * 1000:.0f} ms without: "
          f"{down / up:.2f} x, {'within' if within else 'OVER'} the {P95_WITHOUT_REDIS_LIMIT} x "
          "limit")  # fmt: skip
    return verdict(results, env, elapsed, allow_503=False) and late and not failed and within


MAIL_SETUP = "from comments.models import ModerationSettings\nModerationSettings.objects.filter(pk=1).update(hold_first_time=True, notify_editors=True)"


def mail_refused(args, env: dict[str, str], articles) -> bool:
    # No Redis: notifications then run inside the request, right where a refusal could hurt.
    env = {key: value for key, value in env.items() if key != "REDIS_URL"} | {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": "9", "NEWSROOM_EDITORS_EMAIL": "desk@example.com",
    }  # fmt: skip
    run_django(MAIL_SETUP, env)
    with bench_server(env, port=args.port, workers=4) as base:
        started = time.monotonic()
        results = asyncio.run(run_load(base, articles, seconds=args.seconds, readers=4, posters=4))
        elapsed = time.monotonic() - started
    return verdict(results, env, elapsed, allow_503=False) and bool(results.accepted)


SCENARIOS = {"postgres-restart": postgres_restart, "redis-stop": redis_stop,
             "mail-refused": mail_refused}  # fmt: skip


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", choices=sorted(SCENARIOS))
    parser.add_argument("--seconds", type=float, default=40)
    parser.add_argument("--fault-at", type=float, default=10, help="seconds into the load")
    parser.add_argument("--outage", type=float, default=6, help="seconds PostgreSQL stays down")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/8")
    parser.add_argument("--pg-version", default="15")
    parser.add_argument("--pg-cluster", default="main")
    parser.add_argument("--private-cluster", action="store_true",
                        help="restart a throwaway cluster instead of --pg-cluster")  # fmt: skip
    return parser.parse_args(argv)


def run(args, database_url: str) -> bool:
    ensure_database(database_url)
    env = app_environment(database_url, args.redis_url)
    articles = prepare(env, articles=10, comments=20)
    return SCENARIOS[args.scenario](args, env, articles)


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.private_cluster:
        with private_cluster(args.pg_version) as database_url:
            args.pg_cluster = PRIVATE_CLUSTER
            ok = run(args, database_url)
    else:
        ok = run(args, args.database_url)
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
