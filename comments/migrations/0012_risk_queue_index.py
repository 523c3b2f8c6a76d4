"""The pending queue riskiest first, read in index order, on PostgreSQL only.

PostgreSQL puts NULLs first in a descending index, so the plain index on risk cannot give the
queue's order (riskiest first, unscored last); SQLite cannot declare NULLS LAST in an index, and
already sorts NULLs last when descending. The index is kept out of the model state, like
0006's; its expression must stay comments.admin.filters.RISK_FIRST, which
tests/integration/test_query_plans.py checks the planner uses.
"""

from django.db import migrations
from django.db.models import F, Index


def risk_queue_index() -> Index:
    return Index(F("status"), F("risk").desc(nulls_last=True), F("created_at"), F("id"),
                 name="comment_risk_queue_idx")


def on_postgresql(method: str):
    def run(apps, schema_editor) -> None:
        if schema_editor.connection.vendor == "postgresql":
            comment = apps.get_model("comments", "Comment")
            getattr(schema_editor, method)(comment, risk_queue_index(), concurrently=True)

    return run


class Migration(migrations.Migration):
    atomic = False  # CONCURRENTLY: building it on a big table must not block new comments

    dependencies = [
        ("comments", "0011_abuse_risk"),
    ]

    operations = [
        migrations.RunPython(on_postgresql("add_index"), on_postgresql("remove_index")),
    ]
