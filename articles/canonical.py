"""Pure: the canonical form of a page's address, and of a site's origin, for embedded threads.

One page is one thread, however its address is written: the scheme and host in lower case, the
default port dropped, the path's escapes in one form, the query and the fragment dropped (but
for the query parameters a site names as part of the page), so `HTTPS://News.Example:443/a/?utm=x#c`
and `https://news.example/a/` are the same thread.
"""

from collections.abc import Iterable
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

CANONICAL_URL_MAX_LENGTH = 1000
DEFAULT_PORTS = {"http": 80, "https": 443}
PATH_SAFE = "/:@!$&'()*+,;=~-._"


def canonical_url(raw: str, *, kept_query: Iterable[str] = ()) -> str | None:
    """Return the canonical form of a page's http(s) address, or None if it is not one."""
    if not isinstance(raw, str) or len(raw) > CANONICAL_URL_MAX_LENGTH or not raw.isprintable():
        return None
    try:
        parts = urlsplit(raw.strip())
        port = parts.port
    except ValueError:
        return None
    origin = _origin_from(parts.scheme, parts.hostname, port)
    if origin is None or parts.username is not None or parts.password is not None:
        return None
    path = quote(unquote(parts.path), safe=PATH_SAFE) or "/"
    wanted = set(kept_query)
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query) if k in wanted))
    url = urlunsplit(("", "", path, query, ""))
    return origin + url if len(origin + url) <= CANONICAL_URL_MAX_LENGTH else None


def canonical_origin(raw: str) -> str | None:
    """Return `scheme://host[:port]` of an http(s) address or origin, or None."""
    if not isinstance(raw, str) or not raw.isprintable():
        return None
    try:
        parts = urlsplit(raw.strip())
        return _origin_from(parts.scheme, parts.hostname, parts.port)
    except ValueError:
        return None


def origin_allowed(origin: str | None, allowed: Iterable[str]) -> bool:
    """Whether an origin (as a browser sends it, or a page's address) is one of the allowed."""
    mine = canonical_origin(origin or "")
    return mine is not None and mine in {canonical_origin(other) for other in allowed}


def _origin_from(scheme: str, host: str | None, port: int | None) -> str | None:
    scheme = scheme.lower()
    if scheme not in DEFAULT_PORTS or not host:
        return None
    try:
        host = host.encode("idna").decode("ascii") if not host.isascii() else host.lower()
    except UnicodeError:
        return None
    if ":" in host:  # an IPv6 literal keeps its brackets
        host = f"[{host}]"
    shown_port = "" if port in (None, DEFAULT_PORTS[scheme]) else f":{port}"
    return f"{scheme}://{host}{shown_port}"
