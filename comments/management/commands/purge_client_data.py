"""Daily clean-up: client data past its retention period, and expired API idempotency keys."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from comments.api.idempotency import idempotency_keys_purge
from comments.privacy import client_data_purge


class Command(BaseCommand):
    help = (
        "Remove IP addresses and user agents from comments older than N days "
        "(default: settings.COMMENTS_CLIENT_DATA_DAYS). Meant for a daily cron job."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=None, help="Keep client data this long.")

    def handle(self, *args, days: int | None, **options) -> None:
        days = settings.COMMENTS_CLIENT_DATA_DAYS if days is None else days
        if days < 0:
            raise CommandError("--days must not be negative.")
        cleared = client_data_purge(older_than_days=days)
        self.stdout.write(f"Cleared client data of {cleared} comments older than {days} days.")
        keys = idempotency_keys_purge()
        self.stdout.write(f"Deleted {keys} expired API idempotency keys.")
