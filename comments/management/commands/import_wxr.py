"""Import a WordPress export (WXR) file: articles with their comments, safe to run again."""

from pathlib import Path

from django.core.management.base import BaseCommand

from comments.importers.command import import_command
from comments.importers.run import progress_wanted
from comments.importers.writer import DEFAULT_BATCH_SIZE
from comments.importers.wxr import WxrOptions, wxr_import


class Command(BaseCommand):
    help = "Import posts, pages and comments from a WordPress export (WXR 1.0-1.2)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Write nothing; report.")
        parser.add_argument(
            "--section-from",
            choices=["category", "none"],
            default="category",
            help="Make sections from categories, or put everything in one 'imported' section.",
        )
        parser.add_argument(
            "--skip-pings", action="store_true", help="Leave pingbacks and trackbacks out."
        )
        parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)

    def handle(self, *args, **options) -> None:
        wxr_options = WxrOptions(
            section_from=options["section_from"], skip_pings=options["skip_pings"]
        )
        import_command(
            self,
            lambda: wxr_import(
                path=options["file"],
                dry_run=options["dry_run"],
                options=wxr_options,
                batch_size=max(1, options["batch_size"]),
                progress=progress_wanted(),
            ),
        )
