"""The numpy n-grams are the string analyzers' n-grams, and scoring does no work per n-gram."""

import sys
from collections import Counter, defaultdict

import numpy as np
import pytest

from comments.risk import features, grams
from comments.risk.model import MIN_TERM_PUSH, risk_model_train
from tests.risk_fixtures import ABUSIVE_PROBE, CLEAN_PROBE, labelled

TRICKY = [
    "",
    "😂😂 !!",
    "a",
    "x x x",
    "a_b 12 3 ٣",
    "كلب كلب كلب يا كلب",
    "انت حقير وغبي ومعك كل من يصدقك",
    "ب ت ث ج",
    "كلمةطويلةجداجداجدا قصيرة",
]


@pytest.fixture(scope="module")
def model():
    texts, labels = labelled()
    return risk_model_train(texts, labels)


def _hash(terms: list[str]) -> list[int]:
    return grams.term_hashes(terms).tolist()


@pytest.mark.parametrize("typed", TRICKY)
def test_character_ngrams_are_the_analyzers_and_know_their_word(typed):
    prepared = features.prepare(typed)
    found = grams.grams(prepared)
    expected = [(w, g) for w in features.words(prepared) for g in features.word_char_ngrams(w)]
    by_hash = Counter(zip([w for w, _g in expected], _hash([g for _w, g in expected]), strict=True))
    made = Counter(
        zip([found.tokens[t] for t in found.char_token], found.char_hashes.tolist(), strict=True)
    )
    assert made == by_hash


@pytest.mark.parametrize("typed", TRICKY)
def test_word_ngrams_are_the_analyzers_and_span_their_words(typed):
    prepared = features.prepare(typed)
    found = grams.grams(prepared)
    assert Counter(found.word_hashes.tolist()) == Counter(_hash(features.word_ngrams(prepared)))
    spans = [
        " ".join(found.tokens[a : b + 1])
        for a, b in zip(found.word_first, found.word_last, strict=True)
    ]
    assert _hash(spans) == found.word_hashes.tolist()


def test_a_vocabulary_finds_its_terms_and_nothing_else():
    vocabulary = grams.HashedVocabulary.of({"كلب": 2, "ab": 0, " a": 1})
    assert vocabulary.lookup(grams.term_hashes(["ab", "كلب", "ba", " a", "a "])).tolist() == [
        0, 2, -1, 1, -1,
    ]  # fmt: skip


def _pushing_words_in_python(model, text: str, limit: int = 6) -> list[str]:
    """The words' pushes as first written, string by string (the reference for the numpy one)."""
    prepared = features.prepare(text)
    indices, values = model._features(prepared)
    push_of = dict(zip(indices.tolist(), (values * model.coef[indices]).tolist(), strict=True))
    chars, words = model.char_vectorizer.vocabulary_, model.word_vectorizer.vocabulary_
    pushes: dict[str, float] = defaultdict(float)
    made = [(w, g) for w in features.words(prepared) for g in features.word_char_ngrams(w)]
    occurrences = Counter(gram for _w, gram in made)
    for word, gram in made:
        if gram in chars:
            pushes[word] += push_of[chars[gram]] / occurrences[gram]
    for gram in dict.fromkeys(features.word_ngrams(prepared)):
        if gram in words:
            for word in gram.split(" "):
                pushes[word] += push_of[len(chars) + words[gram]] / len(gram.split(" "))
    ranked = sorted(pushes.items(), key=lambda item: -item[1])
    return [word for word, push in ranked[:limit] if push >= MIN_TERM_PUSH]


def test_the_words_named_are_those_the_string_by_string_sharing_names(model):
    texts, _labels = labelled()
    long_text = " ".join(texts)[:5000]
    for text in [*texts[::7], ABUSIVE_PROBE, CLEAN_PROBE, long_text, *TRICKY]:
        assert model.explain(text) == _pushing_words_in_python(model, text)


def _interpreted_calls(call) -> int:
    """Count the Python and C functions call runs: the work the interpreter does one by one."""
    count = 0

    def profile(_frame, event, _arg):
        nonlocal count
        count += event in ("call", "c_call")

    sys.setprofile(profile)
    try:
        call()
    finally:
        sys.setprofile(None)
    return count


def test_scoring_a_long_comment_costs_no_interpreted_work_per_ngram(model):
    texts, _labels = labelled()
    words = (" ".join(texts) + " ") * 20
    short, long_ = words[:500], words[:5000]
    grams_short = len(grams.grams(features.prepare(short)).char_hashes)
    grams_long = len(grams.grams(features.prepare(long_)).char_hashes)
    assert grams_long > 8 * grams_short  # ten times the text, about ten times the n-grams
    model.assess(short)  # the vocabularies' hashes are built once, on the first call
    # Counting n-grams in Python made about five calls per n-gram; numpy makes a fixed number.
    extra = _interpreted_calls(lambda: model.assess(long_)) - _interpreted_calls(
        lambda: model.assess(short)
    )
    assert extra < 0.05 * (grams_long - grams_short)


def test_hashes_of_a_long_text_extend_the_powers_without_changing_the_short_ones():
    short = grams.term_hashes(["ab", "كلب"])
    grams.term_hashes(["x" * 50_000])
    assert np.array_equal(grams.term_hashes(["ab", "كلب"]), short)
