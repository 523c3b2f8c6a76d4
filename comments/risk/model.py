"""Train and score the abuse-risk model: TF-IDF n-grams, a linear SVM, Platt calibration.

Why this shape: on MPOLD (5-fold cross-validation, bench/moderation_quality.py) character
2-5-grams inside words plus word 1-2-grams, on normalized text, beat either alone; a linear SVM
ranks as well as logistic regression and trains ten times faster; Platt scaling on its
cross-validated margins turns a margin into a probability editors can read as "0.87".
"""

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.svm import LinearSVC

from comments.risk import features, metrics

SVM_C = 0.3
MAX_FOLDS = 5
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
        prepared = features.prepare(text)
        indices, values = self._features(prepared)
        risk = float(self.probabilities(np.array([self._margin(indices, values)]))[0])
        return risk, self._pushing_words(prepared, indices, values, limit)

    def explain(self, text: str, limit: int = TERMS_SHOWN) -> list[str]:
        """Return the (normalized) words that pushed this text's score up, strongest first."""
        return self.assess(text, limit)[1]

    def _margin(self, indices: np.ndarray, values: np.ndarray) -> float:
        return float(values @ self.coef[indices]) + self.intercept

    def _features(self, prepared: str) -> tuple[np.ndarray, np.ndarray]:
        """Return the TF-IDF row of one text as sklearn's transform would, in a fraction of its time.

        sklearn's transform costs about 5 ms a call in fixed overhead; counting in a dict keeps a
        comment under the 2 ms budget. tests/unit/test_risk_model.py checks both agree.
        """
        char_vec, word_vec = self.char_vectorizer, self.word_vectorizer
        char_i, char_v = _tfidf_row(features.char_ngrams(prepared), char_vec.vocabulary_,
                                    char_vec.idf_)  # fmt: skip
        word_i, word_v = _tfidf_row(features.word_ngrams(prepared), word_vec.vocabulary_,
                                    word_vec.idf_)  # fmt: skip
        offset = len(char_vec.vocabulary_)
        return np.concatenate([char_i, word_i + offset]), np.concatenate([char_v, word_v])

    def _pushing_words(self, prepared: str, indices: np.ndarray, values: np.ndarray,
                       limit: int) -> list[str]:  # fmt: skip
        """Share each n-gram's part of the margin among the words it came from; rank the words."""
        push_of = dict(zip(indices.tolist(), (values * self.coef[indices]).tolist(), strict=True))
        char_vocabulary = self.char_vectorizer.vocabulary_
        word_offset = len(char_vocabulary)
        pushes: dict[str, float] = defaultdict(float)
        made = [(w, g) for w in features.words(prepared) for g in features.word_char_ngrams(w)]
        occurrences = Counter(gram for _word, gram in made)
        for word, gram in made:
            if (index := char_vocabulary.get(gram)) is not None:
                pushes[word] += push_of[index] / occurrences[gram]
        for gram in dict.fromkeys(features.word_ngrams(prepared)):
            if (index := self.word_vectorizer.vocabulary_.get(gram)) is not None:
                parts = gram.split(" ")
                for word in parts:
                    pushes[word] += push_of[word_offset + index] / len(parts)
        ranked = sorted(pushes.items(), key=lambda item: -item[1])
        return [word for word, push in ranked[:limit] if push >= MIN_TERM_PUSH]

    def matrix(self, prepared: Sequence[str]) -> sparse.csr_matrix:
        """Return sklearn's TF-IDF matrix of prepared texts (training and checks)."""
        return sparse.hstack(
            [self.char_vectorizer.transform(prepared), self.word_vectorizer.transform(prepared)],
            format="csr",
        )


def _tfidf_row(grams: list[str], vocabulary: dict[str, int],
               idf: np.ndarray) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """Return the known grams' indices and their sublinear TF-IDF values, L2-normalized."""
    counts = Counter(gram for gram in grams if gram in vocabulary)
    indices = np.fromiter((vocabulary[gram] for gram in counts), dtype=np.int64, count=len(counts))
    values = (1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64))) * idf[indices]
    norm = np.sqrt(values @ values)
    return indices, values / norm if norm else values


def risk_model_train(texts: Sequence[str], labels: Sequence[int], *, info: dict | None = None,
                     folds: int = MAX_FOLDS) -> RiskModel:  # fmt: skip
    """Train a model on labelled texts (1 abusive, 0 clean), measuring it by cross-validation."""
    y = np.asarray(labels, dtype=int)
    smallest = min(int(y.sum()), int(len(y) - y.sum()))
    if smallest < 2:
        raise TrainingDataError("need at least two abusive and two clean examples")
    prepared = [features.prepare(text) for text in texts]
    char_vec, word_vec = vectorizer(features.char_ngrams), vectorizer(features.word_ngrams)
    x = sparse.hstack(
        [char_vec.fit_transform(prepared), word_vec.fit_transform(prepared)], format="csr"
    )
    held_out = _cross_validated_margins(x, y, folds=min(folds, smallest))
    platt = _platt(held_out, y)
    svm = LinearSVC(C=SVM_C).fit(x, y)
    model = RiskModel(char_vec, word_vec, svm.coef_[0].astype(np.float32),
                      float(svm.intercept_[0]), platt)  # fmt: skip
    probabilities = model.probabilities(held_out)
    model.info = {
        **(info or {}),
        "training_size": len(y),
        "positives": int(y.sum()),
        "cv_folds": min(folds, smallest),
        "cv": metrics.summary(y, probabilities),
    }
    return model


def _cross_validated_margins(x: sparse.csr_matrix, y: np.ndarray, *, folds: int) -> np.ndarray:
    """Return each example's margin from an SVM that did not see it.

    The vectorizers saw every text (no labels): a small optimism the bench's pipeline avoids.
    """
    margins = np.zeros(len(y))
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=0)
    for train, test in splitter.split(x, y):
        margins[test] = LinearSVC(C=SVM_C).fit(x[train], y[train]).decision_function(x[test])
    return margins


def _platt(margins: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    fit = LogisticRegression(C=1e4).fit(margins.reshape(-1, 1), y)
    return float(fit.coef_[0][0]), float(fit.intercept_[0])
