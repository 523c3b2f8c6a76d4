from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.canonical import CANONICAL_URL_MAX_LENGTH
from articles.querysets import ArticleQuerySet
from newsroom.sanitize import sanitize_article_html


class Section(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:section", kwargs={"slug": self.slug})


class SocialLink(models.Model):
    """A "follow us" link shown under every article."""

    name = models.CharField(_("name"), max_length=50)
    url = models.URLField(_("address"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("social link")
        verbose_name_plural = _("social links")

    def __str__(self) -> str:
        return self.name


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    class CommentMode(models.TextChoices):
        OPEN = "open", _("Open (post-moderation)")
        MODERATED = "moderated", _("Moderated (pre-moderation)")
        CLOSED = "closed", _("Closed")

    class Kind(models.TextChoices):
        PAGE = "page", _("Newsroom page")
        EXTERNAL = "external", _("Embedded on another site")

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=300, allow_unicode=True, unique=True)
    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.PROTECT, related_name="articles"
    )
    byline = models.CharField(_("byline"), max_length=200, blank=True)
    body_html = models.TextField(_("body"), blank=True)
    excerpt = models.TextField(_("excerpt"), blank=True, max_length=1000)
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    comment_mode = models.CharField(
        _("comment mode"), max_length=10, choices=CommentMode.choices, default=CommentMode.OPEN
    )
    comments_close_after_days = models.PositiveIntegerField(
        _("close comments after (days)"),
        null=True,
        blank=True,
        help_text=_("Leave empty to use the site default."),
    )
    approved_comment_count = models.PositiveIntegerField(
        _("approved comments"), default=0, editable=False
    )
    source = models.CharField(_("source"), max_length=200, blank=True, editable=False)
    # db_default too: rows written by code that predates these columns (older migrations'
    # models, a process not yet restarted) still get a value.
    kind = models.CharField(
        _("kind"), max_length=10, choices=Kind.choices, default=Kind.PAGE, db_default=Kind.PAGE
    )
    # The page's address, normalized (articles.canonical): an embedded thread is found by it.
    canonical_url = models.CharField(
        _("canonical address"),
        max_length=CANONICAL_URL_MAX_LENGTH,
        blank=True,
        default="",
        db_default="",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_published_idx"),
            models.Index(fields=["section", "status", "-published_at"], name="article_section_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source"], condition=~models.Q(source=""), name="article_unique_source"
            ),
            models.UniqueConstraint(
                fields=["canonical_url"],
                condition=~models.Q(canonical_url=""),
                name="article_unique_canonical_url",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.body_html = sanitize_article_html(self.body_html)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        if self.kind == self.Kind.EXTERNAL and self.canonical_url:
            return self.canonical_url  # its comments are read where they are embedded
        return reverse("pages:article", kwargs={"slug": self.slug})

    @property
    def canonical_host(self) -> str:
        """The host of the page the thread is embedded in, for editors ("" if none)."""
        return urlsplit(self.canonical_url).netloc if self.canonical_url else ""

    def comments_close_at(self, default_days: int | None) -> datetime | None:
        """Return when comments close by themselves, or None if they never do."""
        days = self.comments_close_after_days
        if days is None:
            days = default_days
        return self.published_at + timedelta(days=days) if days else None
