"""Password guessing is throttled: the admin login and the API token endpoint lock out (django-axes)."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from tests.security.conftest import PASSWORD

pytestmark = pytest.mark.django_db
ATTACKER = "198.51.100.66"


@pytest.fixture
def editor(make_role):
    return make_role("editor", "layla-editor")


def admin_login(username: str, password: str, *, ip: str = ATTACKER) -> Client:
    client = Client(REMOTE_ADDR=ip)
    client.post(reverse("admin:login"), {"username": username, "password": password})
    return client


def token_request(username: str, password: str, *, ip: str = ATTACKER):
    return Client(REMOTE_ADDR=ip).post(
        reverse("api:token"), {"username": username, "password": password},
        content_type="application/json",
    )  # fmt: skip


def guess_wrong(times: int, username: str, *, ip: str = ATTACKER) -> None:
    for n in range(times):
        admin_login(username, f"guess-{n}", ip=ip)


def is_logged_in(client: Client) -> bool:
    return SESSION_KEY in client.session


def test_the_right_password_works_before_any_lockout(editor):
    assert is_logged_in(admin_login(editor.username, PASSWORD))


def test_after_the_failure_limit_even_the_right_password_is_refused(editor):
    guess_wrong(settings.AXES_FAILURE_LIMIT, editor.username)
    client = Client(REMOTE_ADDR=ATTACKER)
    response = client.post(
        reverse("admin:login"), {"username": editor.username, "password": PASSWORD}
    )
    assert response.status_code in (403, 429)
    assert not is_logged_in(client)


def test_one_attempt_short_of_the_limit_still_lets_the_editor_in(editor):
    guess_wrong(settings.AXES_FAILURE_LIMIT - 1, editor.username)
    assert is_logged_in(admin_login(editor.username, PASSWORD))


def test_the_lockout_holds_for_that_username_from_that_address_only(editor, make_role):
    other = make_role("editor", "samir-editor")
    guess_wrong(settings.AXES_FAILURE_LIMIT, editor.username)
    assert is_logged_in(admin_login(editor.username, PASSWORD, ip="203.0.113.10"))
    assert is_logged_in(admin_login(other.username, PASSWORD))


def test_the_lockout_ends_after_the_cool_off_period(editor):
    guess_wrong(settings.AXES_FAILURE_LIMIT, editor.username)
    past = timedelta(hours=settings.AXES_COOLOFF_TIME, minutes=1)
    for attempt in AccessAttempt.objects.all():
        AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=attempt.attempt_time - past)
    assert is_logged_in(admin_login(editor.username, PASSWORD))


def test_the_token_endpoint_locks_out_after_the_failure_limit_too(editor):
    assert token_request(editor.username, PASSWORD).status_code == 200
    for n in range(settings.AXES_FAILURE_LIMIT):
        assert token_request(editor.username, f"guess-{n}").status_code == 400
    locked = token_request(editor.username, PASSWORD)
    assert locked.status_code in (400, 403, 429)
    assert "token" not in locked.json()


def test_the_token_endpoint_throttles_one_address_guessing_many_usernames(settings):
    limit = int(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["token"].split("/")[0])
    codes = [token_request(f"user-{n}", "guess").status_code for n in range(limit + 1)]
    assert codes[:limit] == [400] * limit
    assert codes[limit] == 429
    assert token_request("user-x", "guess", ip="203.0.113.11").status_code == 400


def test_behind_the_balancer_a_guesser_locks_out_only_their_own_address(editor, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    balancer = "10.0.0.5"
    for n in range(settings.AXES_FAILURE_LIMIT):
        client = Client(REMOTE_ADDR=balancer, HTTP_X_FORWARDED_FOR=f"192.0.2.1, {ATTACKER}")
        client.post(reverse("admin:login"), {"username": editor.username, "password": f"g{n}"})
    attacker_again = Client(REMOTE_ADDR=balancer, HTTP_X_FORWARDED_FOR=ATTACKER)
    attacker_again.post(reverse("admin:login"), {"username": editor.username, "password": PASSWORD})
    assert not is_logged_in(attacker_again)  # the spoofed left entry did not hide them
    editor_client = Client(REMOTE_ADDR=balancer, HTTP_X_FORWARDED_FOR="203.0.113.20")
    editor_client.post(reverse("admin:login"), {"username": editor.username, "password": PASSWORD})
    assert is_logged_in(editor_client)
