"""What the model reads: the project's Arabic normalization, then character and word n-grams."""

import re
from collections.abc import Iterator

from comments.text import normalize_arabic

CHAR_NGRAMS = range(2, 6)
WORD_NGRAMS = range(1, 3)
# Placeholders the corpus authors left, links and handles: they say nothing about abuse.
_NOISE = re.compile(r"https?://\S+|www\.\S+|@user\.idx|@\w+", re.IGNORECASE)
# Elongation (هههههه, كلااااب) folds to two letters: one spelling of many.
_REPEATS = re.compile(r"(\w)\1{2,}")
_WORD = re.compile(r"\w+")


def comment_text(name: str, body: str) -> str:
    """Return what the model scores for a comment: its name and its body."""
    return f"{name}\n{body}" if name else body


def prepare(text: str) -> str:
    """Return the text in the form the model reads: normalized, noise out, elongation folded."""
    text = normalize_arabic(_NOISE.sub(" ", text))
    return _REPEATS.sub(r"\1\1", text)


def words(prepared: str) -> list[str]:
    """Return the words of prepared text."""
    return _WORD.findall(prepared)


def char_ngrams(prepared: str) -> list[str]:
    """Return the character n-grams of each word, padded by a space on each side."""
    return [gram for word in words(prepared) for gram in word_char_ngrams(word)]


def word_char_ngrams(word: str) -> Iterator[str]:
    """Yield one word's character n-grams, padded by a space on each side."""
    padded = f" {word} "
    for size in CHAR_NGRAMS:
        if size > len(padded):
            break
        for start in range(len(padded) - size + 1):
            yield padded[start : start + size]


def word_ngrams(prepared: str) -> list[str]:
    """Return the word n-grams (unigrams and bigrams) of prepared text."""
    tokens = words(prepared)
    return [
        " ".join(tokens[start : start + size])
        for size in WORD_NGRAMS
        for start in range(len(tokens) - size + 1)
    ]
