"""Shared fixtures."""

import pytest

from tests.factories import make_article, make_comment, make_section


@pytest.fixture(autouse=True)
def _isolated_cache():
    """Start every test with an empty cache, so no test sees another's data."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _no_loaded_risk_model():
    """Have each test find the abuse model version its own database holds."""
    from comments import scoring

    scoring.forget_loaded_model()
    yield
    scoring.forget_loaded_model()


@pytest.fixture(autouse=True)
def _fast_form(settings):
    """Let test clients post the form without waiting like a human."""
    settings.COMMENTS_FORM_MIN_SECONDS = 0


@pytest.fixture
def section(db):
    return make_section()


@pytest.fixture
def article(section):
    return make_article(section=section)


@pytest.fixture
def comment(article):
    return make_comment(article=article)
