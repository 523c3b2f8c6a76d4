"""Who a commenter is and what editors decided about them: confirmed emails, sanctions, notes."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailConfirmation(models.Model):
    """A confirmation link sent to an email address; confirmed once, it makes the address verified."""

    email = models.EmailField(_("email"), max_length=254)
    created_at = models.DateTimeField(_("sent at"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("email confirmation")
        verbose_name_plural = _("email confirmations")
        indexes = [models.Index(fields=["email", "created_at"], name="confirmation_email_idx")]

    def __str__(self) -> str:
        return self.email


class SanctionQuerySet(models.QuerySet):
    def active(self, now: datetime) -> "SanctionQuerySet":
        """Return the sanctions in force at this moment: not lifted, not yet ended."""
        not_ended = models.Q(ends_at__isnull=True) | models.Q(ends_at__gt=now)
        return self.filter(not_ended, lifted_at__isnull=True)


class Sanction(models.Model):
    """An editor's suspension or shadow hold of a commenter, by email and optionally by network."""

    class Kind(models.TextChoices):
        SUSPEND = "suspend", _("Suspension")
        SHADOW_HOLD = "shadow_hold", _("Shadow hold")

    class Duration(models.TextChoices):
        DAY = "24h", _("24 hours")
        WEEK = "7d", _("7 days")
        MONTH = "30d", _("30 days")
        FOR_GOOD = "forever", _("For good")

        @property
        def length(self) -> timedelta | None:
            """Return how long the sanction lasts, None for good."""
            return {"24h": timedelta(hours=24), "7d": timedelta(days=7),
                    "30d": timedelta(days=30)}.get(self.value)  # fmt: skip

    class Reason(models.TextChoices):
        ABUSE = "abuse", _("Abuse")
        HATE_SPEECH = "hate_speech", _("Hate speech")
        SPAM = "spam", _("Spam")
        IMPERSONATION = "impersonation", _("Impersonation")
        OTHER = "other", _("Other")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    email = models.EmailField(_("email"), max_length=254)
    network = models.CharField(
        _("address or network"), max_length=50, blank=True,
        help_text=_("One IPv4 address, or an IPv6 /64 network; empty for the email alone."),
    )  # fmt: skip
    duration = models.CharField(_("duration"), max_length=8, choices=Duration.choices)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    note = models.TextField(_("note"), blank=True)
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"), null=True, blank=True)
    comment = models.ForeignKey(
        "comments.Comment", verbose_name=_("comment"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("lifted by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip

    objects = SanctionQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("sanction")
        verbose_name_plural = _("sanctions")
        indexes = [
            models.Index(fields=["email"], name="sanction_email_idx"),
            models.Index(fields=["network"], name="sanction_network_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.email}"


class CommenterNote(models.Model):
    """An editor's note about a commenter, known by their email."""

    email = models.EmailField(_("email"), max_length=254, db_index=True)
    body = models.TextField(_("note"), max_length=2000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("when"))

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("note on a commenter")
        verbose_name_plural = _("notes on commenters")

    def __str__(self) -> str:
        return f"{self.email}: {self.body[:40]}"
