"""Run the migrations back and forth in a test, with rows made through the historical models."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone


def migrate(targets: list[tuple[str, str]]):
    """Migrate to these nodes; return the apps registry as it stands there."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def migrate_to_latest() -> None:
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@contextmanager
def rows_made_at(targets: list[tuple[str, str]]) -> Iterator:
    """Migrate back to targets for the test to make rows there with the apps given, then forward
    to the latest state, whatever happens: later tests need the current schema."""
    try:
        yield migrate(targets)
    finally:
        migrate_to_latest()


def historical_article(apps):
    """Create a published article with the models of a past migration state."""
    section = apps.get_model("articles", "Section").objects.create(name="قسم", slug="qism")
    return apps.get_model("articles", "Article").objects.create(
        title="مقال", slug="maqal", section=section, status="published", published_at=timezone.now()
    )
