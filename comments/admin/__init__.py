"""The moderation admin: the queue, the lists and thresholds, and the read-only audit trail."""

from comments.admin import comment, events, lists, sanctions, staff_profiles

__all__ = ["comment", "events", "lists", "sanctions", "staff_profiles"]
