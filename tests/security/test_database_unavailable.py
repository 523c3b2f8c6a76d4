"""A lost database answers a clear 503 (JSON for the API, a page keeping the reader's text)."""

import json
import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import OperationalError, connection, transaction
from django.urls import reverse

from comments.forms import form_timestamp
from comments.models import Comment, ModerationEvent
from tests.security.html_checks import parse
from tests.security.posting import API_COMMENTS_URL, open_the_gates

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
OUTAGE = "server closed the connection unexpectedly"


@contextmanager
def database_down(only: str = ""):
    """Make every query (or those whose SQL contains `only`) fail as a dropped server does."""

    def fail(execute, sql, params, many, context):
        if only and only not in sql:
            return execute(sql, params, many, context)
        raise OperationalError(OUTAGE)

    with connection.execute_wrapper(fail):
        yield


def request_transaction():
    """Stand for a request's own outermost transaction, which the test's transaction replaces.

    In production a failed write rolls the whole request back; inside a test the failure would
    spoil the test's transaction unless the request has its own savepoint to return to.
    """
    return transaction.atomic()


def comment_fields(article) -> dict:
    return {
        "name": "نور", "email": "nour@example.com", "url": "https://nour.example",
        "body": "نصّ طويل كتبته بعناية <b>ولا أريد أن أفقده</b>", "parent": "",
        "timestamp": form_timestamp(article), "notify_replies": "on",
    }  # fmt: skip


def test_a_page_answers_503_with_a_translated_page(client, article):
    with database_down():
        response = client.get(article.get_absolute_url())
    assert response.status_code == 503
    assert response["Retry-After"] and response["Cache-Control"] == "no-store"
    page = parse(response.content)
    assert page.html["lang"] == "ar" and page.html["dir"] == "rtl"
    assert page.find("h1").get_text() == "الخدمة غير متاحة مؤقتاً"


def test_the_api_answers_503_in_json(client, article):
    with database_down():
        response = client.get(API_COMMENTS_URL.format(article_id=article.pk))
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "service_unavailable"  # the API's one error shape


def test_the_readers_comment_is_kept_in_a_form_that_posts_it_again(client, article):
    fields = comment_fields(article)
    with database_down():
        response = client.post(reverse("pages:comment_post", args=[article.pk]), fields)
    assert response.status_code == 503
    form = parse(response.content).find("form", id="comment-form")
    assert form["action"] == reverse("pages:comment_post", args=[article.pk])
    assert form.find("textarea", attrs={"name": "body"}).get_text() == fields["body"]
    for name in ("name", "email", "url", "timestamp"):
        assert form.find("input", attrs={"name": name})["value"] == fields[name]
    assert form.find("input", attrs={"name": "csrfmiddlewaretoken"})["value"]
    resent = {i["name"]: i.get("value", "") for i in form.find_all("input")}
    resent["body"] = form.find("textarea").get_text()
    open_the_gates()
    assert client.post(form["action"], resent).status_code == 302
    assert Comment.objects.get().body == fields["body"]


def test_a_failure_inside_the_transaction_leaves_no_partial_rows(client, article):
    with database_down(only="comments_moderationevent"), request_transaction():
        response = client.post(
            reverse("pages:comment_post", args=[article.pk]), comment_fields(article)
        )
    assert response.status_code == 503
    assert not Comment.objects.exists() and not ModerationEvent.objects.exists()


def test_an_api_retry_after_the_outage_stores_the_comment_once(client, article):
    open_the_gates()
    url = API_COMMENTS_URL.format(article_id=article.pk)
    payload = json.dumps({"name": "نور", "email": "nour@example.com", "body": "تعليق"})
    headers = {"HTTP_IDEMPOTENCY_KEY": "outage-retry-1"}
    with database_down(only="INSERT"), request_transaction():
        down = client.post(url, payload, content_type="application/json", **headers)
    assert down.status_code == 503
    first = client.post(url, payload, content_type="application/json", **headers)
    again = client.post(url, payload, content_type="application/json", **headers)
    assert (first.status_code, again.status_code) == (201, 201)
    assert Comment.objects.count() == 1


def test_other_errors_stay_server_errors(client, article, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug, not an outage")

    monkeypatch.setattr("pages.views.render_article_page", broken)
    client.raise_request_exception = False
    assert client.get(article.get_absolute_url()).status_code == 500


SCRIPT = """
import django, json
django.setup()
from django.test import Client
client = Client(raise_request_exception=False)
print(json.dumps([client.get("/").status_code, client.get("/api/v1/articles/").status_code]))
"""


def test_a_refused_connection_is_a_503_too():
    """A real process whose database port is closed: the driver's own error, no patching."""
    env = {key: value for key, value in os.environ.items() if key in ("PATH", "HOME", "LANG")}
    env |= {
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:9/unreachable?connect_timeout=2",
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [503, 503]


def test_a_comment_stored_before_the_database_fails_is_answered_as_received(client, article):
    """bench/faults.py postgres-restart: a form post was stored, then its redirect's page lookup
    met the outage and answered 503; the reader's retry was refused as a duplicate."""
    from django.db import OperationalError, connection

    from comments.models import Comment, ModerationSettings
    from tests.integration.test_comment_form import form_data

    ModerationSettings.objects.update(flood_seconds=0, hold_first_time=False)
    stored = {"yet": False}

    def database_goes_down_once_the_comment_is_stored(execute, sql, params, many, context):
        if stored["yet"] and sql.lstrip().upper().startswith("SELECT"):
            raise OperationalError("server closed the connection unexpectedly")
        result = execute(sql, params, many, context)
        stored["yet"] = stored["yet"] or 'INSERT INTO "comments_moderationevent"' in sql
        return result

    with connection.execute_wrapper(database_goes_down_once_the_comment_is_stored):
        response = client.post(
            f"/articles/{article.pk}/comments/", form_data(article, body="وصل قبل الانقطاع")
        )
    comment = Comment.objects.get(body="وصل قبل الانقطاع")
    assert response.status_code == 302
    assert response["Location"].endswith(f"#comment-{comment.pk}")
