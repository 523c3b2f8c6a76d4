"""The public test corpora in ../shared/data, found the same way by every test."""

import os
from pathlib import Path

import pytest

SHARED_DATA = (Path(__file__).resolve().parents[1] / "../shared/data").resolve()


def shared_data(relative: str) -> Path:
    """Return a shared corpus file; skip only if the whole folder is absent and CI is unset."""
    path = SHARED_DATA / relative
    if path.exists():
        return path
    if SHARED_DATA.is_dir() or os.environ.get("CI"):
        pytest.fail(f"shared test data missing: {path}")
    pytest.skip(f"shared test data folder not found at {SHARED_DATA} (CI unset, so skipping)")
