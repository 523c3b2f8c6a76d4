"""Daily clean-up: client data past its retention period, and expired API idempotency keys."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from comments.services.retention import expired_data_purge


class Command(BaseCommand):
    help = (
        "Remove IP addresses and user agents (and the emails and IP addresses that moderation "
        "reasons repeat) from comments older than N days "
        "(default: settings.COMMENTS_CLIENT_DATA_DAYS). The Celery beat schedule runs the same "
        "clean-up daily; this command is for a cron job instead, or by hand."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=None, help="Keep client data this long.")

    def handle(self, *args, days: int | None, **options) -> None:
        days = settings.COMMENTS_CLIENT_DATA_DAYS if days is None else days
        if days < 0:
            raise CommandError(_("--days must not be negative."))
        purged = expired_data_purge(client_data_days=days)
        cleared = _("Cleared client data of %(count)s comments older than %(days)s days.")
        self.stdout.write(cleared % {"count": purged["comments_cleared"], "days": days})
        reasons = _(
            "Cleared the email or IP address from the moderation reasons of %(count)s comments."
        )
        self.stdout.write(reasons % {"count": purged["reasons_cleared"]})
        deleted = _("Deleted %(count)s expired API idempotency keys.")
        self.stdout.write(deleted % {"count": purged["idempotency_keys_deleted"]})
