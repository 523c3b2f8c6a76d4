"""Train and score the abuse-risk model: TF-IDF n-grams, a linear SVM, Platt calibration.

Why this shape: on MPOLD (5-fold cross-validation, bench/moderation_quality.py) character
2-5-grams inside words plus word 1-2-grams, on normalized text, beat either alone; a linear SVM
ranks as well as logistic regression and trains ten times faster; Platt scaling on its
cross-validated margins turns a margin into a probability editors can read as "0.87".
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.preprocessing import normalize
from sklearn.svm import LinearSVC

from comments.risk import features, grams, metrics

SVM_C = 0.3
MAX_FOLDS = 5
# Inside each measuring fold, the calibration's own cross-validation: three folds, not five,
# keep measuring a model about five times the cost of training it.
CALIBRATION_FOLDS = 3
TERMS_SHOWN = 6
# A word must add at least this much to the margin to count as pushing the score up.
MIN_TERM_PUSH = 0.05


class TrainingDataError(ValueError):
    """The labelled examples cannot train a model (too few, or one class only)."""


def vectorizer(analyzer) -> TfidfVectorizer:
    """Return the TF-IDF vectorizer the model uses for one family of n-grams."""
    return TfidfVectorizer(analyzer=analyzer, sublinear_tf=True, lowercase=False, dtype=np.float32)


@dataclass
class RiskModel:
    """A trained model: two vectorizers, the SVM's weights and the calibration."""

    char_vectorizer: TfidfVectorizer
    word_vectorizer: TfidfVectorizer
    coef: np.ndarray
    intercept: float
    platt: tuple[float, float]
    info: dict = field(default_factory=dict)

    def margins(self, texts: Sequence[str]) -> np.ndarray:
        return np.array([self._margin(*self._features(features.prepare(t))) for t in texts])

    def probabilities(self, margins: np.ndarray) -> np.ndarray:
        slope, offset = self.platt
        return 1.0 / (1.0 + np.exp(-(slope * np.asarray(margins) + offset)))

    def scores(self, texts: Sequence[str]) -> np.ndarray:
        """Return each text's risk, from 0 (clean) to 1 (abusive)."""
        return self.probabilities(self.margins(texts))

    def score(self, text: str) -> float:
        return float(self.scores([text])[0])

    def assess(self, text: str, limit: int = TERMS_SHOWN) -> tuple[float, list[str]]:
        """Return the text's risk and the words that pushed it up, reading the text once."""
        found = grams.grams(features.prepare(text))
        char_row, word_row = self._rows(found)
        indices, values = _joined(char_row, word_row, offset=len(self.char_vectorizer.vocabulary_))
        risk = float(self.probabilities(np.array([self._margin(indices, values)]))[0])
        return risk, self._pushing_words(found, char_row, word_row, limit)

    def explain(self, text: str, limit: int = TERMS_SHOWN) -> list[str]:
        """Return the (normalized) words that pushed this text's score up, strongest first."""
        return self.assess(text, limit)[1]

    def _margin(self, indices: np.ndarray, values: np.ndarray) -> float:
        return float(values @ self.coef[indices]) + self.intercept

    def _features(self, prepared: str) -> tuple[np.ndarray, np.ndarray]:
        """Return the TF-IDF row of one text as sklearn's transform would, in a fraction of its time.

        sklearn's transform costs about 5 ms a call in fixed overhead, and counting n-grams in
        Python 20 ms for 5,000 characters; comments.risk.grams hashes them with numpy instead.
        tests/unit/test_risk_model.py checks both agree.
        """
        char_row, word_row = self._rows(grams.grams(prepared))
        return _joined(char_row, word_row, offset=len(self.char_vectorizer.vocabulary_))

    def _rows(self, found: grams.Grams) -> tuple["_Row", "_Row"]:
        char_vocabulary, word_vocabulary = self._hashed
        return (
            _Row.of(found.char_hashes, char_vocabulary, self.char_vectorizer.idf_),
            _Row.of(found.word_hashes, word_vocabulary, self.word_vectorizer.idf_),
        )

    @cached_property
    def _hashed(self) -> tuple[grams.HashedVocabulary, grams.HashedVocabulary]:
        return (grams.HashedVocabulary.of(self.char_vectorizer.vocabulary_),
                grams.HashedVocabulary.of(self.word_vectorizer.vocabulary_))  # fmt: skip

    def _pushing_words(self, found: grams.Grams, char_row: "_Row", word_row: "_Row",
                       limit: int) -> list[str]:  # fmt: skip
        """Share each n-gram's part of the margin among the words it came from; rank the words."""
        size = len(self.char_vectorizer.vocabulary_)
        # Each occurrence of a character n-gram takes an equal share of its push.
        share = char_row.values * self.coef[char_row.indices] / char_row.counts
        token_push = np.bincount(found.char_token, char_row.spread(share),
                                 minlength=len(found.tokens))  # fmt: skip
        # Each distinct word n-gram counts once, shared among its words.
        first = word_row.first_occurrences()
        starts, ends = found.word_first[first], found.word_last[first]
        share = word_row.values * self.coef[size + word_row.indices] / (ends - starts + 1)
        for step in range(int((ends - starts).max(initial=-1)) + 1):
            reaches = starts + step <= ends
            token_push += np.bincount(starts[reaches] + step, share[reaches],
                                      minlength=len(token_push))  # fmt: skip
        return _ranked_words(found, token_push, limit)

    def matrix(self, prepared: Sequence[str]) -> sparse.csr_matrix:
        """Return sklearn's TF-IDF matrix of prepared texts (training and checks)."""
        return sparse.hstack(
            [self.char_vectorizer.transform(prepared), self.word_vectorizer.transform(prepared)],
            format="csr",
        )


@dataclass(frozen=True)
class _Row:
    """One family's TF-IDF row, and which of its entries each n-gram occurrence counted in."""

    indices: np.ndarray  # the distinct known n-grams' vocabulary indices, ascending
    counts: np.ndarray
    values: np.ndarray  # sublinear TF-IDF, L2-normalized
    at: np.ndarray  # each occurrence's vocabulary index, -1 when not in the vocabulary

    @classmethod
    def of(cls, hashes: np.ndarray, vocabulary: grams.HashedVocabulary,
           idf: np.ndarray) -> "_Row":  # fmt: skip
        at = vocabulary.lookup(hashes)
        indices, counts = np.unique(at[at >= 0], return_counts=True)
        values = (1.0 + np.log(counts.astype(np.float64))) * idf[indices]
        norm = np.sqrt(values @ values)
        return cls(indices, counts, values / norm if norm else values, at)

    def spread(self, per_entry: np.ndarray) -> np.ndarray:
        """Return each occurrence's value from each entry's (0 where the n-gram is unknown)."""
        dense = np.zeros(int(self.indices[-1]) + 2 if len(self.indices) else 1)
        dense[self.indices] = per_entry
        return dense[self.at]  # an unknown one, at -1, reads the last slot, left at 0

    def first_occurrences(self) -> np.ndarray:
        """Return where each entry's n-gram first occurs."""
        known = np.flatnonzero(self.at >= 0)
        _indices, first = np.unique(self.at[known], return_index=True)
        return known[first]


def _joined(char_row: _Row, word_row: _Row, *, offset: int) -> tuple[np.ndarray, np.ndarray]:
    return (np.concatenate([char_row.indices, word_row.indices + offset]),
            np.concatenate([char_row.values, word_row.values]))  # fmt: skip


def _ranked_words(found: grams.Grams, token_push: np.ndarray, limit: int) -> list[str]:
    """Return the words whose pushes, summed over their occurrences, are largest (ties: first)."""
    if not found.tokens:
        return []
    unigrams = found.word_hashes[: len(found.tokens)]
    _hashes, first, group = np.unique(unigrams, return_index=True, return_inverse=True)
    pushes = np.bincount(group, weights=token_push)
    by_appearance = np.argsort(first, kind="stable")
    ranked = by_appearance[np.argsort(-pushes[by_appearance], kind="stable")][:limit]
    return [found.tokens[first[g]] for g in ranked if pushes[g] >= MIN_TERM_PUSH]


def risk_model_train(texts: Sequence[str], labels: Sequence[int], *, info: dict | None = None,
                     folds: int = MAX_FOLDS, measure: bool = True) -> RiskModel:  # fmt: skip
    """Train a model on labelled texts (1 abusive, 0 clean), measuring it by cross-validation.

    measure=False skips the measurement (five more trainings), for callers that measure it
    their own way (bench/moderation_quality.py).
    """
    y = np.asarray(labels, dtype=int)
    prepared = [features.prepare(text) for text in texts]
    folds = min(folds, _distinct_in_smaller_class(prepared, y))
    if folds < 2:
        raise TrainingDataError("need at least two abusive and two clean examples")
    model = _fit(prepared, y, calibration_folds=folds)
    model.info = {**(info or {}), "training_size": len(y), "positives": int(y.sum())}
    if measure:
        probabilities = cross_validated_risks(prepared, y, folds=folds)
        model.info |= {"cv_folds": folds, "cv": metrics.summary(y, probabilities)}
    return model


def _distinct_in_smaller_class(prepared: list[str], y: np.ndarray) -> int:
    abusive = {text for text, label in zip(prepared, y, strict=True) if label}
    clean = {text for text, label in zip(prepared, y, strict=True) if not label}
    return min(len(abusive), len(clean))


def _fit(prepared: list[str], y: np.ndarray, *, calibration_folds: int) -> RiskModel:
    """Fit the vectorizers, the SVM and its calibration on these examples and no others."""
    char_vec, word_vec = vectorizer(features.char_ngrams), vectorizer(features.word_ngrams)
    x = sparse.hstack(
        [char_vec.fit_transform(prepared), word_vec.fit_transform(prepared)], format="csr"
    )
    folds = min(calibration_folds, _distinct_in_smaller_class(prepared, y))
    held_out = _cross_validated_margins(x, y, groups=prepared, folds=folds)
    svm = _svm().fit(x, y)
    return RiskModel(char_vec, word_vec, svm.coef_[0].astype(np.float32),
                     float(svm.intercept_[0]), _platt(held_out, y))  # fmt: skip


def _splits(y: np.ndarray, texts: Sequence[str], folds: int):
    """Yield stratified folds that keep identical texts together.

    A copy in the training folds would otherwise score its twin in the test fold, and
    copy-pasted comments are common on a site. (sklearn's StratifiedGroupKFold takes seconds.)
    """
    seen: dict[str, int] = {}
    group = np.fromiter((seen.setdefault(t, len(seen)) for t in texts), dtype=np.int64)
    label = np.zeros(len(seen), dtype=int)
    label[group] = y  # a text labelled both ways goes by one of its labels
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=0)
    for _train, test_groups in splitter.split(np.zeros(len(seen)), label):
        tested = np.isin(group, test_groups)
        yield np.flatnonzero(~tested), np.flatnonzero(tested)


def cross_validated_risks(prepared: list[str], y: np.ndarray, *, folds: int) -> np.ndarray:
    """Return each example's risk from a model fitted, whole, without its fold.

    Each fold has its own vocabulary and IDF (the n-grams of its training folds, counted there),
    SVM and calibration. Fitted on all the texts, the vocabulary and IDF knew the test folds'
    n-grams, and a calibration fitted on the held-out margins was judged on those same margins.
    The n-grams are counted once for all texts; each fold keeps the columns its training part
    has and weighs them by that part's document frequencies, as a vectorizer fitted there would.
    """
    counts = [CountVectorizer(analyzer=analyzer, lowercase=False).fit_transform(prepared)
              for analyzer in (features.char_ngrams, features.word_ngrams)]  # fmt: skip
    risks = np.zeros(len(y))
    for train, test in _splits(y, prepared, folds):
        x_train, x_test = _fold_tfidf(counts, train, test)
        calibration_folds = min(CALIBRATION_FOLDS, _distinct_in_smaller_class(
            [prepared[i] for i in train], y[train]))  # fmt: skip
        held_out = _cross_validated_margins(x_train, y[train], groups=[prepared[i] for i in train],
                                            folds=calibration_folds)  # fmt: skip
        slope, offset = _platt(held_out, y[train])
        margins = _svm().fit(x_train, y[train]).decision_function(x_test)
        risks[test] = 1.0 / (1.0 + np.exp(-(slope * margins + offset)))
    return risks


def _fold_tfidf(counts: list[sparse.csr_matrix], train: np.ndarray,
                test: np.ndarray) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:  # fmt: skip
    """Return the training and test rows as TfidfVectorizer fitted on the training rows makes them."""
    trains, tests = [], []
    for family in counts:
        seen_in = np.bincount(family[train].indices, minlength=family.shape[1])
        kept = np.flatnonzero(seen_in)
        idf = np.log((1 + len(train)) / (1 + seen_in[kept])) + 1  # sklearn's smooth IDF
        rows = family[:, kept].astype(np.float64)
        rows.data = 1.0 + np.log(rows.data)  # sublinear TF
        rows = normalize(rows @ sparse.diags(idf), norm="l2", copy=False).astype(np.float32)
        rows = rows.tocsr()  # float32 as the vectorizers make them: the same SVM, to the bit
        trains.append(rows[train])
        tests.append(rows[test])
    return sparse.hstack(trains, format="csr"), sparse.hstack(tests, format="csr")


def _cross_validated_margins(x: sparse.csr_matrix, y: np.ndarray, *, groups: Sequence[str],
                             folds: int) -> np.ndarray:  # fmt: skip
    """Return each example's margin from an SVM that did not see it (to calibrate, not to judge)."""
    if folds < 2:  # too few to hold any out (a tiny measuring fold): calibrate on what it saw
        return _svm().fit(x, y).decision_function(x)
    margins = np.zeros(len(y))
    for train, test in _splits(y, groups, folds):
        margins[test] = _svm().fit(x[train], y[train]).decision_function(x[test])
    return margins


def _svm() -> LinearSVC:
    # Seeded: liblinear visits the examples in a random order, so a retrained model (and a
    # measured one) would otherwise differ in the fourth decimal from run to run.
    return LinearSVC(C=SVM_C, random_state=0)


def _platt(margins: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    fit = LogisticRegression(C=1e4).fit(margins.reshape(-1, 1), y)
    return float(fit.coef_[0][0]), float(fit.intercept_[0])
