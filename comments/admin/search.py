"""Queue search: every word must match the text (folded like the rules fold it), name, email or IP.

On PostgreSQL every branch is served by an index: words are word prefixes looked up in
comment_search_idx, and a full email or IP address is also matched exactly. The stored text
also holds each word without its attached proclitics (comments.text.search_text), so مدير and
المدير find والمدير. SQLite, for small sites, has no such index and matches substrings.
"""

import ipaddress
import operator
import re
from functools import reduce

from django.contrib.postgres.search import Lexeme, SearchQuery, SearchVector
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connections
from django.db.models import Q, QuerySet

from comments.text import normalize_arabic, normalize_email

SEARCH_CONFIG = "simple"  # no stemming: PostgreSQL has no Arabic stemmer, and we fold the text
# The expression of comment_search_idx (migration 0006): filtering on any other expression scans.
SEARCH_VECTOR = SearchVector("name", "email", "body_normalized", config=SEARCH_CONFIG)
_LETTERS_DIGITS = re.compile(r"[^\W_]+")
_IP_LIKE = re.compile(r"^[0-9a-f:.]+$", re.IGNORECASE)


def comment_search(queryset: QuerySet, term: str) -> QuerySet:
    """Filter comments by a search term, ignoring diacritics, tatweel and letter variants."""
    words = term.split()
    if not words:
        return queryset
    if connections[queryset.db].vendor == "postgresql":
        return _indexed_search(queryset, words)
    return queryset.filter(*(_substring_query(word) for word in words))


# PostgreSQL ----------------------------------------------------------------------------------


def _indexed_search(queryset: QuerySet, words: list[str]) -> QuerySet:
    queries = [query for word in words if (query := _indexed_query(word)) is not None]
    if not queries:
        return queryset.none()  # only punctuation: find nothing rather than everything
    return queryset.alias(search_document=SEARCH_VECTOR).filter(*queries)


def _indexed_query(word: str) -> Q | None:
    branches = []
    if (prefixes := _word_prefixes(word)) is not None:
        query = SearchQuery(prefixes, config=SEARCH_CONFIG)
        branches.append(Q(search_document=query))
    if email := _full_email(word):
        branches.append(Q(email=email))
    if ip := _full_ip(word):
        branches.append(Q(ip_address=ip))
    return reduce(operator.or_, branches) if branches else None


def _word_prefixes(word: str) -> Lexeme | None:
    """Return a tsquery finding words that start with word, folded or (for names) as typed."""
    # Only letters and digits reach the tsquery, each run a quoted lexeme in one bound parameter.
    runs = [Lexeme(run, prefix=True) for run in _LETTERS_DIGITS.findall(normalize_arabic(word))]
    folded = reduce(operator.and_, runs) if runs else None
    # Names and emails are stored as typed: سلمى must find the name سلمى, not only سلمي.
    if _LETTERS_DIGITS.fullmatch(word) and normalize_arabic(word) != word.lower():
        typed = Lexeme(word, prefix=True)
        return typed if folded is None else folded | typed
    return folded


def _full_email(word: str) -> str | None:
    try:
        validate_email(word)
    except ValidationError:
        return None
    return normalize_email(word)


def _full_ip(word: str) -> str | None:
    try:
        return str(ipaddress.ip_address(word))
    except ValueError:
        return None


# SQLite --------------------------------------------------------------------------------------


def _substring_query(word: str) -> Q:
    query = Q(name__icontains=word) | Q(email__icontains=word)
    if folded := normalize_arabic(word):
        query |= Q(body_normalized__contains=folded)
    if _IP_LIKE.match(word) and any(ch.isdigit() for ch in word):
        query |= Q(ip_address__startswith=word)
    return query
