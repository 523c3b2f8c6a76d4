"""Who reports a comment, told apart without keeping their address: the account, or a keyed hash."""

import ipaddress

from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from newsroom.client_address import address_group


def reporter_key(request: HttpRequest) -> str:
    """Return who reports, on the page and through the API alike: the account, else a keyed hash
    of the IP (an IPv6 /64 counts as one). Never the address itself: reports are kept."""
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        if not request.session.session_key:
            request.session.save()
        return f"session:{request.session.session_key}"
    return address_reporter_key(address)


def address_reporter_key(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    network = address_group(str(address))
    return "ip:" + salted_hmac("comments.reporter", network, algorithm="sha256").hexdigest()[:32]
