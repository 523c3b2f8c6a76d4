"""Real app processes for the security tests: gunicorn on loopback ports, over a file database."""

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
REDIS_TEST_URL = "redis://127.0.0.1:6379/7"
CLOSED_REDIS_URL = "redis://127.0.0.1:9/7"  # the discard port: nothing listens there


def redis_or_skip() -> None:
    """Skip without a Redis server locally; fail in CI, where one must run."""
    import redis

    try:
        redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        if os.environ.get("CI"):
            pytest.fail("Redis is not running at 127.0.0.1:6379")
        pytest.skip("Redis is not running at 127.0.0.1:6379")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def base_environment(database_url: str, **extra: str) -> dict[str, str]:
    keep = ("PATH", "HOME", "LANG")
    env = {key: os.environ[key] for key in keep if key in os.environ}
    return env | {"DJANGO_SETTINGS_MODULE": "tests.settings", "DATABASE_URL": database_url} | extra


def run_python(code: str, env: dict[str, str]) -> str:
    """Run Django code in a fresh process with this environment; return what it printed."""
    prelude = "import django\ndjango.setup()\n"
    result = subprocess.run(
        [sys.executable, "-c", prelude + code], cwd=ROOT, env=env, capture_output=True,
        text=True, timeout=300,
    )  # fmt: skip
    if result.returncode:
        raise RuntimeError(result.stderr[-3000:])
    return result.stdout


def migrate(env: dict[str, str]) -> None:
    run_python(
        "from django.core.management import call_command\ncall_command('migrate', verbosity=0)", env
    )


@contextmanager
def app_server(env: dict[str, str], *, workers: int = 1) -> Iterator[str]:
    """Serve the app with gunicorn on a free loopback port; yield its base URL."""
    port = free_port()
    command = [str(GUNICORN), "newsroom.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(workers),
               "--timeout", "60", "--graceful-timeout", "5"]  # fmt: skip
    # A file, not a pipe: nobody reads the log while serving, and a full pipe would block it.
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log,
                                   start_new_session=True)  # fmt: skip
        try:
            _wait_until_up(f"http://127.0.0.1:{port}", process, log)
            yield f"http://127.0.0.1:{port}"
        finally:
            _stop(process)


def _stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _wait_until_up(base: str, process: subprocess.Popen, log, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"gunicorn exited: {log.read().decode()[-3000:]}")
        try:
            if httpx.get(f"{base}/healthz/", timeout=2).status_code < 500:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer in time")


@contextmanager
def app_servers(env: dict[str, str], count: int) -> Iterator[list[str]]:
    """Start several independent app processes sharing env; yield their base URLs."""
    with ExitStack() as stack:
        yield [stack.enter_context(app_server(env)) for _ in range(count)]
