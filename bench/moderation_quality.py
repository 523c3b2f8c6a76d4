"""How well the abuse model ranks abuse: MPOLD cross-validated, across platforms, and learning.

    .venv/bin/python bench/moderation_quality.py            # about five minutes on two cores

1. MPOLD, 5-fold cross-validation: each fold trains the whole model (vectorizers, SVM,
   calibration) on four fifths and scores the fifth, so nothing leaks.
2. By platform: train on two of Twitter, YouTube and Facebook, score the third.
3. Learning curve: each platform (and Twitter+YouTube together, long enough for k = 2,000)
   plays a newsroom. The prior is the other platforms; the "decisions" are the first k of its
   own comments in the file's order; the last 30 % of them are the test set for every k.
   "no prior" trains on the decisions alone.
Then scoring speed (the pipeline's call: score and words) and the default model's training time.
"""

import sys
import time
from pathlib import Path

import numpy as np
from sklearn.model_selection import StratifiedKFold

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from comments.risk import metrics
from comments.risk.corpus import Example, mpold_examples
from comments.risk.model import TrainingDataError, risk_model_train

PLATFORMS = ("Twitter", "YouTube", "Facebook")
# Each newsroom's own comments; the prior is the rest. The last one is long enough for k = 2,000.
NEWSROOMS = {platform: (platform,) for platform in PLATFORMS} | {
    "Twitter+YouTube": ("Twitter", "YouTube")
}
STEPS = (0, 250, 500, 1000, 2000)
TEST_SHARE = 0.3


def train(examples: list[Example]):
    return risk_model_train([e.text for e in examples], [e.label for e in examples], measure=False)


def measured(model, examples: list[Example]) -> dict:
    return metrics.summary([e.label for e in examples], model.scores([e.text for e in examples]))


def row(name: str, figures: dict | None) -> str:
    if figures is None:
        return f"{name:<34} {'-':>6}"
    cells = [figures["auc"], figures["precision"], figures["recall"],
             figures["false_positive_rate"]]  # fmt: skip
    return f"{name:<34} " + " ".join("     -" if c is None else f"{c:6.3f}" for c in cells)


HEADER = f"{'':<34} {'AUC':>6} {'prec':>6} {'recall':>6} {'FPR':>6}   (at 0.5)"


def cross_validated(examples: list[Example]) -> dict:
    labels = np.array([e.label for e in examples])
    scores = np.zeros(len(examples))
    for train_at, test_at in StratifiedKFold(5, shuffle=True, random_state=0).split(labels, labels):
        model = train([examples[i] for i in train_at])
        scores[test_at] = model.scores([examples[i].text for i in test_at])
    return metrics.summary(labels, scores)


def by_platform(examples: list[Example]) -> list[str]:
    lines = []
    for platform in PLATFORMS:
        model = train([e for e in examples if e.group != platform])
        tested = [e for e in examples if e.group == platform]
        lines.append(row(f"train on the others, test {platform}", measured(model, tested)))
    return lines


def learning_curve(examples: list[Example]) -> list[str]:
    lines = []
    for newsroom, platforms in NEWSROOMS.items():
        prior = [e for e in examples if e.group not in platforms]
        stream = [e for e in examples if e.group in platforms]
        cut = int(len(stream) * (1 - TEST_SHARE))
        decisions, tested = stream[:cut], stream[cut:]
        for k in STEPS:
            name = f"{newsroom}: k = {k:,}"
            if k > len(decisions):
                lines.append(f"{name:<34} (only {len(decisions):,} decisions in the stream)")
                continue
            lines.append(row(name, measured(train(prior + decisions[:k]), tested)))
            lines.append(row("  no prior", _decisions_only(decisions[:k], tested)))
    return lines


def _decisions_only(decisions: list[Example], tested: list[Example]) -> dict | None:
    try:
        return measured(train(decisions), tested)
    except TrainingDataError:
        return None


def speed(examples: list[Example]) -> list[str]:
    started = time.perf_counter()
    model = train(examples)
    trained = time.perf_counter() - started
    texts = [e.text for e in examples[:2000]]
    started, started_cpu = time.perf_counter(), time.process_time()
    for text in texts:
        model.assess(text)
    per_comment = 1000 * (time.perf_counter() - started) / len(texts)
    cpu_per_comment = 1000 * (time.process_time() - started_cpu) / len(texts)
    mean_chars = sum(map(len, texts)) / len(texts)
    return [f"training the default model on {len(examples):,} comments: {trained:.1f} s",
            f"scoring (risk and words), mean {mean_chars:.0f} characters: "
            f"{per_comment:.2f} ms per comment ({cpu_per_comment:.2f} ms of CPU; by length: "
            "bench/risk_speed.py)"]  # fmt: skip


def main() -> None:
    examples = mpold_examples()
    print(f"MPOLD: {len(examples):,} comments, {sum(e.label for e in examples):,} offensive\n")
    print(HEADER)
    print(row("MPOLD 5-fold cross-validation", cross_validated(examples)))
    print("\n".join(by_platform(examples)))
    print("\nLearning curve: prior + the first k decisions of a platform's stream")
    print(HEADER)
    print("\n".join(learning_curve(examples)))
    print()
    print("\n".join(speed(examples)))


if __name__ == "__main__":
    main()
