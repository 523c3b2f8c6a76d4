"""Who may use the moderator endpoints: the Editors group and superusers."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

EDITORS_GROUP = "Editors"


class IsEditor(BasePermission):
    """Allow members of the Editors group and superusers; others get 401 or 403."""

    message = _("Only editors may moderate comments.")

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.is_active):
            return False
        return user.is_superuser or user.groups.filter(name=EDITORS_GROUP).exists()
