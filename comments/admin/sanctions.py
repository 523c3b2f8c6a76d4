"""The editors' list of sanctions: who is suspended or shadow-held until when, and lifting them."""

from django.contrib import admin, messages
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from comments.admin.commenter import until_text
from comments.admin.events import ReadOnlyMixin
from comments.models import Sanction
from comments.roles import is_editor
from comments.services.commenters import sanction_lift


class InForceFilter(admin.SimpleListFilter):
    title = _("in force")
    parameter_name = "in_force"

    def lookups(self, request, model_admin):
        return [("yes", _("In force")), ("no", _("Ended or lifted"))]

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        active = Sanction.objects.active(timezone.now()).values("pk")
        if self.value() == "yes":
            return queryset.filter(pk__in=active)
        if self.value() == "no":
            return queryset.exclude(pk__in=active)
        return queryset


@admin.register(Sanction)
class SanctionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = [
        "email", "network", "kind", "reason", "starts_at", "until_col", "in_force_col",
        "created_by", "lifted_at",
    ]  # fmt: skip
    list_filter = [InForceFilter, "kind", "reason"]
    list_select_related = ["created_by"]
    search_fields = ["=email", "=network", "note"]
    fields = [
        "kind", "email", "network", "duration", "reason", "note", "starts_at", "ends_at",
        "comment", "created_by", "lifted_at", "lifted_by",
    ]  # fmt: skip
    readonly_fields = fields
    actions = ["lift_sanctions"]

    def has_moderate_permission(self, request: HttpRequest) -> bool:
        return is_editor(request.user)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return is_editor(request.user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_editor(request.user)

    @admin.display(description=_("until"), ordering="ends_at")
    def until_col(self, obj: Sanction) -> str:
        return until_text(obj)

    @admin.display(description=_("in force"), boolean=True)
    def in_force_col(self, obj: Sanction) -> bool:
        return obj.lifted_at is None and (obj.ends_at is None or obj.ends_at > timezone.now())

    @admin.action(description=_("Lift selected sanctions"), permissions=["moderate"])
    def lift_sanctions(self, request: HttpRequest, queryset: QuerySet) -> None:
        lifted = sum(
            sanction_lift(sanction=s, moderator=request.user)
            for s in queryset.filter(Q(lifted_at__isnull=True))
        )
        message = ngettext("%(count)d sanction lifted.", "%(count)d sanctions lifted.", lifted)
        self.message_user(request, message % {"count": lifted}, messages.SUCCESS)
