"""The reader's address behind trusted proxies, so that readers are not all one address.

Behind a load balancer, REMOTE_ADDR is the balancer's: flood control, rate limits, the login
lockout, reports and the address stored with each comment would treat every reader as one.
With TRUSTED_PROXY_COUNT=N (the proxies in front of the app, each appending the address it saw
to X-Forwarded-For), the reader's address is the Nth entry from the right. Entries left of it
were sent by the client and are never believed.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest, HttpResponse

FORWARDED_FOR = "HTTP_X_FORWARDED_FOR"


def forwarded_client_address(forwarded_for: str, trusted_proxies: int) -> str | None:
    """Return the address the outermost trusted proxy saw, or None if the header can't tell."""
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    if trusted_proxies <= 0 or len(hops) < trusted_proxies:
        return None  # not through every proxy: keep the peer's address
    candidate = hops[-trusted_proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None


def address_group(address: str | None) -> str | None:
    """Return the network that counts as one reader: the IPv4 address, or the IPv6 /64
    (one subscriber gets a whole /64). None for a missing or malformed address."""
    try:
        parsed = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return None
    prefix = 64 if parsed.version == 6 else 32
    return str(ipaddress.ip_network(f"{parsed}/{prefix}", strict=False))


def client_address(request: HttpRequest) -> str | None:
    """Return the reader's address as the middleware left it (for django-axes, which would
    otherwise read X-Forwarded-For itself if django-ipware were ever installed)."""
    return request.META.get("REMOTE_ADDR")


class ClientAddressMiddleware:
    """Set REMOTE_ADDR to the reader's address when the site runs behind trusted proxies."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        forwarded = request.META.get(FORWARDED_FOR, "")
        if address := forwarded_client_address(forwarded, settings.TRUSTED_PROXY_COUNT):
            request.META["REMOTE_ADDR"] = address
        return self.get_response(request)
