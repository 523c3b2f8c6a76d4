"""How a staff member signs what they post for the newsroom: a name of their own choosing."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# Who signs a newsroom comment when its author has set no name of their own.
DEFAULT_NEWSROOM_NAME = _("The newsroom")

MESSAGE_ONE_LINE = _("Please write the name on one line.")


def validate_one_line(value: str) -> None:
    """Refuse a line break inside the name: it is shown, and emailed, as a commenter's name."""
    if len(value.splitlines()) > 1:
        raise ValidationError(MESSAGE_ONE_LINE, code="multiline")


class StaffProfile(models.Model):
    """A staff member's settings for speaking for the newsroom, edited by themself in the admin."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
        related_name="staff_profile",
    )  # fmt: skip
    display_name = models.CharField(
        _("name shown on the newsroom's comments"), max_length=100,
        validators=[validate_one_line],
        help_text=_("Readers see this name, with the newsroom's badge, instead of your username."),
    )  # fmt: skip

    class Meta:
        verbose_name = _("my newsroom name")
        verbose_name_plural = _("my newsroom name")

    def __str__(self) -> str:
        return self.display_name
