"""Pure helpers shared by the importers: text, dates, addresses, slugs and source keys."""

import hashlib
import html
import ipaddress
import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import unquote, urlsplit

from django.utils.text import slugify

from comments.text import normalize_email, strip_invisible

SOURCE_MAX_LENGTH = 200
_SPACES = re.compile(r"\s+")
_WP_DATETIME = "%Y-%m-%d %H:%M:%S"


def clean_text(value: str | None) -> str:
    """Return text without bidi controls or invisible characters, trimmed."""
    return strip_invisible(value or "").strip()


def clean_line(value: str | None, *, max_length: int, unescape: bool = True) -> str:
    """Return a one-line value (a name, a title): entities decoded, spaces collapsed, cut to fit."""
    text = html.unescape(value or "") if unescape else value or ""
    return _SPACES.sub(" ", clean_text(text))[:max_length]


def clean_email(value: str | None) -> str:
    return normalize_email(clean_text(value))[:254]


def clean_url(value: str | None) -> str:
    """Return an http(s) address or nothing: other schemes (javascript:) never reach a link."""
    url = clean_text(value)
    if len(url) > 300 or urlsplit(url).scheme.lower() not in ("http", "https"):
        return ""
    return url


def clean_ip(value: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address(clean_text(value)))
    except ValueError:
        return None


def parse_wp_datetime(value: str | None) -> datetime | None:
    """Read a WordPress 'YYYY-MM-DD HH:MM:SS' as UTC; None for blanks and 0000-00-00."""
    text = (value or "").strip()
    if not text or text.startswith("0000"):
        return None
    try:
        return datetime.strptime(text, _WP_DATETIME).replace(tzinfo=UTC)
    except ValueError:
        return None


def parse_rfc822(value: str | None) -> datetime | None:
    try:
        parsed = parsedate_to_datetime((value or "").strip())
    except (TypeError, ValueError, IndexError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def parse_iso(value: str | None) -> datetime | None:
    try:
        parsed = datetime.fromisoformat((value or "").strip())
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def unicode_slug(value: str | None, *, max_length: int = 280) -> str:
    """Return a unicode slug from a slug or a title, percent-escapes decoded."""
    return slugify(clean_text(unquote(value or "")), allow_unicode=True)[:max_length].strip("-")


def source_key(*parts: object) -> str:
    """Join parts into a source id; a key too long for the column keeps a stable hash instead."""
    key = ":".join(str(part) for part in parts)
    if len(key) <= SOURCE_MAX_LENGTH:
        return key
    digest = hashlib.sha1(key.encode()).hexdigest()
    return f"{key[: SOURCE_MAX_LENGTH - len(digest) - 1]}~{digest}"


def site_of(url: str | None, *, with_path: bool = True) -> str:
    """Return host and path of a site address: 'example.com' or 'example.com/blog'."""
    parts = urlsplit(clean_text(url))
    host = parts.netloc.lower().rpartition("@")[2]
    path = parts.path.rstrip("/") if with_path else ""
    return f"{host}{path}" if host else ""


class IdSet:
    """A compact set of non-negative integer ids: a bit map, with a plain set for huge ids."""

    BITMAP_LIMIT = 1 << 28  # ids past 268 million go to the set; the map stays under 32 MB

    def __init__(self) -> None:
        self.bits = bytearray()
        self.others: set[str] = set()

    def add(self, value: str) -> bool:
        """Add an id; return whether it was already there."""
        if not (value.isascii() and value.isdigit()) or int(value) >= self.BITMAP_LIMIT:
            seen = value in self.others
            self.others.add(value)
            return seen
        number = int(value)
        byte, bit = divmod(number, 8)
        if byte >= len(self.bits):
            self.bits.extend(bytes(max(byte + 1 - len(self.bits), len(self.bits))))
        seen = bool(self.bits[byte] & (1 << bit))
        self.bits[byte] |= 1 << bit
        return seen
