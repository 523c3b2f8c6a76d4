"""Every public route's shared-cache headers, and the purges that follow each change that shows."""

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from articles.models import SocialLink
from comments.forms import form_timestamp
from comments.models import Comment
from comments.services.decisions import comments_set_status
from newsroom.edge_cache import EdgeCacheMiddleware, share_at_edge
from tests.factories import make_comment, make_user

pytestmark = pytest.mark.django_db


def shared_routes(article) -> dict[str, str]:
    return {
        "home": reverse("articles:home"),
        "section": article.section.get_absolute_url(),
        "article": article.get_absolute_url(),
        "article, comment page 2": f"{article.get_absolute_url()}?cpage=2",
        "articles feed": reverse("articles:feed"),
        "comments feed": reverse("comments:feed", args=[article.slug]),
        "API comment list": f"/api/v1/articles/{article.pk}/comments/",
        "API comment counts": f"/api/v1/comment-counts/?articles={article.pk}",
    }


def expected_keys(name: str, article) -> set[str]:
    keys = {"site"}
    if name in ("section", "article", "article, comment page 2"):
        keys.add(f"section-{article.section_id}")
    shows_the_article = ("home", "section", "article", "comments feed", "API comment list",
                         "API comment counts")  # fmt: skip
    if name.startswith("article,") or name in shows_the_article:
        keys.add(f"article-{article.pk}")
    return keys


def test_every_shared_route_is_public_for_the_shared_cache_and_names_its_keys(article, settings):
    make_comment(article=article)
    for name, url in shared_routes(article).items():
        response = Client().get(url)
        control = response["Cache-Control"]
        assert response.status_code == 200, name
        assert "public" in control and f"s-maxage={settings.EDGE_CACHE_SECONDS}" in control, name
        assert f"stale-if-error={settings.EDGE_CACHE_STALE_SECONDS}" in control, name
        assert "max-age=0" in control, name  # browsers revalidate; only the shared cache keeps it
        assert set(response["xkey"].split()) == expected_keys(name, article), name
        assert not response.cookies, name


def test_what_belongs_to_one_reader_is_private(article):
    comment = make_comment(article=article)
    signed_in = Client()
    signed_in.force_login(make_user())
    remembered = Client()
    posted = remembered.post(
        reverse("pages:comment_post", args=[article.pk]),
        {"name": "سلمى", "email": "s@example.com", "body": "رأي", "remember": "on",
         "timestamp": form_timestamp(article)},
    )  # fmt: skip
    own_pending = Comment.objects.get(body="رأي")
    answers = {
        "signed in": signed_in.get(article.get_absolute_url()),
        "sent back with their own pending comment": remembered.get(posted["Location"]),
        "own state": remembered.get(reverse("comments:own"), {"article": article.pk}),
        "edit page": remembered.get(reverse("comments:edit", args=[own_pending.pk])),
        "replying": Client().get(f"{article.get_absolute_url()}?replyto={comment.pk}"),
        "report page": Client().get(reverse("comments:report", args=[comment.pk])),
        "admin login": Client().get(reverse("admin:login")),
        "healthz": Client().get(reverse("healthz")),
    }
    for name, response in answers.items():
        assert "private" in response["Cache-Control"] or "no-store" in response["Cache-Control"], (
            name
        )
        assert "public" not in response["Cache-Control"], name
        assert "xkey" not in response, name
    fresh = Client().get(reverse("comments:form_timestamp", args=[article.pk]))
    assert "no-store" in fresh["Cache-Control"] and fresh.json()["timestamp"]
    own = answers["own state"]
    assert "no-store" in own["Cache-Control"] and own.json()["author"]["name"] == "سلمى"


def test_a_reader_who_posted_and_is_remembered_gets_the_shared_page(article):
    make_comment(article=article, body="منشور")
    remembered = Client()
    remembered.post(
        reverse("pages:comment_post", args=[article.pk]),
        {"name": "سلمى", "email": "s@example.com", "body": "رأي معلق", "remember": "on",
         "timestamp": form_timestamp(article)},
    )  # fmt: skip
    assert {"comments_own", "comment_author", "comments_state"} <= set(remembered.cookies)
    mine = remembered.get(article.get_absolute_url())
    theirs = Client().get(article.get_absolute_url())
    assert "public" in mine["Cache-Control"] and "xkey" in mine and not mine.cookies
    assert same_page(mine, theirs) and "رأي معلق" not in mine.content.decode()


def same_page(one, other) -> bool:
    """Whether two answers are the same page, but for the form's signed timestamp (per second)."""
    stamp = re.compile(r'name="timestamp" value="[^"]+"')
    return stamp.sub("", one.content.decode()) == stamp.sub("", other.content.decode())


def test_a_shared_answer_that_sets_a_cookie_is_kept_private():
    def view(request):
        response = share_at_edge(HttpResponse("page"), ["article-1"])
        response.set_cookie("anything", "1")
        return response

    request = RequestFactory().get("/")
    response = EdgeCacheMiddleware(view)(request)
    assert "private" in response["Cache-Control"] and "xkey" not in response


class PurgeRecorder(BaseHTTPRequestHandler):
    received: list[str] = []

    def do_PURGE(self):
        PurgeRecorder.received.append(self.headers["xkey-purge"])
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def purge_target(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    PurgeRecorder.received = []
    settings.EDGE_CACHE_PURGE_URLS = [f"http://127.0.0.1:{server.server_port}/"]
    yield PurgeRecorder.received
    server.shutdown()


def test_a_decision_purges_its_article_after_commit(
    article, purge_target, django_capture_on_commit_callbacks
):
    comment = make_comment(article=article, status=Comment.Status.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        comments_set_status(ids=[comment.pk], to_status="approved", actor=None, source="admin")
        assert purge_target == []  # not before the change is committed
    assert purge_target == [f"article-{article.pk}"]


def test_a_site_wide_change_purges_every_shared_answer(
    purge_target, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        SocialLink.objects.create(name="X", url="https://x.example/newsroom")
    assert "site" in purge_target


def test_a_failed_purge_is_logged_and_the_change_is_kept(
    article, settings, caplog, django_capture_on_commit_callbacks
):
    settings.EDGE_CACHE_PURGE_URLS = ["http://127.0.0.1:9/"]  # nothing listens there
    comment = make_comment(article=article, status=Comment.Status.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        comments_set_status(ids=[comment.pk], to_status="approved", actor=None, source="admin")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    assert "Edge cache purge" in caplog.text


def test_without_purge_urls_nothing_is_sent(article, settings, django_capture_on_commit_callbacks):
    settings.EDGE_CACHE_PURGE_URLS = []
    comment = make_comment(article=article, status=Comment.Status.PENDING)
    with django_capture_on_commit_callbacks() as callbacks:
        comments_set_status(ids=[comment.pk], to_status="approved", actor=None, source="admin")
    assert not any("purge" in repr(callback) for callback in callbacks)
