"""Readers behind a load balancer keep addresses of their own; a sent header never fakes one."""

import pytest
from django.urls import reverse

from comments.models import Comment
from newsroom.client_address import forwarded_client_address
from tests.integration.test_comment_form import form_data

pytestmark = pytest.mark.django_db

BALANCER = "10.0.0.5"


@pytest.mark.parametrize(
    ("header", "proxies", "expected"),
    [
        ("203.0.113.7", 1, "203.0.113.7"),
        ("198.51.100.1, 203.0.113.7", 1, "203.0.113.7"),  # the left entry came from the client
        ("198.51.100.1, 203.0.113.7, 10.0.0.9", 2, "203.0.113.7"),
        (" 2001:db8::1 ,10.0.0.9", 2, "2001:db8::1"),
        ("203.0.113.7", 2, None),  # fewer hops than proxies: it did not come through them all
        ("not-an-address", 1, None),
        ("", 1, None),
        ("203.0.113.7", 0, None),
    ],
)
def test_the_address_is_the_one_the_outermost_trusted_proxy_saw(header, proxies, expected):
    assert forwarded_client_address(header, proxies) == expected


def post_through_balancer(client, article, *, forwarded_for: str, email: str):
    data = form_data(article, email=email, name=email.split("@")[0])
    return client.post(
        reverse("pages:comment_post", args=[article.pk]), data,
        REMOTE_ADDR=BALANCER, HTTP_X_FORWARDED_FOR=forwarded_for,
    )  # fmt: skip


def test_two_readers_behind_the_balancer_are_not_one_reader(client, article, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    first = post_through_balancer(client, article, forwarded_for="203.0.113.7", email="a@ex.com")
    second = post_through_balancer(client, article, forwarded_for="198.51.100.2", email="b@ex.com")
    assert (first.status_code, second.status_code) == (302, 302)
    stored = set(Comment.objects.values_list("ip_address", flat=True))
    assert stored == {"203.0.113.7", "198.51.100.2"}


def test_without_trusted_proxies_the_header_is_ignored(client, article, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    first = post_through_balancer(client, article, forwarded_for="203.0.113.7", email="a@ex.com")
    second = post_through_balancer(client, article, forwarded_for="198.51.100.2", email="b@ex.com")
    assert first.status_code == 302
    assert second.status_code == 429  # one address, so flood control holds the second reader
    assert list(Comment.objects.values_list("ip_address", flat=True)) == [BALANCER]


def test_a_reader_cannot_choose_their_address_through_the_header(client, article, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The balancer appends the address it saw; what the reader sent stays to the left.
    spoofed = post_through_balancer(
        client, article, forwarded_for="192.0.2.99, 203.0.113.7", email="a@ex.com"
    )
    assert spoofed.status_code == 302
    assert Comment.objects.get().ip_address == "203.0.113.7"
