"""The model's n-grams found with numpy: each n-gram as a 64-bit hash looked up in its vocabulary.

Counting n-grams in Python costs about a microsecond each, and a 5,000-character comment has
some 20,000 character n-grams: 20 ms, ten times the budget. Here the text becomes one array of
code points and every n-gram's hash a few whole-array operations (a polynomial hash from prefix
sums), so the cost is a few vector passes whatever the length. The vocabulary's terms are hashed
the same way when a model loads, and a sorted array of their hashes answers the lookups. The
n-grams are exactly features.char_ngrams's and word_ngrams's (tests/unit/test_risk_grams.py):
only their identity changes, from a string to its hash. Two different strings share a hash with
odds of about one in 2**64 / 200,000 per n-gram: a rounding error beside the model's own.
"""

from dataclasses import dataclass

import numpy as np

from comments.risk import features

# Odd, so invertible modulo 2**64; numpy's uint64 arithmetic wraps, which is that modulo.
_BASE = 0x9E3779B97F4A7C15
_INVERSE = pow(_BASE, -1, 1 << 64)
_SEPARATOR = 0  # never in a word (\w excludes NUL)
_SPACE = ord(" ")


class _Powers:
    """BASE**i and BASE**-(i+1) modulo 2**64, grown on demand (a long text extends them once)."""

    def __init__(self) -> None:
        self.up = np.ones(1, dtype=np.uint64)
        self.down = np.ones(0, dtype=np.uint64)

    def upto(self, length: int) -> tuple[np.ndarray, np.ndarray]:
        if len(self.down) < length:
            size = max(length, 2 * len(self.down), 8192)
            up = np.cumprod(np.full(size + 1, _BASE, dtype=np.uint64))
            up[1:], up[0] = up[:-1], 1
            down = np.cumprod(np.full(size, _INVERSE, dtype=np.uint64))
            # Both only grow and agree on what they share: a thread reading meanwhile is right.
            self.up, self.down = up, down
        return self.up, self.down


_powers = _Powers()


def _prefix_hashes(codes: np.ndarray) -> np.ndarray:
    """Return H with H[i] the hash of codes[:i]; codes[a:b] hashes to H[b] - H[a] * BASE**(b-a)."""
    up, down = _powers.upto(len(codes))
    sums = np.cumsum(codes * down[: len(codes)], dtype=np.uint64)
    hashes = np.zeros(len(codes) + 1, dtype=np.uint64)
    hashes[1:] = up[1 : len(codes) + 1] * sums
    return hashes


def _span_hashes(prefix: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    up, _down = _powers.upto(int(ends.max(initial=0)))
    return prefix[ends] - prefix[starts] * up[ends - starts]


def _codes(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)


def term_hashes(terms: list[str]) -> np.ndarray:
    """Return each term's hash, as the n-grams of a text that contains it would hash."""
    if not terms:
        return np.zeros(0, dtype=np.uint64)
    codes = _codes(chr(_SEPARATOR).join(terms))
    lengths = np.fromiter(map(len, terms), dtype=np.int64, count=len(terms))
    starts = np.concatenate([[0], np.cumsum(lengths + 1)[:-1]])
    return _span_hashes(_prefix_hashes(codes), starts, starts + lengths)


@dataclass(frozen=True)
class HashedVocabulary:
    """A vocabulary's term hashes, sorted, and the index each one stands for."""

    hashes: np.ndarray
    indices: np.ndarray

    @classmethod
    def of(cls, vocabulary: dict[str, int]) -> "HashedVocabulary":
        hashes = term_hashes(list(vocabulary))
        order = np.argsort(hashes, kind="stable")
        indices = np.fromiter(vocabulary.values(), dtype=np.int64, count=len(vocabulary))
        return cls(hashes[order], indices[order])

    def lookup(self, hashes: np.ndarray) -> np.ndarray:
        """Return the vocabulary index of each hash, -1 where the n-gram is not in it."""
        if not len(self.hashes):
            return np.full(len(hashes), -1, dtype=np.int64)
        at = np.minimum(np.searchsorted(self.hashes, hashes), len(self.hashes) - 1)
        return np.where(self.hashes[at] == hashes, self.indices[at], -1)


@dataclass(frozen=True)
class Grams:
    """One prepared text's n-grams: hashes, and the word (token position) each came from."""

    tokens: list[str]
    char_hashes: np.ndarray
    char_token: np.ndarray
    word_hashes: np.ndarray  # the unigrams, then the bigrams
    word_first: np.ndarray  # the first and last token of each word n-gram
    word_last: np.ndarray


def grams(prepared: str) -> Grams:
    """Return the character n-grams of each space-padded word and the word 1- and 2-grams."""
    tokens = features.words(prepared)
    if not tokens:
        empty, none = np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
        return Grams(tokens, empty, none, empty, none, none)
    # " w1 w2 w3 ": each word padded by a space on each side, the spaces shared between words.
    codes = _codes(f" {' '.join(tokens)} ")
    prefix = _prefix_hashes(codes)
    spaces = np.concatenate([[0], np.cumsum(codes == _SPACE)])  # spaces before each position
    char_hashes, char_token = _char_grams(prefix, spaces, len(codes))
    word_hashes, word_first, word_last = _word_grams(prefix, codes)
    return Grams(tokens, char_hashes, char_token, word_hashes, word_first, word_last)


def _char_grams(prefix: np.ndarray, spaces: np.ndarray, length: int):
    hashes, tokens = [], []
    for size in features.CHAR_NGRAMS:
        starts = np.arange(length - size + 1)
        # Inside one padded word: no space strictly between the n-gram's first and last character.
        inside = spaces[starts + size - 1] == spaces[starts + 1]
        starts = starts[inside]
        hashes.append(_span_hashes(prefix, starts, starts + size))
        tokens.append(spaces[starts + 1] - 1)  # the word whose padded span holds the n-gram
    return np.concatenate(hashes), np.concatenate(tokens)


def _word_grams(prefix: np.ndarray, codes: np.ndarray):
    at_space = np.flatnonzero(codes == _SPACE)
    starts, ends = at_space[:-1] + 1, at_space[1:]  # each word, between two spaces
    count = len(starts)
    first, last = [np.arange(count)], [np.arange(count)]
    spans_from, spans_to = [starts], [ends]
    for size in features.WORD_NGRAMS:
        if size == 1 or size > count:
            continue
        first.append(np.arange(count - size + 1))
        last.append(first[-1] + size - 1)
        spans_from.append(starts[first[-1]])
        spans_to.append(ends[last[-1]])
    hashes = _span_hashes(prefix, np.concatenate(spans_from), np.concatenate(spans_to))
    return hashes, np.concatenate(first), np.concatenate(last)
