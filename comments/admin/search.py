"""Queue search: every word must match the text (folded like the rules fold it), name, email or IP."""

import re

from django.db.models import Q, QuerySet

from comments.text import normalize_arabic

_IP_LIKE = re.compile(r"^[0-9a-f:.]+$", re.IGNORECASE)


def _word_query(word: str) -> Q:
    query = Q(name__icontains=word) | Q(email__icontains=word)
    if folded := normalize_arabic(word):
        query |= Q(body_normalized__contains=folded)
    if _IP_LIKE.match(word) and any(ch.isdigit() for ch in word):
        query |= Q(ip_address__startswith=word)
    return query


def comment_search(queryset: QuerySet, term: str) -> QuerySet:
    """Filter comments by a search term, ignoring diacritics, tatweel and letter variants."""
    for word in term.split():
        queryset = queryset.filter(_word_query(word))
    return queryset
