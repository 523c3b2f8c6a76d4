"""The reader's address behind trusted proxies, so that readers are not all one address.

Behind a load balancer, REMOTE_ADDR is the balancer's: flood control, rate limits, the login
lockout, reports and the address stored with each comment would treat every reader as one.
With TRUSTED_PROXY_COUNT=N (the proxies in front of the app, each appending the address it saw
to X-Forwarded-For), the reader's address is the Nth entry from the right. Entries left of it
were sent by the client and are never believed.

Every per-address limit (flood control, the API throttles, the login lockout, the reporters)
keys on client_network: one reader holds an IPv4 address, or a whole IPv6 /64 to rotate in.
"""

import ipaddress
import logging
import os
import re
import sys
from collections.abc import Mapping, Sequence

from django.conf import settings
from django.core import checks
from django.http import HttpRequest, HttpResponse

FORWARDED_FOR = "HTTP_X_FORWARDED_FOR"
IPV6_READER_PREFIX = 64  # what a provider hands one customer (RFC 6177): theirs to rotate in

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
# gunicorn's --bind/-b to a Unix socket or an inherited file descriptor: no peer address.
UNIX_BIND = re.compile(r"(?:^|\s)(?:--bind|-b)(?:=|\s+)(?:unix:|fd://)")
NO_ADDRESS_CHECK_ID = "newsroom.W001"

logger = logging.getLogger(__name__)


def forwarded_client_address(forwarded_for: str, trusted_proxies: int) -> str | None:
    """Return the address the outermost trusted proxy saw, or None if the header can't tell."""
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    if trusted_proxies <= 0 or len(hops) < trusted_proxies:
        return None  # not through every proxy: keep the peer's address
    candidate = hops[-trusted_proxies]
    return plain_address(candidate)


def plain_address(address: str | None) -> str | None:
    """Return the address in its usual form: an IPv4-mapped IPv6 address as its IPv4 address."""
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return None
    if ip.version == 6 and ip.ipv4_mapped:
        return str(ip.ipv4_mapped)
    return str(ip)


def client_network(address: str | None) -> IPNetwork | None:
    """Return what one reader holds: an IPv4 address (/32) or an IPv6 /64; None for no address."""
    if (plain := plain_address(address)) is None:
        return None
    prefix = IPV6_READER_PREFIX if ":" in plain else 32
    return ipaddress.ip_network(f"{plain}/{prefix}", strict=False)


def address_group(address: str | None) -> str | None:
    """Return client_network() as text ("203.0.113.7/32", "2001:db8:1:2::/64"), for keys and
    stored lookups; None for a missing or malformed address."""
    network = client_network((address or "").strip())
    return None if network is None else str(network)


def client_address(request: HttpRequest) -> str | None:
    """Return the address django-axes counts failed logins by: the first of the reader's network
    (a whole IPv6 /64 is one reader), from the REMOTE_ADDR the middleware left."""
    network = client_network(request.META.get("REMOTE_ADDR"))
    return str(network.network_address) if network else None


def address_configuration_problems(
    *, trusted_proxies: int, argv: Sequence[str], environ: Mapping[str, str]
) -> list[checks.CheckMessage]:
    """Name a configuration under which no request carries the reader's address."""
    command = " ".join([*argv, environ.get("GUNICORN_CMD_ARGS", "")])
    if trusted_proxies > 0 or not UNIX_BIND.search(command):
        return []
    return [
        checks.Warning(
            "The app listens on a Unix socket and TRUSTED_PROXY_COUNT is 0: no request carries "
            "the reader's address, so posting comments and anonymous reports are refused.",
            hint="Set TRUSTED_PROXY_COUNT to the number of proxies in front of the app that "
            "append to X-Forwarded-For (1 for one nginx).",
            id=NO_ADDRESS_CHECK_ID,
        )
    ]


def check_client_address(**kwargs) -> list[checks.CheckMessage]:
    """The system check (registered by the comments app, which refuses without an address)."""
    return address_configuration_problems(
        trusted_proxies=settings.TRUSTED_PROXY_COUNT, argv=sys.argv, environ=os.environ
    )


class ClientAddressMiddleware:
    """Set REMOTE_ADDR to the reader's address when the site runs behind trusted proxies."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response
        # gunicorn runs no system checks: say it where every server starts, with the middleware.
        for problem in check_client_address():
            logger.warning("%s: %s %s", problem.id, problem.msg, problem.hint)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        forwarded = request.META.get(FORWARDED_FOR, "")
        if address := forwarded_client_address(forwarded, settings.TRUSTED_PROXY_COUNT):
            request.META["REMOTE_ADDR"] = address
        elif address := plain_address(request.META.get("REMOTE_ADDR")):
            request.META["REMOTE_ADDR"] = address  # a dual-stack listener's ::ffff:a.b.c.d
        return self.get_response(request)
