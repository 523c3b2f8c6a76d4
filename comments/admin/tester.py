"""The lists' "test a text" box: which entries a sample text would hit, and why."""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from comments.models import ModerationListEntry
from comments.moderation import email_matches, host_in_domain, ip_matches, name_key
from comments.text import count_links, extract_domains, find_terms, normalize_arabic

Entry = ModerationListEntry
_EMAIL = re.compile(r"[^\s@<>()\[\]\"',;]+@[^\s@<>()\[\]\"',;]+")
_TOKEN_SEPARATORS = re.compile(r"[\s,;<>()\[\]\"']+")


@dataclass(frozen=True)
class Hit:
    entry: ModerationListEntry
    matched: str


@dataclass(frozen=True)
class SampleReport:
    normalized: str
    link_count: int
    hits: list[Hit]


def _word_hits(text: str, entries: list[ModerationListEntry]) -> list[Hit]:
    found = set(find_terms(text, [e.value for e in entries]))
    hits = [Hit(e, e.value) for e in entries if e.value in found]
    sample_key = name_key(text)
    hits += [
        Hit(e, text.strip())
        for e in entries
        if e.list == Entry.List.RESERVED
        and e.value not in found
        and name_key(e.value) == sample_key
    ]
    return hits


def _first(candidates: Iterable[str], matches) -> str | None:
    return next((c for c in candidates if matches(c)), None)


def sample_report(text: str, entries: Iterable[ModerationListEntry]) -> SampleReport:
    """Return the normalized text, its link count and every list entry it hits."""
    entries = list(entries)
    emails = _EMAIL.findall(text)
    tokens = [t for t in _TOKEN_SEPARATORS.split(text) if t]
    hosts = sorted(extract_domains(text))
    hits = _word_hits(text, [e for e in entries if e.kind == Entry.Kind.WORD])
    for entry in entries:
        if entry.kind == Entry.Kind.EMAIL:
            matched = _first(emails, lambda c, v=entry.value: email_matches(c, v))
        elif entry.kind == Entry.Kind.IP:
            matched = _first(tokens, lambda c, v=entry.value: ip_matches(c, v))
        elif entry.kind == Entry.Kind.DOMAIN:
            matched = _first(hosts, lambda c, v=entry.value: host_in_domain(c, v))
        else:
            continue
        if matched is not None:
            hits.append(Hit(entry, matched))
    return SampleReport(normalize_arabic(text), count_links(text), hits)
