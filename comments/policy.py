"""The site's moderation policy: the editors' lists, sanctions and thresholds; when an article closes."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connections, router
from django.utils import timezone

from articles.models import Article
from comments import moderation
from comments.models import ModerationListEntry, ModerationSettings, Sanction
from newsroom.client_address import address_group

POLICY_CACHE_KEY = "comments:policy-lists:v2"
POLICY_CACHE_SECONDS = 300


def _lists_from_database() -> dict:
    entries = list(ModerationListEntry.objects.values_list("list", "kind", "value", "action"))
    staff = get_user_model().objects.filter(is_staff=True, is_active=True)
    staff_names = set()
    rows = staff.values_list("username", "first_name", "last_name", "staff_profile__display_name")
    for username, first, last, newsroom_name in rows:
        staff_names.update(n for n in (username, f"{first} {last}".strip(), newsroom_name) if n)
    sanctions = list(
        Sanction.objects.active(timezone.now()).values_list("kind", "email", "network", "ends_at")
    )
    return {"entries": entries, "staff_names": sorted(staff_names), "sanctions": sanctions}


def _cached_lists() -> dict:
    return cache.get_or_set(POLICY_CACHE_KEY, _lists_from_database, POLICY_CACHE_SECONDS)


def forget_cached_lists() -> None:
    """Drop the cached lists after an editor changed them."""
    cache.delete(POLICY_CACHE_KEY)


def _block_entry(kind: str, value: str, action: str) -> moderation.BlockEntry:
    verdict = moderation.Action.SPAM if action == "spam" else moderation.Action.REJECT
    return moderation.BlockEntry(kind=kind, value=value, action=verdict)


def load_policy(settings_row: ModerationSettings) -> moderation.Policy:
    """Return the site's current moderation policy (lists cached, thresholds fresh)."""
    lists = _cached_lists()
    entries = lists["entries"]
    return moderation.Policy(
        block_entries=tuple(
            _block_entry(kind, value, action) for lst, kind, value, action in entries
            if lst == ModerationListEntry.List.BLOCK
        ),
        watch_words=tuple(v for lst, _k, v, _a in entries if lst == ModerationListEntry.List.WATCH),
        reserved_names=moderation.DEFAULT_RESERVED_NAMES
        + tuple(v for lst, _k, v, _a in entries if lst == ModerationListEntry.List.RESERVED),
        staff_names=tuple(lists["staff_names"]),
        max_links=settings_row.max_links,
        hold_first_time=settings_row.hold_first_time,
        flood_seconds=settings_row.flood_seconds,
        risk_hold_threshold=settings_row.risk_hold_threshold,
        risk_approve_below=settings_row.risk_approve_below
        if settings_row.risk_approve_first_time else None,
    )  # fmt: skip


# Sanctions: cached with the lists (a post reads them without a query), ended ones skipped.


@dataclass(frozen=True)
class SanctionInForce:
    kind: str
    ends_at: datetime | None


def sanctions_in_force(*, email: str, ip: str | None, now: datetime) -> list[SanctionInForce]:
    """Return the editors' sanctions on this email or the address's network, at this moment."""
    network = address_group(ip)
    return [
        SanctionInForce(kind=kind, ends_at=ends_at)
        for kind, sanctioned_email, sanctioned_network, ends_at in _cached_lists()["sanctions"]
        if (ends_at is None or ends_at > now)
        and (sanctioned_email == email or (network and sanctioned_network == network))
    ]


# Closing: whether an article still takes comments. ----------------------------------------


def comments_open(article: Article, *, default_close_after_days: int, now: datetime) -> bool:
    """Return whether the article still takes comments by date (the site's default days given)."""
    close_at = article.comments_close_at(default_close_after_days)
    return close_at is None or now < close_at


def article_takes_comments(article: Article) -> bool:
    """Whether the article takes comments now: not closed by its mode, nor by its closing date."""
    if article.comment_mode == Article.CommentMode.CLOSED:
        return False
    has_own_days = article.comments_close_after_days is not None
    default_days = 0 if has_own_days else _site_close_after_days()  # 0: unread, the article's win
    return comments_open(article, default_close_after_days=default_days, now=timezone.now())


def _site_close_after_days() -> int:
    """Read ModerationSettings.close_after_days in plain SQL: every cold article page needs it."""
    table = ModerationSettings._meta.db_table
    with connections[router.db_for_read(ModerationSettings)].cursor() as cursor:
        cursor.execute(f"SELECT close_after_days FROM {table} WHERE id = %s", [1])
        row = cursor.fetchone()
    return row[0] if row else ModerationSettings.current().close_after_days
