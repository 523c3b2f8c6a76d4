"""Readers' "useful" reactions: one row per reader and comment, and the count kept on the comment.

The index behind the "most useful" sort is built CONCURRENTLY on PostgreSQL: building it on a big
table must not block new comments (as 0012's).
"""

import django.db.models.deletion
from django.db import migrations, models

from newsroom.migration_operations import AddIndexWithoutLocking

USEFUL_INDEX = models.Index(
    fields=["article", "status", "-useful_count", "created_at", "id"], name="comment_useful_idx"
)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("comments", "0015_editors_picks_and_newsroom_voice"),
    ]

    operations = [
        migrations.CreateModel(
            name="CommentReaction",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("reader_key", models.CharField(max_length=100, verbose_name="reader")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="when")),
                (
                    "comment",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reactions",
                        to="comments.comment",
                        verbose_name="comment",
                    ),
                ),
            ],
            options={"verbose_name": "reaction", "verbose_name_plural": "reactions"},
        ),
        migrations.AddConstraint(
            model_name="commentreaction",
            constraint=models.UniqueConstraint(
                fields=("reader_key", "comment"), name="reaction_one_per_reader"
            ),
        ),
        migrations.AddField(
            model_name="comment",
            name="useful_count",
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name="useful"),
        ),
        AddIndexWithoutLocking(model_name="comment", index=USEFUL_INDEX),
    ]
