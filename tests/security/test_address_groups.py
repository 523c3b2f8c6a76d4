"""Per-address limits count a reader's whole IPv6 /64, and an IPv4-mapped address as its IPv4.

A reader owns a /64 and can rotate inside it at will; a dual-stack listener or a proxy can hand
the app an IPv4 reader as ::ffff:a.b.c.d. Flood control, the API throttles, the login lockout
and the reporters all key on newsroom.client_address.client_network.
"""

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.test import Client, RequestFactory
from django.urls import reverse

from comments.models import Comment, CommentReport, ModerationSettings
from comments.reporters import reporter_key
from newsroom.client_address import client_network
from tests.factories import make_comment
from tests.integration.test_comment_form import form_data
from tests.security.conftest import PASSWORD

pytestmark = pytest.mark.django_db

ONE_SLASH_64 = ["2001:db8:7:8::1", "2001:db8:7:8::2", "2001:db8:7:8:aaaa:bbbb:cccc:dddd"]


@pytest.mark.parametrize(
    ("address", "network"),
    [
        ("203.0.113.7", "203.0.113.7/32"),
        ("2001:db8:7:8:1:2:3:4", "2001:db8:7:8::/64"),
        ("::ffff:203.0.113.7", "203.0.113.7/32"),  # the IPv4 reader, not the /64 ::/64
        ("::ffff:198.51.100.2", "198.51.100.2/32"),
        ("", None),
        (None, None),
        ("unix-socket", None),
    ],
)
def test_a_reader_is_one_ipv4_address_or_one_ipv6_slash_64(address, network):
    found = client_network(address)
    assert (str(found) if found else None) == network


def test_the_stored_address_of_an_ipv4_mapped_reader_is_the_ipv4_address(client, article):
    response = client.post(
        reverse("pages:comment_post", args=[article.pk]), form_data(article),
        REMOTE_ADDR="::ffff:203.0.113.7",
    )  # fmt: skip
    assert response.status_code == 302
    assert Comment.objects.get().ip_address == "203.0.113.7"


def test_ipv4_mapped_readers_are_distinct_reporters_and_equal_to_their_ipv4():
    factory = RequestFactory()

    def key(address: str) -> str:
        request = factory.post("/", REMOTE_ADDR=address)
        request.user = type("Anonymous", (), {"is_authenticated": False})()
        return reporter_key(request)

    assert key("::ffff:203.0.113.7") != key("::ffff:198.51.100.2")
    assert key("::ffff:203.0.113.7") == key("203.0.113.7")
    assert key("2001:db8:7:8::1") == key("2001:db8:7:8::ffff")


def test_reports_from_one_slash_64_count_as_one_reader(article):
    comment = make_comment(article=article)
    for address in ONE_SLASH_64:
        Client().post(reverse("comments:report", args=[comment.pk]), {"reason": "abuse"},
                      REMOTE_ADDR=address)  # fmt: skip
    assert CommentReport.objects.filter(comment=comment).count() == 1


def test_the_api_post_throttle_counts_a_whole_slash_64(client, article, settings):
    ModerationSettings.objects.update(flood_seconds=0)
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {**rates, "comment_post": "2/min"},
    }  # fmt: skip
    statuses = [
        client.post(
            reverse("api:article-comments", args=[article.pk]),
            {"name": "سلمى", "email": f"s{n}@example.com", "body": f"تعليق رقم {n}"},
            content_type="application/json", REMOTE_ADDR=address,
        ).status_code
        for n, address in enumerate(ONE_SLASH_64)
    ]  # fmt: skip
    assert statuses == [201, 201, 429]


def test_ipv4_mapped_readers_do_not_share_one_api_throttle(client, article, settings):
    ModerationSettings.objects.update(flood_seconds=0)
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {**rates, "comment_post": "1/min"},
    }  # fmt: skip
    statuses = [
        client.post(
            reverse("api:article-comments", args=[article.pk]),
            {"name": "سلمى", "email": f"s{n}@example.com", "body": f"تعليق رقم {n}"},
            content_type="application/json", REMOTE_ADDR=address,
        ).status_code
        for n, address in enumerate(["::ffff:203.0.113.7", "::ffff:198.51.100.2"])
    ]  # fmt: skip
    assert statuses == [201, 201]


def test_the_login_lockout_counts_a_whole_slash_64(make_role):
    editor = make_role("editor", "rotating-target")
    for n in range(settings.AXES_FAILURE_LIMIT):
        address = f"2001:db8:7:8::{n + 1:x}"
        Client(REMOTE_ADDR=address).post(
            reverse("admin:login"), {"username": editor.username, "password": f"guess-{n}"}
        )
    client = Client(REMOTE_ADDR="2001:db8:7:8::beef")
    client.post(reverse("admin:login"), {"username": editor.username, "password": PASSWORD})
    assert SESSION_KEY not in client.session
    elsewhere = Client(REMOTE_ADDR="2001:db8:7:9::1")
    elsewhere.post(reverse("admin:login"), {"username": editor.username, "password": PASSWORD})
    assert SESSION_KEY in elsewhere.session


def test_flood_control_counts_a_whole_slash_64(client, article):
    ModerationSettings.objects.update(flood_seconds=15)
    url = reverse("pages:comment_post", args=[article.pk])
    statuses = [
        client.post(url, form_data(article, email=f"r{n}@example.com", body=f"تعليق {n}"),
                    REMOTE_ADDR=address).status_code
        for n, address in enumerate(ONE_SLASH_64[:2])
    ]  # fmt: skip
    assert statuses == [302, 429]
    assert Comment.objects.count() == 1
