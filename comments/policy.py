"""Load the editors' lists and thresholds into a pure moderation Policy."""

from django.contrib.auth import get_user_model
from django.core.cache import cache

from comments import moderation
from comments.models import ModerationListEntry, ModerationSettings

POLICY_CACHE_KEY = "comments:policy-lists:v1"
POLICY_CACHE_SECONDS = 300


def _lists_from_database() -> dict:
    entries = list(ModerationListEntry.objects.values_list("list", "kind", "value", "action"))
    staff = get_user_model().objects.filter(is_staff=True, is_active=True)
    staff_names = set()
    for username, first, last in staff.values_list("username", "first_name", "last_name"):
        staff_names.update(n for n in (username, f"{first} {last}".strip()) if n)
    return {"entries": entries, "staff_names": sorted(staff_names)}


def forget_cached_lists() -> None:
    """Drop the cached lists after an editor changed them."""
    cache.delete(POLICY_CACHE_KEY)


def _block_entry(kind: str, value: str, action: str) -> moderation.BlockEntry:
    verdict = moderation.Action.SPAM if action == "spam" else moderation.Action.REJECT
    return moderation.BlockEntry(kind=kind, value=value, action=verdict)


def load_policy(settings_row: ModerationSettings) -> moderation.Policy:
    """Return the site's current moderation policy (lists cached, thresholds fresh)."""
    lists = cache.get_or_set(POLICY_CACHE_KEY, _lists_from_database, POLICY_CACHE_SECONDS)
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
    )  # fmt: skip
