"""Recompute the stored search text of existing comments: it now also holds each word without
its attached proclitics (comments.text.search_text), so a search for المدير finds والمدير."""

from django.db import migrations

from comments.text import search_text

BATCH = 2000


def recompute(apps, schema_editor) -> None:
    comment_model = apps.get_model("comments", "Comment")
    batch = []
    for comment in comment_model.objects.only("pk", "name", "body").iterator(chunk_size=BATCH):
        comment.body_normalized = search_text(f"{comment.name} {comment.body}")
        batch.append(comment)
        if len(batch) == BATCH:
            comment_model.objects.bulk_update(batch, ["body_normalized"])
            batch = []
    comment_model.objects.bulk_update(batch, ["body_normalized"])


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0006_comment_search_index"),
    ]

    operations = [
        migrations.RunPython(recompute, migrations.RunPython.noop),
    ]
