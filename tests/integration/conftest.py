"""Fixtures shared by the integration tests."""

import pytest

from tests.factories import make_editor


@pytest.fixture
def editor(client):
    """Log the test client into the admin as an editor who reads it in English."""
    user = make_editor()
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return user
