"""The admin's "Abuse model accuracy" page: measured on the editors' decisions; set thresholds."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comments.accuracy import accuracy_reports, current_version
from comments.admin.display import reason_label
from comments.models import ModerationSettings
from comments.roles import is_editor

app_name = "moderation_accuracy"


class RiskThresholdsForm(forms.ModelForm):
    class Meta:
        model = ModerationSettings
        fields = ["risk_hold_threshold", "risk_approve_first_time", "risk_approve_below"]
        widgets = {
            "risk_hold_threshold": forms.NumberInput(attrs={"step": "0.01", "min": 0, "max": 1}),
            "risk_approve_below": forms.NumberInput(attrs={"step": "0.01", "min": 0, "max": 1}),
        }

    def clean(self) -> dict:
        data = super().clean()
        hold, below = data.get("risk_hold_threshold"), data.get("risk_approve_below")
        if hold is not None and below is not None and below >= hold:
            self.add_error(
                "risk_approve_below", _("The low risk must be below the hold threshold.")
            )
        return data


def accuracy_view(request: HttpRequest) -> HttpResponse:
    """Show the model's and the rules' accuracy over 30 and 90 days; save the thresholds."""
    if not is_editor(request.user):
        raise PermissionDenied
    row = ModerationSettings.current()
    form = RiskThresholdsForm(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The abuse model's thresholds were saved."))
        return redirect("moderation_accuracy:accuracy")
    reports = accuracy_reports(threshold=row.risk_hold_threshold, now=timezone.now())
    for report in reports:
        for rule in report.rules:
            rule["label"] = reason_label(rule["code"])
    context = {
        **admin.site.each_context(request),
        "title": _("Abuse model accuracy"),
        "form": form,
        "threshold": row.risk_hold_threshold,
        "reports": reports,
        "version": current_version(),
    }
    return TemplateResponse(request, "admin/comments/accuracy.html", context)


urlpatterns = [path("", admin.site.admin_view(accuracy_view), name="accuracy")]
