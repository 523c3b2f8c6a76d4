"""Mark the words a blocked or watched word matched, inside a comment's sanitized HTML (pure)."""

import re
from collections.abc import Iterable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from comments.text import find_terms

WORD_REASONS = ("blocked_word", "watch_word")
# A tag (a quoted attribute value may hold ">"), or an entity: never split, never marked inside.
_TAG_OR_ENTITY = re.compile(r"""(<(?:[^>"']|"[^"]*"|'[^']*')*>|&[#\w]+;)""")
# A word as readers write it: letters with their diacritics and tatweel, which \w leaves out.
_WORD = re.compile(r"[\w\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]+")


def matched_terms(reasons: Iterable[dict]) -> tuple[str, ...]:
    """Return the listed words and phrases that held the comment, from its stored reasons."""
    terms: list[str] = []
    for reason in reasons or ():
        if isinstance(reason, dict) and reason.get("code") in WORD_REASONS:
            terms.extend(t.strip() for t in str(reason.get("detail", "")).split(",") if t.strip())
    return tuple(dict.fromkeys(terms))


def _mark_words(text: str, words: tuple[str, ...]) -> str:
    def mark(match: re.Match[str]) -> str:
        word = match.group(0)
        return f"<mark>{word}</mark>" if find_terms(word, words) else word

    return _WORD.sub(mark, text)


def highlight_terms(body_html: str, terms: tuple[str, ...]) -> SafeString:
    """Wrap each word of the text that matches one of terms in <mark>, never touching the tags.

    Matching is the pipeline's own (comments.text: diacritics, letter forms and proclitics
    folded), word by word, so a phrase's words are marked wherever they occur.
    """
    words = tuple(dict.fromkeys(w for term in terms for w in term.split()))
    if not words:
        return mark_safe(body_html)  # the sanitizer's output, unchanged
    parts = _TAG_OR_ENTITY.split(body_html)
    # Odd parts are tags and entities; even parts are text, already escaped by the sanitizer.
    marked = [part if i % 2 else _mark_words(part, words) for i, part in enumerate(parts)]
    return mark_safe("".join(marked))


def highlight_detail(detail: str, terms: tuple[str, ...]) -> SafeString:
    """Escape a reason's detail and mark its listed words."""
    return highlight_terms(escape(detail), terms)
