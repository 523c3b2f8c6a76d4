"""Print, as JSON, every comment and detail stored about the commenter with an email address."""

import json

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from comments.management.commands.personal_data_erase import editor_named
from comments.services.privacy import personal_data_export


class Command(BaseCommand):
    help = "Export a commenter's personal data (their comments, IP addresses, user agents) as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="The commenter's email address.")
        parser.add_argument("--actor", required=True, help="Username of the editor responsible.")
        parser.add_argument("--output", "-o", help="Write to this file instead of stdout.")

    def handle(self, *args, email: str, actor: str, output: str | None, **options) -> None:
        data = personal_data_export(email=email, actor=editor_named(actor))
        text = json.dumps(data, ensure_ascii=False, indent=2)
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text + "\n")
            self.stderr.write(_("Written to %(path)s.") % {"path": output})
        else:
            self.stdout.write(text)
