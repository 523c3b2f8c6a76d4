"""Read replicas: public reads may go to a replica, everything else stays on the primary."""

import time

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.test import Client
from django.urls import path

from comments.models import Comment
from comments.reader_cookies import OWN_COMMENTS_COOKIE, OWN_COMMENTS_SALT
from newsroom.db_router import PrimaryReplicaRouter, replica_reads
from newsroom.versions import changed_within, get_or_render

pytestmark = pytest.mark.django_db
router = PrimaryReplicaRouter()


def where_comments_are_read(request):
    from django.http import HttpResponse

    return HttpResponse(router.db_for_read(Comment))


urlpatterns = [
    path("probe/", where_comments_are_read),
    path("admin/probe/", where_comments_are_read),
]


@pytest.fixture
def one_replica(settings):
    settings.DATABASE_REPLICA_ALIASES = ["replica_0"]
    settings.ROOT_URLCONF = __name__


def test_without_replicas_every_read_is_on_the_primary():
    with replica_reads():
        assert router.db_for_read(Comment) == "default"


def test_writes_and_sessions_stay_on_the_primary(one_replica):
    with replica_reads():
        assert router.db_for_read(Comment) == "replica_0"
        assert router.db_for_read(Session) == "default"
        assert router.db_for_write(Comment) == "default"


def test_anonymous_page_view_reads_from_a_replica(one_replica, client):
    assert client.get("/probe/").content == b"replica_0"


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_unsafe_methods_read_from_the_primary(one_replica, method):
    response = getattr(Client(enforce_csrf_checks=False), method)("/probe/")
    assert response.content == b"default"


def test_reader_with_a_pending_comment_reads_from_the_primary(one_replica, client):
    from django.core import signing

    client.cookies[OWN_COMMENTS_COOKIE] = signing.dumps([123], salt=OWN_COMMENTS_SALT)
    assert client.get("/probe/").content == b"default"


def test_logged_in_users_and_the_admin_read_from_the_primary(one_replica, client):
    assert client.get("/admin/probe/").content == b"default"
    client.force_login(get_user_model().objects.create_user("reader", password="x"))
    assert client.get("/probe/").content == b"default"


# What a replica gives right after a change is cached only briefly -------------------------


def fresh_version() -> str:
    return f"{time.time_ns() - 10**9}.{time.time_ns()}"


def old_version() -> str:
    an_hour_ago = time.time_ns() - 3600 * 10**9
    return f"{an_hour_ago}.{an_hour_ago}"


def test_a_version_tells_how_recent_the_change_it_names_is():
    assert changed_within(fresh_version(), 10)
    assert not changed_within(old_version(), 10)


def cached_after(seconds: float, monkeypatch) -> str | None:
    later = time.time() + seconds
    monkeypatch.setattr(time, "time", lambda: later)
    return cache.get("probe-key")


@pytest.mark.parametrize(
    ("replicas", "version", "kept_after_the_lag"),
    [
        (True, fresh_version, False),  # a replica may have missed the change: kept briefly
        (True, old_version, True),
        (False, fresh_version, True),  # read from the primary: kept for the whole timeout
    ],
)
def test_what_a_replica_gives_right_after_a_change_is_kept_only_for_the_lag(
    settings, monkeypatch, replicas, version, kept_after_the_lag
):
    settings.DATABASE_REPLICA_ALIASES = ["replica_0"] if replicas else []
    settings.REPLICA_LAG_SECONDS = 10
    cache.delete("probe-key")
    with replica_reads():
        assert get_or_render("probe-key", lambda: "block", 3600, version=version()) == "block"
    assert cache.get("probe-key") == "block"
    assert (cached_after(11, monkeypatch) == "block") is kept_after_the_lag
