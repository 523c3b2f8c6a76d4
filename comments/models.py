from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from comments.querysets import CommentQuerySet
from comments.text import normalize_email

# What one comment may hold, counted as typed and once NFKC spells it out (see text.nfkc).
BODY_MAX_LENGTH = 5000


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        SPAM = "spam", _("Spam")
        REMOVED = "removed", _("Removed")

    class Kind(models.TextChoices):
        COMMENT = "comment", _("Comment")
        PINGBACK = "pingback", _("Pingback")
        TRACKBACK = "trackback", _("Trackback")

    # No index of their own for article and thread: comment_article_idx and comment_thread_idx
    # lead with them, and every index costs each status change a write.
    article = models.ForeignKey(
        "articles.Article", verbose_name=_("article"), on_delete=models.CASCADE,
        related_name="comments", db_index=False,
    )  # fmt: skip
    parent = models.ForeignKey(
        "self", verbose_name=_("in reply to"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="replies",
    )  # fmt: skip
    thread = models.ForeignKey(
        "self", verbose_name=_("thread"), null=True, blank=True, editable=False,
        on_delete=models.CASCADE, related_name="+", db_index=False,
        help_text=_("The top-level comment this reply belongs to."),
    )  # fmt: skip
    depth = models.PositiveSmallIntegerField(_("depth"), default=0, editable=False)
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("email"), max_length=254)
    url = models.URLField(_("website"), max_length=300, blank=True)
    body = models.TextField(_("comment"), max_length=BODY_MAX_LENGTH)
    body_html = models.TextField(_("comment (HTML)"), editable=False)
    body_normalized = models.TextField(_("normalized text"), editable=False, default="")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.COMMENT)
    moderation_reasons = models.JSONField(_("moderation reasons"), default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), db_index=False)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=500, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="comments",
    )  # fmt: skip
    notify_replies = models.BooleanField(_("notify me of replies"), default=False)
    report_count = models.PositiveIntegerField(_("reports"), default=0, editable=False)
    source = models.CharField(_("source"), max_length=200, blank=True, editable=False)
    # The abuse model's score when the comment came in (None: no model then, or an import).
    risk = models.FloatField(_("risk"), null=True, blank=True, editable=False)
    risk_terms = models.JSONField(_("risky words"), default=list, blank=True, editable=False)
    # Set only by comments.services: picks by an editor, the newsroom's voice by the submit service.
    is_pick = models.BooleanField(_("editors' pick"), default=False, editable=False)
    picked_at = models.DateTimeField(_("picked at"), null=True, blank=True, editable=False)
    is_staff_voice = models.BooleanField(_("the newsroom's voice"), default=False, editable=False)
    # How many readers found it useful: one writer keeps it (comments.services.reactions).
    useful_count = models.PositiveIntegerField(_("useful"), default=0, editable=False)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True, editable=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        permissions = [("moderate_comment", _("Can moderate comments"))]
        indexes = [
            models.Index(
                fields=["article", "status", "created_at", "id"], name="comment_article_idx"
            ),
            models.Index(fields=["status", "created_at", "id"], name="comment_queue_idx"),
            models.Index(fields=["email", "created_at"], name="comment_email_idx"),
            models.Index(fields=["ip_address", "created_at"], name="comment_ip_idx"),
            models.Index(fields=["created_at", "id"], name="comment_created_idx"),
            models.Index(fields=["thread", "status", "created_at"], name="comment_thread_idx"),
            models.Index(fields=["risk"], name="comment_risk_idx"),  # 0014: built concurrently
            models.Index(
                fields=["article", "picked_at"],
                condition=models.Q(is_pick=True),
                name="comment_picks_idx",
            ),
            models.Index(
                fields=["article", "status", "-useful_count", "created_at", "id"],
                name="comment_useful_idx",
            ),  # the "most useful" sort (comments.sorting)
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source"], condition=~models.Q(source=""), name="comment_unique_source"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.body[:40]}"

    def save(self, *args, **kwargs) -> None:
        self.email = normalize_email(self.email)  # however the row is made: lookups are exact
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return f"{self.article.get_absolute_url()}#comment-{self.pk}"

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.APPROVED and self.kind == self.Kind.COMMENT


class Decision(models.TextChoices):
    """An editor's decision on comments, the one vocabulary of the admin and the API."""

    APPROVE = "approve", _("Approve")
    REMOVE = "remove", _("Remove")
    SPAM = "spam", _("Mark as spam")
    PENDING = "pending", _("Back to pending")

    @property
    def status(self) -> str:
        """Return the status this decision gives a comment."""
        return {
            Decision.APPROVE: Comment.Status.APPROVED,
            Decision.REMOVE: Comment.Status.REMOVED,
            Decision.SPAM: Comment.Status.SPAM,
            Decision.PENDING: Comment.Status.PENDING,
        }[self]

    def done_message(self, count: int) -> str:
        """Return the translated "N comments approved/removed/..." message."""
        templates = {
            Decision.APPROVE: ngettext(
                "%(count)d comment approved.", "%(count)d comments approved.", count
            ),
            Decision.REMOVE: ngettext(
                "%(count)d comment removed.", "%(count)d comments removed.", count
            ),
            Decision.SPAM: ngettext(
                "%(count)d comment marked as spam.", "%(count)d comments marked as spam.", count
            ),
            Decision.PENDING: ngettext(
                "%(count)d comment sent back to the queue.",
                "%(count)d comments sent back to the queue.",
                count,
            ),
        }
        return templates[self] % {"count": count}


class ModerationEvent(models.Model):
    """One change of a comment's status: who, when, from, to and why."""

    class Source(models.TextChoices):
        RULE = "rule", _("Rule")
        ADMIN = "admin", _("Admin")
        API = "api", _("API")
        IMPORT = "import", _("Import")
        REPORT = "report", _("Readers' reports")
        PRIVACY = "privacy", _("Privacy request")

    class RemovalReason(models.TextChoices):
        """Why an editor removed a comment; stored in `reason` of the removal event."""

        SPAM = "spam", _("Spam")
        ABUSE = "abuse", _("Abuse")
        HATE_SPEECH = "hate_speech", _("Hate speech")
        OFF_TOPIC = "off_topic", _("Off-topic")
        ILLEGAL = "illegal", _("Illegal content")
        OTHER = "other", _("Other")

    comment = models.ForeignKey(
        Comment, verbose_name=_("comment"), on_delete=models.CASCADE, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    from_status = models.CharField(_("from"), max_length=10, blank=True)
    to_status = models.CharField(_("to"), max_length=10)
    reason = models.CharField(_("reason"), max_length=50, blank=True)
    note = models.TextField(_("note"), blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("moderation event")
        verbose_name_plural = _("moderation events")
        indexes = [models.Index(fields=["comment", "created_at"], name="event_comment_idx")]

    def __str__(self) -> str:
        return f"{self.comment_id}: {self.from_status} → {self.to_status}"


class CommentReport(models.Model):
    """A reader's report that an approved comment breaks the rules."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam")
        ABUSE = "abuse", _("Abuse")
        OFF_TOPIC = "off_topic", _("Off-topic")
        OTHER = "other", _("Other")

    comment = models.ForeignKey(
        Comment, verbose_name=_("comment"), on_delete=models.CASCADE, related_name="reports"
    )
    reporter_key = models.CharField(_("reporter"), max_length=100)
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "reporter_key"], name="report_one_per_reader"
            )
        ]

    def __str__(self) -> str:
        return f"{self.comment_id}: {self.reason}"


class ModerationSettings(models.Model):
    """The site's moderation thresholds, edited by editors (one row)."""

    close_after_days = models.PositiveIntegerField(
        _("close comments after (days)"), default=0,
        help_text=_("0 keeps comments open; an article may override it."),
    )  # fmt: skip
    max_links = models.PositiveSmallIntegerField(_("links allowed before holding"), default=2)
    hold_first_time = models.BooleanField(
        _("hold a commenter's first comment"), default=True,
        help_text=_("Hold comments from an email with no approved comment yet."),
    )  # fmt: skip
    flood_seconds = models.PositiveIntegerField(_("seconds between two comments"), default=15)
    report_threshold = models.PositiveSmallIntegerField(
        _("reports that send a comment back to the queue"), default=3
    )
    notify_editors = models.BooleanField(_("email editors about held comments"), default=True)
    risk_hold_threshold = models.FloatField(
        _("hold comments at or above this risk"), default=0.6,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text=_("The abuse model's score from 0 to 1; held even from regular commenters."),
    )  # fmt: skip
    risk_approve_first_time = models.BooleanField(
        _("approve first comments with a low risk"), default=False,
        help_text=_("Publish a first-time commenter's comment at once when its risk is low."),
    )  # fmt: skip
    risk_approve_below = models.FloatField(
        _("low risk: below"), default=0.1,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
    )  # fmt: skip
    # Which stored abuse model every process scores with, set by training: a post reads this row
    # anyway, so knowing the current version costs no query of its own (comments.scoring).
    risk_model_version_id = models.PositiveIntegerField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("moderation settings")
        verbose_name_plural = _("moderation settings")

    def __str__(self) -> str:
        return str(_("Moderation settings"))

    @classmethod
    def current(cls) -> "ModerationSettings":
        """Return the settings row, creating it with defaults when missing."""
        return cls.objects.get_or_create(pk=1)[0]


class ModerationListEntry(models.Model):
    """A word, email, IP network or domain that blocks or holds comments."""

    class List(models.TextChoices):
        BLOCK = "block", _("Blocklist")
        WATCH = "watch", _("Watch list")
        RESERVED = "reserved", _("Reserved name")

    class Kind(models.TextChoices):
        WORD = "word", _("Word or phrase")
        EMAIL = "email", _("Email or @domain")
        IP = "ip", _("IP address or network")
        DOMAIN = "domain", _("Link domain")

    class Action(models.TextChoices):
        SPAM = "spam", _("Mark as spam")
        REJECT = "reject", _("Reject")
        HOLD = "hold", _("Hold for review")

    list = models.CharField(_("list"), max_length=10, choices=List.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.WORD)
    value = models.CharField(_("value"), max_length=200)
    action = models.CharField(
        _("action"), max_length=10, choices=Action.choices, default=Action.HOLD
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["list", "kind", "value"]
        verbose_name = _("moderation list entry")
        verbose_name_plural = _("moderation lists")
        constraints = [
            models.UniqueConstraint(fields=["list", "kind", "value"], name="list_entry_unique")
        ]

    def __str__(self) -> str:
        return self.value

    NOTE_PREFIX = "comment #"  # an entry made from a comment names it in its note

    @classmethod
    def note_made_from(cls, comment_id: int, username: str) -> str:
        """Return the note of an entry made from a comment by an editor."""
        return f"{cls.NOTE_PREFIX}{comment_id}, {username}"[:200]

    @property
    def made_from_comment_id(self) -> int | None:
        """Return the id of the comment this entry was made from, read from its note."""
        number = self.note.removeprefix(self.NOTE_PREFIX).partition(",")[0]
        return int(number) if self.note.startswith(self.NOTE_PREFIX) and number.isdigit() else None


class RiskModelVersion(models.Model):
    """One trained version of the abuse model, stored as plain arrays (never a pickle)."""

    created_at = models.DateTimeField(_("trained at"), auto_now_add=True)
    data = models.BinaryField(_("model"))
    training_size = models.PositiveIntegerField(_("training examples"))
    positives = models.PositiveIntegerField(_("abusive examples"))
    sources = models.JSONField(_("trained on"), default=dict)
    metrics = models.JSONField(_("cross-validated metrics"), default=dict)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("abuse model version")
        verbose_name_plural = _("abuse model versions")

    def __str__(self) -> str:
        return f"#{self.pk} ({self.training_size})"


class IdempotencyKey(models.Model):
    """The first answer to an API post, replayed for retries with the same key."""

    LIFETIME = timedelta(hours=24)

    key = models.CharField(max_length=200, unique=True)
    fingerprint = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(null=True)
    response = models.JSONField(null=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return self.key


class CommentReaction(models.Model):
    """A reader's "useful" on a comment; who is a keyed hash (comments.reporters), never shown."""

    comment = models.ForeignKey(
        Comment, verbose_name=_("comment"), on_delete=models.CASCADE, related_name="reactions"
    )
    reader_key = models.CharField(_("reader"), max_length=100)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")
        constraints = [
            # Leads with the reader: it also finds which comments a reader pressed.
            models.UniqueConstraint(
                fields=["reader_key", "comment"], name="reaction_one_per_reader"
            )
        ]

    def __str__(self) -> str:
        return f"{self.comment_id}"


class CommentRevision(models.Model):
    """A text a comment held, kept when its author corrected it: the audit trail of its edits."""

    comment = models.ForeignKey(
        Comment, verbose_name=_("comment"), on_delete=models.CASCADE, related_name="revisions"
    )
    body = models.TextField(_("comment"))
    status = models.CharField(_("status"), max_length=10, choices=Comment.Status.choices)
    moderation_reasons = models.JSONField(_("moderation reasons"), default=list, blank=True)
    edited_at = models.DateTimeField(_("when"))

    class Meta:
        ordering = ["edited_at", "pk"]
        verbose_name = _("comment version")
        verbose_name_plural = _("comment versions")
        indexes = [models.Index(fields=["comment", "edited_at"], name="revision_comment_idx")]

    def __str__(self) -> str:
        return f"#{self.comment_id} @ {self.edited_at:%Y-%m-%d %H:%M:%S}"


# The commenter's identity and sanctions live beside the comment, in their own module.
from comments.commenters import CommenterNote, EmailConfirmation, Sanction  # noqa: E402
from comments.staff_profiles import StaffProfile  # noqa: E402

__all__ = [
    "Comment",
    "CommentReaction",
    "CommentReport", "CommentRevision", "CommenterNote", "Decision", "EmailConfirmation",
    "IdempotencyKey", "ModerationEvent", "ModerationListEntry", "ModerationSettings", "Sanction",
    "StaffProfile",
]  # fmt: skip
