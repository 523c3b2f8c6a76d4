"""The queue's filters: it opens on pending comments and can still show every status."""

from django.contrib import admin
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from comments.models import Comment, ModerationSettings

# The pending queue riskiest first; migration 0012 indexes exactly this on PostgreSQL.
RISK_FIRST = (F("risk").desc(nulls_last=True), "created_at", "pk")

ALL_STATUSES = "all"
ARTICLE_CHOICES_SHOWN = 50


class StatusFilter(admin.SimpleListFilter):
    """Filter by status, defaulting to the pending queue; "all" lifts the filter."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [*Comment.Status.choices, (ALL_STATUSES, _("All"))]

    def selected(self) -> str:
        return self.value() or Comment.Status.PENDING

    def queryset(self, request, queryset):
        status = self.selected()
        if status == ALL_STATUSES:
            return queryset
        return queryset.filter(status=status)

    def choices(self, changelist):
        for value, label in self.lookup_choices:
            yield {
                "selected": self.selected() == str(value),
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }


class ReportedFilter(admin.SimpleListFilter):
    title = _("reported by readers")
    parameter_name = "reported"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(report_count__gt=0)
        if self.value() == "no":
            return queryset.filter(report_count=0)
        return queryset


class ArticleFilter(admin.SimpleListFilter):
    """Offer the articles with comments waiting; any article id still filters."""

    title = _("article")
    parameter_name = "article"

    def lookups(self, request, model_admin):
        return queue_articles()

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isascii() and value.isdigit():
            return queryset.filter(article_id=int(value))
        return queryset


def queue_articles() -> list[tuple[int, str]]:
    """Return (id, title) of the articles with comments waiting, at most ARTICLE_CHOICES_SHOWN."""
    # Read the head of the queue through its index: a join over every pending comment with
    # DISTINCT costs seconds on a big table.
    head = Comment.objects.pending().order_by("created_at", "pk")
    seen = head.values_list("article_id", flat=True)[: ARTICLE_CHOICES_SHOWN * 20]
    ids = list(dict.fromkeys(seen))[:ARTICLE_CHOICES_SHOWN]
    titles = dict(Article.objects.filter(pk__in=ids).values_list("pk", "title"))
    return [(pk, titles[pk]) for pk in ids if pk in titles]


class RiskFilter(admin.SimpleListFilter):
    """Filter by the abuse model's score: at or above the site's hold threshold, below, unscored."""

    title = _("risk")
    parameter_name = "risk"

    def lookups(self, request, model_admin):
        return [("high", _("At or above the hold threshold")), ("low", _("Below the threshold")),
                ("none", _("Not scored"))]  # fmt: skip

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(risk__isnull=True)
        if self.value() in ("high", "low"):
            threshold = ModerationSettings.current().risk_hold_threshold
            lookup = "risk__gte" if self.value() == "high" else "risk__lt"
            return queryset.filter(**{lookup: threshold})
        return queryset
