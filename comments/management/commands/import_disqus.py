"""Import a Disqus XML export: threads to articles, posts to comments, safe to run again."""

from pathlib import Path

from django.core.management.base import BaseCommand

from comments.importers.command import import_command
from comments.importers.disqus import disqus_import
from comments.importers.run import progress_wanted
from comments.importers.writer import DEFAULT_BATCH_SIZE


class Command(BaseCommand):
    help = "Import threads and posts from a Disqus XML export."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Write nothing; report.")
        parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)

    def handle(self, *args, **options) -> None:
        import_command(
            self,
            lambda: disqus_import(
                path=options["file"],
                dry_run=options["dry_run"],
                batch_size=max(1, options["batch_size"]),
                progress=progress_wanted(),
            ),
        )
