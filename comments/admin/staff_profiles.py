"""Each staff member's own newsroom name: set by themself, seen by nobody else in the admin."""

from django.contrib import admin
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse

from comments.models import StaffProfile
from comments.policy import forget_cached_lists


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    list_display = ["display_name"]
    fields = ["display_name"]

    # Any staff member, for their own row only: the name signs what they post for the newsroom.

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return self.has_module_permission(request) and self._own(request, obj)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return self.has_view_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return self.has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Asked on every admin page (the menu): no query here; add_view sends to the one row.
        return self.has_module_permission(request)

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).filter(user=request.user)

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context=None):
        """Open the staff member's own row when they have one: one name each."""
        if (mine := _own_profile_pk(request)) is not None:
            return HttpResponseRedirect(reverse("admin:comments_staffprofile_change", args=[mine]))
        return super().add_view(request, form_url, extra_context)

    def save_model(self, request: HttpRequest, obj: StaffProfile, form, change: bool) -> None:
        obj.user = request.user
        if not change:  # a second add in another tab changes the row the first one made
            obj.pk = _own_profile_pk(request)
        super().save_model(request, obj, form, change)
        forget_cached_lists()  # readers naming themselves like it are held from now on

    @staticmethod
    def _own(request: HttpRequest, obj: StaffProfile | None) -> bool:
        return obj is None or obj.user_id == request.user.pk


def _own_profile_pk(request: HttpRequest) -> int | None:
    return StaffProfile.objects.filter(user=request.user).values_list("pk", flat=True).first()
