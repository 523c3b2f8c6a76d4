"""The editors' moderation lists and thresholds; every change drops the cached lists."""

from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse

from comments import scoring
from comments.admin.display import highlighted_terms
from comments.admin.forms import ListEntryForm, SampleTextForm
from comments.admin.tester import sample_report
from comments.models import ModerationListEntry, ModerationSettings
from comments.policy import forget_cached_lists, load_policy

SAMPLE_SUBMIT = "_test_sample"


@admin.register(ModerationListEntry)
class ModerationListEntryAdmin(admin.ModelAdmin):
    form = ListEntryForm
    list_display = ["value", "list", "kind", "action", "note", "created_at"]
    list_filter = ["list", "kind", "action"]
    search_fields = ["value", "note"]
    change_list_template = "admin/comments/moderationlistentry/change_list.html"

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        transaction.on_commit(forget_cached_lists)

    def delete_model(self, request, obj) -> None:
        super().delete_model(request, obj)
        transaction.on_commit(forget_cached_lists)

    def delete_queryset(self, request, queryset) -> None:
        super().delete_queryset(request, queryset)
        transaction.on_commit(forget_cached_lists)

    def changelist_view(self, request: HttpRequest, extra_context=None):
        """Show the list with the "test a text" box, and its findings when a sample was sent."""
        testing = request.method == "POST" and SAMPLE_SUBMIT in request.POST
        form = SampleTextForm(request.POST if testing else None)
        report = risk = marked = None
        if form.is_valid():
            sample = form.cleaned_data["sample"]
            settings_row = ModerationSettings.current()
            report = sample_report(sample, load_policy(settings_row))
            if risk := scoring.comment_risk(name="", body=sample):
                marked = highlighted_terms(sample, risk.terms)
                risk = {"score": risk.score, "held": risk.score >= settings_row.risk_hold_threshold}
        context = {"sample_form": form, "sample_report": report, "sample_submit": SAMPLE_SUBMIT,
                   "sample_risk": risk, "sample_marked": marked}  # fmt: skip
        return super().changelist_view(request, {**(extra_context or {}), **context})


@admin.register(ModerationSettings)
class ModerationSettingsAdmin(admin.ModelAdmin):
    """One row of thresholds: the list page opens it, and it can't be added or deleted.

    The abuse model's thresholds are set on its accuracy page, beside what each would cost.
    """

    exclude = ["risk_hold_threshold", "risk_approve_first_time", "risk_approve_below"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def changelist_view(self, request: HttpRequest, extra_context=None):
        if not self.has_view_or_change_permission(request):
            return super().changelist_view(request, extra_context)
        row = ModerationSettings.current()
        return HttpResponseRedirect(
            reverse("admin:comments_moderationsettings_change", args=[row.pk])
        )
