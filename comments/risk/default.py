"""The shipped default model: trained from the vendored MPOLD corpus, kept as one .npz file.

`make run` and `make test` build it when missing (`python -m comments.risk.default`); it is made
only from files in the repository, so anyone can rebuild the same model with no download.
"""

import os
import sys
from pathlib import Path

from comments.risk.corpus import MPOLD_FILE, mpold_examples
from comments.risk.model import RiskModel, risk_model_train
from comments.risk.storage import model_from_bytes, model_to_bytes

DEFAULT_MODEL_FILE = Path(__file__).parent / "data" / "default-model.npz"


def default_model_build(path: Path = DEFAULT_MODEL_FILE) -> bytes:
    """Train the default model from MPOLD and write it to path (atomically); return its bytes."""
    examples = mpold_examples()
    model = risk_model_train(
        [e.text for e in examples], [e.label for e in examples],
        info={"sources": {"mpold": len(examples)}, "prior": MPOLD_FILE.name},
    )  # fmt: skip
    data = model_to_bytes(model)
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    try:
        partial.write_bytes(data)
        partial.replace(path)
    except OSError:  # a read-only checkout: the model is still good, only not kept for next time
        partial.unlink(missing_ok=True)
    return data


def default_model_bytes(path: Path = DEFAULT_MODEL_FILE) -> bytes:
    """Return the default model's bytes, building the file first if it is missing."""
    return path.read_bytes() if path.exists() else default_model_build(path)


def default_model() -> RiskModel:
    return model_from_bytes(default_model_bytes())


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_MODEL_FILE
    default_model_build(target)
    print(f"Trained the default abuse model from {MPOLD_FILE.name}: {target}")
