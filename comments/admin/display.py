"""How the admin names moderation reasons and shortens reader text (presentation only)."""

import re
from collections.abc import Iterable

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import Truncator, format_lazy
from django.utils.translation import gettext_lazy as _

from comments.models import ModerationEvent, Sanction
from comments.risk.features import prepare

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
    "likely_abusive": _("Likely abusive"),
    "low_risk": _("Low risk"),
    "staff_voice": _("The newsroom's voice"),
    "pick": _("Added to the editors' picks"),
    "unpick": _("Taken off the editors' picks"),
    **dict(ModerationEvent.RemovalReason.choices),
    # The audit reasons of sanctions: "suspend_7d" and the like.
    **{
        f"{kind}_{duration}": format_lazy("{} ({})", kind.label, duration.label)
        for kind in Sanction.Kind
        for duration in Sanction.Duration
    },
}
# Reasons whose detail is a score, said in one phrase: "Likely abusive (0.87)".
REASON_WITH_SCORE = {
    "likely_abusive": _("Likely abusive (%(score)s)"),
    "low_risk": _("Low risk (%(score)s)"),
}


def reason_label(code: str, detail: str = "") -> str:
    """Return a reason code's translated label, followed by its detail if any."""
    if detail and code in REASON_WITH_SCORE:
        return str(REASON_WITH_SCORE[code]) % {"score": detail}
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


def risk_text(risk: float | None) -> str:
    """Return a stored risk as editors read it: two decimals, or a dash when unscored."""
    return "-" if risk is None else f"{risk:.2f}"


# A word with its Arabic marks and tatweel, which \w alone would split it at.
_WORD_OR_NOT = re.compile(
    r"([\w\u0610-\u061a\u0640\u064b-\u065f\u0670\u06d6-\u06ed]+)|"
    r"([^\w\u0610-\u061a\u0640\u064b-\u065f\u0670\u06d6-\u06ed]+)"
)


def highlighted_terms(text: str, terms: Iterable[str]) -> SafeString:
    """Return the text escaped, with each word the model named (in any spelling) in <mark>."""
    wanted = set(terms)
    parts = (
        (word, format_html("<mark>{}</mark>", word)) if word and prepare(word) in wanted
        else (word or other, None)
        for word, other in _WORD_OR_NOT.findall(text)
    )  # fmt: skip
    return format_html_join("", "{}", ((marked or plain,) for plain, marked in parts))
