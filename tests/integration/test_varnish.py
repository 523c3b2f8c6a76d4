"""The shipped Varnish configuration in front of real app processes: what it keeps, what it never does.

A real varnishd (Debian's varnish and varnish-modules, for xkey) runs deploy/varnish/default.vcl
with its backend pointed at gunicorn on a file database; changes are made by another process, as
an editor's request would make them, and purge through EDGE_CACHE_PURGE_URLS.
"""

import os
import re
import shutil
import time
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest

from tests.servers import (
    app_server,
    base_environment,
    celery_worker,
    free_port,
    migrate,
    redis_or_skip,
    run_python,
    varnish,
)

SEED = """
from tests.factories import make_article, make_comment
from comments.models import ModerationSettings
ModerationSettings.objects.update_or_create(
    pk=1, defaults={"hold_first_time": True, "flood_seconds": 0}
)
article = make_article()
make_comment(article=article, body="تعليق منشور من قبل")
print(article.pk, article.get_absolute_url())
"""
APPROVE_ALL = """
from comments.models import Comment
from comments.services.decisions import comments_set_status
ids = Comment.objects.filter(status="pending").values_list("pk", flat=True)
comments_set_status(ids=list(ids), to_status="approved", actor=None, source="admin")
"""
TIMESTAMP = re.compile(r'name="timestamp" value="([^"]+)"')
SAME_SITE = {"Sec-Fetch-Site": "same-origin"}
AWAITING = "تعليقك في انتظار المراجعة"
EDGE_SECONDS = 2  # short, so the outage test can outlive it
REDIS_TEST_URL = "redis://127.0.0.1:6379/9"  # the app processes' shared cache, and the broker


def varnishd_or_skip() -> str:
    found = shutil.which("varnishd") or (
        "/usr/sbin/varnishd" if Path("/usr/sbin/varnishd").exists() else None
    )
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("varnishd is missing (apt-get install varnish varnish-modules)")
        pytest.skip("varnishd is not installed (apt-get install varnish varnish-modules)")
    return found


@pytest.fixture(scope="module")
def edge(tmp_path_factory):
    """gunicorn on a file database, Varnish in front; stop_origin() ends the app processes."""
    varnishd = varnishd_or_skip()
    redis_or_skip(REDIS_TEST_URL, flush=True)
    database = tmp_path_factory.mktemp("edge") / "edge.sqlite3"
    origin_port, varnish_port = free_port(), None
    with ExitStack() as stack:
        env = base_environment(
            f"sqlite:///{database}", COMMENTS_FORM_MIN_SECONDS="0",
            EDGE_CACHE_SECONDS=str(EDGE_SECONDS), REDIS_URL=REDIS_TEST_URL,
        )  # fmt: skip
        migrate(env)
        article_id, path = run_python(SEED, env).split()
        origin = ExitStack()
        origin.enter_context(app_server(env, port=origin_port, workers=2))
        stack.callback(origin.close)
        front = stack.enter_context(varnish(varnishd, origin_port))
        varnish_port = front.rsplit(":", 1)[1]
        env["EDGE_CACHE_PURGE_URLS"] = f"http://127.0.0.1:{varnish_port}/"
        stack.enter_context(celery_worker(env))
        yield {"front": front, "env": env, "path": path, "article_id": int(article_id),
               "stop_origin": origin.close}  # fmt: skip


def reader(edge) -> httpx.Client:
    return httpx.Client(base_url=edge["front"], timeout=10)


def test_the_second_anonymous_reader_gets_the_page_from_the_cache(edge):
    with reader(edge) as first, reader(edge) as second:
        first.get(edge["path"])
        answer = second.get(edge["path"])
    assert answer.status_code == 200 and answer.headers["X-Cache"] == "HIT"
    assert "تعليق منشور من قبل" in answer.text
    assert "set-cookie" not in answer.headers and "xkey" not in answer.headers


def test_a_cross_site_post_is_refused_through_the_cache(edge):
    with reader(edge) as client:
        page = client.get(edge["path"])
        data = {"name": "غريب", "email": "x@example.com", "body": "من موقع آخر",
                "timestamp": TIMESTAMP.search(page.text)[1]}  # fmt: skip
        cross = {"Sec-Fetch-Site": "cross-site", "Origin": "https://attacker.example"}
        answer = client.post(f"/articles/{edge['article_id']}/comments/", data=data, headers=cross)
    assert answer.status_code == 403 and "أُرسل من موقع آخر" in answer.text


def test_a_held_comment_is_seen_by_its_author_only_then_shows_once_approved(edge):
    with reader(edge) as author, reader(edge) as stranger:
        page = author.get(edge["path"])
        data = {"name": "سلمى", "email": "salma@example.com", "body": "رأيي في الخبر",
                "timestamp": TIMESTAMP.search(page.text)[1]}  # fmt: skip
        posted = author.post(
            f"/articles/{edge['article_id']}/comments/", data=data, headers=SAME_SITE
        )
        assert posted.status_code == 302  # a same-site post, no token in the page
        own = author.get(posted.headers["location"])
        assert AWAITING in own.text and own.headers["X-Cache"] == "MISS"
        assert "private" in own.headers["Cache-Control"]
        for _ in range(2):
            shown = stranger.get(edge["path"])
            assert "رأيي في الخبر" not in shown.text and AWAITING not in shown.text
        run_python(APPROVE_ALL, edge["env"])  # an editor's decision, in another process
        started = time.monotonic()
        while "رأيي في الخبر" not in stranger.get(edge["path"]).text:
            assert time.monotonic() - started < 1, "the decision did not show within a second"
            time.sleep(0.05)


def test_a_signed_in_page_is_never_stored_nor_served_to_others(edge):
    run_python(
        "from tests.factories import make_user\n"
        "u = make_user(username='editor1')\nu.set_password('pw-editor-1')\nu.save()",
        edge["env"],
    )
    with reader(edge) as editor, reader(edge) as stranger:
        login = editor.get("/admin/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text)[1]
        editor.post(
            "/admin/login/?next=/admin/",
            data={"username": "editor1", "password": "pw-editor-1", "csrfmiddlewaretoken": token},
            headers={"Referer": f"{edge['front']}/admin/login/"},
        )
        assert "sessionid" in editor.cookies
        for _ in range(2):
            mine = editor.get(edge["path"])
            assert mine.headers["X-Cache"] == "MISS" and "csrfmiddlewaretoken" in mine.text
        theirs = stranger.get(edge["path"])
    assert "csrfmiddlewaretoken" not in theirs.text and "editor1" not in theirs.text


HOLD_ONE = """
from articles.models import Article
from tests.factories import make_comment
make_comment(article=Article.objects.get(pk={article_id}), body="{body}", status="pending")
"""


def test_live_polls_and_counts_are_kept_by_the_cache_and_purged_by_a_decision(edge):
    live = f"/articles/{edge['article_id']}/comments/live/?since=0"
    counts = f"/api/v1/comment-counts/?articles={edge['article_id']}"
    with reader(edge) as first, reader(edge) as second:
        poll, count = first.get(live), first.get(counts)
        assert second.get(live).headers["X-Cache"] == "HIT"
        assert second.get(counts).headers["X-Cache"] == "HIT"
        quiet = second.get(live, headers={"If-None-Match": poll.headers["ETag"]})
        assert quiet.status_code == 304 and quiet.headers["X-Cache"] == "HIT"
        before = count.json()["counts"][0]["count"]
        run_python(HOLD_ONE.format(article_id=edge["article_id"], body="وصل حياً"), edge["env"])
        run_python(APPROVE_ALL, edge["env"])
        started = time.monotonic()
        while (
            answer := second.get(live, headers={"If-None-Match": poll.headers["ETag"]})
        ).status_code == 304:
            assert time.monotonic() - started < 1, (
                "the decision did not reach the poll within a second"
            )
            time.sleep(0.05)
        assert "وصل حياً" in " ".join(c["html"] for c in answer.json()["comments"])
        assert second.get(counts).json()["counts"][0]["count"] == before + 1


def post_held_comment(edge, client: httpx.Client, body: str) -> httpx.Response:
    page = client.get(edge["path"])
    data = {"name": "ريم", "email": "reem@example.com", "body": body, "remember": "on",
            "timestamp": TIMESTAMP.search(page.text)[1]}  # fmt: skip
    posted = client.post(f"/articles/{edge['article_id']}/comments/", data=data, headers=SAME_SITE)
    assert posted.status_code == 302
    return posted


def test_an_author_s_next_visits_are_shared_cache_hits_and_the_endpoint_gives_their_own(edge):
    with reader(edge) as author, reader(edge) as stranger:
        post_held_comment(edge, author, "تعليقي الذي ينتظر")
        assert {"comments_own", "comment_author", "comments_state"} <= set(author.cookies)
        shared = stranger.get(edge["path"])
        mine = author.get(edge["path"])
        assert mine.headers["X-Cache"] == "HIT" and mine.content == shared.content
        assert "تعليقي الذي ينتظر" not in mine.text and "reem@" not in mine.text
        own_url = f"/comments/own/?article={edge['article_id']}"
        own = author.get(own_url)
        assert own.headers["X-Cache"] == "MISS"
        assert (
            "private" in own.headers["Cache-Control"] and "no-store" in own.headers["Cache-Control"]
        )
        [held] = own.json()["comments"]
        assert "تعليقي الذي ينتظر" in held["html"] and AWAITING in held["html"]
        assert own.json()["author"]["email"] == "reem@example.com"
        theirs = stranger.get(own_url).json()
    assert theirs == {"comments": [], "editable": [], "author": None}


def test_cookies_from_before_the_endpoint_get_its_sign_once_then_the_page_is_shared(edge):
    with reader(edge) as author:
        post_held_comment(edge, author, "تعليق بكعكة قديمة")
        author.cookies.delete("comments_state")  # as set before this release
        first = author.get(edge["path"])
        assert first.headers["X-Cache"] == "MISS" and "private" in first.headers["Cache-Control"]
        assert "comments_state" in author.cookies
        assert author.get(edge["path"]).headers["X-Cache"] == "HIT"


def test_readers_keep_reading_while_the_origin_is_down(edge):
    with reader(edge) as client:
        assert client.get(edge["path"]).status_code == 200  # cached
        edge["stop_origin"]()
        time.sleep(EDGE_SECONDS + 2)  # past the page's lifetime; the probe has seen the origin go
        answer = client.get(edge["path"])
        assert answer.status_code == 200 and "تعليق منشور من قبل" in answer.text
        posted = client.post(
            f"/articles/{edge['article_id']}/comments/", data={"body": "x"}, headers=SAME_SITE
        )
    assert posted.status_code == 503  # posting still needs the app
