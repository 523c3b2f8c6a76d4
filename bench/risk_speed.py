"""How long the abuse model takes to score one comment (risk and words), by comment length.

    .venv/bin/python bench/risk_speed.py            # about twenty seconds

The texts are real comments (MPOLD's, joined) cut to each length, under a short name, as the
post path scores them: features.prepare (the project's Arabic normalization, links and
elongation folded), the n-grams, the score and the words that raised it. Wall time is what a
post waits; CPU time is the cost itself, which other processes on a shared machine do not
inflate. Bodies are capped at 5,000 characters.
"""

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from comments.risk.corpus import mpold_examples
from comments.risk.default import default_model
from comments.risk.features import comment_text

LENGTHS = (50, 500, 2000, 5000)
SAMPLES = 300  # different texts of each length
BUDGET_MS = 2.0


def texts_of(length: int, joined: str) -> list[str]:
    step = max(1, (len(joined) - length) // SAMPLES)
    return [comment_text("قارئ", joined[i : i + length]) for i in range(0, SAMPLES * step, step)]


def timed(model, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    wall, cpu = [], []
    for text in texts:
        started, started_cpu = time.perf_counter(), time.process_time()
        model.assess(text)
        cpu.append(time.process_time() - started_cpu)
        wall.append(time.perf_counter() - started)
    return 1000 * np.array(wall), 1000 * np.array(cpu)


def main() -> None:
    model = default_model()
    joined = " ".join(e.text for e in mpold_examples())
    model.assess(joined[:100])  # the lookup tables are built once, when a model loads
    print(
        f"{'chars':>6} {'wall p50':>9} {'p95':>7} {'max':>7} {'cpu p50':>8} {'p95':>7} {'max':>7}"
    )
    for length in LENGTHS:
        wall, cpu = timed(model, texts_of(length, joined))
        cells = [np.percentile(wall, 50), np.percentile(wall, 95), wall.max(),
                 np.percentile(cpu, 50), np.percentile(cpu, 95), cpu.max()]  # fmt: skip
        print(f"{length:>6} " + " ".join(f"{c:7.3f}" for c in cells[:1]).rjust(9) + " "
              + " ".join(f"{c:7.3f}" for c in cells[1:3]) + " "
              + f"{cells[3]:8.3f} " + " ".join(f"{c:7.3f}" for c in cells[4:]))  # fmt: skip
    print(f"(milliseconds per comment; the budget is {BUDGET_MS} ms)")


if __name__ == "__main__":
    main()
