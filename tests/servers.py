"""Real app processes for tests and benchmarks: gunicorn on loopback, Django code in a fresh process."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import IO

import httpx

ROOT = Path(__file__).resolve().parents[1]
GUNICORN = Path(sys.executable).with_name("gunicorn")
VCL = ROOT / "deploy" / "varnish" / "default.vcl"
CELERY = Path(sys.executable).with_name("celery")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def base_environment(database_url: str, **extra: str) -> dict[str, str]:
    """Return the test settings' environment over this database, plus extra variables."""
    keep = ("PATH", "HOME", "LANG")
    env = {key: os.environ[key] for key in keep if key in os.environ}
    return env | {"DJANGO_SETTINGS_MODULE": "tests.settings", "DATABASE_URL": database_url} | extra


def run_python(code: str, env: dict[str, str], *, timeout: float = 300) -> str:
    """Run Django code in a fresh process with this environment; return what it printed."""
    prelude = "import django\ndjango.setup()\n"
    result = subprocess.run(
        [sys.executable, "-c", prelude + code], cwd=ROOT, env=env, capture_output=True,
        text=True, timeout=timeout,
    )  # fmt: skip
    if result.returncode:
        raise RuntimeError(result.stderr[-3000:])
    return result.stdout


def migrate(env: dict[str, str], *, timeout: float = 300) -> None:
    code = "from django.core.management import call_command\ncall_command('migrate', verbosity=0)"
    run_python(code, env, timeout=timeout)


@contextmanager
def app_server(
    env: dict[str, str],
    *,
    port: int | None = None,
    workers: int = 1,
    timeout: int = 60,
    access_log: bool = False,
    keep_log: bool = False,
) -> Iterator[str]:
    """Serve the app with gunicorn (sync workers) on a loopback port; yield its base URL.

    Without a port, a free one is picked. A kept log outlives the server and its path is printed.
    """
    port = port or free_port()
    base = f"http://127.0.0.1:{port}"
    command = [str(GUNICORN), "newsroom.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(workers),
               "--timeout", str(timeout), "--graceful-timeout", "5",
               *(["--access-logfile", "-"] if access_log else [])]  # fmt: skip
    with _log_file(keep=keep_log) as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log,
                                   start_new_session=True)  # fmt: skip
        try:
            _wait_until_up(base, process, log)
            yield base
        finally:
            _stop(process)


@contextmanager
def unix_socket_server(env: dict[str, str], path: Path) -> Iterator[tuple[str, IO[bytes]]]:
    """Serve the app with gunicorn on a Unix socket, as behind a local proxy; yield its base URL
    (to use with httpx's uds transport) and its log so far."""
    command = [str(GUNICORN), "newsroom.wsgi", "-b", f"unix:{path}", "-w", "1",
               "--graceful-timeout", "5"]  # fmt: skip
    with _log_file(keep=False) as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log,
                                   start_new_session=True)  # fmt: skip
        try:
            _wait_until_up("http://localhost", process, log, uds=str(path))
            yield "http://localhost", log
        finally:
            _stop(process)


@contextmanager
def app_servers(env: dict[str, str], count: int) -> Iterator[list[str]]:
    """Start several independent app processes sharing env; yield their base URLs."""
    with ExitStack() as stack:
        yield [stack.enter_context(app_server(env)) for _ in range(count)]


@contextmanager
def _log_file(*, keep: bool) -> Iterator[IO[bytes]]:
    # A file, not a pipe: nobody reads the log while serving, and a full pipe would block it.
    if not keep:
        with tempfile.TemporaryFile() as log:
            yield log
        return
    with tempfile.NamedTemporaryFile(
        prefix="newsroom-gunicorn-", suffix=".log", delete=False
    ) as log:
        try:
            yield log
        finally:
            print(f"server log: {log.name}")


def _wait_until_up(
    base: str, process: subprocess.Popen, log: IO[bytes], *, uds: str | None = None
) -> None:
    """Return once /healthz/ answers 200; raise if gunicorn exits first or a minute passes."""
    deadline = time.monotonic() + 60
    client = httpx.Client(transport=httpx.HTTPTransport(uds=uds), timeout=5)
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"gunicorn exited: {log.read()[-3000:].decode(errors='replace')}")
        try:
            if client.get(f"{base}/healthz/").status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer in time")


def _stop(process: subprocess.Popen) -> None:
    """Stop the whole process group: SIGTERM, then SIGKILL if it has not ended within 20 s."""
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@contextmanager
def varnish(varnishd: str, backend_port: int) -> Iterator[str]:
    """Run varnishd with the shipped VCL in front of 127.0.0.1:backend_port; yield its URL."""
    port, workdir = free_port(), Path(tempfile.mkdtemp(prefix="newsroom-varnish-"))
    vcl = workdir / "default.vcl"
    vcl.write_text(VCL.read_text().replace('.port = "8000";', f'.port = "{backend_port}";'))
    workdir.chmod(0o755)  # run as root, varnishd reads the VCL as its own unprivileged user
    vcl.chmod(0o644)
    command = [varnishd, "-F", "-n", str(workdir / "n"), "-a", f"127.0.0.1:{port}",
               "-f", str(vcl), "-s", "malloc,64m", "-T", f"127.0.0.1:{free_port()}"]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(base, process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)
        shutil.rmtree(workdir, ignore_errors=True)


def _wait_for(base: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"varnishd exited: {process.stderr.read().decode()[-2000:]}")
        try:
            if httpx.get(f"{base}/healthz/ready/", timeout=2).status_code == 200:
                time.sleep(2.5)  # let the probe call the backend healthy
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError("varnishd did not answer in time")


def redis_or_skip(url: str, *, flush: bool = False) -> None:
    """Skip without a Redis server locally; fail in CI, where one must run. flush empties it."""
    import pytest
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=1)
        client.flushdb() if flush else client.ping()
    except redis.RedisError:
        if os.environ.get("CI"):
            pytest.fail("Redis is not running at 127.0.0.1:6379")
        pytest.skip("Redis is not running at 127.0.0.1:6379")


@contextmanager
def celery_worker(env: dict[str, str]) -> Iterator[None]:
    """A worker as production runs one (the shared-cache purges go through it)."""
    command = [str(CELERY), "-A", "newsroom", "worker", "--pool=solo", "--loglevel=warning"]
    worker = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)  # fmt: skip
    try:
        time.sleep(3)  # connected to the broker
        yield
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=30)
