"""Store every commenter's email in lower case, the one form the site looks up (normalize_email).

The importers kept addresses as the export wrote them, so privacy requests and the commenter's
history looked addresses up case-insensitively, which comment_email_idx cannot serve."""

from django.db import migrations
from django.db.models.functions import Lower, Trim


def lower_case_emails(apps, schema_editor) -> None:
    comment_model = apps.get_model("comments", "Comment")
    normalized = Lower(Trim("email"))
    comment_model.objects.exclude(email=normalized).update(email=normalized)


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0008_hash_reporter_addresses"),
    ]

    operations = [
        migrations.RunPython(lower_case_emails, migrations.RunPython.noop),
    ]
