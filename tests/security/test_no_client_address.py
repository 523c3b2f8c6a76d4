"""A request with no client address (a Unix socket and no trusted proxy) can't post or report.

Every limit keys on the reader's address; without one, each request would be a new reporter
and flood control would key on the email alone. The site refuses instead, says why in the
reader's language, and warns the operator at start-up.
"""

import httpx
import pytest
from django.test import Client
from django.urls import reverse

from comments.models import Comment, CommentReport
from newsroom.client_address import address_configuration_problems
from tests.factories import make_comment
from tests.integration.test_comment_form import form_data
from tests.servers import base_environment, migrate, run_python, unix_socket_server

pytestmark = pytest.mark.django_db

NO_ADDRESS_AR = "لا يمكن معرفة مصدر طلبك"
NO_ADDRESS_EN = "We cannot tell where your request comes from"
SEED = """
from tests.factories import make_article
from comments.models import ModerationSettings
ModerationSettings.objects.update_or_create(pk=1, defaults={"hold_first_time": False})
print(make_article().pk)
"""


def test_the_form_refuses_a_post_without_an_address_and_keeps_the_text(article):
    body = "تعليقي الذي كتبته بعناية"
    response = Client().post(
        reverse("pages:comment_post", args=[article.pk]), form_data(article, body=body),
        REMOTE_ADDR="",
    )  # fmt: skip
    assert response.status_code == 403
    page = response.content.decode()
    assert NO_ADDRESS_AR in page and body in page
    assert not Comment.objects.exists()


@pytest.mark.parametrize("emails", [["a@example.com", "b@example.com", "c@example.com"]])
def test_the_api_refuses_posts_without_an_address_whatever_the_email(article, emails):
    for email in emails:
        response = Client(HTTP_ACCEPT_LANGUAGE="en").post(
            reverse("api:article-comments", args=[article.pk]),
            {"name": "Reader", "email": email, "body": f"a comment from {email}"},
            content_type="application/json", REMOTE_ADDR="",
        )  # fmt: skip
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "no_address"
        assert NO_ADDRESS_EN in response.json()["error"]["message"]
    assert not Comment.objects.exists()


def test_reports_without_an_address_are_refused_on_the_page_and_the_api(article):
    comment = make_comment(article=article)
    for _ in range(3):
        page = Client().post(
            reverse("comments:report", args=[comment.pk]), {"reason": "abuse"}, REMOTE_ADDR=""
        )
        assert page.status_code == 403 and NO_ADDRESS_AR in page.content.decode()
        api = Client().post(
            reverse("api:comment-reports", args=[comment.pk]), {"reason": "abuse"},
            content_type="application/json", REMOTE_ADDR="",
        )  # fmt: skip
        assert api.status_code == 403 and api.json()["error"]["code"] == "no_address"
    assert not CommentReport.objects.exists()


@pytest.mark.parametrize(
    ("argv", "environ", "proxies", "warned"),
    [
        (["gunicorn", "newsroom.wsgi", "--bind", "unix:/run/newsroom.sock"], {}, 0, True),
        (["gunicorn", "newsroom.wsgi", "-b=unix:/run/newsroom.sock"], {}, 0, True),
        (["gunicorn", "newsroom.wsgi"], {"GUNICORN_CMD_ARGS": "--bind=unix:/tmp/s"}, 0, True),
        (["gunicorn", "newsroom.wsgi", "--bind", "unix:/run/newsroom.sock"], {}, 1, False),
        (["gunicorn", "newsroom.wsgi", "--bind", "127.0.0.1:8000"], {}, 0, False),
        (["manage.py", "runserver"], {}, 0, False),
    ],
)
def test_a_configuration_that_yields_no_address_is_named(argv, environ, proxies, warned):
    problems = address_configuration_problems(trusted_proxies=proxies, argv=argv, environ=environ)
    assert bool(problems) == warned


def test_gunicorn_on_a_unix_socket_warns_at_start_up_and_refuses_posts(tmp_path):
    env = base_environment(f"sqlite:///{tmp_path / 'db.sqlite3'}", TRUSTED_PROXY_COUNT="0")
    migrate(env)
    article_id = int(run_python(SEED, env))
    socket_path = tmp_path / "newsroom.sock"
    with unix_socket_server(env, socket_path) as (base, log):
        transport = httpx.HTTPTransport(uds=str(socket_path))
        with httpx.Client(transport=transport, base_url=base) as client:
            response = client.post(
                f"/api/v1/articles/{article_id}/comments/",
                json={"name": "Reader", "email": "r@example.com", "body": "hello"},
                headers={"Accept-Language": "en"},
            )
        log.seek(0)
        started = log.read().decode(errors="replace")
    assert response.status_code == 403, response.text
    assert response.json()["error"]["code"] == "no_address"
    assert "newsroom.W001" in started and "TRUSTED_PROXY_COUNT" in started
