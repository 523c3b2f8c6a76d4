"""The admin's "Personal data" page: export or erase a commenter's data by email address."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from comments.roles import is_editor
from comments.services.privacy import (
    ANONYMIZE,
    DELETE,
    comments_of,
    personal_data_erase,
    personal_data_export,
)

app_name = "privacy"


class PersonalDataForm(forms.Form):
    email = forms.EmailField(label=_("Commenter's email address"), max_length=254)
    mode = forms.ChoiceField(
        label=_("How to erase"), widget=forms.RadioSelect, initial=ANONYMIZE,
        choices=[
            (ANONYMIZE, _("Anonymize: remove name, email, website, IP address and user agent")),
            (DELETE, _("Delete the comments (those other readers replied to are anonymized)")),
        ],
    )  # fmt: skip
    remove_text = forms.BooleanField(label=_("Also remove the comments' text"), required=False)
    confirm = forms.BooleanField(
        label=_("I confirm this request comes from the commenter and cannot be undone"),
        required=False,
    )

    def clean(self) -> dict:
        data = super().clean()
        if self.data.get("erase") and not data.get("confirm"):
            self.add_error("confirm", _("Confirm the erasure first."))
        return data


def _export_response(request: HttpRequest, email: str) -> HttpResponse:
    data = personal_data_export(email=email, actor=request.user)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="personal-data-{stamp}.json"'
    response["Cache-Control"] = "no-store"
    return response


def _erase(request: HttpRequest, form: PersonalDataForm) -> HttpResponse:
    data = form.cleaned_data
    erased = personal_data_erase(
        email=data["email"], actor=request.user, mode=data["mode"],
        keep_body=not data["remove_text"],
    )  # fmt: skip
    message = ngettext("%(count)d comment erased.", "%(count)d comments erased.", erased)
    messages.success(request, message % {"count": erased})
    return redirect("privacy:personal_data")


def personal_data_view(request: HttpRequest) -> HttpResponse:
    """Find a commenter's comments by email, then export them as JSON or erase them."""
    if not is_editor(request.user):
        raise PermissionDenied
    form = PersonalDataForm(request.POST or None)
    found = None
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if "export" in request.POST:
            return _export_response(request, email)
        if "erase" in request.POST:
            return _erase(request, form)
        found = comments_of(email).select_related("article").order_by("-created_at")
    context = {
        **admin.site.each_context(request),
        "title": _("Personal data"),
        "form": form,
        "found": found,
    }
    return TemplateResponse(request, "admin/privacy/personal_data.html", context)


urlpatterns = [
    path("", admin.site.admin_view(personal_data_view), name="personal_data"),
]
