"""The risk index again, built without blocking writes: 0011 built it with a plain CREATE INDEX.

0011 made it from the field's db_index=True, which takes a lock that stops every new comment
while PostgreSQL reads the whole table. The same index (one column, risk) is now a named one in
Comment.Meta.indexes, built CONCURRENTLY before the old one is dropped CONCURRENTLY, so the
queue's risk filter never goes without one, and later changes to it can run the same way.
0011 is applied and stays as it is: a database that has not run it yet still pays its lock once
(the column is new there, so the index cannot be built ahead of it)."""

from django.db import migrations, models

from newsroom.migration_operations import AddIndexWithoutLocking, DropFieldIndexWithoutLocking


class Migration(migrations.Migration):
    atomic = False  # CONCURRENTLY runs outside a transaction

    dependencies = [
        ("comments", "0013_risk_model_version_in_settings"),
    ]

    operations = [
        AddIndexWithoutLocking(
            model_name="comment", index=models.Index(fields=["risk"], name="comment_risk_idx")
        ),
        migrations.SeparateDatabaseAndState(
            database_operations=[DropFieldIndexWithoutLocking("comment", "risk")],
            state_operations=[
                migrations.AlterField(
                    model_name="comment",
                    name="risk",
                    field=models.FloatField(
                        blank=True, editable=False, null=True, verbose_name="risk"
                    ),
                ),
            ],
        ),
    ]
