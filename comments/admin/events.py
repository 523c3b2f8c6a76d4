"""The audit trail and readers' reports: shown to editors, never edited."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from comments.admin.display import event_reason_text
from comments.models import Comment, CommentReport, CommentRevision, ModerationEvent


class ReadOnlyMixin:
    """Allow viewing only: the audit trail cannot be added to, changed or deleted by hand."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


def _status_label(value: str) -> str:
    return str(Comment.Status(value).label) if value in Comment.Status.values else value


class EventDisplayMixin:
    @admin.display(description=_("from"))
    def from_label(self, obj: ModerationEvent) -> str:
        return _status_label(obj.from_status) or "-"

    @admin.display(description=_("to"))
    def to_label(self, obj: ModerationEvent) -> str:
        return _status_label(obj.to_status)

    @admin.display(description=_("reason"))
    def reason_label(self, obj: ModerationEvent) -> str:
        return event_reason_text(obj.reason) or "-"


class ModerationEventInline(ReadOnlyMixin, EventDisplayMixin, admin.TabularInline):
    model = ModerationEvent
    fields = ["created_at", "actor", "source", "from_label", "to_label", "reason_label", "note"]
    readonly_fields = fields
    extra = 0
    verbose_name_plural = _("history of decisions")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


class CommentRevisionInline(ReadOnlyMixin, admin.TabularInline):
    """Every text the comment held, its author's corrections one by one, with the rules' say."""

    model = CommentRevision
    fields = ["edited_at", "body", "status_label"]
    readonly_fields = fields
    extra = 0
    verbose_name_plural = _("versions of the text")

    def has_view_permission(self, request, obj=None) -> bool:
        """Whoever may see the comment sees its versions: they are its text."""
        return request.user.has_perm("comments.view_comment")

    @admin.display(description=_("status"))
    def status_label(self, obj: CommentRevision) -> str:
        return _status_label(obj.status)


class CommentReportInline(ReadOnlyMixin, admin.TabularInline):
    model = CommentReport
    fields = ["created_at", "reason"]
    readonly_fields = fields
    extra = 0


@admin.register(ModerationEvent)
class ModerationEventAdmin(ReadOnlyMixin, EventDisplayMixin, admin.ModelAdmin):
    list_display = [
        "created_at", "comment_link", "actor", "source", "from_label", "to_label", "reason_label",
    ]  # fmt: skip
    list_filter = ["source", "to_status", "created_at"]
    list_select_related = ["actor"]
    search_fields = ["=comment__id", "reason", "note"]
    fields = [
        "comment", "created_at", "actor", "source", "from_label", "to_label", "reason_label",
        "note",
    ]  # fmt: skip
    readonly_fields = fields
    show_full_result_count = False

    @admin.display(description=_("comment"), ordering="comment_id")
    def comment_link(self, obj: ModerationEvent) -> str:
        url = reverse("admin:comments_comment_change", args=[obj.comment_id])
        return format_html('<a href="{}">#{}</a>', url, obj.comment_id)
