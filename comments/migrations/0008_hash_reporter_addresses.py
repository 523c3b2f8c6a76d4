"""Replace the raw IP addresses that API reports stored as their reporter with the keyed hash the
page has always stored (comments.reporters.reporter_key). Where the same reader had reported the
same comment both ways, the two reports are one: the hashed one is kept, and counted once."""

import ipaddress

from django.db import migrations
from django.db.models import F

from comments.reporters import address_reporter_key


def hash_addresses(apps, schema_editor) -> None:
    report_model = apps.get_model("comments", "CommentReport")
    comment_model = apps.get_model("comments", "Comment")
    for report in report_model.objects.filter(reporter_key__startswith="ip:").iterator():
        try:
            address = ipaddress.ip_address(report.reporter_key.removeprefix("ip:"))
        except ValueError:
            continue  # already a hash
        hashed = address_reporter_key(address)
        same_reader = report_model.objects.filter(comment_id=report.comment_id, reporter_key=hashed)
        if same_reader.exists():
            report.delete()
            comment_model.objects.filter(pk=report.comment_id).update(
                report_count=F("report_count") - 1
            )
        else:
            report.reporter_key = hashed
            report.save(update_fields=["reporter_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0007_search_text_with_stems"),
    ]

    operations = [
        migrations.RunPython(hash_addresses, migrations.RunPython.noop),
    ]
