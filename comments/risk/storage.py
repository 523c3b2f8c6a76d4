"""A model as plain arrays in one .npz (no pickle anywhere), and back."""

import io
import json

import numpy as np

from comments.risk import features
from comments.risk.model import RiskModel, vectorizer

FORMAT_VERSION = 1
_SEPARATOR = "\x00"  # never in prepared text


class ModelFormatError(ValueError):
    """The stored bytes are not a model this code can read."""


def model_to_bytes(model: RiskModel) -> bytes:
    """Return the model as compressed numpy arrays (terms as UTF-8, numbers as floats)."""
    buffer = io.BytesIO()
    np.savez_compressed(
        buffer,
        format_version=np.array([FORMAT_VERSION]),
        char_terms=_terms(model.char_vectorizer.vocabulary_),
        char_idf=model.char_vectorizer.idf_.astype(np.float32),
        word_terms=_terms(model.word_vectorizer.vocabulary_),
        word_idf=model.word_vectorizer.idf_.astype(np.float32),
        coef=model.coef.astype(np.float32),
        intercept_platt=np.array([model.intercept, *model.platt], dtype=np.float64),
        info=np.frombuffer(json.dumps(model.info).encode(), dtype=np.uint8),
    )
    return buffer.getvalue()


def _terms(vocabulary: dict[str, int]) -> np.ndarray:
    ordered = sorted(vocabulary, key=vocabulary.__getitem__)
    return np.frombuffer(_SEPARATOR.join(ordered).encode(), dtype=np.uint8)


def model_from_bytes(data: bytes) -> RiskModel:
    """Rebuild a model from model_to_bytes's output; raise ModelFormatError if it is not one."""
    try:
        with np.load(io.BytesIO(bytes(data)), allow_pickle=False) as arrays:
            return _model(dict(arrays))
    except ModelFormatError:
        raise
    except Exception as error:  # a truncated zip, a missing array, bad UTF-8 or JSON
        raise ModelFormatError(f"unreadable model: {error}") from error


def _model(arrays: dict[str, np.ndarray]) -> RiskModel:
    if int(arrays["format_version"][0]) != FORMAT_VERSION:
        raise ModelFormatError(f"unknown model format {arrays['format_version'][0]}")
    char_vec = _vectorizer(features.char_ngrams, arrays["char_terms"], arrays["char_idf"])
    word_vec = _vectorizer(features.word_ngrams, arrays["word_terms"], arrays["word_idf"])
    coef, numbers = arrays["coef"], arrays["intercept_platt"]
    size = len(char_vec.vocabulary_) + len(word_vec.vocabulary_)
    if coef.shape != (size,) or numbers.shape != (3,) or not np.isfinite(coef).all():
        raise ModelFormatError("the weights do not fit the vocabulary")
    info = json.loads(arrays["info"].tobytes().decode())
    return RiskModel(char_vec, word_vec, coef, float(numbers[0]),
                     (float(numbers[1]), float(numbers[2])), info)  # fmt: skip


def _vectorizer(analyzer, terms: np.ndarray, idf: np.ndarray):
    text = terms.tobytes().decode()
    vocabulary = {term: index for index, term in enumerate(text.split(_SEPARATOR))} if text else {}
    if len(vocabulary) != len(idf) or not len(idf):
        raise ModelFormatError("the vocabulary and its weights differ in length")
    vec = vectorizer(analyzer)
    vec.vocabulary_ = vocabulary
    vec.idf_ = idf
    return vec
