"""The lists' "test a text" box: what the pipeline's own rules find in a sample text, and why."""

import ipaddress
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from django.utils.translation import gettext_lazy as _

from comments import moderation
from comments.models import ModerationListEntry
from comments.text import count_links, normalize_arabic

Entry = ModerationListEntry
_EMAIL = re.compile(r"[^\s@<>()\[\]\"',;]+@[^\s@<>()\[\]\"',;]+")
_TOKEN_SEPARATORS = re.compile(r"[\s,;<>()\[\]\"']+")
BUILT_IN_NAMES = _("Built-in reserved names")
STAFF_NAMES = _("Staff names")


@dataclass(frozen=True)
class Hit:
    """One thing a rule found: where it is listed, what it asks for, and what it matched."""

    list: str
    kind: str
    value: str
    action: str
    matched: str


@dataclass(frozen=True)
class SampleReport:
    normalized: str
    link_count: int
    hits: list[Hit]


def _is_ip(token: str) -> bool:
    try:
        ipaddress.ip_address(token)
    except ValueError:
        return False
    return True


def _submissions(text: str) -> Iterator[moderation.Submission]:
    """Yield the sample as a name, then as a comment from each address it names."""
    as_comment = moderation.Submission(
        name="", email="", url="", body=text, ip=None, comment_mode="open", comments_open=True,
        author_is_trusted=True, seconds_since_last_comment=None, is_duplicate=False,
        bot_check_failed=False,
    )  # fmt: skip
    yield replace(as_comment, name=text, body="")  # apart: a phrase must not span name and body
    yield as_comment
    for email in _EMAIL.findall(text):
        yield replace(as_comment, email=email)
    for token in _TOKEN_SEPARATORS.split(text):
        if _is_ip(token):
            yield replace(as_comment, ip=token)


def _hit(source: str, kind: str, value: str, action: str, matched: str) -> Hit:
    kind_label, action_label = Entry.Kind(kind).label, Entry.Action(action).label
    return Hit(str(source), str(kind_label), value, str(action_label), matched)


def _block_hits(finding: moderation.Finding, submission: moderation.Submission) -> list[Hit]:
    hits = []
    for detail, entry in finding.hits:
        matched = {"email": submission.email, "ip": submission.ip}.get(entry.kind) or detail
        hits.append(_hit(Entry.List.BLOCK.label, entry.kind, entry.value, entry.action, matched))
    return hits


def _named_in(detail: str, values: tuple[str, ...]) -> list[str]:
    """Return which values a reason's ", "-joined detail names."""
    return [value for value in values if f", {value}, " in f", {detail}, "]


def _hold_hits(reason: moderation.Reason, text: str, policy: moderation.Policy) -> list[Hit]:
    """Return the list entries or protected names behind a hold; links are counted apart."""
    if reason.code == "watch_word":
        found = _named_in(reason.detail, policy.watch_words)
        return [_hit(Entry.List.WATCH.label, "word", word, "hold", word) for word in found]
    if reason.code != "impersonation":
        return []
    name = reason.detail
    if name in moderation.DEFAULT_RESERVED_NAMES:
        source = BUILT_IN_NAMES
    elif name in policy.reserved_names:
        source = Entry.List.RESERVED.label
    else:
        source = STAFF_NAMES
    return [_hit(source, "word", name, "hold", text.strip())]


def sample_report(text: str, policy: moderation.Policy) -> SampleReport:
    """Run the pipeline's block and hold rules on a sample; return every hit, once each."""
    hits: dict[Hit, None] = {}
    for submission in _submissions(text):
        for block_rule in moderation.BLOCK_RULES:
            if finding := block_rule(submission, policy):
                hits.update(dict.fromkeys(_block_hits(finding, submission)))
        for hold_rule in moderation.HOLD_RULES:
            if reason := hold_rule(submission, policy):
                hits.update(dict.fromkeys(_hold_hits(reason, text, policy)))
    return SampleReport(normalize_arabic(text), count_links(text), list(hits))
