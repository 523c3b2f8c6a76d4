"""How the admin names moderation reasons and shortens reader text (presentation only)."""

from collections.abc import Iterable

from django.utils.text import Truncator, format_lazy
from django.utils.translation import gettext_lazy as _

from comments.models import ModerationEvent, Sanction

EXCERPT_CHARS = 80

REASON_LABELS = {
    "bot": _("Failed the bot check"),
    "closed": _("Comments closed"),
    "flood": _("Posting too quickly"),
    "duplicate": _("Duplicate"),
    "blocked_email": _("Blocked email"),
    "blocked_ip": _("Blocked IP address"),
    "blocked_word": _("Blocked word"),
    "blocked_domain": _("Blocked link domain"),
    "watch_word": _("Watched word"),
    "too_many_links": _("Too many links"),
    "first_time": _("First comment from this email"),
    "impersonation": _("Impersonation"),
    "moderated_article": _("Article is pre-moderated"),
    "reported": _("Reported by readers"),
    "suspended": _("Commenter suspended"),
    "shadow_hold": _("Commenter under a shadow hold"),
    "sanction_lifted": _("Sanction lifted"),
    **dict(ModerationEvent.RemovalReason.choices),
    # The audit reasons of sanctions: "suspend_7d" and the like.
    **{
        f"{kind}_{duration}": format_lazy("{} ({})", kind.label, duration.label)
        for kind in Sanction.Kind
        for duration in Sanction.Duration
    },
}


def reason_label(code: str, detail: str = "") -> str:
    """Return a reason code's translated label, followed by its detail if any."""
    label = str(REASON_LABELS.get(code, code))
    return f"{label}: {detail}" if detail else label


def reasons_text(reasons: Iterable[dict]) -> str:
    """Join the stored moderation reasons into one readable, translated line."""
    return "; ".join(
        reason_label(str(r.get("code", "")), str(r.get("detail", "")))
        for r in reasons or ()
        if isinstance(r, dict)
    )


def event_reason_text(reason: str) -> str:
    """Translate an audit event's reason, a comma-separated list of codes."""
    return "; ".join(reason_label(code) for code in reason.split(",") if code)


def excerpt(text: str, chars: int = EXCERPT_CHARS) -> str:
    return Truncator(" ".join(text.split())).chars(chars)
