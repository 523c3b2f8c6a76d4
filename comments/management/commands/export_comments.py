"""Export articles and comments as WXR 1.2 (for WordPress) or JSON lines (for backups)."""

from contextlib import nullcontext
from datetime import datetime, time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from comments.exporters.jsonl import comments_export_jsonl
from comments.exporters.wxr import comments_export_wxr

EXPORTERS = {"wxr": comments_export_wxr, "json": comments_export_jsonl}


def parse_since(value: str) -> datetime:
    """Read a date or date-time; a bare date means its first moment in the site's time zone."""
    moment = parse_datetime(value)
    if moment is None and (day := parse_date(value)) is not None:
        moment = datetime.combine(day, time.min)
    if moment is None:
        raise CommandError(_("Cannot read the date %(value)s.") % {"value": value})
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


class _Verbatim:
    """Write to the command's standard output exactly what the exporter writes."""

    def __init__(self, wrapper) -> None:
        self.wrapper = wrapper

    def write(self, text: str) -> None:
        self.wrapper.write(text, ending="")

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)


class Command(BaseCommand):
    help = "Export comments with their articles as WXR 1.2 or JSON lines."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--format", choices=sorted(EXPORTERS), default="wxr")
        parser.add_argument("--article", type=int, help="Only this article (its id).")
        parser.add_argument("--since", help="Only comments from this date (YYYY-MM-DD) on.")
        parser.add_argument(
            "--no-personal-data", action="store_true", help="Leave emails and IP addresses out."
        )
        parser.add_argument("--output", help="Write to this file instead of standard output.")

    def handle(self, *args, **options) -> None:
        since = parse_since(options["since"]) if options["since"] else None
        output = options["output"]
        stdout = nullcontext(_Verbatim(self.stdout))
        target = open(output, "w", encoding="utf-8") if output else stdout  # noqa: SIM115
        with target as out:
            EXPORTERS[options["format"]](
                out=out, article_id=options["article"], since=since,
                personal_data=not options["no_personal_data"],
            )  # fmt: skip
