"""A full-text index for the admin queue's search, on PostgreSQL only (SQLite has no GIN index).

The index is kept out of the model state, so SQLite sites migrate (as a no-op) like the others.
Its expression must stay the one comments.admin.search.SEARCH_VECTOR filters on, or the planner
cannot use it; tests/integration/test_query_plans.py checks that it does.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations


def search_index() -> GinIndex:
    vector = SearchVector("name", "email", "body_normalized", config="simple")
    return GinIndex(vector, name="comment_search_idx")


def on_postgresql(method: str):
    def run(apps, schema_editor) -> None:
        if schema_editor.connection.vendor == "postgresql":
            comment = apps.get_model("comments", "Comment")
            getattr(schema_editor, method)(comment, search_index(), concurrently=True)

    return run


class Migration(migrations.Migration):
    # CONCURRENTLY cannot run in a transaction, and a plain CREATE INDEX would block new
    # comments for as long as indexing a big table takes.
    atomic = False

    dependencies = [
        ("comments", "0005_drop_indexes_covered_by_composites"),
    ]

    operations = [
        migrations.RunPython(on_postgresql("add_index"), on_postgresql("remove_index")),
    ]
