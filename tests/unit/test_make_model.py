"""`make run` and `make test` train the default abuse model when it is missing, and only then."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MAKE = shutil.which("make")
BUILD = "-m comments.risk.default"

if MAKE is None:
    if os.environ.get("CI"):
        pytest.fail("make is not installed (the CI variable is set, so this fails)")
    pytestmark = pytest.mark.skip("make is not installed")


def planned(target: str, model: Path) -> str:
    """Return what make would run for the target (dry run), with the model file at model."""
    result = subprocess.run([MAKE, "-n", "-C", str(ROOT), target, f"DEFAULT_MODEL={model}"],
                            capture_output=True, text=True, timeout=30, check=True)  # fmt: skip
    return result.stdout


@pytest.mark.parametrize("target", ["run", "test"])
def test_a_missing_default_model_is_trained_first(tmp_path, target):
    model = tmp_path / "default-model.npz"
    assert f"{BUILD} {model}" in planned(target, model)


@pytest.mark.parametrize("target", ["run", "test"])
def test_an_up_to_date_default_model_is_not_trained_again(tmp_path, target):
    model = tmp_path / "default-model.npz"
    model.touch()  # newer than the corpus and the code
    assert BUILD not in planned(target, model)


def test_run_stores_the_default_model_when_the_database_has_none(tmp_path):
    assert "manage.py train_moderation_model --if-missing" in planned("run", tmp_path / "m.npz")
