"""Pure moderation rules: a submission and a policy in, a verdict with reasons out."""

import ipaddress
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from functools import lru_cache

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from comments.text import count_links, extract_domains, fold_confusables, term_matcher

MESSAGE_CLOSED = _("Comments are closed.")
MESSAGE_DUPLICATE = _("It looks like you have already posted this comment.")
MESSAGE_FLOOD = _("You are posting comments too quickly. Please wait a moment.")
MESSAGE_BLOCKED = _("Your comment could not be published.")
MESSAGE_NO_ADDRESS = _(
    "We cannot tell where your request comes from, so the site cannot accept it. "
    "Please try again later."
)
MESSAGE_SUSPENDED_UNTIL = _("You may not comment until %(until)s.")
MESSAGE_SUSPENDED_FOR_GOOD = _("You may no longer comment on this site.")

COMMENT_MODES = frozenset({"open", "moderated", "closed"})
BLOCK_KINDS = frozenset({"word", "email", "ip", "domain"})
DEFAULT_RESERVED_NAMES = (
    "المحرر", "الإدارة", "الادارة", "هيئة التحرير", "رئيس التحرير", "فريق التحرير", "التحرير",
    "مشرف", "المشرف", "مدير الموقع", "ادمن", "الادمن", "editor", "admin", "administrator",
    "moderator", "mod", "staff", "webmaster", "newsroom",
)  # fmt: skip


class Action(StrEnum):
    APPROVE = "approve"
    HOLD = "hold"
    SPAM = "spam"
    REJECT = "reject"


@dataclass(frozen=True)
class Reason:
    code: str
    detail: str = ""


# The reasons whose detail repeats the commenter's own email or IP (the blocklist entry matched).
PERSONAL_REASON_CODES = frozenset({"blocked_email", "blocked_ip"})


def reasons_without_personal_data(reasons: Iterable[dict]) -> list[dict]:
    """Return stored reasons with the detail of those naming an email or IP emptied."""
    return [
        {**reason, "detail": ""} if reason.get("code") in PERSONAL_REASON_CODES else reason
        for reason in reasons or ()
    ]


@dataclass(frozen=True)
class Verdict:
    action: Action
    reasons: tuple[Reason, ...]
    message: str | Promise = ""
    retry_after: int | None = None


@dataclass(frozen=True)
class Suspension:
    """An editor's suspension in force: until when (None for good), already written for readers."""

    until: datetime | None
    until_text: str = ""


@dataclass(frozen=True)
class Submission:
    name: str
    email: str
    url: str
    body: str
    ip: str | None
    comment_mode: str
    comments_open: bool
    author_is_trusted: bool  # a confirmed address with enough approved comments: skips first_time
    seconds_since_last_comment: float | None
    is_duplicate: bool
    bot_check_failed: bool
    suspension: Suspension | None = None
    shadow_held: bool = False
    risk: float | None = None  # the abuse model's score; None without a working model
    # A signed-in staff member speaking for the newsroom (set only by the submit service).
    staff_voice: bool = False

    def __post_init__(self) -> None:
        if self.comment_mode not in COMMENT_MODES:
            raise ValueError(f"unknown comment mode: {self.comment_mode!r}")


@dataclass(frozen=True)
class BlockEntry:
    kind: str
    value: str
    action: Action

    def __post_init__(self) -> None:
        if self.kind not in BLOCK_KINDS:
            raise ValueError(f"unknown block entry kind: {self.kind!r}")
        if self.action not in (Action.SPAM, Action.REJECT):
            raise ValueError(f"a block entry must spam or reject, not {self.action!r}")
        object.__setattr__(self, "action", Action(self.action))


@dataclass(frozen=True)
class Policy:
    block_entries: tuple[BlockEntry, ...] = ()
    watch_words: tuple[str, ...] = ()
    reserved_names: tuple[str, ...] = DEFAULT_RESERVED_NAMES
    staff_names: tuple[str, ...] = ()
    max_links: int = 2
    hold_first_time: bool = True
    flood_seconds: int = 15
    risk_hold_threshold: float | None = None  # None: the abuse model holds nothing
    risk_approve_below: float | None = None  # None: a low risk approves no first comment


@dataclass(frozen=True)
class Finding:
    """A blocklist hit: why, what the matching entries ask for, and what each one matched."""

    reason: Reason
    action: Action
    hits: tuple[tuple[str, BlockEntry], ...] = ()


# Gates: the first that answers decides. -----------------------------------------------------


def rule_no_address(submission: Submission, policy: Policy) -> Verdict | None:
    """Refuse a comment whose sender has no address: every limit counts by it (fail closed)."""
    if submission.ip is None:
        return Verdict(Action.REJECT, (Reason("no_address"),), MESSAGE_NO_ADDRESS)
    return None


def rule_bot(submission: Submission, policy: Policy) -> Verdict | None:
    """Send a failed honeypot or signed-timestamp check to spam, silently."""
    if submission.bot_check_failed:
        return Verdict(Action.SPAM, (Reason("bot"),))
    return None


def rule_suspended(submission: Submission, policy: Policy) -> Verdict | None:
    """Refuse a suspended commenter's comment, saying until when."""
    suspension = submission.suspension
    if suspension is None:
        return None
    if suspension.until is None:
        return Verdict(
            Action.REJECT, (Reason("suspended", "for good"),), MESSAGE_SUSPENDED_FOR_GOOD
        )
    message = MESSAGE_SUSPENDED_UNTIL % {"until": suspension.until_text}
    return Verdict(Action.REJECT, (Reason("suspended", suspension.until.isoformat()),), message)


def rule_closed(submission: Submission, policy: Policy) -> Verdict | None:
    """Reject comments on an article that is closed by mode or by date."""
    if submission.comment_mode == "closed":
        return Verdict(Action.REJECT, (Reason("closed", "comment mode"),), MESSAGE_CLOSED)
    if not submission.comments_open:
        return Verdict(Action.REJECT, (Reason("closed", "closing date passed"),), MESSAGE_CLOSED)
    return None


def rule_flood(submission: Submission, policy: Policy) -> Verdict | None:
    """Reject a comment sent too soon after the same author's last one."""
    elapsed = submission.seconds_since_last_comment
    if policy.flood_seconds <= 0 or elapsed is None or elapsed >= policy.flood_seconds:
        return None  # off, or a first comment, or long enough ago (also two at the same instant)
    wait = min(max(math.ceil(policy.flood_seconds - elapsed), 1), policy.flood_seconds)
    reason = Reason("flood", f"{max(elapsed, 0):.0f}s since the last comment")
    return Verdict(Action.REJECT, (reason,), MESSAGE_FLOOD, retry_after=wait)


def rule_duplicate(submission: Submission, policy: Policy) -> Verdict | None:
    """Reject a comment its author already posted."""
    if submission.is_duplicate:
        return Verdict(Action.REJECT, (Reason("duplicate"),), MESSAGE_DUPLICATE)
    return None


# Blocklist: every hit is collected; a spam entry wins over a reject entry. --------------------


def _entries(policy: Policy, kind: str) -> list[BlockEntry]:
    return [entry for entry in policy.block_entries if entry.kind == kind]


def _finding(code: str, hits: list[tuple[str, BlockEntry]]) -> Finding | None:
    """Return one finding naming every hit, spam if any hit asks for spam."""
    if not hits:
        return None
    spam = any(entry.action == Action.SPAM for _detail, entry in hits)
    detail = ", ".join(dict.fromkeys(detail for detail, _entry in hits))
    return Finding(Reason(code, detail), Action.SPAM if spam else Action.REJECT, tuple(hits))


def _host(value: str) -> str:
    """Return a hostname in one comparable form (lowercase, no edge dots, IDNA decoded)."""
    host = value.strip().strip(".").lower()
    try:
        return host.encode("idna").decode("idna")
    except UnicodeError:
        return host


def host_in_domain(host: str, domain: str) -> bool:
    """Tell whether host is domain or one of its subdomains."""
    host, domain = _host(host), _host(domain.removeprefix("*.").removeprefix("www."))
    return bool(domain) and (host == domain or host.endswith("." + domain))


def email_matches(email: str, pattern: str) -> bool:
    """Match an address exactly, or by domain for '@domain' and '*@domain' patterns."""
    email, pattern = email.strip().lower(), pattern.strip().lower().removeprefix("*")
    if not email or not pattern:
        return False
    if pattern.startswith("@"):
        return "@" in email and host_in_domain(email.rpartition("@")[2], pattern[1:])
    return email == pattern


@lru_cache(maxsize=1024)
def _network(value: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    try:
        return ipaddress.ip_network(value.strip(), strict=False)
    except ValueError:
        return None


def ip_matches(ip: str | None, value: str) -> bool:
    """Match an IP address against one address or a CIDR network."""
    try:
        address = ipaddress.ip_address((ip or "").strip())
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    network = _network(value)
    return network is not None and address in network


def rule_blocked_email(submission: Submission, policy: Policy) -> Finding | None:
    """Block a listed email address or email domain."""
    entries = _entries(policy, "email")
    hits = [(e.value, e) for e in entries if email_matches(submission.email, e.value)]
    return _finding("blocked_email", hits)


def rule_blocked_ip(submission: Submission, policy: Policy) -> Finding | None:
    """Block a listed IP address or network."""
    hits = [(e.value, e) for e in _entries(policy, "ip") if ip_matches(submission.ip, e.value)]
    return _finding("blocked_ip", hits)


def rule_blocked_word(submission: Submission, policy: Policy) -> Finding | None:
    """Block a listed word or phrase in the name, body or website."""
    entries = _entries(policy, "word")
    found = set(term_matcher(tuple(e.value for e in entries)).find(_all_text(submission)))
    return _finding("blocked_word", [(e.value, e) for e in entries if e.value in found])


def rule_blocked_domain(submission: Submission, policy: Policy) -> Finding | None:
    """Block links to a listed domain or any of its subdomains."""
    hosts = sorted(extract_domains(f"{submission.body}\n{submission.url}"))
    entries = _entries(policy, "domain")
    hits = [(h, e) for e in entries for h in hosts if host_in_domain(h, e.value)]
    return _finding("blocked_domain", hits)


# Holds: every reason is collected. ---------------------------------------------------------


def _all_text(submission: Submission) -> str:
    return f"{submission.name}\n{submission.body}\n{submission.url}"


def rule_watch_words(submission: Submission, policy: Policy) -> Reason | None:
    """Hold a comment that uses a watched word, naming the words."""
    found = term_matcher(tuple(policy.watch_words)).find(_all_text(submission))
    return Reason("watch_word", ", ".join(found)) if found else None


def rule_too_many_links(submission: Submission, policy: Policy) -> Reason | None:
    """Hold a comment with more links, phone numbers or handles than allowed."""
    links = count_links(f"{submission.body}\n{submission.url}")
    return Reason("too_many_links", str(links)) if links > policy.max_links else None


def rule_first_time(submission: Submission, policy: Policy) -> Reason | None:
    """Hold an author's comments until their verified address has earned trust."""
    if policy.hold_first_time and not submission.author_is_trusted:
        return Reason("first_time")
    return None


def name_key(name: str) -> str:
    """Return the skeleton of a name: normalized, look-alikes folded, only letters and digits."""
    return "".join(ch for ch in fold_confusables(name) if ch.isalnum())


@lru_cache(maxsize=64)
def _protected_keys(names: tuple[str, ...]) -> dict[str, str]:
    keys: dict[str, str] = {}
    for name in names:
        keys.setdefault(name_key(name), name)
    keys.pop("", None)
    return keys


def rule_impersonation(submission: Submission, policy: Policy) -> Reason | None:
    """Hold a comment whose name dresses up as a reserved or staff name."""
    protected = _protected_keys((*policy.reserved_names, *policy.staff_names))
    matched = protected.get(name_key(submission.name))
    return Reason("impersonation", matched) if matched else None


def rule_shadow_hold(submission: Submission, policy: Policy) -> Reason | None:
    """Hold every comment of a commenter an editor put under a shadow hold (they are not told)."""
    return Reason("shadow_hold") if submission.shadow_held else None


def rule_likely_abusive(submission: Submission, policy: Policy) -> Reason | None:
    """Hold a comment the abuse model scores at or above the threshold, even from a regular."""
    risk, threshold = submission.risk, policy.risk_hold_threshold
    if risk is not None and threshold is not None and risk >= threshold:
        return Reason("likely_abusive", f"{risk:.2f}")
    return None


def low_risk_first_comment(submission: Submission, policy: Policy, reasons: tuple) -> bool:
    """Whether a first comment held for that alone may go out: the site allows it, risk is low."""
    risk, below = submission.risk, policy.risk_approve_below
    only_first_time = tuple(r.code for r in reasons) == ("first_time",)
    return only_first_time and risk is not None and below is not None and risk < below


def rule_moderated_article(submission: Submission, policy: Policy) -> Reason | None:
    """Hold every comment on an article in moderated mode."""
    return Reason("moderated_article") if submission.comment_mode == "moderated" else None


GATE_RULES: tuple[Callable[[Submission, Policy], Verdict | None], ...] = (
    rule_no_address, rule_bot, rule_suspended, rule_closed, rule_flood, rule_duplicate,
)  # fmt: skip
BLOCK_RULES: tuple[Callable[[Submission, Policy], Finding | None], ...] = (
    rule_blocked_email, rule_blocked_ip, rule_blocked_word, rule_blocked_domain,
)  # fmt: skip
HOLD_RULES: tuple[Callable[[Submission, Policy], Reason | None], ...] = (
    rule_watch_words, rule_too_many_links, rule_first_time, rule_impersonation,
    rule_moderated_article, rule_shadow_hold, rule_likely_abusive,
)  # fmt: skip


def _block_verdict(findings: Iterable[Finding]) -> Verdict:
    findings = tuple(findings)
    reasons = tuple(finding.reason for finding in findings)
    if any(finding.action == Action.SPAM for finding in findings):
        return Verdict(Action.SPAM, reasons)
    return Verdict(Action.REJECT, reasons, MESSAGE_BLOCKED)


def decide(submission: Submission, *, policy: Policy) -> Verdict:
    """Return what to do with a submission, and every reason for it."""
    for gate in GATE_RULES:
        if (verdict := gate(submission, policy)) is not None:
            return verdict
    if submission.staff_voice:
        # The readers' lists and holds screen readers; the newsroom answers for its own voice.
        return Verdict(Action.APPROVE, (Reason("staff_voice"),))
    if findings := [f for rule in BLOCK_RULES if (f := rule(submission, policy))]:
        return _block_verdict(findings)
    reasons = tuple(r for rule in HOLD_RULES if (r := rule(submission, policy)))
    if reasons and low_risk_first_comment(submission, policy, reasons):
        return Verdict(Action.APPROVE, (Reason("low_risk", f"{submission.risk:.2f}"),))
    if reasons:
        return Verdict(Action.HOLD, reasons)
    return Verdict(Action.APPROVE, ())
