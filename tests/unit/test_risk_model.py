"""The abuse model trained for real on a small corpus: scores, explanations, safe storage."""

import io

import numpy as np
import pytest

from comments.risk import features
from comments.risk.model import TrainingDataError, risk_model_train
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
