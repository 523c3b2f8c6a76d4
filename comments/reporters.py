"""Who reports a comment, told apart without keeping their address: the account, or a keyed hash."""

import ipaddress

from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from newsroom.client_address import client_network


def reporter_key(request: HttpRequest) -> str | None:
    """Return who reports, on the page and through the API alike: the account, else a keyed hash
    of the reader's network (newsroom.client_address.client_network). Never the address itself:
    reports are kept. None when an anonymous request has no address: it can't be told apart."""
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    address = request.META.get("REMOTE_ADDR", "")
    if client_network(address) is None:
        return None
    return address_reporter_key(ipaddress.ip_address(address))


def address_reporter_key(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    network = client_network(str(address))
    return (
        "ip:" + salted_hmac("comments.reporter", str(network), algorithm="sha256").hexdigest()[:32]
    )
