"""Fixtures shared by the integration tests."""

import pytest

from tests.factories import make_editor
from tests.risk_fixtures import write_labelled_file


@pytest.fixture
def editor(client):
    """Log the test client into the admin as an editor who reads it in English."""
    user = make_editor()
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return user


@pytest.fixture
def risk_model(db, tmp_path):
    """Store an abuse model trained for real on the small labelled corpus (no MPOLD prior)."""
    from comments import scoring
    from comments.services.risk import risk_model_version_train

    version = risk_model_version_train(
        files=[write_labelled_file(tmp_path / "labelled.tsv")], prior=False
    )
    scoring.forget_loaded_model()
    return version
