"""Pure measures of a scorer: ROC AUC, and precision, recall and false positives at a threshold."""

from collections.abc import Sequence

import numpy as np
from sklearn.metrics import roc_auc_score

TRADE_OFF_THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def auc(labels: Sequence[int], scores: Sequence[float]) -> float | None:
    """Return the ROC AUC, or None when only one class is present."""
    y = np.asarray(labels, dtype=int)
    if y.size == 0 or y.min() == y.max():
        return None
    return float(roc_auc_score(y, np.asarray(scores, dtype=float)))


def at_threshold(labels: Sequence[int], flagged: Sequence[bool]) -> dict:
    """Return counts, precision, recall and false-positive rate of a yes/no flag."""
    y = np.asarray(labels, dtype=bool)
    hit = np.asarray(flagged, dtype=bool)
    tp, fp = int(np.sum(hit & y)), int(np.sum(hit & ~y))
    fn, tn = int(np.sum(~hit & y)), int(np.sum(~hit & ~y))
    return {
        "flagged": tp + fp, "true_positives": tp, "false_positives": fp, "false_negatives": fn,
        "precision": _ratio(tp, tp + fp), "recall": _ratio(tp, tp + fn),
        "false_positive_rate": _ratio(fp, fp + tn),
    }  # fmt: skip


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def trade_off(labels: Sequence[int], scores: Sequence[float],
              thresholds: Sequence[float] = TRADE_OFF_THRESHOLDS) -> list[dict]:  # fmt: skip
    """Return precision, recall and false-positive rate at each threshold."""
    values = np.asarray(scores, dtype=float)
    return [{"threshold": t, **at_threshold(labels, values >= t)} for t in thresholds]


def summary(labels: Sequence[int], scores: Sequence[float], threshold: float = 0.5) -> dict:
    """Return n, positives, AUC and the figures at one threshold."""
    values = np.asarray(scores, dtype=float)
    return {
        "n": len(values),
        "positives": int(np.sum(np.asarray(labels, dtype=int))),
        "auc": auc(labels, values),
        "threshold": threshold,
        **at_threshold(labels, values >= threshold),
    }
