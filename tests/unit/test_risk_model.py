"""The abuse model trained for real on a small corpus: scores, explanations, safe storage."""

import io

import numpy as np
import pytest
from sklearn.feature_extraction.text import CountVectorizer

from comments.risk import features, metrics
from comments.risk import model as model_module
from comments.risk.corpus import mpold_examples
from comments.risk.model import (
    MAX_FOLDS,
    RiskModel,
    TrainingDataError,
    risk_model_train,
    vectorizer,
)
from comments.risk.storage import ModelFormatError, model_from_bytes, model_to_bytes
from tests.risk_fixtures import ABUSIVE_PROBE, CLEAN_PROBE, labelled


@pytest.fixture(scope="module")
def model():
    texts, labels = labelled()
    return risk_model_train(texts, labels)


def test_an_unseen_insult_scores_above_an_unseen_clean_comment(model):
    abusive, clean = model.scores([ABUSIVE_PROBE, CLEAN_PROBE])
    assert 0 <= clean < abusive <= 1
    assert abusive > 0.5 > clean


def test_training_records_its_size_and_cross_validated_metrics(model):
    texts, labels = labelled()
    assert model.info["training_size"] == len(texts)
    assert model.info["positives"] == sum(labels)
    assert model.info["cv"]["auc"] > 0.9


def test_the_model_reads_the_normalized_text(model):
    plain = "انت حقير"
    dressed = "أنتَ حَقِـــير"  # harakat, hamza on the alef, tatweel
    assert features.prepare(dressed) == features.prepare(plain)
    assert model.score(dressed) == pytest.approx(model.score(plain))


def test_the_fast_scorer_agrees_with_sklearns_transform(model):
    texts, _labels = labelled()
    probes = [*texts[:10], ABUSIVE_PROBE, CLEAN_PROBE, "", "😂😂"]
    prepared = [features.prepare(text) for text in probes]
    by_sklearn = model.matrix(prepared) @ model.coef + model.intercept
    assert model.margins(probes) == pytest.approx(by_sklearn, abs=1e-5)


def test_the_words_that_raised_the_score_are_named(model):
    risk, terms = model.assess(ABUSIVE_PROBE)
    assert risk == pytest.approx(model.score(ABUSIVE_PROBE))
    assert "حقير" in terms
    assert "المعلق" not in terms[:1]


def test_a_clean_comment_names_few_or_no_risky_words(model):
    assert not set(model.explain(CLEAN_PROBE)) & {"شكرا", "المقال"}


def test_one_class_only_cannot_train():
    with pytest.raises(TrainingDataError):
        risk_model_train(["نص", "نص اخر", "ثالث"], [0, 0, 0])


def test_a_stored_model_scores_exactly_as_the_trained_one(model):
    again = model_from_bytes(model_to_bytes(model))
    probes = [ABUSIVE_PROBE, CLEAN_PROBE]
    assert again.scores(probes) == pytest.approx(model.scores(probes), abs=1e-6)
    assert again.info == model.info


def test_stored_bytes_hold_no_pickle(model):
    data = model_to_bytes(model)
    with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
        assert all(arrays[name].dtype != object for name in arrays.files)


def test_an_archive_with_a_pickled_array_is_refused(model):
    buffer = io.BytesIO()
    np.savez(buffer, format_version=np.array([1]), char_terms=np.array([{"x": 1}], dtype=object))
    with pytest.raises(ModelFormatError):
        model_from_bytes(buffer.getvalue())


@pytest.mark.parametrize("data", [b"", b"not a model", b"PK\x03\x04broken"])
def test_broken_bytes_are_a_format_error(data):
    with pytest.raises(ModelFormatError):
        model_from_bytes(data)


def test_weights_that_do_not_fit_the_vocabulary_are_refused(model):
    buffer = io.BytesIO(model_to_bytes(model))
    with np.load(buffer, allow_pickle=False) as stored:
        arrays = dict(stored)
    arrays["coef"] = arrays["coef"][:-1]
    broken = io.BytesIO()
    np.savez(broken, **arrays)
    with pytest.raises(ModelFormatError):
        model_from_bytes(broken.getvalue())


@pytest.fixture(scope="module")
def mpold_sample():
    """Real, hard comments: on an easy corpus every way of measuring scores 1.0."""
    examples = mpold_examples()[:400]
    return [e.text for e in examples], [e.label for e in examples]


def test_the_stored_cv_figures_are_those_of_models_that_never_saw_their_fold(mpold_sample):
    texts, labels = mpold_sample
    measured = risk_model_train(texts, labels).info["cv"]
    prepared, y = [features.prepare(t) for t in texts], np.array(labels)
    risks = np.zeros(len(y))
    for train, test in model_module._splits(y, prepared, MAX_FOLDS):
        alone = risk_model_train([texts[i] for i in train], y[train], measure=False,
                                 folds=model_module.CALIBRATION_FOLDS)  # fmt: skip
        risks[test] = alone.scores([texts[i] for i in test])
    expected = metrics.summary(y, risks)
    assert measured["auc"] == pytest.approx(expected["auc"], abs=1e-6)
    assert measured["flagged"] == expected["flagged"]
    assert measured["true_positives"] == expected["true_positives"]


def test_each_fold_weighs_ngrams_as_a_vectorizer_fitted_on_its_training_part_only(mpold_sample):
    texts, labels = mpold_sample
    prepared, y = [features.prepare(t) for t in texts], np.array(labels)
    counts = [CountVectorizer(analyzer=analyzer, lowercase=False).fit_transform(prepared)
              for analyzer in (features.char_ngrams, features.word_ngrams)]  # fmt: skip
    train, test = next(model_module._splits(y, prepared, MAX_FOLDS))
    x_train, x_test = model_module._fold_tfidf(counts, train, test)
    fitted = [vectorizer(analyzer).fit([prepared[i] for i in train])
              for analyzer in (features.char_ngrams, features.word_ngrams)]  # fmt: skip
    alone = RiskModel(*fitted, np.zeros(x_train.shape[1], dtype=np.float32), 0.0, (1.0, 0.0))
    assert x_train.shape[1] < sum(c.shape[1] for c in counts)  # the test fold's own n-grams out
    assert abs(x_test - alone.matrix([prepared[i] for i in test])).max() < 1e-6
    assert abs(x_train - alone.matrix([prepared[i] for i in train])).max() < 1e-6


def test_copies_of_a_text_share_a_fold():
    texts = [f"نص رقم {i % 7}" for i in range(40)]
    y = np.array([i % 2 for i in range(40)])
    for train, test in model_module._splits(y, texts, 3):
        assert not {texts[i] for i in train} & {texts[i] for i in test}
