"""Migration 0014: the risk index rebuilt without blocking writes, and back, on either database."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.migration_steps import migrate, migrate_to_latest

BEFORE = [("comments", "0013_risk_model_version_in_settings")]
AFTER = [("comments", "0014_risk_index_without_locking")]
ON_POSTGRESQL = "postgresql" in settings.DATABASES["default"]["ENGINE"]

pytestmark = pytest.mark.django_db(transaction=True)


def risk_indexes() -> set[str]:
    """Return the names of the indexes on exactly the risk column."""
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, "comments_comment")
    return {name for name, c in found.items() if c["index"] and c["columns"] == ["risk"]}


@pytest.fixture
def at_0013():
    migrate(BEFORE)
    yield
    migrate_to_latest()  # whatever happened: later tests need the current schema


def test_the_field_index_becomes_the_named_one_and_back(at_0013):
    (made_by_0011,) = risk_indexes()
    assert made_by_0011 != "comment_risk_idx"
    migrate(AFTER)
    assert risk_indexes() == {"comment_risk_idx"}
    migrate(BEFORE)
    assert risk_indexes() == {made_by_0011}


@pytest.mark.postgres
@pytest.mark.skipif(not ON_POSTGRESQL, reason="CONCURRENTLY is PostgreSQL's (set DATABASE_URL)")
def test_on_postgresql_every_index_statement_is_concurrent(at_0013):
    with CaptureQueriesContext(connection) as forwards:
        migrate(AFTER)
    with CaptureQueriesContext(connection) as backwards:
        migrate(BEFORE)
    statements = [q["sql"] for q in [*forwards.captured_queries, *backwards.captured_queries]]
    index_statements = [
        s for s in statements if s.upper().startswith(("CREATE INDEX", "DROP INDEX"))
    ]
    assert len(index_statements) == 4  # forwards create and drop, backwards create and drop
    assert all("CONCURRENTLY" in s.upper() for s in index_statements)
