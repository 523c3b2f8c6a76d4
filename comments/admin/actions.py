"""Bulk decisions on comments: each is one service call, so one UPDATE for the whole selection."""

from collections.abc import Iterable

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import ActionLocation
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from comments.admin.display import excerpt
from comments.admin.forms import RemovalForm
from comments.models import Decision, ModerationEvent
from comments.services.decisions import comments_decide
from comments.services.picks import comments_pick_set

EVERYWHERE = [ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM]
CHANGE_FORM_ACTION_FIELD = f"{ActionLocation.CHANGE_FORM.value}-action"
CONFIRMATION_SHOWN = 20


def apply_decision(
    modeladmin, request: HttpRequest, ids: Iterable[int], decision: Decision, *, reason: str = "",
    note: str = "",
) -> int:  # fmt: skip
    """Apply the decision to these comments as this editor, and tell them how many changed."""
    moved = comments_decide(
        ids=ids, decision=decision, actor=request.user, source=ModerationEvent.Source.ADMIN,
        reason=reason, note=note,
    )  # fmt: skip
    modeladmin.message_user(request, decision.done_message(moved), messages.SUCCESS)
    return moved


def _pks(queryset: QuerySet) -> QuerySet:
    return queryset.values_list("pk", flat=True)


@admin.action(
    description=_("Approve this comment"), description_plural=_("Approve selected comments"),
    permissions=["moderate"], location=EVERYWHERE,
)  # fmt: skip
def approve_comments(modeladmin, request, queryset):
    apply_decision(modeladmin, request, _pks(queryset), Decision.APPROVE)


@admin.action(
    description=_("Mark this comment as spam"),
    description_plural=_("Mark selected comments as spam"),
    permissions=["moderate"], location=EVERYWHERE,
)  # fmt: skip
def mark_spam(modeladmin, request, queryset):
    apply_decision(modeladmin, request, _pks(queryset), Decision.SPAM, reason="spam")


@admin.action(
    description=_("Send this comment back to the queue"),
    description_plural=_("Send selected comments back to the queue"),
    permissions=["moderate"], location=EVERYWHERE,
)  # fmt: skip
def restore_to_pending(modeladmin, request, queryset):
    apply_decision(modeladmin, request, _pks(queryset), Decision.PENDING)


@admin.action(
    description=_("Remove this comment…"), description_plural=_("Remove selected comments…"),
    permissions=["moderate"], location=EVERYWHERE,
)  # fmt: skip
def remove_comments(modeladmin, request, queryset):
    """Ask for a reason code and a note, like Django's delete confirmation, then remove."""
    form = RemovalForm(request.POST if request.POST.get("post") else None)
    if form.is_valid():
        apply_decision(
            modeladmin, request, _pks(queryset), Decision.REMOVE,
            reason=form.cleaned_data["reason"], note=form.cleaned_data["note"],
        )  # fmt: skip
        return None
    comments = list(queryset.select_related("article"))
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Remove comments"),
        "opts": modeladmin.opts,
        "form": form,
        "comments": [(c, excerpt(c.body)) for c in comments[:CONFIRMATION_SHOWN]],
        "hidden_count": max(len(comments) - CONFIRMATION_SHOWN, 0),
        "selected_ids": [c.pk for c in comments],
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "action_field": CHANGE_FORM_ACTION_FIELD
        if CHANGE_FORM_ACTION_FIELD in request.POST
        else "action",
        "action_name": "remove_comments",
        "media": modeladmin.media,
    }
    request.current_app = modeladmin.admin_site.name
    return TemplateResponse(request, "admin/comments/comment/remove_confirmation.html", context)


def apply_pick(modeladmin, request: HttpRequest, ids: Iterable[int], *, picked: bool) -> int:
    """Pick (or unpick) these comments as this editor, and tell them how many changed."""
    changed = comments_pick_set(
        ids=ids, picked=picked, actor=request.user, source=ModerationEvent.Source.ADMIN
    )
    if picked:
        message = ngettext(
            "%(count)d comment added to the editors' picks.",
            "%(count)d comments added to the editors' picks.",
            changed,
        )
    else:
        message = ngettext(
            "%(count)d comment taken off the editors' picks.",
            "%(count)d comments taken off the editors' picks.",
            changed,
        )
    level = messages.SUCCESS if changed else messages.WARNING
    modeladmin.message_user(request, message % {"count": changed}, level)
    if picked and changed < len(list(ids)):
        modeladmin.message_user(request, MESSAGE_ONLY_APPROVED_PICKED, messages.WARNING)
    return changed


MESSAGE_ONLY_APPROVED_PICKED = _(
    "Only approved comments can be picked; the others, and those already picked, were left as "
    "they were."
)


@admin.action(
    description=_("Add this comment to the editors' picks"),
    description_plural=_("Add selected comments to the editors' picks"),
    permissions=["moderate"], location=EVERYWHERE,
)  # fmt: skip
def pick_comments(modeladmin, request, queryset):
    apply_pick(modeladmin, request, list(_pks(queryset)), picked=True)


@admin.action(
    description=_("Take this comment off the editors' picks"),
    description_plural=_("Take selected comments off the editors' picks"),
    permissions=["moderate"], location=EVERYWHERE,
)  # fmt: skip
def unpick_comments(modeladmin, request, queryset):
    apply_pick(modeladmin, request, list(_pks(queryset)), picked=False)
