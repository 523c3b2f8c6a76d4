"""Every route of the URL conf, requested by every role, gets the answer the table declares."""

from collections.abc import Iterator
from datetime import timedelta
from types import SimpleNamespace

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from articles.models import Article, SocialLink
from comments.models import (
    EmailConfirmation,
    ModerationEvent,
    ModerationListEntry,
    ModerationSettings,
    Sanction,
    StaffProfile,
)
from tests.factories import make_article, make_comment
from tests.security.conftest import PASSWORD, make_user, module_data
from tests.security.permission_table import ROLES, ROUTES, Route

pytestmark = pytest.mark.django_db


def _walk(patterns, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or ""
            joined = f"{namespace}:{inner}" if namespace and inner else namespace or inner
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), joined)
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield (name or f"route:{route}"), route


def discovered_routes() -> dict[str, str]:
    """Return every route of the URL conf, keyed by its name (or its pattern when unnamed)."""
    return dict(_walk(get_resolver().url_patterns))


def test_every_route_of_the_url_conf_is_in_the_table():
    routes = discovered_routes()
    assert sorted(set(routes) - set(ROUTES)) == [], "declare who may use these new routes"
    assert sorted(set(ROUTES) - set(routes)) == [], "these declared routes no longer exist"


def _objects() -> SimpleNamespace:
    article = make_article()
    comment = make_comment(article=article)
    users = {
        "reader": make_user("matrix-reader"),
        "staff": make_user("matrix-staff", staff=True),
        "editor": make_user("matrix-editor", staff=True, groups=["Editors"]),
        "superuser": make_user("matrix-superuser", superuser=True),
    }
    now = timezone.now()
    attempt = {"user_agent": "x", "ip_address": "192.0.2.1", "username": "x", "attempt_time": now}
    return SimpleNamespace(
        article=article, section=article.section, comment=comment, users=users,
        superuser=users["superuser"], group=Group.objects.get(name="Editors"),
        event=ModerationEvent.objects.filter(comment=comment).first()
        or ModerationEvent.objects.create(comment=comment, to_status="approved", source="rule"),
        list_entry=ModerationListEntry.objects.create(list="watch", value="كلمة"),
        settings_row=ModerationSettings.current(),
        sanction=Sanction.objects.create(
            kind="suspend", email="matrix-sanctioned@example.com", duration="24h",
            reason="abuse", starts_at=now, ends_at=now + timedelta(hours=24),
        ),
        confirmation=EmailConfirmation.objects.create(
            email="matrix-confirm@example.com", created_at=now
        ),
        social_link=SocialLink.objects.create(name="X", url="https://x.example/newsroom"),
        article_type=ContentType.objects.get_for_model(Article).pk,
        access_attempt=AccessAttempt.objects.create(failures_since_start=1, **attempt),
        access_log=AccessLog.objects.create(**attempt),
        access_failure_log=AccessFailureLog.objects.create(locked_out=False, **attempt),
        tokens={role: Token.objects.create(user=user).key for role, user in users.items()},
        staff_profile=StaffProfile.objects.create(user=users["staff"], display_name="مطابقة"),
    )  # fmt: skip


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with module_data(django_db_blocker):
        # Readers' reports and quick posts must not change what the next role sees.
        ModerationSettings.objects.filter(pk=1).update(report_threshold=100, flood_seconds=0)
        objects = _objects()
        objects.sessions = {}
        for role, user in objects.users.items():
            client = Client()
            client.force_login(user)
            objects.sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
        yield objects


@pytest.fixture
def clients(world) -> dict[str, Client]:
    """Return one client per role on its own session (restored by each test's rollback)."""
    clients = {role: Client(raise_request_exception=False) for role in ROLES}
    for role, session_key in world.sessions.items():
        clients[role].cookies[settings.SESSION_COOKIE_NAME] = session_key
    return clients


def answer(response) -> str:
    """Name the class of an HTTP answer."""
    code = response.status_code
    if 300 <= code < 400:
        return "login" if reverse("admin:login") in response["Location"] else "redirect"
    names = {401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method",
             400: "bad_request", 429: "throttled"}  # fmt: skip
    return "ok" if 200 <= code < 300 else names.get(code, f"error {code}")


def _request(route: Route, role: str, objects, client: Client):
    data = route.data(objects)
    if route.api:
        client = Client(raise_request_exception=False)
        if role != "anonymous":
            client.defaults["HTTP_AUTHORIZATION"] = f"Token {objects.tokens[role]}"
        if route.method == "post":
            data = _credentials(objects, role) if data is objects.credentials else data
            return client.post(route.url(objects), data, content_type="application/json")
    if route.method == "post":
        data = {**data, "email": f"{role}@example.com"} if "email" in data else data
        return client.post(route.url(objects), data)
    return client.get(route.url(objects), data)


def _credentials(objects, role: str) -> dict:
    username = objects.users[role].username if role != "anonymous" else "nobody"
    return {"username": username, "password": PASSWORD if role != "anonymous" else "wrong"}


@pytest.mark.parametrize("key", sorted(ROUTES))
def test_each_role_gets_the_declared_answer(world, clients, key):
    objects = world
    objects.credentials = {}
    route = ROUTES[key]
    got = tuple(answer(_request(route, role, objects, clients[role])) for role in ROLES)
    assert dict(zip(ROLES, got, strict=True)) == dict(zip(ROLES, route.expect, strict=True)), got
