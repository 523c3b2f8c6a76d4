"""Content Security Policy and security headers on every page; `check --deploy` clean in production."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from comments.forms import form_timestamp
from tests.factories import make_comment
from tests.security.html_checks import parse

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.fixture
def pages(client, article):
    comment = make_comment(article=article)
    return {
        "home": client.get(reverse("articles:home")),
        "section": client.get(article.section.get_absolute_url()),
        "article": client.get(article.get_absolute_url()),
        "report": client.get(reverse("comments:report", args=[comment.pk])),
        "replies": client.get(reverse("comments:replies", args=[comment.pk])),
        "admin login": client.get(reverse("admin:login")),
    }


def test_every_page_sends_the_policy(pages):
    for name, response in pages.items():
        assert response.status_code == 200, name
        csp = csp_directives(response)
        assert csp["object-src"] == ["'none'"], name
        assert csp["base-uri"] == ["'none'"], name
        assert csp["frame-ancestors"] == ["'self'"], name
        for directive in ("script-src", "style-src"):
            assert "'self'" in csp[directive], name
            assert not {"'unsafe-inline'", "'unsafe-eval'", "*"} & set(csp[directive]), name


def test_reader_pages_have_no_inline_code_and_nothing_uses_style_attributes(pages):
    """Scripts and styles load from 'self', so a shared cache can keep the page: no nonce."""
    for name, response in pages.items():
        document = parse(response.content)
        inline = [
            str(el)[:80] for el in document.find_all(["script", "style"]) if not el.get("src")
        ]
        assert inline == [], name
        if not name.startswith("admin"):  # the admin's own pages inline code, with the nonce
            assert "nonce" not in response["Content-Security-Policy"], name
        styled = [el.name for el in document.body.find_all(True) if el.has_attr("style")]
        assert styled == [], name


def test_a_reader_page_has_the_same_policy_for_every_reader(client, article):
    first = client.get(article.get_absolute_url())["Content-Security-Policy"]
    assert first == client.get(article.get_absolute_url())["Content-Security-Policy"]


def test_a_page_with_inline_code_gets_a_new_nonce_that_its_code_carries(client):
    nonces = []
    for _ in range(2):
        response = client.get(reverse("api:docs"))
        nonce = next(v for v in csp_directives(response)["script-src"] if v.startswith("'nonce-"))
        inline = [el for el in parse(response.content).find_all("script") if not el.get("src")]
        assert inline and all(f"'nonce-{el.get('nonce')}'" == nonce for el in inline)
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


def test_the_other_security_headers(pages):
    for name, response in pages.items():
        assert response["X-Content-Type-Options"] == "nosniff", name
        assert response["Referrer-Policy"] == "same-origin", name
        assert response["X-Frame-Options"] == "DENY", name


def production_environment(**extra: str) -> dict[str, str]:
    """Return an environment as production has it: no DEBUG, a long random secret, real hosts."""
    keep = ("PATH", "HOME", "LANG", "DATABASE_URL", "REDIS_URL")
    env = {key: os.environ[key] for key in keep if key in os.environ}
    env |= {
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "news.example.com",
        "CSRF_TRUSTED_ORIGINS": "https://news.example.com",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    }
    return env | extra


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
        text=True, timeout=120,
    )  # fmt: skip


def test_check_deploy_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_environment())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("server", ["newsroom.wsgi", "newsroom.asgi"])
def test_production_refuses_to_start_without_a_secret_key(server):
    env = production_environment()
    del env["SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "-c", f"import {server}"], cwd=ROOT, env=env, capture_output=True,
        text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_offline_commands_run_without_a_secret_key():
    env = production_environment()
    del env["SECRET_KEY"]
    result = manage("makemigrations", "--check", "--dry-run", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


IS_SECURE = """
import django
django.setup()
from django.test import RequestFactory
print(RequestFactory().get("/", HTTP_X_FORWARDED_PROTO="https").is_secure())
"""


@pytest.mark.parametrize(("proxies", "believed"), [("0", "False"), ("1", "True")])
def test_x_forwarded_proto_is_believed_only_from_trusted_proxies(proxies, believed):
    env = production_environment(TRUSTED_PROXY_COUNT=proxies)
    result = subprocess.run(
        [sys.executable, "-c", IS_SECURE], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert result.stdout.strip() == believed, result.stderr


def test_every_response_that_sets_a_cookie_is_private(client, article):
    comment = make_comment(article=article)
    urls = [reverse("comments:report", args=[comment.pk]), reverse("admin:login")]
    for url in urls:
        fresh = Client().get(url)
        assert "csrftoken" in fresh.cookies, url
        assert "private" in fresh.get("Cache-Control", ""), url
    posted = client.post(
        reverse("pages:comment_post", args=[article.pk]),
        {"name": "سلمى", "email": "salma@example.com", "body": "تعليق",
         "timestamp": form_timestamp(article)},
    )  # fmt: skip
    assert posted.status_code == 302 and "comments_own" in posted.cookies
    assert "private" in posted.get("Cache-Control", "")
