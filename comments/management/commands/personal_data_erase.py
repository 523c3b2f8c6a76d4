"""Erase a commenter's personal data (anonymize or delete their comments), recorded in the audit trail."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from comments.roles import MODERATE_PERMISSION, is_editor
from comments.services.privacy import ANONYMIZE, DELETE, comments_of, personal_data_erase


def editor_named(username: str):
    """Return the active user allowed to handle privacy requests, or stop the command."""
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None or not is_editor(user):
        raise CommandError(
            _("%(username)s is not an editor (%(permission)s).")
            % {"username": username, "permission": MODERATE_PERMISSION}
        )
    return user


class Command(BaseCommand):
    help = (
        "Erase a commenter's personal data by email: anonymize their comments (name, email, "
        "website, IP address and user agent removed) or delete them. Audited under --actor."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="The commenter's email address.")
        parser.add_argument("--actor", required=True, help="Username of the editor responsible.")
        parser.add_argument("--mode", choices=[ANONYMIZE, DELETE], default=ANONYMIZE)
        parser.add_argument(
            "--remove-text", action="store_true", help="Also replace the comments' text."
        )
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, email: str, actor: str, mode: str, remove_text: bool, yes: bool,
               **options) -> None:  # fmt: skip
        user = editor_named(actor)
        count = comments_of(email).count()
        if not count:
            self.stdout.write(_("No comments stored under this email address."))
            return
        question = _("%(mode)s %(count)s comments? [y/N] ") % {"mode": mode, "count": count}
        if not yes and input(question).strip().lower() != "y":
            raise CommandError(_("Cancelled."))
        erased = personal_data_erase(email=email, actor=user, mode=mode, keep_body=not remove_text)
        done = _("Erased %(count)s comments (%(mode)s).") % {"count": erased, "mode": mode}
        self.stdout.write(self.style.SUCCESS(done))
